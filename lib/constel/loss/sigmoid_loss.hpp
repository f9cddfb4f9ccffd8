// The sigmoid loss L_Sig and its relative-bias form L_RB-Sig (docs/math.md section 1) in double, with analytic
// gradients, for k modalities trained along the edges of a synchronisation graph with one shared (t, b).
// For an edge (a, c), U = modality a and V = modality c, and
//
//   L_edge = sum_i softplus(-(t<U_i,V_i> - b)) + sum_{i != j} softplus(t<U_i,V_j> - b)
//
// (softplus(y) = log(1 + exp(y))), or the authors' BCE form with an epsilon (LossForm, elementwise.hpp);
// the loss is the sum over edges, or their mean (LogitParams::mean_over_edges, the authors' k-modal
// loss). Normalisation Mean divides each edge's sum by N^2 (the authors' convention), Sum keeps it.
// L_RB-Sig(t, b_rel) = L_Sig(t, t b_rel).
//
// The explicit adapter of Observation 1 enters as an affine map of the inner products:
// <A U, A' V> = alpha <U,V> + beta (alpha = delta^2, beta = delta^2 - 1), with gradients for alpha, beta.
//
// Products are blocked: row tiles of U V^T go through dgemm (gemm.hpp), the elementwise pass
// (elementwise.hpp) turns a tile into dL/dz in place, and two more products accumulate the gradients,
// so memory is O(N d + tile), never N^2. Up to N = 256 with d <= 12 an edge runs without BLAS instead (small_edge.hpp:
// register-blocked products fused with the elementwise pass; N^2 doubles of workspace).
//
// Example:
//   Embeddings e = ...;  // k = 2, N rows of d doubles each
//   LossResult r = sigmoid_loss(e, complete_graph(2), {10.0, 0.0}, LossNorm::Mean, true);
//   RbGradient g = rb_gradient(r, 10.0, 0.0);  // dL_RB/dt and dL_RB/db_rel
#pragma once

#include <cstddef>
#include <vector>

#include "constel/error.hpp"
#include "constel/loss/graph.hpp"
#include "constel/loss/small_edge.hpp"

namespace constel::loss {

enum class LossNorm { Sum, Mean };

// k modalities of N unit rows in R^d, row-major.
struct Embeddings {
  std::size_t N = 0, d = 0;
  std::vector<std::vector<double>> X;
  std::size_t k() const noexcept { return X.size(); }
};

struct LogitParams {
  double t = 10;     // inverse temperature
  double b = 0;      // bias: logit = t * (alpha <U,V> + beta) - b
  double alpha = 1;  // adapter (Observation 1); 1 and 0 without one
  double beta = 0;
  LossForm form = LossForm::Softplus;  // the per-entry loss (elementwise.hpp)
  bool mean_over_edges = false;        // k modalities: the mean of the edges' losses instead of their sum
};

// The factor of every entry's term: 1 / N^2 for the mean loss, and 1 / (number of edges) more when the
// edges are averaged.
double loss_term_scale(std::size_t N, std::size_t edges, LossNorm norm, bool mean_over_edges);

struct LossResult {
  double loss = 0;
  double d_t = 0, d_b = 0;          // partials of L at fixed (b, alpha, beta) and fixed (t, alpha, beta)
  double d_alpha = 0, d_beta = 0;
  double min_diag = 0, max_off = 0; // over all edges, of alpha <.,.> + beta (max_off = -inf when N = 1)
  std::vector<std::vector<double>> grad;  // dL/dX per modality (empty unless asked)
  double margin() const { return (min_diag - max_off) / 2; }         // m* (float)
  double relative_bias() const { return (min_diag + max_off) / 2; }  // b*_rel (float)
};

// Which code computes the products: Auto picks by (N, d) (small_edge.hpp for small problems, row tiles of
// BLAS products otherwise); Small and Tiles force one (for tests and the benchmark; both give the same
// result up to rounding).
enum class LossPath { Auto, Small, Tiles };

// Whether a call takes the small-problem path: when forced, or under Auto for d <= 12 and N <= max_n (the
// largest N where it measured faster than the tiles; it differs between the precisions).
// Up to here (and d <= 12) the float64 loss runs without BLAS: measured faster than the tiled dgemm path
// on two cores (docs/training.md); for larger d the tiles win.
inline constexpr std::size_t kSmallMaxN = 256;
inline bool takes_small_path(LossPath path, std::size_t N, std::size_t d, std::size_t max_n) {
  return path == LossPath::Small || (path == LossPath::Auto && N <= max_n && d <= 12);
}

// Reused buffers (one tile, or the small-problem path's); pass the same one to repeated calls to avoid
// allocation.
struct LossWorkspace {
  bool portable = false;  // test hook: the portable code even where AVX2 + FMA is available
  LossPath path = LossPath::Auto;
  std::vector<double> tile;
  SmallEdgeWork<double> small;
};

// Evaluates the loss (when want_loss; the gradient pass alone skips the log1p) and, when want_grad, the
// gradients for the modalities. Throws InputError when shapes disagree or an edge is out of range.
LossResult sigmoid_loss(const Embeddings& e, const SyncGraph& graph, const LogitParams& p, LossNorm norm,
                        bool want_grad, bool want_loss = true, LossWorkspace* ws = nullptr);

// Throws InputError when a modality does not have N * d entries or an edge is out of range.
void check_loss_input(const Embeddings& e, const SyncGraph& graph);

struct TileSums;
// The scalar parts of a result from the sums of the elementwise passes (shared by both precisions).
void finish_loss_result(LossResult& r, const LogitParams& p, const TileSums& sums, std::size_t N, bool want_loss);

// L_RB-Sig(t, b_rel) = L_Sig(t, t b_rel) (the same result; use rb_gradient for its partials).
LossResult rb_sigmoid_loss(const Embeddings& e, const SyncGraph& graph, double t, double b_rel, LossNorm norm,
                           bool want_grad, bool want_loss = true, LossWorkspace* ws = nullptr);

struct RbGradient {
  double d_t = 0;      // dL_RB/dt at fixed b_rel = dL/dt + b_rel dL/db
  double d_b_rel = 0;  // dL_RB/db_rel = t dL/db
};
RbGradient rb_gradient(const LossResult& r, double t, double b_rel);

// The exact sandwich of docs/math.md section 1 for one pair of modalities (unnormalised loss, any real m*, t > 0):
//   log(1 + exp(-t m*)) <= inf_b L_Sig(t, b) <= L_Sig(t, t b*_rel) <= N^2 log(1 + exp(-t m*)).
// Divide both by N^2 for the mean loss.
struct Sandwich {
  double lower = 0, upper = 0;
};
Sandwich sandwich_bounds(std::size_t N, double margin, double t);

}  // namespace constel::loss
