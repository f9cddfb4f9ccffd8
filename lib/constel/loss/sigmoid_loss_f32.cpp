// The float32 loss pass (see sigmoid_loss_f32.hpp, MATH.md 1). exp: Cody-Waite reduction x = n ln2 + r,
// |r| <= ln2/2, degree-7 Taylor polynomial (truncation below 2^-24 relative), exponent bits by integer
// arithmetic; log1p(e) for 0 <= e <= 1: 2 atanh(e / (2 + e)) with 8 odd terms (z <= 1/3). No branches,
// so the row loop vectorises (GCC vector extensions, 8 lanes; an AVX2+FMA variant is chosen at run time).
#include "constel/loss/sigmoid_loss_f32.hpp"

#include <algorithm>
#include <bit>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <limits>
#include <thread>

#include "constel/loss/elementwise.hpp"
#include "constel/loss/gemm.hpp"

#pragma GCC optimize("no-trapping-math")
#pragma GCC diagnostic ignored "-Wpsabi"

namespace constel::loss {
namespace {

#define CONSTEL_INLINE inline __attribute__((always_inline))

typedef float v8f __attribute__((vector_size(32)));
typedef std::int32_t v8i __attribute__((vector_size(32)));
typedef std::uint32_t v8u __attribute__((vector_size(32)));

constexpr float kLog2e = 1.44269504f, kShifter = 0x1.8p23f;
constexpr float kLn2Hi = 0.693359375f;     // 0x1.63p-1: n * kLn2Hi is exact for |n| <= 128
constexpr float kLn2Lo = -2.12194440e-4f;  // ln 2 - kLn2Hi
constexpr float kExpLo = -87.0f;           // exp(-87) ~ 1.6e-38 is still a normal float

CONSTEL_INLINE v8f splat(float x) { return v8f{x, x, x, x, x, x, x, x}; }
CONSTEL_INLINE v8f vsel(v8i mask, v8f a, v8f b) { return (v8f)((mask & (v8i)a) | (~mask & (v8i)b)); }
CONSTEL_INLINE v8f vabs(v8f x) { return (v8f)((v8u)x & 0x7fffffffu); }

template <class F, class U>
CONSTEL_INLINE F exp_poly(F x) {
  F kd = x * kLog2e + kShifter;
  U ki = std::bit_cast<U>(kd);
  kd -= kShifter;
  F r = (x - kd * kLn2Hi) - kd * kLn2Lo;
  F p = r * (1.0f / 5040) + 1.0f / 720;
  p = p * r + 1.0f / 120;
  p = p * r + 1.0f / 24;
  p = p * r + 1.0f / 6;
  p = p * r + 0.5f;
  p = p * r + 1.0f;
  p = p * r + 1.0f;
  return p * std::bit_cast<F>((ki + 127u) << 23);
}

CONSTEL_INLINE v8f exp8(v8f x) {
  const v8f lo = splat(kExpLo);
  return exp_poly<v8f, v8u>(vsel(x < lo, lo, x));
}

template <class F>
CONSTEL_INLINE F log1p_poly(F e) {
  F z = e / (2.0f + e);
  F z2 = z * z;
  F p = z2 * (2.0f / 15) + 2.0f / 13;
  p = p * z2 + 2.0f / 11;
  p = p * z2 + 2.0f / 9;
  p = p * z2 + 2.0f / 7;
  p = p * z2 + 2.0f / 5;
  p = p * z2 + 2.0f / 3;
  p = p * z2 + 2.0f;
  return p * z;
}

float exp_scalar(float x) { return exp_poly<float, std::uint32_t>(std::max(x, kExpLo)); }

// Sums of one thread (double), the float row accumulators are added in at the end of every row.
struct Sums {
  double loss = 0, sum_w = 0, sum_wg = 0;
  double min_diag = std::numeric_limits<double>::infinity(), max_off = -std::numeric_limits<double>::infinity();
};

CONSTEL_INLINE void scalar_entry(float* g, bool diag, float t, float b, float scale, bool want_loss, Sums& s) {
  const float gv = *g, z = t * gv - b, y = diag ? -z : z;
  const float e = exp_scalar(-std::fabs(y));
  float w = scale * (y >= 0 ? 1.0f : e) / (1.0f + e);
  if (want_loss) s.loss += double(scale * ((y > 0 ? y : 0.0f) + log1p_poly(e)));
  w = diag ? -w : w;
  s.sum_w += w, s.sum_wg += double(w) * gv;
  if (!diag) s.max_off = std::max(s.max_off, double(gv));
  *g = w;
}

// One row, 8 entries at a time; the positive pair (column dc, if any) changes sign and stays out of
// the maximum (as in elementwise.cpp).
template <bool WantLoss>
CONSTEL_INLINE void row_pass(float* g, std::size_t n, std::size_t dc, float t, float b, float scale, Sums& s) {
  const v8f vt = splat(t), vb = splat(b), vs = splat(scale), one = splat(1.0f), zero = splat(0.0f);
  const v8f minus_inf = splat(-std::numeric_limits<float>::infinity());
  const std::int32_t dci = dc < n ? std::int32_t(dc) : -1;
  const v8i vdc = v8i{dci, dci, dci, dci, dci, dci, dci, dci};
  v8i idx = v8i{0, 1, 2, 3, 4, 5, 6, 7};
  v8f acc_l = zero, acc_w = zero, acc_wg = zero, mx = minus_inf;
  std::size_t i = 0;
  for (; i + 8 <= n; i += 8, idx += 8) {
    v8f gv;
    std::memcpy(&gv, g + i, sizeof gv);
    const v8i diag = idx == vdc;
    const v8f z = vt * gv - vb;
    const v8f y = vsel(diag, -z, z);
    const v8f e = exp8(-vabs(y));
    const v8i pos = y >= zero;
    v8f w = vs * vsel(pos, one, e) / (one + e);
    if constexpr (WantLoss) acc_l += vs * (vsel(pos, y, zero) + log1p_poly(e));
    w = vsel(diag, -w, w);
    acc_w += w;
    acc_wg += w * gv;
    const v8f cand = vsel(diag, minus_inf, gv);
    mx = vsel(cand > mx, cand, mx);
    std::memcpy(g + i, &w, sizeof w);
  }
  for (int j = 0; j < 8; ++j) {
    s.loss += acc_l[j], s.sum_w += acc_w[j], s.sum_wg += acc_wg[j];
    s.max_off = std::max(s.max_off, double(mx[j]));
  }
  for (; i < n; ++i) scalar_entry(g + i, i == dc, t, b, scale, WantLoss, s);
}

CONSTEL_INLINE void tile_body(float* G, std::size_t rows, std::size_t cols, std::size_t diag0, float t, float b,
                              float scale, bool want_loss, Sums& s) {
  for (std::size_t r = 0; r < rows; ++r) {
    float* row = G + r * cols;
    const std::size_t dc = diag0 + r;
    if (dc < cols) s.min_diag = std::min(s.min_diag, double(row[dc]));
    if (want_loss)
      row_pass<true>(row, cols, dc, t, b, scale, s);
    else
      row_pass<false>(row, cols, dc, t, b, scale, s);
  }
}

__attribute__((target("avx2,fma"))) void tile_avx2(float* G, std::size_t rows, std::size_t cols, std::size_t diag0,
                                                   float t, float b, float scale, bool want_loss, Sums& s) {
  tile_body(G, rows, cols, diag0, t, b, scale, want_loss, s);
}

void tile_generic(float* G, std::size_t rows, std::size_t cols, std::size_t diag0, float t, float b, float scale,
                  bool want_loss, Sums& s) {
  tile_body(G, rows, cols, diag0, t, b, scale, want_loss, s);
}

constexpr std::size_t kTileEntries = std::size_t(1) << 18;  // 1 MiB of floats per tile

}  // namespace

float exp_nonpositive_f32(float x) { return exp_scalar(x); }
float log1p_unit_f32(float e) { return log1p_poly(e); }

LossResult sigmoid_loss_f32(const Embeddings& e, const SyncGraph& graph, const LogitParams& p, LossNorm norm,
                            bool want_grad, bool want_loss, LossWorkspaceF32* ws, unsigned threads) {
  check_loss_input(e, graph);
  LossWorkspaceF32 local;
  LossWorkspaceF32& w = ws ? *ws : local;
  const std::size_t N = e.N, d = e.d, k = e.k();
  w.X.resize(k), w.grad.resize(k);
  for (std::size_t a = 0; a < k; ++a) {
    w.X[a].resize(N * d);
    for (std::size_t q = 0; q < N * d; ++q) w.X[a][q] = float(e.X[a][q]);
    if (want_grad) w.grad[a].assign(N * d, 0.0f);
  }
  const std::size_t rows = std::max<std::size_t>(1, std::min(N, kTileEntries / N));
  const std::size_t tiles = (N + rows - 1) / rows;
  if (threads == 0) threads = std::max(1u, std::thread::hardware_concurrency());
  // below about 2^18 entries per edge a second thread costs more than it saves
  threads = unsigned(std::max<std::size_t>(1, std::min<std::size_t>({threads, tiles, N * N / (1u << 17) + 1})));
  w.tile.resize(threads), w.dv.resize(threads);
  for (unsigned q = 0; q < threads; ++q) w.tile[q].resize(rows * N);
  const double scale = norm == LossNorm::Mean ? 1.0 / (double(N) * double(N)) : 1.0;
  const float t_eff = float(p.t * p.alpha), b_eff = float(p.b - p.t * p.beta);
  const bool avx2 = sigmoid_tile_uses_avx2();
  std::vector<Sums> sums(threads);
  gemm_single_threaded();
  for (auto [a, c] : graph.edges) {
    const float* U = w.X[a].data();
    const float* V = w.X[c].data();
    auto body = [&](unsigned q) {
      float* G = w.tile[q].data();
      if (want_grad) w.dv[q].assign(N * d, 0.0f);
      for (std::size_t tile = q; tile < tiles; tile += threads) {
        const std::size_t r0 = tile * rows, nr = std::min(rows, N - r0);
        gemm_rowmajor(false, true, nr, N, d, 1.0f, U + r0 * d, d, V, d, 0.0f, G, N);
        if (avx2)
          tile_avx2(G, nr, N, r0, t_eff, b_eff, float(scale), want_loss, sums[q]);
        else
          tile_generic(G, nr, N, r0, t_eff, b_eff, float(scale), want_loss, sums[q]);
        if (!want_grad) continue;
        // dL/dU = t W V (rows r0.., this thread's alone), dL/dV = t W^T U (summed per thread)
        gemm_rowmajor(false, false, nr, d, N, t_eff, G, N, V, d, 1.0f, w.grad[a].data() + r0 * d, d);
        gemm_rowmajor(true, false, N, d, nr, t_eff, G, N, U + r0 * d, d, 1.0f, w.dv[q].data(), d);
      }
    };
    if (threads == 1) {
      body(0);
    } else {
      std::vector<std::thread> pool;
      for (unsigned q = 0; q < threads; ++q) pool.emplace_back(body, q);
      for (auto& th : pool) th.join();
    }
    if (want_grad)
      for (unsigned q = 0; q < threads; ++q)
        for (std::size_t x = 0; x < N * d; ++x) w.grad[c][x] += w.dv[q][x];
  }
  Sums s;
  for (const Sums& part : sums) {
    s.loss += part.loss, s.sum_w += part.sum_w, s.sum_wg += part.sum_wg;
    s.min_diag = std::min(s.min_diag, part.min_diag), s.max_off = std::max(s.max_off, part.max_off);
  }
  LossResult r;
  if (want_grad) {
    r.grad.assign(k, std::vector<double>(N * d));
    for (std::size_t a = 0; a < k; ++a)
      for (std::size_t x = 0; x < N * d; ++x) r.grad[a][x] = double(w.grad[a][x]);
  }
  r.loss = want_loss ? s.loss : std::numeric_limits<double>::quiet_NaN();
  // as in sigmoid_loss: z = t (alpha g + beta) - b
  r.d_t = p.alpha * s.sum_wg + p.beta * s.sum_w;
  r.d_b = -s.sum_w;
  r.d_alpha = p.t * s.sum_wg;
  r.d_beta = p.t * s.sum_w;
  r.min_diag = p.alpha * s.min_diag + p.beta;
  r.max_off = N > 1 ? p.alpha * s.max_off + p.beta : -std::numeric_limits<double>::infinity();
  return r;
}

}  // namespace constel::loss
