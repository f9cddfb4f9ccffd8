// Tiled exact products (see exact_kernel.hpp). The Double tier runs dgemm (OpenBLAS when available,
// else Eigen) on integer-valued doubles whose every partial sum is below 2^53, so the results are exact
// integers; the Int128 tier accumulates int64 products in __int128; the Gmp tier uses mpz. The tiles of a
// range are shared out over std::threads; BLAS runs single-threaded inside each (BlasThreadGuard).
#include "constel/verify/detail/exact_kernel.hpp"

#include <gmp.h>

#include <algorithm>
#include <atomic>
#include <cstdint>
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

// Computes one tile of S into out (ib x jb, row-major) in tier T from the tile's panels: L, ib weighted
// rows of modality a, and R, jb plain rows of modality c (cols values each).
struct DoubleTiles {
  void operator()(std::size_t ib, std::size_t jb, std::size_t cols, const double* L, const double* R, double* out) const {
#ifdef CONSTEL_HAVE_CBLAS
    cblas_dgemm(CblasRowMajor, CblasNoTrans, CblasTrans, static_cast<int>(ib), static_cast<int>(jb),
                static_cast<int>(cols), 1.0, L, static_cast<int>(cols), R, static_cast<int>(cols), 0.0, out,
                static_cast<int>(jb));
#else
    using Mat = Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;
    Eigen::Map<const Mat> A(L, ib, cols), B(R, jb, cols);
    Eigen::Map<Mat> C(out, ib, jb);
    C.noalias() = A * B.transpose();
#endif
  }
};

struct Int128Tiles {
  void operator()(std::size_t ib, std::size_t jb, std::size_t cols, const std::int64_t* L, const std::int64_t* R,
                  i128* out) const {
    for (std::size_t i = 0; i < ib; ++i)
      for (std::size_t j = 0; j < jb; ++j) {
        const std::int64_t* x = L + i * cols;
        const std::int64_t* y = R + j * cols;
        i128 s = 0;
        for (std::size_t t = 0; t < cols; ++t) s += static_cast<i128>(x[t]) * y[t];
        out[i * jb + j] = s;
      }
  }
};

struct GmpTiles {
  void operator()(std::size_t ib, std::size_t jb, std::size_t cols, const Integer* L, const Integer* R,
                  Integer* out) const {
    for (std::size_t i = 0; i < ib; ++i)
      for (std::size_t j = 0; j < jb; ++j) {
        mpz_ptr s = out[i * jb + j].backend().data();
        mpz_set_ui(s, 0);
        for (std::size_t t = 0; t < cols; ++t)
          mpz_addmul(s, L[i * cols + t].backend().data(), R[j * cols + t].backend().data());
      }
  }
};

// One thread's panels: the rows of the current tile in the tier's operand type, loaded from the
// integer form per tile (the left panel is kept while the block row stays the same), so no operand
// matrix is ever held whole beside the form: memory is the form plus 2 x 256 x cols values a thread.
template <class X>
struct Panels {
  std::vector<X> L, R;
  std::size_t la = SIZE_MAX, li = SIZE_MAX, rc = SIZE_MAX, rj = SIZE_MAX;
};

// The tiles of every pair in tier T (Tiles: the tile product of that tier) and the run over a range
// of tiles: threads take tiles from a shared counter, each reduces into its own Reduction per pair, and
// the per-thread results merge by the partials' merge (the same rule as parts).
template <class T, class Tiles, class X>
class TierTiles final : public ExactTiles {
 public:
  TierTiles(const IntegerForm& f, const std::optional<Thresholds>& th, double limit) : f_(f), has_th_(th.has_value()) {
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
      Panels<X> panels;
      try {
        for (std::size_t t; (t = next.fetch_add(1)) < last;) {
          if (control.stop && control.stop()) throw Cancelled("exact verification stopped by the caller");
          const std::size_t q = t / per_pair, bi = (t % per_pair) / blocks, bj = t % blocks;
          run_tile(q, bi * kExactTile, bj * kExactTile, tile.data(), panels, partial[id][q]);
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
  void run_tile(std::size_t q, std::size_t i0, std::size_t j0, T* tile, Panels<X>& p, Reduction<T>& r) const {
    const std::size_t N = f_.N, ib = std::min(kExactTile, N - i0), jb = std::min(kExactTile, N - j0);
    const std::size_t cols = f_.cols, a = pairs_[q].first, c = pairs_[q].second;
    if (p.la != a || p.li != i0) {
      p.L.resize(kExactTile * cols);
      f_.load_rows(a, i0, ib, true, p.L.data());
      p.la = a, p.li = i0;
    }
    if (p.rc != c || p.rj != j0) {
      p.R.resize(kExactTile * cols);
      f_.load_rows(c, j0, jb, false, p.R.data());
      p.rc = c, p.rj = j0;
    }
    Tiles{}(ib, jb, cols, p.L.data(), p.R.data(), tile);
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
  std::vector<std::pair<std::size_t, std::size_t>> pairs_;
  bool has_th_;
  T pos_{}, neg_{};
};

}  // namespace

Tier fastest_exact_tier(const IntegerForm& f) {
  if (!f.fits_int64) return Tier::Gmp;
  if (f.cols > 0 && f.bound < (Integer(1) << 53)) return Tier::Double;
  if (f.bound < (Integer(1) << 126)) return Tier::Int128;
  return Tier::Gmp;
}

std::unique_ptr<ExactTiles> make_exact_tiles(const IntegerForm& f, Tier tier, const std::optional<Thresholds>& th) {
  switch (tier) {
    case Tier::Double:
      if (!f.fits_int64 || f.cols == 0 || f.bound >= (Integer(1) << 53))
        throw LimitError("double arithmetic is not exact for this configuration (bound " + f.bound.str() + ")");
      return std::make_unique<TierTiles<double, DoubleTiles, double>>(f, th, 9007199254740992.0);
    case Tier::Int128:
      if (!f.fits_int64 || f.bound >= (Integer(1) << 126))
        throw LimitError("int128 arithmetic is not exact for this configuration (bound " + f.bound.str() + ")");
      return std::make_unique<TierTiles<i128, Int128Tiles, std::int64_t>>(f, th, 0);
    case Tier::Gmp:
      return std::make_unique<TierTiles<Integer, GmpTiles, Integer>>(f, th, 0);
  }
  throw InternalError("unknown arithmetic tier");
}

Integer exact_row_norm2(const IntegerForm& f, std::size_t a, std::size_t i) {
  const std::size_t cols = f.cols;
  if (f.fits_int64 && f.bound < (Integer(1) << 126)) {
    i128 s = 0;
    for (std::size_t t = 0; t < cols; ++t) {
      i128 x = f.at(a, i, t);
      s += x * f.w64[t] * x;
    }
    return to_integer(s);
  }
  Integer s = 0;
  for (std::size_t t = 0; t < cols; ++t) {
    Integer x = f.fits_int64 ? Integer(static_cast<long long>(f.at(a, i, t))) : f.abig[a][i * cols + t];
    s += x * x * f.w[t];
  }
  return s;
}

}  // namespace constel::detail
