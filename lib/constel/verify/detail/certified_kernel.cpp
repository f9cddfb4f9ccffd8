// The tiled pass (see certified_kernel.hpp): products per tile, a fast filter per entry against
// conservative thresholds, and an exact slow path for the few entries the bound cannot decide.
#include "constel/verify/detail/certified_kernel.hpp"

#include <algorithm>
#include <atomic>
#include <cmath>
#include <limits>
#include <memory>

#include "constel/blas_threads.hpp"
#include "constel/error.hpp"
#include "constel/threads.hpp"
#include "constel/verify/detail/extreme.hpp"
#include "constel/verify/detail/tile_products.hpp"

namespace constel::detail {
namespace {

constexpr double kInf = std::numeric_limits<double>::infinity();

// Pass 1 of the reduction of one tile row, general case: x_j = C_j su sv_j, its histogram bin, and
// whether any x_j reaches a threshold. Compiled for AVX-512 (x86-64-v4) and AVX2 as well as the baseline,
// chosen at run time.
template <class T>
inline __attribute__((always_inline)) int scan_row_body(const T* row, std::size_t tj, double su, const double* sv,
                                                        double hlo, double inv_w, double last, double thr,
                                                        const double* cthr, double* xb, std::int32_t* bb) {
  int any = 0;
  for (std::size_t j = 0; j < tj; ++j) {
    const double x = double(row[j]) * su * sv[j];
    double fb = (x - hlo) * inv_w;
    fb = fb >= 0 ? (fb > last ? last : fb) : 0;  // NaN (0 * inf) goes to bin 0, never to an index
    xb[j] = x;
    bb[j] = std::int32_t(fb);
    any |= int(x >= thr) | int(x >= cthr[j]);
  }
  return any;
}

#define CONSTEL_SCAN_ROW(T)                                                                                        \
  __attribute__((target_clones("arch=x86-64-v4", "arch=haswell", "default"))) int scan_row(                                          \
      const T* row, std::size_t tj, double su, const double* sv, double hlo, double inv_w, double last, double thr, \
      const double* cthr, double* xb, std::int32_t* bb) {                                                          \
    return scan_row_body(row, tj, su, sv, hlo, inv_w, last, thr, cthr, xb, bb);                                    \
  }
CONSTEL_SCAN_ROW(float)
CONSTEL_SCAN_ROW(double)
#undef CONSTEL_SCAN_ROW

// Pass 1 for float32 tiles whose values are the computed entries themselves (no scaling): the same in
// float, 8 or 16 lanes wide. The thresholds are rounded down to float (float_down), so x >= thr_f whenever
// double(x) >= thr: nothing is missed, at worst an entry more is looked at closely. Bins are float
// statistics; the clamp keeps every index inside the histogram.
__attribute__((target_clones("arch=x86-64-v4", "arch=haswell", "default"))) int scan_row_f32(const float* row, std::size_t tj, float a,
                                                                            float c, float last, float thr,
                                                                            const float* cthr, std::int32_t* bb) {
  int any = 0;
  for (std::size_t j = 0; j < tj; ++j) {
    const float x = row[j];
    float fb = x * a + c;
    fb = fb >= 0 ? (fb > last ? last : fb) : 0;  // NaN goes to bin 0
    bb[j] = std::int32_t(fb);
    any |= int(x >= thr) | int(x >= cthr[j]);
  }
  return any;
}

// The largest float <= t (t a double; -inf and +inf map to themselves).
float float_down(double t) {
  float f = float(t);
  if (double(f) > t) f = std::nextafter(f, -std::numeric_limits<float>::infinity());
  return f;
}

struct Cand {
  std::uint32_t i, j;
  double lo, hi;
};

template <class T>
class Worker {
 public:
  // packed_v: V in panels of 16 rows when the panel kernel runs (float32), else null
  Worker(const KernelSetup<T>& s, const PackedPanels* packed_v, std::size_t tile_rows, std::size_t tile_cols,
         std::atomic<std::uint8_t>* rf, std::atomic<std::uint8_t>* rt, std::atomic<std::uint8_t>* cf,
         std::atomic<std::uint8_t>* ct)
      : s_(s), products_(s.U, s.V, s.d, packed_v, s.panel_kernel), tile_rows_(tile_rows), tile_cols_(tile_cols), row_fail_(rf),
        row_tie_(rt), col_fail_(cf), col_tie_(ct) {
    hist_.assign(s.hist_bins, 0);
    count_.assign(s.hist_bins, 0);
    xbuf_.resize(tile_cols);
    bbuf_.resize(tile_cols);
    inv_w_ = double(s.hist_bins) / (s.hist_hi - s.hist_lo);
    // the panel kernel writes whole 6 x 16 blocks: room for the padding
    C_.resize((tile_rows + kPanelRowsA) * (tile_cols + kPanelRowsB));
    cthr_.resize(tile_cols);
    cthr_f_.resize(tile_cols);
  }

  // Computes and reduces the tile of rows [I0, I0 + tile_rows) and columns [J0, J0 + tile_cols):
  // through the bfloat16 screen when it is on, else (or when the screen decides too little) in the
  // matrices' precision.
  void run_tile(std::size_t I0, std::size_t J0) {
    std::size_t hist_rows = 0;
    if constexpr (sizeof(T) == 4) {
      if (s_.screen_v && run_screened(I0, J0, hist_rows)) return;
    }
    run_full(I0, J0, hist_rows);
  }

  // The column thresholds of a tile for an entry bound gamma ru_i rv_j + extra: each active column's
  // positive less the largest bound of its entries in the tile (inactive columns: +inf). rvmax: the
  // largest rv_j of the tile's columns, for the rows' bounds.
  void column_thresholds(std::size_t I0, std::size_t ti, std::size_t J0, std::size_t tj, double gamma, double extra,
                         double& rvmax) {
    double rumax = 0;
    rvmax = 0;
    for (std::size_t i = 0; i < ti; ++i) rumax = std::max(rumax, s_.ru[I0 + i]);
    for (std::size_t j = 0; j < tj; ++j) rvmax = std::max(rvmax, s_.rv[J0 + j]);
    for (std::size_t j = 0; j < tj; ++j) {
      const std::size_t c = J0 + j;
      const bool active = s_.col_has[c] && !col_fail_[c].load(std::memory_order_relaxed);
      cthr_[j] = active ? s_.col_lo[c] - (gamma * rumax * s_.rv[c] + extra) : kInf;
    }
  }

  // The pass in the matrices' precision; the first hist_rows rows of the tile are already in the
  // histogram and the count of negatives (a screened tile that fell back).
  void run_full(std::size_t I0, std::size_t J0, std::size_t hist_rows) {
    const std::size_t ti = std::min(tile_rows_, s_.nu - I0), tj = std::min(tile_cols_, s_.nv - J0);
    const std::size_t ldc = products_.compute(I0, ti, J0, tj, C_.data());
    double rvmax = 0;
    column_thresholds(I0, ti, J0, tj, s_.gamma, s_.extra, rvmax);
    const bool f32 = sizeof(T) == 4 && s_.unscaled;
    if (f32)
      for (std::size_t j = 0; j < tj; ++j) cthr_f_[j] = float_down(cthr_[j]);
    const double* sv = s_.sv + J0;
    const double hlo = s_.hist_lo;
    const long last = long(s_.hist_bins) - 1;
    const float fa = float(inv_w_), fc = float(-hlo * inv_w_);
    for (std::size_t i = 0; i < ti; ++i) {
      const std::size_t r = I0 + i;
      const T* row = C_.data() + i * ldc;
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
      // pass 1 (vectorised): bins, and whether any entry needs a closer look
      double* xb = xbuf_.data();
      std::int32_t* bb = bbuf_.data();
      int any;
      if constexpr (sizeof(T) == 4)
        any = f32 ? scan_row_f32(row, tj, fa, fc, float(last), float_down(thr), cthr_f_.data(), bb)
                  : scan_row(row, tj, su, sv, hlo, inv_w_, double(last), thr, cthr_.data(), xb, bb);
      else
        any = scan_row(row, tj, su, sv, hlo, inv_w_, double(last), thr, cthr_.data(), xb, bb);
      // pass 2: the histogram of the negatives (the positive, if in this tile, is taken out again)
      const std::size_t skip = (pos >= J0 && pos < J0 + tj) ? pos - J0 : tj;
      if (i >= hist_rows) {
        for (std::size_t j = 0; j < tj; ++j) ++count_[std::size_t(bb[j])];
        if (skip < tj) --count_[std::size_t(bb[skip])];
        negatives_ += tj - (skip < tj ? 1 : 0);
      }
      // pass 3, rare: the precise checks, on the same double values as pass 1 compared
      if (any) {
        for (std::size_t j = 0; j < tj; ++j) {
          const double x = f32 ? double(row[j]) : xb[j];
          if (j == skip || !(x >= thr || x >= cthr_[j])) continue;
          slow(r, J0 + j, x);
          thr = row_threshold();  // the row may have failed, L may have risen
          if (s_.col_has[J0 + j] && col_fail_[J0 + j].load(std::memory_order_relaxed))
            cthr_[j] = kInf, cthr_f_[j] = std::numeric_limits<float>::infinity();
        }
      }
    }
    since_flush_ += ti * tj;
    if (since_flush_ > (std::uint64_t(1) << 31)) flush();
  }

  // The tile through the bfloat16 screen (bf16_screen.hpp, docs/math.md section 9.2): screen values
  // x' with the bound E'_ij = screen_gamma ru_i rv_j go through pass 1 and the histogram like the
  // float32 values; the entries they leave undecided against the thresholds as they stood at the
  // start of the tile are collected, then recomputed in float32 and handed to the same slow path
  // (which applies the float32 bound). False, after hist_rows rows were counted into the histogram,
  // when more than 1/32 of the tile is undecided: the caller then runs the float32 pass on the tile.
  bool run_screened(std::size_t I0, std::size_t J0, std::size_t& hist_rows) {
    const std::size_t ti = std::min(tile_rows_, s_.nu - I0), tj = std::min(tile_cols_, s_.nv - J0);
    if (screen_row0_ != I0) screen_u_.pack(s_.U, I0, ti), screen_row0_ = I0;
    const std::size_t ldc = (tj + kPanelRowsB - 1) / kPanelRowsB * kPanelRowsB;
    float* Cf = reinterpret_cast<float*>(C_.data());
    bf16_tile_product(screen_u_, ti, *s_.screen_v, J0, tj, Cf, ldc);
    ++tiles_screened_;
    const double g = s_.screen_gamma;
    double rvmax = 0;
    column_thresholds(I0, ti, J0, tj, g, 0.0, rvmax);
    const bool f32 = s_.unscaled;
    if (f32)
      for (std::size_t j = 0; j < tj; ++j) cthr_f_[j] = float_down(cthr_[j]);
    const double* sv = s_.sv + J0;
    const double hlo = s_.hist_lo;
    const long last = long(s_.hist_bins) - 1;
    const float fa = float(inv_w_), fc = float(-hlo * inv_w_);
    const std::size_t limit = std::max<std::size_t>(64, ti * tj / 32);
    undecided_.clear();
    for (std::size_t i = 0; i < ti; ++i) {
      const std::size_t r = I0 + i;
      const float* row = Cf + i * ldc;
      const double su = s_.su[r];
      double thr = L_;
      if (!row_fail_[r].load(std::memory_order_relaxed)) thr = std::min(thr, s_.row_lo[r]);
      if (s_.tau) thr = std::min(thr, s_.tau_lo);
      thr -= g * s_.ru[r] * rvmax;
      const std::size_t pos = s_.label[r];
      double* xb = xbuf_.data();
      std::int32_t* bb = bbuf_.data();
      const int any = f32 ? scan_row_f32(row, tj, fa, fc, float(last), float_down(thr), cthr_f_.data(), bb)
                          : scan_row(row, tj, su, sv, hlo, inv_w_, double(last), thr, cthr_.data(), xb, bb);
      const std::size_t skip = (pos >= J0 && pos < J0 + tj) ? pos - J0 : tj;
      for (std::size_t j = 0; j < tj; ++j) ++count_[std::size_t(bb[j])];
      if (skip < tj) --count_[std::size_t(bb[skip])];
      negatives_ += tj - (skip < tj ? 1 : 0);
      hist_rows = i + 1;
      if (!any) continue;
      for (std::size_t j = 0; j < tj; ++j) {
        const double x = f32 ? double(row[j]) : xb[j];
        if (j == skip || !(x >= thr || x >= cthr_[j])) continue;
        // what the screen's interval decides by itself: a lower bound of the maximum (this entry
        // stays in the list, so the one that reaches it is recomputed), a row or column failed
        const std::size_t c = J0 + j;
        const double lo = x - g * s_.ru[r] * s_.rv[c];
        bool changed = false;
        if (lo > L_) L_ = lo, changed = true;
        if (!row_fail_[r].load(std::memory_order_relaxed) && lo > s_.row_hi[r])
          row_fail_[r].store(1, std::memory_order_relaxed), changed = true;
        if (s_.col_has[c] && !col_fail_[c].load(std::memory_order_relaxed) && lo > s_.col_hi[c])
          col_fail_[c].store(1, std::memory_order_relaxed), cthr_[j] = kInf, cthr_f_[j] = float(kInf);
        if (changed) {
          thr = L_;
          if (!row_fail_[r].load(std::memory_order_relaxed)) thr = std::min(thr, s_.row_lo[r]);
          if (s_.tau) thr = std::min(thr, s_.tau_lo);
          thr -= g * s_.ru[r] * rvmax;
        }
        if (x >= thr || x >= cthr_[j]) undecided_.push_back({std::uint32_t(i), std::uint32_t(j)});
      }
      if (undecided_.size() > limit) {
        ++tiles_fallback_;
        return false;
      }
    }
    const std::size_t d = s_.d;
    for (const auto& [i, j] : undecided_) {
      const std::size_t r = I0 + i, c = J0 + j;
      const double f = double(float32_dot(s_.U + r * d, s_.V + c * d, d));
      slow(r, c, s_.unscaled ? f : f * s_.su[r] * s_.sv[c]);
    }
    recomputed_ += undecided_.size();
    since_flush_ += ti * tj;
    if (since_flush_ > (std::uint64_t(1) << 31)) flush();
    return true;
  }

  // Adds this worker's screen diagnostics to screen_counters().
  void count_screen() const {
    if (!s_.screen_v) return;
    ScreenCounters& sc = screen_counters();
    sc.recomputed += recomputed_, sc.tiles += tiles_screened_, sc.fallback_tiles += tiles_fallback_;
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
  const std::vector<std::uint64_t>& hist() {
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
    return replaces<Keep::Largest>(s_.exact->compare(v, i, j, best_c_, best_i_, best_j_), std::pair(i, j),
                                   std::pair(best_i_, best_j_));
  }

  const KernelSetup<T>& s_;
  TileProducts<T> products_;
  std::size_t tile_rows_, tile_cols_;
  std::atomic<std::uint8_t>*row_fail_, *row_tie_, *col_fail_, *col_tie_;
  std::vector<T> C_;
  std::vector<double> cthr_;
  std::vector<float> cthr_f_;
  std::vector<std::uint64_t> hist_;
  // compact per-thread bins (cache-resident), flushed before a count can overflow
  std::vector<std::uint32_t> count_;
  std::vector<double> xbuf_;
  std::vector<std::int32_t> bbuf_;
  std::uint64_t since_flush_ = 0;
  void flush() {
    for (std::size_t b = 0; b < count_.size(); ++b) hist_[b] += count_[b], count_[b] = 0;
    since_flush_ = 0;
  }
  double inv_w_ = 1;
  double L_ = -kInf;
  std::vector<Cand> cands_;
  bool has_best_ = false;
  Integer best_c_;
  std::size_t best_i_ = 0, best_j_ = 0;
  std::uint64_t viol_ = 0, evals_ = 0, negatives_ = 0;
  // the bfloat16 screen (float32 only)
  Bf16Panels screen_u_{kPanelRowsA, s_.d};
  std::size_t screen_row0_ = std::size_t(-1);
  std::vector<std::pair<std::uint32_t, std::uint32_t>> undecided_;
  std::uint64_t recomputed_ = 0, tiles_screened_ = 0, tiles_fallback_ = 0;
};

template <class A>
std::unique_ptr<A[]> zeros(std::size_t n) {
  auto p = std::make_unique<A[]>(n);
  for (std::size_t k = 0; k < n; ++k) p[k].store(0, std::memory_order_relaxed);
  return p;
}

// The threads' results into res: the maximum among every thread's exact best and the candidates that
// can still reach the largest lower bound L, under the one tie rule; counts and histograms summed.
template <class T>
void reduce_workers(const KernelSetup<T>& s, const std::vector<std::unique_ptr<Worker<T>>>& workers,
                    CertifiedPartial& res) {
  double L = -kInf;
  for (auto& w : workers) L = std::max(L, w->lower());
  std::vector<Cand> cands;
  for (auto& w : workers) w->collect(cands, L);
  auto consider = [&](const Integer& v, std::size_t i, std::size_t j) {
    if (!res.has_max || replaces<Keep::Largest>(s.exact->compare(v, i, j, res.max_dot, res.max_i, res.max_j),
                                                std::pair<std::uint64_t, std::uint64_t>(i, j),
                                                std::pair(res.max_i, res.max_j)))
      res.has_max = true, res.max_dot = v, res.max_i = i, res.max_j = j;
  };
  for (auto& w : workers)
    if (w->has_best()) consider(w->best_c(), w->best_i(), w->best_j());
  for (const Cand& c : cands) {
    consider(s.exact->dot(c.i, c.j), c.i, c.j);
    ++res.exact_evaluations;
  }
  for (auto& w : workers) {
    w->count_screen();
    res.violations_neg += w->viol();
    res.exact_evaluations += w->evals();
    res.negatives += w->negatives();
    const std::vector<std::uint64_t>& h = w->hist();
    for (std::size_t b = 0; b < s.hist_bins; ++b) res.neg_hist[b] += h[b];
  }
}

}  // namespace

template <class T>
std::pair<std::size_t, std::size_t> certified_tile_shape(const KernelSetup<T>& s) {
  auto round_up = [](std::size_t x, std::size_t m) { return (x + m - 1) / m * m; };
  if (sizeof(T) == 4 && s.panels)
    return {s.panel_tile ? round_up(s.panel_tile, kPanelRowsA) : kPanelTileRows,
            s.panel_tile ? round_up(s.panel_tile, kPanelRowsB) : kPanelTileCols};
  return {s.tile, s.tile};
}

template <class T>
void certified_tile_range(const KernelSetup<T>& s, const PackedPanels* packed_v, std::uint64_t first,
                          std::uint64_t last, CertifiedPartial& res) {
  const auto shape = certified_tile_shape(s);  // no structured binding: clang 14 cannot capture one
  const std::size_t rows = shape.first, cols = shape.second;
  const std::size_t tj_count = (s.nv + cols - 1) / cols, total = last - first;
  // tiles are handed out in row-major order, so a thread packs each block of U rows at most once
  auto rf = zeros<std::atomic<std::uint8_t>>(s.nu), rt = zeros<std::atomic<std::uint8_t>>(s.nu);
  auto cf = zeros<std::atomic<std::uint8_t>>(s.nv), ct = zeros<std::atomic<std::uint8_t>>(s.nv);
  for (std::size_t i = 0; i < s.nu; ++i) rf[i].store(res.row_flags[i] & kRowFail, std::memory_order_relaxed);
  for (std::size_t j = 0; j < s.nv; ++j) cf[j].store(res.col_flags[j] & kRowFail, std::memory_order_relaxed);
  unsigned nthreads = unsigned(std::max<std::size_t>(1, std::min<std::size_t>(s.threads, total)));
  std::vector<std::unique_ptr<Worker<T>>> workers;
  for (unsigned t = 0; t < nthreads; ++t)
    workers.push_back(std::make_unique<Worker<T>>(s, packed_v, rows, cols, rf.get(), rt.get(), cf.get(), ct.get()));
  std::atomic<std::size_t> next{first}, done{0};
  const BlasThreadGuard one_blas_thread(1);
  auto body = [&](unsigned id) {
    try {
      for (std::size_t k; (k = next.fetch_add(1)) < last;) {
        if (s.stop && s.stop()) throw Cancelled("certified verification stopped by the caller");
        workers[id]->run_tile((k / tj_count) * rows, (k % tj_count) * cols);
        std::size_t dn = done.fetch_add(1) + 1;
        if (s.progress) s.progress(dn, total);
      }
    } catch (...) {
      next.store(last);  // the other threads stop at their next tile; run_on_threads rethrows
      throw;
    }
  };
  run_on_threads(nthreads, body);

  reduce_workers(s, workers, res);
  auto flags = [](std::vector<std::uint8_t>& out, const auto& fail, const auto& tie) {
    for (std::size_t k = 0; k < out.size(); ++k)
      out[k] |= std::uint8_t((fail[k].load() ? kRowFail : 0) | (tie[k].load() ? kRowTie : 0));
  };
  flags(res.row_flags, rf, rt);
  flags(res.col_flags, cf, ct);
}

template std::pair<std::size_t, std::size_t> certified_tile_shape<float>(const KernelSetup<float>&);
template std::pair<std::size_t, std::size_t> certified_tile_shape<double>(const KernelSetup<double>&);
template void certified_tile_range<float>(const KernelSetup<float>&, const PackedPanels*, std::uint64_t,
                                          std::uint64_t, CertifiedPartial&);
template void certified_tile_range<double>(const KernelSetup<double>&, const PackedPanels*, std::uint64_t,
                                           std::uint64_t, CertifiedPartial&);

}  // namespace constel::detail
