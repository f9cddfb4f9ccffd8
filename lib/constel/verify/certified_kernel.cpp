// The tiled pass (see certified_kernel.hpp): products per tile, a fast filter per entry against
// conservative thresholds, and an exact slow path for the few entries the bound cannot decide.
#include "constel/verify/certified_kernel.hpp"

#include <algorithm>
#include <atomic>
#include <cmath>
#include <limits>
#include <memory>
#include <mutex>
#include <thread>

#ifdef CONSTEL_HAVE_CBLAS
#include <cblas.h>
#else
#include <Eigen/Core>
#endif

namespace constel::detail {
namespace {

constexpr double kInf = std::numeric_limits<double>::infinity();

template <class T>
void tile_product(const T* A, const T* B, std::size_t ti, std::size_t tj, std::size_t d, T* C) {
#ifdef CONSTEL_HAVE_CBLAS
  if constexpr (sizeof(T) == 4)
    cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasTrans, int(ti), int(tj), int(d), 1.0f, A, int(d), B, int(d), 0.0f,
                C, int(tj));
  else
    cblas_dgemm(CblasRowMajor, CblasNoTrans, CblasTrans, int(ti), int(tj), int(d), 1.0, A, int(d), B, int(d), 0.0, C,
                int(tj));
#else
  using M = Eigen::Matrix<T, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;
  Eigen::Map<const M> a(A, Eigen::Index(ti), Eigen::Index(d)), b(B, Eigen::Index(tj), Eigen::Index(d));
  Eigen::Map<M> c(C, Eigen::Index(ti), Eigen::Index(tj));
  c.noalias() = a * b.transpose();
#endif
}

void set_blas_single_thread() {
#ifdef CONSTEL_HAVE_CBLAS
  openblas_set_num_threads(1);
#endif
}

// Pass 1 of the reduction of one tile row: x_j = C_j su sv_j, its histogram bin, and whether any x_j
// reaches a threshold. Compiled for AVX2 as well as the baseline, chosen at run time.
template <class T>
inline __attribute__((always_inline)) int scan_row_body(const T* row, std::size_t tj, double su, const double* sv,
                                                        double hlo, double inv_w, double last, double thr,
                                                        const double* cthr, double* xb, std::int32_t* bb) {
  int any = 0;
  for (std::size_t j = 0; j < tj; ++j) {
    const double x = double(row[j]) * su * sv[j];
    double fb = (x - hlo) * inv_w;
    fb = fb < 0 ? 0 : (fb > last ? last : fb);
    xb[j] = x;
    bb[j] = std::int32_t(fb);
    any |= int(x >= thr) | int(x >= cthr[j]);
  }
  return any;
}

#define CONSTEL_SCAN_ROW(T)                                                                                        \
  __attribute__((target_clones("avx2", "default"))) int scan_row(                                                  \
      const T* row, std::size_t tj, double su, const double* sv, double hlo, double inv_w, double last, double thr, \
      const double* cthr, double* xb, std::int32_t* bb) {                                                          \
    return scan_row_body(row, tj, su, sv, hlo, inv_w, last, thr, cthr, xb, bb);                                    \
  }
CONSTEL_SCAN_ROW(float)
CONSTEL_SCAN_ROW(double)
#undef CONSTEL_SCAN_ROW

struct Cand {
  std::uint32_t i, j;
  double lo, hi;
};

template <class T>
class Worker {
 public:
  Worker(const KernelSetup<T>& s, KernelResult& shared_flags, std::atomic<std::uint8_t>* rf, std::atomic<std::uint8_t>* rt,
         std::atomic<std::uint8_t>* cf, std::atomic<std::uint8_t>* ct)
      : s_(s), row_fail_(rf), row_tie_(rt), col_fail_(cf), col_tie_(ct) {
    (void)shared_flags;
    hist_.assign(s.hist_bins, HistBin{});
    count_.assign(s.hist_bins, 0);
    sum_.assign(s.hist_bins, 0.0f);
    xbuf_.resize(s.tile);
    bbuf_.resize(s.tile);
    inv_w_ = double(s.hist_bins) / (s.hist_hi - s.hist_lo);
    C_.resize(s.tile * s.tile);
    cthr_.resize(s.tile);
  }

  void run_tile(std::size_t I0, std::size_t J0) {
    const std::size_t ti = std::min(s_.tile, s_.nu - I0), tj = std::min(s_.tile, s_.nv - J0), d = s_.d;
    tile_product(s_.U + I0 * d, s_.V + J0 * d, ti, tj, d, C_.data());
    double rumax = 0, rvmax = 0;
    for (std::size_t i = 0; i < ti; ++i) rumax = std::max(rumax, s_.ru[I0 + i]);
    for (std::size_t j = 0; j < tj; ++j) rvmax = std::max(rvmax, s_.rv[J0 + j]);
    for (std::size_t j = 0; j < tj; ++j) {
      std::size_t c = J0 + j;
      bool active = s_.col_has[c] && !col_fail_[c].load(std::memory_order_relaxed);
      cthr_[j] = active ? s_.col_lo[c] - (s_.gamma * rumax * s_.rv[c] + s_.extra) : kInf;
    }
    const double* sv = s_.sv + J0;
    const double hlo = s_.hist_lo;
    const long last = long(s_.hist_bins) - 1;
    for (std::size_t i = 0; i < ti; ++i) {
      const std::size_t r = I0 + i;
      const T* row = C_.data() + i * tj;
      const double su = s_.su[r];
      const double Ei = s_.gamma * s_.ru[r] * rvmax + s_.extra;
      auto row_threshold = [&] {
        double thr = L_;
        if (!row_fail_[r].load(std::memory_order_relaxed)) thr = std::min(thr, s_.row_lo[r]);
        if (s_.tau) thr = std::min(thr, s_.tau_lo);
        return thr - Ei;
      };
      double thr = row_threshold();
      const std::size_t pos = s_.label[r];
      // pass 1 (vectorised): values, bins, and whether any entry needs a closer look
      double* xb = xbuf_.data();
      std::int32_t* bb = bbuf_.data();
      const int any = scan_row(row, tj, su, sv, hlo, inv_w_, double(last), thr, cthr_.data(), xb, bb);
      // pass 2: the histogram of the negatives (the positive, if in this tile, is left out)
      const std::size_t skip = (pos >= J0 && pos < J0 + tj) ? pos - J0 : tj;
      for (std::size_t j = 0; j < tj; ++j) {
        if (j == skip) continue;
        ++count_[std::size_t(bb[j])];
        sum_[std::size_t(bb[j])] += float(xb[j]);
      }
      // pass 3, rare: the precise checks
      if (any) {
        for (std::size_t j = 0; j < tj; ++j) {
          if (j == skip || !(xb[j] >= thr || xb[j] >= cthr_[j])) continue;
          slow(r, J0 + j, xb[j]);
          thr = row_threshold();  // the row may have failed, L may have risen
          if (s_.col_has[J0 + j] && col_fail_[J0 + j].load(std::memory_order_relaxed)) cthr_[j] = kInf;
        }
      }
      negatives_ += tj - ((pos >= J0 && pos < J0 + tj) ? 1 : 0);
    }
    since_flush_ += ti * tj;
    if (since_flush_ > (std::uint64_t(1) << 31)) flush();
  }

  // Final candidates for the maximum (those that may still reach L).
  void collect(std::vector<Cand>& out, double L) const {
    for (const Cand& c : cands_)
      if (c.hi >= L) out.push_back(c);
  }
  double lower() const { return L_; }
  bool has_best() const { return has_best_; }
  const Integer& best_c() const { return best_c_; }
  std::size_t best_i() const { return best_i_; }
  std::size_t best_j() const { return best_j_; }
  std::uint64_t viol() const { return viol_; }
  std::uint64_t evals() const { return evals_; }
  std::uint64_t negatives() const { return negatives_; }
  const std::vector<HistBin>& hist() {
    flush();
    return hist_;
  }

 private:
  void slow(std::size_t i, std::size_t j, double x) {
    const double E = s_.gamma * s_.ru[i] * s_.rv[j] + s_.extra;
    const double lo = x - E, hi = x + E;
    bool have = false;
    Integer c;
    auto value = [&]() -> const Integer& {
      if (!have) c = s_.exact->dot(i, j), have = true, ++evals_;
      return c;
    };
    // maximum of the negatives
    if (hi >= L_) {
      cands_.push_back({std::uint32_t(i), std::uint32_t(j), lo, hi});
      if (lo > L_) L_ = lo;
      if (cands_.size() > (1u << 16)) shrink();
    }
    // row i: is a negative above (or equal to) the positive?
    if (!row_fail_[i].load(std::memory_order_relaxed)) {
      if (lo > s_.row_hi[i]) {
        row_fail_[i].store(1, std::memory_order_relaxed);
      } else if (hi >= s_.row_lo[i]) {
        int cmp = s_.exact->compare(value(), i, j, (*s_.row_pos)[i], i, s_.label[i]);
        if (cmp > 0) row_fail_[i].store(1, std::memory_order_relaxed);
        if (cmp == 0) row_tie_[i].store(1, std::memory_order_relaxed);
      }
    }
    // column j: is a negative above (or equal to) the best positive of the column?
    if (s_.col_has[j] && !col_fail_[j].load(std::memory_order_relaxed)) {
      if (lo > s_.col_hi[j]) {
        col_fail_[j].store(1, std::memory_order_relaxed);
      } else if (hi >= s_.col_lo[j]) {
        int cmp = s_.exact->compare(value(), i, j, (*s_.col_pos)[j], s_.col_pos_row[j], j);
        if (cmp > 0) col_fail_[j].store(1, std::memory_order_relaxed);
        if (cmp == 0) col_tie_[j].store(1, std::memory_order_relaxed);
      }
    }
    // violations of the negative threshold: value > tau
    if (s_.tau) {
      if (lo > s_.tau_hi)
        ++viol_;
      else if (hi >= s_.tau_lo && s_.exact->compare(value(), i, j, *s_.tau) > 0)
        ++viol_;
    }
  }

  // Keeps the candidate list bounded: drop those below L, and if still long, resolve them exactly.
  void shrink() {
    std::erase_if(cands_, [&](const Cand& c) { return c.hi < L_; });
    if (cands_.size() <= (1u << 15)) return;
    for (const Cand& k : cands_) {
      Integer v = s_.exact->dot(k.i, k.j);
      ++evals_;
      if (!has_best_ || better(v, k.i, k.j)) {
        best_c_ = v, best_i_ = k.i, best_j_ = k.j, has_best_ = true;
        if (k.lo > L_) L_ = k.lo;
      }
    }
    cands_.clear();
  }
  bool better(const Integer& v, std::size_t i, std::size_t j) const {
    int cmp = s_.exact->compare(v, i, j, best_c_, best_i_, best_j_);
    return cmp > 0 || (cmp == 0 && std::make_pair(i, j) < std::make_pair(best_i_, best_j_));
  }

  const KernelSetup<T>& s_;
  std::atomic<std::uint8_t>*row_fail_, *row_tie_, *col_fail_, *col_tie_;
  std::vector<T> C_;
  std::vector<double> cthr_;
  std::vector<HistBin> hist_;
  // compact per-thread bins (cache-resident), flushed before a count can overflow
  std::vector<std::uint32_t> count_;
  std::vector<float> sum_;
  std::vector<double> xbuf_;
  std::vector<std::int32_t> bbuf_;
  std::uint64_t since_flush_ = 0;
  void flush() {
    for (std::size_t b = 0; b < count_.size(); ++b)
      hist_[b].count += count_[b], hist_[b].sum += sum_[b], count_[b] = 0, sum_[b] = 0;
    since_flush_ = 0;
  }
  double inv_w_ = 1;
  double L_ = -kInf;
  std::vector<Cand> cands_;
  bool has_best_ = false;
  Integer best_c_;
  std::size_t best_i_ = 0, best_j_ = 0;
  std::uint64_t viol_ = 0, evals_ = 0, negatives_ = 0;
};

template <class A>
std::unique_ptr<A[]> zeros(std::size_t n) {
  auto p = std::make_unique<A[]>(n);
  for (std::size_t k = 0; k < n; ++k) p[k].store(0, std::memory_order_relaxed);
  return p;
}

}  // namespace

template <class T>
KernelResult certified_tile_pass(const KernelSetup<T>& s) {
  KernelResult res;
  const std::size_t ti_count = (s.nu + s.tile - 1) / s.tile, tj_count = (s.nv + s.tile - 1) / s.tile;
  const std::size_t total = ti_count * tj_count;
  auto rf = zeros<std::atomic<std::uint8_t>>(s.nu), rt = zeros<std::atomic<std::uint8_t>>(s.nu);
  auto cf = zeros<std::atomic<std::uint8_t>>(s.nv), ct = zeros<std::atomic<std::uint8_t>>(s.nv);
  unsigned nthreads = unsigned(std::max<std::size_t>(1, std::min<std::size_t>(s.threads, total)));
  std::vector<std::unique_ptr<Worker<T>>> workers;
  for (unsigned t = 0; t < nthreads; ++t)
    workers.push_back(std::make_unique<Worker<T>>(s, res, rf.get(), rt.get(), cf.get(), ct.get()));
  std::atomic<std::size_t> next{0}, done{0};
  set_blas_single_thread();
  std::exception_ptr failure;
  std::mutex failure_mutex;
  auto body = [&](unsigned id) {
    try {
      for (std::size_t k; (k = next.fetch_add(1)) < total;) {
        workers[id]->run_tile((k / tj_count) * s.tile, (k % tj_count) * s.tile);
        std::size_t dn = done.fetch_add(1) + 1;
        if (s.progress) s.progress(dn, total);
      }
    } catch (...) {
      std::lock_guard<std::mutex> lock(failure_mutex);
      if (!failure) failure = std::current_exception();
      next.store(total);
    }
  };
  if (nthreads == 1) {
    body(0);
  } else {
    std::vector<std::thread> pool;
    for (unsigned t = 0; t < nthreads; ++t) pool.emplace_back(body, t);
    for (auto& th : pool) th.join();
  }
  if (failure) std::rethrow_exception(failure);

  // Merge: the maximum among every thread's exact best and the candidates that can still reach L.
  double L = -kInf;
  for (auto& w : workers) L = std::max(L, w->lower());
  std::vector<Cand> cands;
  for (auto& w : workers) w->collect(cands, L);
  auto consider = [&](const Integer& v, std::size_t i, std::size_t j) {
    if (!res.has_max) {
      res.has_max = true, res.max_c = v, res.max_i = i, res.max_j = j;
      return;
    }
    int cmp = s.exact->compare(v, i, j, res.max_c, res.max_i, res.max_j);
    if (cmp > 0 || (cmp == 0 && std::make_pair(i, j) < std::make_pair(res.max_i, res.max_j)))
      res.max_c = v, res.max_i = i, res.max_j = j;
  };
  for (auto& w : workers)
    if (w->has_best()) consider(w->best_c(), w->best_i(), w->best_j());
  for (const Cand& c : cands) {
    consider(s.exact->dot(c.i, c.j), c.i, c.j);
    ++res.exact_evaluations;
  }
  res.hist.assign(s.hist_bins, HistBin{});
  for (auto& w : workers) {
    res.viol_neg += w->viol();
    res.exact_evaluations += w->evals();
    res.negatives += w->negatives();
    const std::vector<HistBin>& h = w->hist();
    for (std::size_t b = 0; b < s.hist_bins; ++b) res.hist[b].count += h[b].count, res.hist[b].sum += h[b].sum;
  }
  auto copy = [](auto& arr, std::size_t n) {
    std::vector<std::uint8_t> v(n);
    for (std::size_t k = 0; k < n; ++k) v[k] = arr[k].load();
    return v;
  };
  res.row_fail = copy(rf, s.nu), res.row_tie = copy(rt, s.nu);
  res.col_fail = copy(cf, s.nv), res.col_tie = copy(ct, s.nv);
  return res;
}

template KernelResult certified_tile_pass<float>(const KernelSetup<float>&);
template KernelResult certified_tile_pass<double>(const KernelSetup<double>&);

double plain_tile_products(const float* U, const float* V, std::size_t nu, std::size_t nv, std::size_t d,
                           unsigned threads, std::size_t tile) {
  const std::size_t tj_count = (nv + tile - 1) / tile, total = ((nu + tile - 1) / tile) * tj_count;
  std::atomic<std::size_t> next{0};
  std::vector<double> sums(threads, 0.0);
  set_blas_single_thread();
  auto body = [&](unsigned id) {
    std::vector<float> C(tile * tile);
    for (std::size_t k; (k = next.fetch_add(1)) < total;) {
      std::size_t I0 = (k / tj_count) * tile, J0 = (k % tj_count) * tile;
      std::size_t ti = std::min(tile, nu - I0), tj = std::min(tile, nv - J0);
      tile_product(U + I0 * d, V + J0 * d, ti, tj, d, C.data());
      sums[id] += C[0] + C[ti * tj - 1];
    }
  };
  std::vector<std::thread> pool;
  for (unsigned t = 0; t < threads; ++t) pool.emplace_back(body, t);
  for (auto& th : pool) th.join();
  double s = 0;
  for (double x : sums) s += x;
  return s;
}

}  // namespace constel::detail
