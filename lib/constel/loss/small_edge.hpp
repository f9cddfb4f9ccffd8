// Internal to loss/: every edge of a small problem (N up to a few hundred, d up to 12) on one thread and
// without BLAS, whose call overhead dominates the products at N ~ 100 (the paper's setting, docs/math.md section 8).
// For larger d the row-tiled BLAS paths are faster (W is streamed once per pair of columns of U). Used by
// both step precisions (sigmoid_loss.hpp in double, sigmoid_loss_f32.hpp in float).
//
// Per edge (U = X[a], V = X[c]), with V^T padded to Np columns (N rounded up to the lane count) and V's
// rows padded to dp entries: two rows at a time g = U_i V^T is summed in registers and the elementwise
// pass (lanes.hpp) turns it into the row W_i of scale * dL/dz; then dL/dU = t W V (four rows of W at a
// time against the padded rows of V) and dL/dV^T = t U^T W (two columns of U at a time against the rows
// of W). All three are register-blocked products from lanes.hpp.
#pragma once

#include <cstddef>
#include <vector>

#include "constel/loss/elementwise.hpp"
#include "constel/loss/graph.hpp"

namespace constel::loss {

template <class T>
struct SmallEdgeWork {
  std::vector<T> vt, vpad, W, du, dvt;
};

// Adds the edges' loss terms and statistics to sums and, when want_grad, their gradients to grad
// (k vectors of N d entries, sized by the caller). t, b: the logit t g - b; scale: of every term; form:
// the per-entry loss.
// avx2: use the AVX2 + FMA instantiation (the caller checks the processor).
template <class T>
void small_edges(const std::vector<std::vector<T>>& X, std::size_t N, std::size_t d, const SyncGraph& graph, T t, T b,
                 T scale, bool want_grad, bool want_loss, LossForm form, bool avx2, SmallEdgeWork<T>& work,
                 std::vector<std::vector<T>>& grad, TileSums& sums);

}  // namespace constel::loss
