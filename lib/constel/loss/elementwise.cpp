// Vectorisable stable softplus / sigmoid over a tile of inner products (see elementwise.hpp, MATH.md 1).
// exp uses the Cody-Waite reduction x = n ln2 + r, |r| <= ln2/2, a degree-13 Taylor polynomial and the
// exponent bits built by integer arithmetic; log1p(e), 0 <= e <= 1, uses 2 atanh(e / (2 + e)) with 17
// odd terms. Both are a few ulp from the true values and have no branches, so the loops vectorise.
#include "constel/loss/elementwise.hpp"

#include <algorithm>
#include <bit>
#include <cmath>
#include <cstdint>
#include <cstring>

// Without this, GCC keeps the clamps and selects as branches (a comparison may trap) and vectorises
// nothing. No code here reads floating-point exception flags.
#pragma GCC optimize("no-trapping-math")
#pragma GCC diagnostic ignored "-Wpsabi"

namespace constel::loss {
namespace {

#define CONSTEL_INLINE inline __attribute__((always_inline))

CONSTEL_INLINE double exp_np(double x) {
  constexpr double log2e = 1.4426950408889634074;
  constexpr double shifter = 0x1.8p52;
  constexpr double ln2_hi = 6.93147180369123816490e-01;  // 32 significant bits: n * ln2_hi is exact
  constexpr double ln2_lo = 1.90821492927058770002e-10;
  x = std::max(x, -708.0);
  double kd = x * log2e + shifter;
  std::uint64_t ki = std::bit_cast<std::uint64_t>(kd);
  kd -= shifter;
  double r = (x - kd * ln2_hi) - kd * ln2_lo;
  double p = 1.0 / 6227020800.0;  // 1/13!
  p = p * r + 1.0 / 479001600.0;
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
  double scale = std::bit_cast<double>((ki + 1023u) << 52);
  return p * scale;
}

CONSTEL_INLINE double log1p_u(double e) {
  double z = e / (2.0 + e);
  double z2 = z * z;
  double p = 2.0 / 33;
  p = p * z2 + 2.0 / 31;
  p = p * z2 + 2.0 / 29;
  p = p * z2 + 2.0 / 27;
  p = p * z2 + 2.0 / 25;
  p = p * z2 + 2.0 / 23;
  p = p * z2 + 2.0 / 21;
  p = p * z2 + 2.0 / 19;
  p = p * z2 + 2.0 / 17;
  p = p * z2 + 2.0 / 15;
  p = p * z2 + 2.0 / 13;
  p = p * z2 + 2.0 / 11;
  p = p * z2 + 2.0 / 9;
  p = p * z2 + 2.0 / 7;
  p = p * z2 + 2.0 / 5;
  p = p * z2 + 2.0 / 3;
  p = p * z2 + 2.0;
  return p * z;
}

// Four doubles as one value (GCC vector extension): two SSE2 registers or one AVX2 register.
typedef double v4d __attribute__((vector_size(32)));
typedef std::int64_t v4i __attribute__((vector_size(32)));
typedef std::uint64_t v4u __attribute__((vector_size(32)));

CONSTEL_INLINE v4d splat(double x) { return v4d{x, x, x, x}; }
CONSTEL_INLINE v4u splat_u(std::uint64_t x) { return v4u{x, x, x, x}; }
CONSTEL_INLINE v4d vsel(v4i mask, v4d a, v4d b) { return (v4d)((mask & (v4i)a) | (~mask & (v4i)b)); }
CONSTEL_INLINE v4d vabs(v4d x) { return (v4d)((v4u)x & splat_u(0x7fffffffffffffffull)); }

CONSTEL_INLINE v4d exp_np4(v4d x) {
  const v4d log2e = splat(1.4426950408889634074), shifter = splat(0x1.8p52);
  const v4d lo = splat(-708.0);
  x = vsel(x < lo, lo, x);
  v4d kd = x * log2e + shifter;
  v4u ki = (v4u)kd;
  kd -= shifter;
  v4d r = (x - kd * 6.93147180369123816490e-01) - kd * 1.90821492927058770002e-10;
  v4d p = splat(1.0 / 6227020800.0);
  p = p * r + 1.0 / 479001600.0;
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
  v4d scale = (v4d)((ki + 1023u) << 52);
  return p * scale;
}

CONSTEL_INLINE v4d log1p_u4(v4d e) {
  v4d z = e / (2.0 + e);
  v4d z2 = z * z;
  v4d p = splat(2.0 / 33);
  p = p * z2 + 2.0 / 31;
  p = p * z2 + 2.0 / 29;
  p = p * z2 + 2.0 / 27;
  p = p * z2 + 2.0 / 25;
  p = p * z2 + 2.0 / 23;
  p = p * z2 + 2.0 / 21;
  p = p * z2 + 2.0 / 19;
  p = p * z2 + 2.0 / 17;
  p = p * z2 + 2.0 / 15;
  p = p * z2 + 2.0 / 13;
  p = p * z2 + 2.0 / 11;
  p = p * z2 + 2.0 / 9;
  p = p * z2 + 2.0 / 7;
  p = p * z2 + 2.0 / 5;
  p = p * z2 + 2.0 / 3;
  p = p * z2 + 2.0;
  return p * z;
}

// One scalar entry: the negative pair (sign +1) or the positive pair on the diagonal (sign -1).
CONSTEL_INLINE void scalar_entry(double* g, bool diag, double t, double b, double scale, bool want_loss,
                                 TileSums& s) {
  double gv = *g;
  double z = t * gv - b;
  double y = diag ? -z : z;
  double e = exp_np(-std::fabs(y));
  double w = scale * (y >= 0 ? 1.0 : e) / (1.0 + e);
  if (want_loss) s.loss += scale * ((y > 0 ? y : 0.0) + log1p_u(e));
  w = diag ? -w : w;
  s.sum_w += w;
  s.sum_wg += w * gv;
  if (diag) s.min_diag = s.min_diag < gv ? s.min_diag : gv;
  else s.max_off = s.max_off > gv ? s.max_off : gv;
  *g = w;
}

// One row of the tile, four entries at a time; the positive pair (column dc, if any) is the lane whose
// index equals dc: its logit and dL/dz change sign and it stays out of the running maximum.
template <bool WantLoss>
CONSTEL_INLINE void row_pass(double* g, std::size_t n, std::size_t dc, double t, double b, double scale, TileSums& s) {
  const v4d vt = splat(t), vb = splat(b), vs = splat(scale), one = splat(1.0), zero = splat(0.0);
  const v4d minus_inf = splat(-std::numeric_limits<double>::infinity());
  const v4i vdc = v4i{std::int64_t(dc), std::int64_t(dc), std::int64_t(dc), std::int64_t(dc)};
  v4i idx = v4i{0, 1, 2, 3};
  const v4i four = v4i{4, 4, 4, 4};
  v4d acc_l = zero, acc_w = zero, acc_wg = zero, mx = minus_inf;
  std::size_t i = 0;
  for (; i + 4 <= n; i += 4, idx += four) {
    v4d gv;
    std::memcpy(&gv, g + i, sizeof gv);
    v4i diag = idx == vdc;
    v4d z = vt * gv - vb;
    v4d y = vsel(diag, -z, z);
    v4d e = exp_np4(-vabs(y));
    v4i pos = y >= zero;
    v4d w = vs * vsel(pos, one, e) / (one + e);
    if constexpr (WantLoss) acc_l += vs * (vsel(pos, y, zero) + log1p_u4(e));
    w = vsel(diag, -w, w);
    acc_w += w;
    acc_wg += w * gv;
    v4d cand = vsel(diag, minus_inf, gv);
    mx = vsel(cand > mx, cand, mx);
    std::memcpy(g + i, &w, sizeof w);
  }
  double m = s.max_off;
  for (int j = 0; j < 4; ++j) {
    s.loss += acc_l[j];
    s.sum_w += acc_w[j];
    s.sum_wg += acc_wg[j];
    m = m > mx[j] ? m : mx[j];
  }
  s.max_off = m;
  for (; i < n; ++i) scalar_entry(g + i, i == dc, t, b, scale, WantLoss, s);
}

CONSTEL_INLINE void tile_body(double* G, std::size_t rows, std::size_t cols, std::size_t ld, std::size_t diag0,
                              double t, double b, double scale, bool want_loss, TileSums& s) {
  for (std::size_t r = 0; r < rows; ++r) {
    double* row = G + r * ld;
    std::size_t dc = diag0 + r;
    // The diagonal inner product, read before the pass overwrites it (for min_diag).
    if (dc < cols) s.min_diag = s.min_diag < row[dc] ? s.min_diag : row[dc];
    if (want_loss) row_pass<true>(row, cols, dc, t, b, scale, s);
    else row_pass<false>(row, cols, dc, t, b, scale, s);
  }
}

__attribute__((target("avx2,fma"))) void tile_avx2(double* G, std::size_t rows, std::size_t cols, std::size_t ld,
                                                   std::size_t diag0, double t, double b, double scale,
                                                   bool want_loss, TileSums& s) {
  tile_body(G, rows, cols, ld, diag0, t, b, scale, want_loss, s);
}

void tile_generic(double* G, std::size_t rows, std::size_t cols, std::size_t ld, std::size_t diag0, double t,
                  double b, double scale, bool want_loss, TileSums& s) {
  tile_body(G, rows, cols, ld, diag0, t, b, scale, want_loss, s);
}

bool detect_avx2() {
  __builtin_cpu_init();
  return __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma");
}

}  // namespace

bool sigmoid_tile_uses_avx2() {
  static const bool has = detect_avx2();
  return has;
}

void sigmoid_tile(double* G, std::size_t rows, std::size_t cols, std::size_t ld, std::size_t diag0, double t,
                  double b, double scale, bool want_loss, TileSums& sums) {
  if (sigmoid_tile_uses_avx2())
    tile_avx2(G, rows, cols, ld, diag0, t, b, scale, want_loss, sums);
  else
    tile_generic(G, rows, cols, ld, diag0, t, b, scale, want_loss, sums);
}

double exp_nonpositive(double x) { return exp_np(x); }
double log1p_unit(double e) { return log1p_u(e); }

double softplus(double y) { return std::max(y, 0.0) + log1p_u(exp_np(-std::fabs(y))); }

double sigmoid(double y) {
  double e = exp_np(-std::fabs(y));
  return y >= 0 ? 1.0 / (1.0 + e) : e / (1.0 + e);
}

}  // namespace constel::loss
