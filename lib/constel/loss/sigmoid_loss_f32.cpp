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

// Sums of one thread: TileSums (double); the float lane accumulators (Acc) are added in every 4096
// entries, so a float lane never sums more than about 512 terms.
using Sums = TileSums;

struct Acc {
  v8f l = splat(0.0f), w = splat(0.0f), wg = splat(0.0f), mx = splat(-std::numeric_limits<float>::infinity());
  std::size_t count = 0;
  CONSTEL_INLINE void flush(Sums& s) {
    for (int j = 0; j < 8; ++j) {
      s.loss += l[j], s.sum_w += w[j], s.sum_wg += wg[j];
      s.max_off = s.max_off > double(mx[j]) ? s.max_off : double(mx[j]);
    }
    l = w = wg = splat(0.0f);
    count = 0;
  }
};

// One row, 8 entries at a time, the last partial group with its missing lanes masked out; the
// positive pair (column dc, if any) changes sign and stays out of the maximum (as in elementwise.cpp).
template <bool WantLoss>
CONSTEL_INLINE void row_pass(float* g, std::size_t n, std::size_t dc, float t, float b, float scale, Acc& A) {
  const v8f vt = splat(t), vb = splat(b), vs = splat(scale), one = splat(1.0f), zero = splat(0.0f);
  const v8f minus_inf = splat(-std::numeric_limits<float>::infinity());
  const std::int32_t dci = dc < n ? std::int32_t(dc) : -1, ni = std::int32_t(n);
  const v8i vdc = v8i{dci, dci, dci, dci, dci, dci, dci, dci}, vn = v8i{ni, ni, ni, ni, ni, ni, ni, ni};
  v8i idx = v8i{0, 1, 2, 3, 4, 5, 6, 7};
  auto group = [&](v8f gv, v8i valid) {
    const v8i diag = idx == vdc;
    const v8f z = vt * gv - vb;
    const v8f y = vsel(diag, -z, z);
    const v8f e = exp8(-vabs(y));
    const v8i pos = y >= zero;
    v8f w = vs * vsel(pos, one, e) / (one + e);
    if constexpr (WantLoss) A.l += vsel(valid, vs * (vsel(pos, y, zero) + log1p_poly(e)), zero);
    w = vsel(valid, vsel(diag, -w, w), zero);
    A.w += w;
    A.wg += w * gv;
    const v8f cand = vsel(diag | ~valid, minus_inf, gv);
    A.mx = vsel(cand > A.mx, cand, A.mx);
    return w;
  };
  const v8i all = v8i{-1, -1, -1, -1, -1, -1, -1, -1};
  std::size_t i = 0;
  for (; i + 8 <= n; i += 8, idx += 8) {
    v8f gv;
    std::memcpy(&gv, g + i, sizeof gv);
    const v8f w = group(gv, all);
    std::memcpy(g + i, &w, sizeof w);
  }
  if (i < n) {
    v8f gv = zero;
    std::memcpy(&gv, g + i, (n - i) * sizeof(float));
    const v8f w = group(gv, idx < vn);
    std::memcpy(g + i, &w, (n - i) * sizeof(float));
  }
  A.count += n;
}

CONSTEL_INLINE void row_any(float* row, std::size_t cols, std::size_t dc, float t, float b, float scale,
                            bool want_loss, Acc& A, Sums& s) {
  if (dc < cols) s.min_diag = std::min(s.min_diag, double(row[dc]));
  if (want_loss)
    row_pass<true>(row, cols, dc, t, b, scale, A);
  else
    row_pass<false>(row, cols, dc, t, b, scale, A);
  if (A.count >= 4096) A.flush(s);
}

CONSTEL_INLINE void tile_body(float* G, std::size_t rows, std::size_t cols, std::size_t diag0, float t, float b,
                              float scale, bool want_loss, Sums& s) {
  Acc A;
  for (std::size_t r = 0; r < rows; ++r) row_any(G + r * cols, cols, diag0 + r, t, b, scale, want_loss, A, s);
  A.flush(s);
}

CONSTEL_INLINE v8f load8(const float* p) {
  v8f v;
  std::memcpy(&v, p, sizeof v);
  return v;
}
CONSTEL_INLINE void store8(float* p, v8f v) { std::memcpy(p, &v, sizeof v); }

// For r < R: out[r * so + j..j+8B) = scale * sum_q a[r * ra + q * sa] * X[q * sx + j..], q < n, with R B
// independent 8-wide accumulators (so the FMA chains overlap) sharing the loads of X.
template <int R, int B>
CONSTEL_INLINE void combine(const float* a, std::size_t ra, std::size_t sa, const float* X, std::size_t sx,
                            std::size_t n, float scale, float* out, std::size_t so) {
  v8f acc[R][B];
  for (int r = 0; r < R; ++r)
    for (int c = 0; c < B; ++c) acc[r][c] = splat(0.0f);
  for (std::size_t q = 0; q < n; ++q) {
    v8f x[B];
    for (int c = 0; c < B; ++c) x[c] = load8(X + q * sx + 8 * c);
    for (int r = 0; r < R; ++r) {
      const float f = a[r * ra + q * sa];
      for (int c = 0; c < B; ++c) acc[r][c] += f * x[c];
    }
  }
  for (int r = 0; r < R; ++r)
    for (int c = 0; c < B; ++c) store8(out + r * so + 8 * c, scale * acc[r][c]);
}

// The same over all Np columns (a multiple of 8).
template <int R>
CONSTEL_INLINE void combine_rows(const float* a, std::size_t ra, std::size_t sa, const float* X, std::size_t sx,
                                 std::size_t n, std::size_t Np, float scale, float* out, std::size_t so) {
  std::size_t j = 0;
  for (; j + 32 <= Np; j += 32) combine<R, 4>(a, ra, sa, X + j, sx, n, scale, out + j, so);
  for (; j < Np; j += 8) combine<R, 1>(a, ra, sa, X + j, sx, n, scale, out + j, so);
}

// A whole edge of a small problem on one thread and without BLAS (whose call overhead dominates at
// N ~ 100). VT = V^T is d x Np (Np = N rounded up to 8, zero columns), W is N x Np. Row by row,
// g = U_i V^T is summed in registers and the elementwise pass turns it into W_i; then dL/dU_ik =
// t W_i . VT_k and dL/dV^T_k = t sum_i U_ik W_i. The padding columns of W stay 0 (U_i . 0), so they
// add nothing.
CONSTEL_INLINE void small_edge_body(const float* U, const float* VT, std::size_t N, std::size_t Np, std::size_t d,
                                    float t, float b, float scale, bool want_grad, bool want_loss, float* W, float* dU,
                                    float* dVT, Sums& s) {
  Acc A;
  std::size_t i0 = 0;
  for (; i0 + 2 <= N; i0 += 2) {  // two rows share the loads of VT
    combine_rows<2>(U + i0 * d, d, 1, VT, Np, d, Np, 1.0f, W + i0 * Np, Np);
    row_any(W + i0 * Np, N, i0, t, b, scale, want_loss, A, s);
    row_any(W + (i0 + 1) * Np, N, i0 + 1, t, b, scale, want_loss, A, s);
  }
  if (i0 < N) {
    combine_rows<1>(U + i0 * d, d, 1, VT, Np, d, Np, 1.0f, W + i0 * Np, Np);
    row_any(W + i0 * Np, N, i0, t, b, scale, want_loss, A, s);
  }
  A.flush(s);
  if (!want_grad) return;
  for (std::size_t i = 0; i < N; ++i) {
    const float* w = W + i * Np;
    std::size_t k = 0;
    for (; k + 4 <= d; k += 4) {  // four dot products at once
      v8f a0 = splat(0.0f), a1 = a0, a2 = a0, a3 = a0;
      for (std::size_t j = 0; j < Np; j += 8) {
        const v8f x = load8(w + j);
        a0 += x * load8(VT + k * Np + j), a1 += x * load8(VT + (k + 1) * Np + j);
        a2 += x * load8(VT + (k + 2) * Np + j), a3 += x * load8(VT + (k + 3) * Np + j);
      }
      float r[4] = {0, 0, 0, 0};
      for (int l = 0; l < 8; ++l) r[0] += a0[l], r[1] += a1[l], r[2] += a2[l], r[3] += a3[l];
      for (int q = 0; q < 4; ++q) dU[i * d + k + q] += t * r[q];
    }
    for (; k < d; ++k) {
      v8f a0 = splat(0.0f);
      for (std::size_t j = 0; j < Np; j += 8) a0 += load8(w + j) * load8(VT + k * Np + j);
      float r = 0;
      for (int l = 0; l < 8; ++l) r += a0[l];
      dU[i * d + k] += t * r;
    }
  }
  std::size_t k0 = 0;
  for (; k0 + 2 <= d; k0 += 2) combine_rows<2>(U + k0, 1, d, W, Np, N, Np, t, dVT + k0 * Np, Np);
  if (k0 < d) combine_rows<1>(U + k0, 1, d, W, Np, N, Np, t, dVT + k0 * Np, Np);
}

__attribute__((target("avx2,fma"))) void tile_avx2(float* G, std::size_t rows, std::size_t cols, std::size_t diag0,
                                                   float t, float b, float scale, bool want_loss, Sums& s) {
  tile_body(G, rows, cols, diag0, t, b, scale, want_loss, s);
}

void tile_generic(float* G, std::size_t rows, std::size_t cols, std::size_t diag0, float t, float b, float scale,
                  bool want_loss, Sums& s) {
  tile_body(G, rows, cols, diag0, t, b, scale, want_loss, s);
}

__attribute__((target("avx2,fma"))) void small_edge_avx2(const float* U, const float* VT, std::size_t N,
                                                         std::size_t Np, std::size_t d, float t, float b, float scale,
                                                         bool want_grad, bool want_loss, float* W, float* dU,
                                                         float* dVT, Sums& s) {
  small_edge_body(U, VT, N, Np, d, t, b, scale, want_grad, want_loss, W, dU, dVT, s);
}

void small_edge_generic(const float* U, const float* VT, std::size_t N, std::size_t Np, std::size_t d, float t,
                        float b, float scale, bool want_grad, bool want_loss, float* W, float* dU, float* dVT,
                        Sums& s) {
  small_edge_body(U, VT, N, Np, d, t, b, scale, want_grad, want_loss, W, dU, dVT, s);
}

constexpr std::size_t kSmallN = 512;  // up to here an edge runs row by row without BLAS, on one thread

constexpr std::size_t kTileEntries = std::size_t(1) << 18;  // 1 MiB of floats per tile

}  // namespace

float exp_nonpositive_f32(float x) { return exp_scalar(x); }
float log1p_unit_f32(float e) { return log1p_poly(e); }

namespace {

// What every edge of one call shares.
struct Pass {
  std::size_t N, d;
  float t, b, scale;  // logit t g - b; scale of each term
  bool want_grad, want_loss, avx2;
};

// Every edge of a small problem (N <= kSmallN) on one thread without BLAS: V transposed and padded to
// Np columns, W, and dL/dV transposed in the workspace.
void small_edges(const SyncGraph& graph, LossWorkspaceF32& w, const Pass& P, Sums& sums) {
  const std::size_t N = P.N, d = P.d, Np = (N + 7) / 8 * 8;
  w.tile.resize(1), w.dv.resize(1);
  std::vector<float>& buf = w.tile[0];
  // V^T, then W; the padding columns of V^T must be 0 and nothing writes them, W is written whole
  if (buf.size() != d * Np + N * Np) buf.assign(d * Np + N * Np, 0.0f);
  float* vt = buf.data();
  float* W = vt + d * Np;
  std::vector<float>& dvt = w.dv[0];
  if (P.want_grad) dvt.resize(d * Np);
  for (auto [a, c] : graph.edges) {
    const float* V = w.X[c].data();
    for (std::size_t j = 0; j < N; ++j)
      for (std::size_t k = 0; k < d; ++k) vt[k * Np + j] = V[j * d + k];
    float* dU = P.want_grad ? w.grad[a].data() : nullptr;
    (P.avx2 ? small_edge_avx2 : small_edge_generic)(w.X[a].data(), vt, N, Np, d, P.t, P.b, P.scale, P.want_grad,
                                                    P.want_loss, W, dU, dvt.data(), sums);
    if (P.want_grad)
      for (std::size_t j = 0; j < N; ++j)
        for (std::size_t k = 0; k < d; ++k) w.grad[c][j * d + k] += dvt[k * Np + j];
  }
}

// Every edge in row tiles of `rows` rows, tile q, q + threads, ... on thread q (sgemm on the calling
// thread); dL/dV summed per thread, then added in thread order.
void tiled_edges(const SyncGraph& graph, LossWorkspaceF32& w, const Pass& P, std::size_t rows, unsigned threads,
                 std::vector<Sums>& sums) {
  const std::size_t N = P.N, d = P.d, tiles = (N + rows - 1) / rows;
  w.tile.resize(threads), w.dv.resize(threads);
  for (unsigned q = 0; q < threads; ++q) w.tile[q].resize(rows * N);
  gemm_single_threaded();
  for (const auto& edge : graph.edges) {  // (plain names: the lambda captures them)
    const std::size_t a = edge.first, c = edge.second;
    const float* U = w.X[a].data();
    const float* V = w.X[c].data();
    auto body = [&](unsigned q) {
      float* G = w.tile[q].data();
      if (P.want_grad) w.dv[q].assign(N * d, 0.0f);
      for (std::size_t tile = q; tile < tiles; tile += threads) {
        const std::size_t r0 = tile * rows, nr = std::min(rows, N - r0);
        gemm_rowmajor(false, true, nr, N, d, 1.0f, U + r0 * d, d, V, d, 0.0f, G, N);
        (P.avx2 ? tile_avx2 : tile_generic)(G, nr, N, r0, P.t, P.b, P.scale, P.want_loss, sums[q]);
        if (!P.want_grad) continue;
        // dL/dU = t W V (rows r0.., this thread's alone), dL/dV = t W^T U (summed per thread)
        gemm_rowmajor(false, false, nr, d, N, P.t, G, N, V, d, 1.0f, w.grad[a].data() + r0 * d, d);
        gemm_rowmajor(true, false, N, d, nr, P.t, G, N, U + r0 * d, d, 1.0f, w.dv[q].data(), d);
      }
    };
    if (threads == 1) {
      body(0);
    } else {
      std::vector<std::thread> pool;
      for (unsigned q = 0; q < threads; ++q) pool.emplace_back(body, q);
      for (auto& th : pool) th.join();
    }
    if (P.want_grad)
      for (unsigned q = 0; q < threads; ++q)
        for (std::size_t x = 0; x < N * d; ++x) w.grad[c][x] += w.dv[q][x];
  }
}

}  // namespace

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
  const Pass P{N,
               d,
               float(p.t * p.alpha),
               float(p.b - p.t * p.beta),
               float(norm == LossNorm::Mean ? 1.0 / (double(N) * double(N)) : 1.0),
               want_grad,
               want_loss,
               sigmoid_tile_uses_avx2() && !w.portable};
  std::vector<Sums> sums(1);
  if (N <= kSmallN) {
    small_edges(graph, w, P, sums[0]);
  } else {
    const std::size_t rows = std::max<std::size_t>(1, std::min(N, kTileEntries / N));
    static const unsigned cores = std::max(1u, std::thread::hardware_concurrency());  // a syscall: ask once
    // below about 2^18 entries per edge a second thread costs more than it saves
    threads = unsigned(std::min<std::size_t>({threads ? threads : cores, (N + rows - 1) / rows,
                                              N * N / (1u << 17) + 1}));
    sums.resize(threads);
    tiled_edges(graph, w, P, rows, threads, sums);
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
  finish_loss_result(r, p, s, N, want_loss);
  return r;
}

}  // namespace constel::loss
