// Internal to loss/: the vectorised pieces of the sigmoid loss (docs/math.md section 1) for both step precisions,
// written once as templates over the element type T (double: 4 lanes, float: 8 lanes of a 32-byte GCC
// vector). Everything is always_inline so that each .cpp instantiates it inside a function compiled for
// AVX2 + FMA and inside a portable one, and picks one at run time.
//
// - exp_poly / log1p_poly: exp(x) by Cody-Waite reduction x = n ln2 + r, |r| <= ln2/2, a Taylor
//   polynomial (degree 13 for double, 7 for float; truncation below the type's rounding) and the
//   exponent bits built by integer arithmetic; log1p(e), 0 <= e <= 1, as 2 atanh(e / (2 + e)) (17 odd
//   terms for double, 8 for float). No branches, so the loops vectorise.
// - log_lanes: log(x) for positive normal x (x = 2^k m, m in [sqrt(1/2), sqrt(2)), k ln2 + log1p(m - 1)).
// - rows_pass: the per-entry pass over rows of inner products (the positive pair of row r is the column
//   diag0 + r), the last partial lane group of a row masked: the stable softplus and its sigmoid, or the
//   authors' binary cross-entropy with an epsilon and its saturation in T (LossForm, elementwise.hpp).
// - combine: register-blocked small products out = scale * A X for the BLAS-free small-problem path.
#pragma once

#include <bit>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <limits>
#include <type_traits>

#include "constel/loss/elementwise.hpp"

// 32-byte vectors passed by value inside always_inline code: the ABI note does not apply.
#pragma GCC diagnostic ignored "-Wpsabi"

namespace constel::loss::lanes {

#define CONSTEL_INLINE inline __attribute__((always_inline))

template <class T>
struct Lanes;

template <>
struct Lanes<double> {
  typedef double V __attribute__((vector_size(32)));
  typedef std::int64_t I __attribute__((vector_size(32)));
  typedef std::uint64_t U __attribute__((vector_size(32)));
  using Bits = std::uint64_t;
  static constexpr int L = 4;
  static constexpr double exp_lo = -708.0;  // exp(-708) ~ 3e-308 is still a normal double
  static CONSTEL_INLINE I iota() { return I{0, 1, 2, 3}; }
};

template <>
struct Lanes<float> {
  typedef float V __attribute__((vector_size(32)));
  typedef std::int32_t I __attribute__((vector_size(32)));
  typedef std::uint32_t U __attribute__((vector_size(32)));
  using Bits = std::uint32_t;
  static constexpr int L = 8;
  static constexpr float exp_lo = -87.0f;  // exp(-87) ~ 1.6e-38 is still a normal float
  static CONSTEL_INLINE I iota() { return I{0, 1, 2, 3, 4, 5, 6, 7}; }
};

template <class T>
using Vec = typename Lanes<T>::V;
template <class T>
using Mask = typename Lanes<T>::I;

template <class T>
CONSTEL_INLINE Vec<T> splat(T x) {
  return Vec<T>{} + x;
}
template <class T>
CONSTEL_INLINE Vec<T> vsel(Mask<T> m, Vec<T> a, Vec<T> b) {
  return (Vec<T>)((m & (Mask<T>)a) | (~m & (Mask<T>)b));
}
template <class T>
CONSTEL_INLINE Vec<T> vabs(Vec<T> x) {
  using U = typename Lanes<T>::U;
  return (Vec<T>)((U)x & (std::numeric_limits<typename Lanes<T>::Bits>::max() >> 1));
}
template <class T>
CONSTEL_INLINE Vec<T> load(const T* p) {
  Vec<T> v;
  std::memcpy(&v, p, sizeof v);
  return v;
}
template <class T>
CONSTEL_INLINE void store(T* p, Vec<T> v) {
  std::memcpy(p, &v, sizeof v);
}

// exp(x) for exp_lo <= x <= 0; F is T or Vec<T>, B the matching unsigned integer type.
template <class T, class F, class B>
CONSTEL_INLINE F exp_poly(F x) {
  if constexpr (std::is_same_v<T, double>) {
    constexpr double shifter = 0x1.8p52;
    F kd = x * 1.4426950408889634074 + shifter;
    B ki = std::bit_cast<B>(kd);
    kd -= shifter;
    // ln 2 in two parts; the first has 32 significant bits, so n * ln2_hi is exact
    F r = (x - kd * 6.93147180369123816490e-01) - kd * 1.90821492927058770002e-10;
    F p = r * (1.0 / 6227020800.0) + 1.0 / 479001600.0;  // 1/13!, 1/12!
    p = p * r + 1.0 / 39916800.0;
    p = p * r + 1.0 / 3628800.0;
    p = p * r + 1.0 / 362880.0;
    p = p * r + 1.0 / 40320.0;
    p = p * r + 1.0 / 5040.0;
    p = p * r + 1.0 / 720.0;
    p = p * r + 1.0 / 120.0;
    p = p * r + 1.0 / 24.0;
    p = p * r + 1.0 / 6.0;
    p = p * r + 0.5;
    p = p * r + 1.0;
    p = p * r + 1.0;
    return p * std::bit_cast<F>((ki + 1023u) << 52);
  } else {
    constexpr float shifter = 0x1.8p23f;
    F kd = x * 1.44269504f + shifter;
    B ki = std::bit_cast<B>(kd);
    kd -= shifter;
    F r = (x - kd * 0.693359375f) - kd * -2.12194440e-4f;  // 0x1.63p-1: n * hi is exact for |n| <= 128
    F p = r * (1.0f / 5040) + 1.0f / 720;
    p = p * r + 1.0f / 120;
    p = p * r + 1.0f / 24;
    p = p * r + 1.0f / 6;
    p = p * r + 0.5f;
    p = p * r + 1.0f;
    p = p * r + 1.0f;
    return p * std::bit_cast<F>((ki + 127u) << 23);
  }
}

// log(1 + e) for 0 <= e <= 1 (z = e / (2 + e) <= 1/3).
template <class T, class F>
CONSTEL_INLINE F log1p_poly(F e) {
  F z = e / (T(2) + e);
  F z2 = z * z;
  F p;
  if constexpr (std::is_same_v<T, double>) {
    p = z2 * (2.0 / 33) + 2.0 / 31;
    p = p * z2 + 2.0 / 29;
    p = p * z2 + 2.0 / 27;
    p = p * z2 + 2.0 / 25;
    p = p * z2 + 2.0 / 23;
    p = p * z2 + 2.0 / 21;
    p = p * z2 + 2.0 / 19;
    p = p * z2 + 2.0 / 17;
    p = p * z2 + 2.0 / 15;
    p = p * z2 + 2.0 / 13;
  } else {
    p = z2 * (2.0f / 15) + 2.0f / 13;
  }
  p = p * z2 + T(2) / 11;
  p = p * z2 + T(2) / 9;
  p = p * z2 + T(2) / 7;
  p = p * z2 + T(2) / 5;
  p = p * z2 + T(2) / 3;
  p = p * z2 + T(2);
  return p * z;
}

template <class T>
CONSTEL_INLINE T exp_scalar(T x) {
  return exp_poly<T, T, typename Lanes<T>::Bits>(x < Lanes<T>::exp_lo ? Lanes<T>::exp_lo : x);
}
template <class T>
CONSTEL_INLINE Vec<T> exp_lanes(Vec<T> x) {
  const Vec<T> lo = splat<T>(Lanes<T>::exp_lo);
  return exp_poly<T, Vec<T>, typename Lanes<T>::U>(vsel<T>(x < lo, lo, x));
}

// log(x) for positive normal x (lanes): x = 2^k m with m in [sqrt(1/2), sqrt(2)) by integer arithmetic on
// the bits, then k ln2 + log1p(m - 1) (|m - 1| <= 0.42: the atanh series of log1p_poly converges as fast).
template <class T>
CONSTEL_INLINE Vec<T> log_lanes(Vec<T> x) {
  using U = typename Lanes<T>::U;
  using I = Mask<T>;
  constexpr int mant = std::is_same_v<T, double> ? 52 : 23;
  constexpr typename Lanes<T>::Bits sqrt_half = std::is_same_v<T, double> ? 0x3fe6a09e667f3bcdull : 0x3f3504f3u;
  const U ix = std::bit_cast<U>(x);
  const I k = std::bit_cast<I>(ix - sqrt_half) >> mant;  // arithmetic shift: the exponent of x / sqrt(1/2)
  const Vec<T> m = std::bit_cast<Vec<T>>(ix - (std::bit_cast<U>(k) << mant));
  const Vec<T> kf = __builtin_convertvector(k, Vec<T>);
  return kf * T(0.693147180559945309417) + log1p_poly<T, Vec<T>>(m - T(1));
}

// Lane sums of one pass, added into the double TileSums every 4096 entries (so a float lane never
// sums more than about 512 terms).
template <class T>
struct Acc {
  Vec<T> l = splat<T>(0), w = splat<T>(0), wg = splat<T>(0), mx = splat<T>(-std::numeric_limits<T>::infinity());
  std::size_t count = 0;
  CONSTEL_INLINE void flush(TileSums& s) {
    for (int j = 0; j < Lanes<T>::L; ++j) {
      s.loss += l[j], s.sum_w += w[j], s.sum_wg += wg[j];
      s.max_off = s.max_off > double(mx[j]) ? s.max_off : double(mx[j]);
    }
    l = w = wg = splat<T>(0);
    count = 0;
  }
};

// Rows r < rows of G (row stride ld), n inner products each, overwritten with scale * dL/dz: z = t g - b,
// the loss term of the entry (Softplus: softplus(z), softplus(-z) and a negated dL/dz for the positive
// pair, column diag0 + r when that is < n; BceEps: -log(1 - sigmoid(z) + eps), -log(sigmoid(z) + eps) for
// the positive pair, sigmoid and 1 - sigmoid rounded in T first, dL/dz = -+sigmoid (1 - sigmoid) / (p + eps)
// with p the rounded probability of the right label, so it vanishes where sigmoid rounds to 0 or 1), L
// entries at a time; the positive pair stays out of the maximum and its inner product goes into min_diag.
// The last partial group of a row has its missing lanes masked out; Padded: every row has room up to n
// rounded up to L, whose padding lanes are then written as 0 (else they are neither read nor written).
template <class T, bool WantLoss, bool Padded, LossForm Form>
CONSTEL_INLINE void rows_pass(T* G, std::size_t rows, std::size_t n, std::size_t ld, std::size_t diag0, T t, T b,
                              T scale, Acc<T>& A, TileSums& s) {
  using V = Vec<T>;
  using I = Mask<T>;
  using SI = std::remove_reference_t<decltype(I{}[0])>;
  constexpr int L = Lanes<T>::L;
  const V vt = splat<T>(t), vb = splat<T>(b), vs = splat<T>(scale), one = splat<T>(1), zero = splat<T>(0);
  const V veps = splat<T>(T(kBceEpsilon));
  const V minus_inf = splat<T>(-std::numeric_limits<T>::infinity());
  const I all = I{} - 1, vn = I{} + SI(n);
  for (std::size_t row = 0; row < rows; ++row) {
    T* g = G + row * ld;
    const std::size_t dc = diag0 + row;
    if (dc < n) s.min_diag = s.min_diag < double(g[dc]) ? s.min_diag : double(g[dc]);
    const I vdc = I{} + SI(dc < n ? SI(dc) : SI(-1));
    I idx = Lanes<T>::iota();
    auto group = [&](V gv, I valid) __attribute__((always_inline)) {
      const I diag = idx == vdc;
      const V z = vt * gv - vb;
      V w;
      if constexpr (Form == LossForm::Softplus) {
        const V y = vsel<T>(diag, -z, z);
        const V e = exp_lanes<T>(-vabs<T>(y));
        const I pos = y >= zero;
        w = vs * vsel<T>(pos, one, e) / (one + e);
        if constexpr (WantLoss) A.l += vsel<T>(valid, vs * (vsel<T>(pos, y, zero) + log1p_poly<T, V>(e)), zero);
      } else {
        const V e = exp_lanes<T>(-vabs<T>(z));
        const V sig = vsel<T>(z >= zero, one, e) / (one + e);  // 1 / (1 + e) rounds to 1 for z > ~17 in float
        const V oms = one - sig;
        const V den = vsel<T>(diag, sig, oms) + veps;
        w = vs * (sig * oms) / den;
        if constexpr (WantLoss) A.l -= vsel<T>(valid, vs * log_lanes<T>(den), zero);
      }
      w = vsel<T>(valid, vsel<T>(diag, -w, w), zero);
      A.w += w;
      A.wg += w * gv;
      const V cand = vsel<T>(diag | ~valid, minus_inf, gv);
      A.mx = vsel<T>(cand > A.mx, cand, A.mx);
      return w;
    };
    std::size_t i = 0;
    for (; i + L <= n; i += L, idx += L) store<T>(g + i, group(load<T>(g + i), all));
    if (i < n) {
      if constexpr (Padded) {
        store<T>(g + i, group(vsel<T>(idx < vn, load<T>(g + i), zero), idx < vn));
      } else {
        V gv = zero;
        std::memcpy(&gv, g + i, (n - i) * sizeof(T));
        const V w = group(gv, idx < vn);
        std::memcpy(g + i, &w, (n - i) * sizeof(T));
      }
    }
    A.count += n;
    if (A.count >= 4096) A.flush(s);
  }
}

// The pass with its compile-time choices taken from run-time flags.
template <class T, bool Padded>
CONSTEL_INLINE void rows_pass_any(T* G, std::size_t rows, std::size_t n, std::size_t ld, std::size_t diag0, T t, T b,
                                  T scale, bool want_loss, LossForm form, Acc<T>& A, TileSums& s) {
  if (form == LossForm::Softplus) {
    if (want_loss)
      rows_pass<T, true, Padded, LossForm::Softplus>(G, rows, n, ld, diag0, t, b, scale, A, s);
    else
      rows_pass<T, false, Padded, LossForm::Softplus>(G, rows, n, ld, diag0, t, b, scale, A, s);
  } else {
    if (want_loss)
      rows_pass<T, true, Padded, LossForm::BceEps>(G, rows, n, ld, diag0, t, b, scale, A, s);
    else
      rows_pass<T, false, Padded, LossForm::BceEps>(G, rows, n, ld, diag0, t, b, scale, A, s);
  }
}

// A rows x cols tile (row stride ld) whose row r has its positive pair in column diag0 + r.
template <class T>
CONSTEL_INLINE void tile_body(T* G, std::size_t rows, std::size_t cols, std::size_t ld, std::size_t diag0, T t, T b,
                              T scale, bool want_loss, LossForm form, TileSums& s) {
  Acc<T> A;
  rows_pass_any<T, false>(G, rows, cols, ld, diag0, t, b, scale, want_loss, form, A, s);
  A.flush(s);
}

// For r < R: out[r * so + c L ..] = scale * sum_{q < n} a[r * ra + q * sa] * X[q * sx + c L ..], c < B, with
// R B independent accumulators (the FMA chains overlap) sharing the loads of X.
template <class T, int R, int B>
CONSTEL_INLINE void combine(const T* a, std::size_t ra, std::size_t sa, const T* X, std::size_t sx, std::size_t n,
                            T scale, T* out, std::size_t so) {
  constexpr int L = Lanes<T>::L;
  Vec<T> acc[R][B];
  for (int r = 0; r < R; ++r)
    for (int c = 0; c < B; ++c) acc[r][c] = splat<T>(0);
  for (std::size_t q = 0; q < n; ++q) {
    Vec<T> x[B];
    for (int c = 0; c < B; ++c) x[c] = load<T>(X + q * sx + L * c);
    for (int r = 0; r < R; ++r) {
      const T f = a[r * ra + q * sa];
      for (int c = 0; c < B; ++c) acc[r][c] += f * x[c];
    }
  }
  for (int r = 0; r < R; ++r)
    for (int c = 0; c < B; ++c) store<T>(out + r * so + L * c, scale * acc[r][c]);
}

// The same over all `width` columns of X (a multiple of L): chunks of BMax vectors, then the rest.
template <class T, int R, int BMax>
CONSTEL_INLINE void combine_cols(const T* a, std::size_t ra, std::size_t sa, const T* X, std::size_t sx, std::size_t n,
                                 std::size_t width, T scale, T* out, std::size_t so) {
  constexpr std::size_t L = Lanes<T>::L;
  std::size_t j = 0;
  for (; j + BMax * L <= width; j += BMax * L) combine<T, R, BMax>(a, ra, sa, X + j, sx, n, scale, out + j, so);
  if constexpr (BMax > 1) {
    if (j + 2 * L <= width) {
      combine<T, R, 2>(a, ra, sa, X + j, sx, n, scale, out + j, so);
      j += 2 * L;
    }
  }
  for (; j < width; j += L) combine<T, R, 1>(a, ra, sa, X + j, sx, n, scale, out + j, so);
}

}  // namespace constel::loss::lanes

