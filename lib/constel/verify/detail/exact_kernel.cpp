// Tiled exact products (see exact_kernel.hpp). The Double tier runs dgemm (OpenBLAS when available,
// else Eigen) on integer-valued doubles whose every partial sum is below 2^53, so the results are exact
// integers; the Int128 tier accumulates int64 products in __int128; the Gmp tier uses mpz. The tiles of a
// range are shared out over std::threads; BLAS runs single-threaded inside each (BlasThreadGuard).
#include "constel/verify/detail/exact_kernel.hpp"

#include <gmp.h>

#include <algorithm>
#include <atomic>
#include <limits>
#include <thread>

#include "constel/blas_threads.hpp"
#include "constel/error.hpp"
#include "constel/threads.hpp"
#include "constel/verify/detail/extreme.hpp"

#ifdef CONSTEL_HAVE_CBLAS
#include <cblas.h>
#else
#include <Eigen/Core>
#endif

namespace constel::detail {
namespace {

using i128 = __int128;

Integer to_integer(double v) { return Integer(static_cast<long long>(v)); }  // |v| < 2^53
Integer to_integer(i128 v) {
  bool neg = v < 0;
  unsigned __int128 u = neg ? -static_cast<unsigned __int128>(v) : static_cast<unsigned __int128>(v);
  Integer hi(static_cast<unsigned long long>(u >> 64)), lo(static_cast<unsigned long long>(u));
  Integer r = (hi << 64) + lo;
  return neg ? Integer(-r) : r;
}
const Integer& to_integer(const Integer& v) { return v; }

// Clamps an integer threshold into the range of T (|S| <= bound < range, so comparisons are kept).
template <class T>
T clamp_threshold(const Integer& x, double limit);
template <>
double clamp_threshold<double>(const Integer& x, double limit) {
  if (x > Integer(static_cast<long long>(limit))) return limit;
  if (x < Integer(-static_cast<long long>(limit))) return -limit;
  return static_cast<double>(static_cast<long long>(x));
}
template <>
i128 clamp_threshold<i128>(const Integer& x, double) {
  const Integer lim = Integer(1) << 126;
  Integer y = x > lim ? lim : (x < -lim ? Integer(-lim) : x);
  bool neg = y < 0;
  Integer u = neg ? Integer(-y) : y;
  unsigned long long hi = static_cast<unsigned long long>(Integer(u >> 64));
  unsigned long long lo = static_cast<unsigned long long>(Integer(u & Integer(std::numeric_limits<unsigned long long>::max())));
  i128 v = (static_cast<i128>(hi) << 64) | static_cast<i128>(lo);
  return neg ? -v : v;
}
template <>
Integer clamp_threshold<Integer>(const Integer& x, double) {
  return x;
}

// Running extremes of one thread for one pair of modalities, in the tier's value type.
template <class T>
struct Reduction {
  bool has_diag = false, has_off = false;
  T min_diag{}, max_off{};
  std::size_t argmin = 0, argmax_i = 0, argmax_j = 0;
  std::uint64_t viol_pos = 0, viol_neg = 0;

  void diag(const T& v, std::size_t i) {
    if (!has_diag || replaces<Keep::Smallest>(sign_of_difference(v, min_diag), i, argmin)) {
      has_diag = true;
      min_diag = v;
      argmin = i;
    }
  }
  void off(const T& v, std::size_t i, std::size_t j) {
    if (has_off && v < max_off) return;  // the common case, decided without the rule
    if (!has_off || replaces<Keep::Largest>(sign_of_difference(v, max_off), std::pair(i, j),
                                            std::pair(argmax_i, argmax_j))) {
      has_off = true;
      max_off = v;
      argmax_i = i;
      argmax_j = j;
    }
  }
  ExactPairPartial partial() const {
    ExactPairPartial p;
    p.has_diag = has_diag;
    if (has_diag) p.min_diag = to_integer(min_diag), p.argmin = argmin;
    p.has_off = has_off;
    if (has_off) p.max_off = to_integer(max_off), p.argmax_i = argmax_i, p.argmax_j = argmax_j;
    p.violations_pos = viol_pos;
    p.violations_neg = viol_neg;
    return p;
  }
};

// Computes one tile of S (rows i0.., cols j0..) into out (ib x jb, row-major) in tier T.
struct DoubleTiles {
  const std::vector<double>& L;  // weighted rows of modality a
  const std::vector<double>& R;  // rows of modality c
  std::size_t cols;
  void operator()(std::size_t i0, std::size_t ib, std::size_t j0, std::size_t jb, double* out) const {
#ifdef CONSTEL_HAVE_CBLAS
    cblas_dgemm(CblasRowMajor, CblasNoTrans, CblasTrans, static_cast<int>(ib), static_cast<int>(jb),
                static_cast<int>(cols), 1.0, L.data() + i0 * cols, static_cast<int>(cols), R.data() + j0 * cols,
                static_cast<int>(cols), 0.0, out, static_cast<int>(jb));
#else
    using Mat = Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;
    Eigen::Map<const Mat> A(L.data() + i0 * cols, ib, cols), B(R.data() + j0 * cols, jb, cols);
    Eigen::Map<Mat> C(out, ib, jb);
    C.noalias() = A * B.transpose();
#endif
  }
};

struct Int128Tiles {
  const std::vector<std::int64_t>& L;
  const std::vector<std::int64_t>& R;
  std::size_t cols;
  void operator()(std::size_t i0, std::size_t ib, std::size_t j0, std::size_t jb, i128* out) const {
    for (std::size_t i = 0; i < ib; ++i)
      for (std::size_t j = 0; j < jb; ++j) {
        const std::int64_t* x = L.data() + (i0 + i) * cols;
        const std::int64_t* y = R.data() + (j0 + j) * cols;
        i128 s = 0;
        for (std::size_t t = 0; t < cols; ++t) s += static_cast<i128>(x[t]) * y[t];
        out[i * jb + j] = s;
      }
  }
};

struct GmpTiles {
  const std::vector<Integer>& L;
  const std::vector<Integer>& R;
  std::size_t cols;
  void operator()(std::size_t i0, std::size_t ib, std::size_t j0, std::size_t jb, Integer* out) const {
    for (std::size_t i = 0; i < ib; ++i)
      for (std::size_t j = 0; j < jb; ++j) {
        mpz_ptr s = out[i * jb + j].backend().data();
        mpz_set_ui(s, 0);
        for (std::size_t t = 0; t < cols; ++t)
          mpz_addmul(s, L[(i0 + i) * cols + t].backend().data(), R[(j0 + j) * cols + t].backend().data());
      }
  }
};

// The operands of every pair in tier T (Tiles: the tile product of that tier) and the run over a range
// of tiles: threads take tiles from a shared counter, each reduces into its own Reduction per pair, and
// the per-thread results merge by the partials' merge (the same rule as parts).
template <class T, class Tiles, class X>
class TierTiles final : public ExactTiles {
 public:
  TierTiles(const IntegerForm& f, std::vector<std::vector<X>> left, std::vector<std::vector<X>> right,
            const std::optional<Thresholds>& th, double limit)
      : f_(f), left_(std::move(left)), right_(std::move(right)), has_th_(th.has_value()) {
    for (std::size_t a = 0; a < f.k; ++a)
      for (std::size_t c = a + 1; c < f.k; ++c) pairs_.push_back({a, c});
    if (th) pos_ = clamp_threshold<T>(th->pos_ceil, limit), neg_ = clamp_threshold<T>(th->neg_floor, limit);
  }

  void run(std::size_t first, std::size_t last, const TileRunControl& control,
           std::vector<ExactPairPartial>& out) const override {
    const std::size_t N = f_.N, blocks = (N + kExactTile - 1) / kExactTile, per_pair = blocks * blocks;
    const std::size_t jobs = last - first;
    const unsigned nthreads = unsigned(std::max<std::size_t>(1, std::min<std::size_t>(control.threads, jobs)));
    std::vector<std::vector<Reduction<T>>> partial(nthreads, std::vector<Reduction<T>>(pairs_.size()));
    std::atomic<std::size_t> next{first}, done{0};
    auto worker = [&](unsigned id) {
      std::vector<T> tile(kExactTile * kExactTile);
      try {
        for (std::size_t t; (t = next.fetch_add(1)) < last;) {
          if (control.stop && control.stop()) throw Cancelled("exact verification stopped by the caller");
          const std::size_t q = t / per_pair, bi = (t % per_pair) / blocks, bj = t % blocks;
          run_tile(q, bi * kExactTile, bj * kExactTile, tile.data(), partial[id][q]);
          const std::size_t dn = done.fetch_add(1) + 1;
          if (control.progress) control.progress(dn, jobs);
        }
      } catch (...) {
        next.store(last);  // the other threads stop at their next tile; run_on_threads rethrows
        throw;
      }
    };
    BlasThreadGuard single_threaded_blas(1);
    run_on_threads(nthreads, worker);
    for (const auto& per_thread : partial)
      for (std::size_t q = 0; q < pairs_.size(); ++q) merge(out[q], per_thread[q].partial());
  }

 private:
  void run_tile(std::size_t q, std::size_t i0, std::size_t j0, T* tile, Reduction<T>& r) const {
    const std::size_t N = f_.N, ib = std::min(kExactTile, N - i0), jb = std::min(kExactTile, N - j0);
    const Tiles tiles{left_[pairs_[q].first], right_[pairs_[q].second], f_.cols};
    tiles(i0, ib, j0, jb, tile);
    for (std::size_t i = 0; i < ib; ++i)
      for (std::size_t j = 0; j < jb; ++j) {
        const T& v = tile[i * jb + j];
        if (i0 + i == j0 + j) {
          r.diag(v, i0 + i);
          if (has_th_ && v < pos_) ++r.viol_pos;
        } else {
          r.off(v, i0 + i, j0 + j);
          if (has_th_ && v > neg_) ++r.viol_neg;
        }
      }
  }

  const IntegerForm& f_;
  std::vector<std::vector<X>> left_, right_;  // per modality: weighted rows (left), plain rows (right)
  std::vector<std::pair<std::size_t, std::size_t>> pairs_;
  bool has_th_;
  T pos_{}, neg_{};
};

std::vector<double> as_double(const std::vector<std::int64_t>& x, const std::vector<std::int64_t>* w, std::size_t cols) {
  std::vector<double> out(x.size());
  for (std::size_t p = 0; p < x.size(); ++p)
    out[p] = static_cast<double>(w ? x[p] * (*w)[p % cols] : x[p]);  // exact: below 2^53 by the bound
  return out;
}

std::vector<std::int64_t> weighted64(const std::vector<std::int64_t>& x, const std::vector<std::int64_t>& w,
                                     std::size_t cols) {
  std::vector<std::int64_t> out(x.size());
  for (std::size_t p = 0; p < x.size(); ++p) out[p] = x[p] * w[p % cols];  // fits: checked by the form
  return out;
}

}  // namespace

Tier fastest_exact_tier(const IntegerForm& f) {
  if (!f.fits_int64) return Tier::Gmp;
  if (f.cols > 0 && f.bound < (Integer(1) << 53)) return Tier::Double;
  if (f.bound < (Integer(1) << 126)) return Tier::Int128;
  return Tier::Gmp;
}

std::unique_ptr<ExactTiles> make_exact_tiles(const IntegerForm& f, Tier tier, const std::optional<Thresholds>& th) {
  const std::size_t cols = f.cols, k = f.k;
  switch (tier) {
    case Tier::Double: {
      if (!f.fits_int64 || cols == 0 || f.bound >= (Integer(1) << 53))
        throw LimitError("double arithmetic is not exact for this configuration (bound " + f.bound.str() + ")");
      std::vector<std::vector<double>> L(k), R(k);
      for (std::size_t a = 0; a + 1 < k; ++a) L[a] = as_double(f.a64[a], &f.w64, cols);
      for (std::size_t c = 1; c < k; ++c) R[c] = as_double(f.a64[c], nullptr, cols);
      return std::make_unique<TierTiles<double, DoubleTiles, double>>(f, std::move(L), std::move(R), th,
                                                                      9007199254740992.0);
    }
    case Tier::Int128: {
      if (!f.fits_int64 || f.bound >= (Integer(1) << 126))
        throw LimitError("int128 arithmetic is not exact for this configuration (bound " + f.bound.str() + ")");
      std::vector<std::vector<std::int64_t>> L(k), R(k);
      for (std::size_t a = 0; a + 1 < k; ++a) L[a] = weighted64(f.a64[a], f.w64, cols);
      for (std::size_t c = 1; c < k; ++c) R[c] = f.a64[c];
      return std::make_unique<TierTiles<i128, Int128Tiles, std::int64_t>>(f, std::move(L), std::move(R), th, 0);
    }
    case Tier::Gmp: {
      std::vector<std::vector<Integer>> L(k), R(k);
      for (std::size_t a = 0; a + 1 < k; ++a) {
        L[a].resize(f.N * cols);
        for (std::size_t p = 0; p < L[a].size(); ++p)
          L[a][p] = (f.fits_int64 ? Integer(f.a64[a][p]) : f.abig[a][p]) * f.w[p % cols];
      }
      for (std::size_t c = 1; c < k; ++c) {
        if (!f.fits_int64) {
          R[c] = f.abig[c];
          continue;
        }
        R[c].resize(f.N * cols);
        for (std::size_t p = 0; p < R[c].size(); ++p) R[c][p] = f.a64[c][p];
      }
      return std::make_unique<TierTiles<Integer, GmpTiles, Integer>>(f, std::move(L), std::move(R), th, 0);
    }
  }
  throw InternalError("unknown arithmetic tier");
}

Integer exact_row_norm2(const IntegerForm& f, std::size_t a, std::size_t i) {
  const std::size_t cols = f.cols;
  if (f.fits_int64 && f.bound < (Integer(1) << 126)) {
    i128 s = 0;
    for (std::size_t t = 0; t < cols; ++t) {
      i128 x = f.a64[a][i * cols + t];
      s += x * f.w64[t] * x;
    }
    return to_integer(s);
  }
  Integer s = 0;
  for (std::size_t t = 0; t < cols; ++t) {
    Integer x = f.fits_int64 ? Integer(f.a64[a][i * cols + t]) : f.abig[a][i * cols + t];
    s += x * x * f.w[t];
  }
  return s;
}

}  // namespace constel::detail
