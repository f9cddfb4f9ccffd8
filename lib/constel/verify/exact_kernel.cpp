// Tiled exact products (see exact_kernel.hpp). The Double tier runs dgemm (OpenBLAS when available,
// else Eigen) on integer-valued doubles whose every partial sum is below 2^53, so the results are exact
// integers; the Int128 tier accumulates int64 products in __int128; the Gmp tier uses mpz. Work is split
// by tiles over std::threads; BLAS runs single-threaded inside each.
#include "constel/verify/exact_kernel.hpp"

#include <gmp.h>

#include <algorithm>
#include <limits>
#include <thread>

#include "constel/error.hpp"
#include "constel/threads.hpp"

#ifdef CONSTEL_HAVE_CBLAS
#include <cblas.h>
#else
#include <Eigen/Core>
#endif

namespace constel::detail {
namespace {

constexpr std::size_t kTile = 256;
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

// Running extremes of one thread, in the tier's value type.
template <class T>
struct Reduction {
  bool has_diag = false, has_off = false;
  T min_diag{}, max_off{};
  std::size_t argmin = 0, argmax_i = 0, argmax_j = 0;
  std::size_t viol_pos = 0, viol_neg = 0;

  void diag(const T& v, std::size_t i) {
    if (!has_diag || v < min_diag || (v == min_diag && i < argmin)) {
      has_diag = true;
      min_diag = v;
      argmin = i;
    }
  }
  void off(const T& v, std::size_t i, std::size_t j) {
    if (!has_off || v > max_off || (v == max_off && (i < argmax_i || (i == argmax_i && j < argmax_j)))) {
      has_off = true;
      max_off = v;
      argmax_i = i;
      argmax_j = j;
    }
  }
  void merge(const Reduction& o) {
    if (o.has_diag) diag(o.min_diag, o.argmin);
    if (o.has_off) off(o.max_off, o.argmax_i, o.argmax_j);
    viol_pos += o.viol_pos;
    viol_neg += o.viol_neg;
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

template <class T, class Tiles>
PairRaw run_tiles(std::size_t N, const Tiles& tiles, const std::optional<Thresholds>& th, double limit,
                  unsigned threads) {
  const std::size_t blocks = (N + kTile - 1) / kTile;
  const std::size_t jobs = blocks * blocks;
  T pos{}, neg{};
  if (th) {
    pos = clamp_threshold<T>(th->pos_ceil, limit);
    neg = clamp_threshold<T>(th->neg_floor, limit);
  }
  unsigned nthreads = static_cast<unsigned>(std::max<std::size_t>(1, std::min<std::size_t>(threads, jobs)));
  std::vector<Reduction<T>> partial(nthreads);
  auto worker = [&](unsigned id) {
    std::vector<T> tile(kTile * kTile);
    Reduction<T>& r = partial[id];
    for (std::size_t job = id; job < jobs; job += nthreads) {
      const std::size_t bi = job / blocks, bj = job % blocks;
      const std::size_t i0 = bi * kTile, j0 = bj * kTile;
      const std::size_t ib = std::min(kTile, N - i0), jb = std::min(kTile, N - j0);
      tiles(i0, ib, j0, jb, tile.data());
      for (std::size_t i = 0; i < ib; ++i)
        for (std::size_t j = 0; j < jb; ++j) {
          const T& v = tile[i * jb + j];
          if (i0 + i == j0 + j) {
            r.diag(v, i0 + i);
            if (th && v < pos) ++r.viol_pos;
          } else {
            r.off(v, i0 + i, j0 + j);
            if (th && v > neg) ++r.viol_neg;
          }
        }
    }
  };
#ifdef CONSTEL_HAVE_CBLAS
  openblas_set_num_threads(1);
#endif
  run_on_threads(nthreads, worker);
  Reduction<T> total;
  for (const auto& p : partial) total.merge(p);
  PairRaw out;
  out.min_diag = to_integer(total.min_diag);
  out.argmin = total.argmin;
  out.has_off = total.has_off;
  if (total.has_off) out.max_off = to_integer(total.max_off);
  out.argmax_i = total.argmax_i;
  out.argmax_j = total.argmax_j;
  out.viol_pos = total.viol_pos;
  out.viol_neg = total.viol_neg;
  return out;
}

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

PairRaw exact_pair_kernel(const IntegerForm& f, std::size_t a, std::size_t c, Tier tier,
                          const std::optional<Thresholds>& th, unsigned threads) {
  if (threads == 0) threads = std::max(1u, std::thread::hardware_concurrency());
  const std::size_t cols = f.cols;
  switch (tier) {
    case Tier::Double: {
      if (!f.fits_int64 || cols == 0 || f.bound >= (Integer(1) << 53))
        throw LimitError("double arithmetic is not exact for this configuration (bound " + f.bound.str() + ")");
      auto L = as_double(f.a64[a], &f.w64, cols);
      auto R = as_double(f.a64[c], nullptr, cols);
      return run_tiles<double>(f.N, DoubleTiles{L, R, cols}, th, 9007199254740992.0, threads);
    }
    case Tier::Int128: {
      if (!f.fits_int64 || f.bound >= (Integer(1) << 126))
        throw LimitError("int128 arithmetic is not exact for this configuration (bound " + f.bound.str() + ")");
      auto L = weighted64(f.a64[a], f.w64, cols);
      return run_tiles<i128>(f.N, Int128Tiles{L, f.a64[c], cols}, th, 0, threads);
    }
    case Tier::Gmp: {
      std::vector<Integer> L, R;
      if (f.fits_int64) {
        L.resize(f.N * cols);
        R.resize(f.N * cols);
        for (std::size_t p = 0; p < L.size(); ++p) {
          L[p] = Integer(f.a64[a][p]) * f.w64[p % cols];
          R[p] = f.a64[c][p];
        }
      } else {
        L = f.abig[a];
        for (std::size_t p = 0; p < L.size(); ++p) L[p] *= f.w[p % cols];
      }
      const std::vector<Integer>& Rref = f.fits_int64 ? R : f.abig[c];
      return run_tiles<Integer>(f.N, GmpTiles{L, Rref, cols}, th, 0, threads);
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
