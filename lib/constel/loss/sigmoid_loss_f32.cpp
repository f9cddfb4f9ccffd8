// The float32 loss pass (see sigmoid_loss_f32.hpp, docs/math.md section 1): tiles of sgemm products on our own
// threads, or the BLAS-free small-problem path (small_edge.hpp); the elementwise pass is lanes.hpp's,
// 8 float lanes wide (exp: degree-7 Taylor after Cody-Waite reduction; log1p: 8 atanh terms).
#include "constel/loss/sigmoid_loss_f32.hpp"

#include <algorithm>
#include <atomic>
#include <cmath>
#include <thread>

#include "constel/loss/elementwise.hpp"
#include "constel/loss/detail/gemm.hpp"
#include "constel/loss/detail/lanes.hpp"
#include "constel/blas_threads.hpp"
#include "constel/threads.hpp"

#pragma GCC optimize("no-trapping-math")
#pragma GCC diagnostic ignored "-Wpsabi"

namespace constel::loss {

float exp_nonpositive_f32(float x) { return lanes::exp_scalar<float>(x); }
float log1p_unit_f32(float e) { return lanes::log1p_poly<float, float>(e); }

namespace {

using Sums = TileSums;

constexpr std::size_t kTileEntries = std::size_t(1) << 18;  // 1 MiB of floats per tile

// What every edge of one call shares.
struct Pass {
  std::size_t N, d;
  float t, b, scale;  // logit t g - b; scale of each term
  bool want_grad, want_loss, avx2;
  LossForm form;
};

// Every edge in row tiles of `rows` rows, tile q, q + threads, ... on thread q (sgemm on the calling
// thread); dL/dV summed per thread, then added in thread order.
void tiled_edges(const SyncGraph& graph, LossWorkspaceF32& w, const Pass& P, std::size_t rows, unsigned threads,
                 std::vector<Sums>& sums) {
  const std::size_t N = P.N, d = P.d, tiles = (N + rows - 1) / rows;
  w.tile.resize(threads), w.dv.resize(threads);
  for (unsigned q = 0; q < threads; ++q) w.tile[q].resize(rows * N);
  const BlasThreadGuard one_blas_thread(1);  // products run inside our threads
  std::atomic<bool> stopped{false};
  for (const auto& edge : graph.edges) {  // (plain names: the lambda captures them)
    const std::size_t a = edge.first, c = edge.second;
    const float* U = w.X[a].data();
    const float* V = w.X[c].data();
    auto body = [&](unsigned q) {
      float* G = w.tile[q].data();
      if (P.want_grad) w.dv[q].assign(N * d, 0.0f);
      for (std::size_t tile = q; tile < tiles; tile += threads) {
        if (q == 0 && w.stop && w.stop()) stopped = true;  // only thread 0 asks: one question at a time
        if (stopped) break;
        const std::size_t r0 = tile * rows, nr = std::min(rows, N - r0);
        gemm_rowmajor(false, true, nr, N, d, 1.0f, U + r0 * d, d, V, d, 0.0f, G, N);
        sigmoid_tile(G, nr, N, N, r0, P.t, P.b, P.scale, P.want_loss, sums[q], !P.avx2, P.form);
        if (!P.want_grad) continue;
        // dL/dU = t W V (rows r0.., this thread's alone), dL/dV = t W^T U (summed per thread)
        gemm_rowmajor(false, false, nr, d, N, P.t, G, N, V, d, 1.0f, w.grad[a].data() + r0 * d, d);
        gemm_rowmajor(true, false, N, d, nr, P.t, G, N, U + r0 * d, d, 1.0f, w.dv[q].data(), d);
      }
    };
    run_on_threads(threads, body);
    if (stopped) throw Cancelled("float32 loss: stopped by the caller");
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
               float(loss_term_scale(N, graph.edges.size(), norm, p.mean_over_edges)),
               want_grad,
               want_loss,
               sigmoid_tile_uses_avx2() && !w.portable,
               p.form};
  std::vector<Sums> sums(1);
  if (takes_small_path(w.path, N, d, kSmallMaxNF32)) {
    small_edges<float>(w.X, N, d, graph, P.t, P.b, P.scale, want_grad, want_loss, P.form, P.avx2, w.small, w.grad,
                       sums[0]);
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
