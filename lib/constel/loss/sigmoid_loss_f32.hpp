// The sigmoid loss and its gradients with float32 products (docs/math.md section 1): the same
// quantity as sigmoid_loss (sigmoid_loss.hpp), for the large problems where the products dominate.
//
// Per edge, row tiles of U V^T are computed with single-threaded sgemm inside our own threads (as the
// certified verifier's float64 kernel does with dgemm), the stable softplus / sigmoid pass runs on the
// float tile, 8 lanes wide (own float exp and log1p, a few ulp of float), and two more sgemm calls per tile
// give dL/dU (rows of the tile, disjoint between threads) and dL/dV (a private sum per thread, added in a
// fixed order, so a run is deterministic for a given thread count). Up to N = 512 with d <= 12 an edge
// runs on one thread without BLAS (small_edge.hpp; BLAS's call overhead dominates there). Sums over entries (the loss,
// dL/dt, dL/db) are accumulated in float lanes, at most about 512 terms each, and then in double.
//
// Accuracy: the inner products carry float32 rounding (about d 2^-24 relative), so logits are off by
// about t d 6e-8 and every result agrees with the double version to roughly 1e-5 relative; it is meant
// for training steps, not for reporting. min_diag / max_off are float statistics of the float products.
//
// Example:
//   LossResult r = sigmoid_loss_f32(e, complete_graph(2), {10.0, 0.0}, LossNorm::Mean, true, false);
#pragma once

#include <functional>
#include <vector>

#include "constel/loss/sigmoid_loss.hpp"
#include "constel/loss/small_edge.hpp"

namespace constel::loss {

// Up to here (and d <= 12) an edge of the float32 loss runs on one thread without BLAS (small_edge.hpp):
// measured faster than the threaded sgemm tiles (docs/training.md); for larger d the tiles win.
inline constexpr std::size_t kSmallMaxNF32 = 512;

// Reused buffers: the float copies of the modalities, per-thread tiles and dL/dV sums.
struct LossWorkspaceF32 {
  bool portable = false;  // test hook: the portable code even where AVX2 + FMA is available
  LossPath path = LossPath::Auto;
  std::vector<std::vector<float>> X, grad;
  std::vector<std::vector<float>> tile, dv;
  SmallEdgeWork<float> small;
  // Asked between the row tiles of the threaded path (by one thread at a time, from the thread that runs
  // tiles 0, threads, 2 threads, ...): when it answers true the call throws Cancelled and its results are
  // lost. It never changes a result. Empty: never asked. The small path (one thread) is not split.
  std::function<bool()> stop;
};

// threads = 0: all cores (fewer when the problem is small). Same contract as sigmoid_loss.
LossResult sigmoid_loss_f32(const Embeddings& e, const SyncGraph& graph, const LogitParams& p, LossNorm norm,
                            bool want_grad, bool want_loss = true, LossWorkspaceF32* ws = nullptr,
                            unsigned threads = 0);

// The float32 elementwise functions behind it, exposed for the tests.
float exp_nonpositive_f32(float x);  // exp(x) for x <= 0 (x < -87 gives exp(-87))
float log1p_unit_f32(float e);       // log(1 + e) for 0 <= e <= 1

}  // namespace constel::loss
