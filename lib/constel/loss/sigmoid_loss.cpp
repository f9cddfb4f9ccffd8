// Blocked evaluation of L_Sig / L_RB-Sig and their gradients (see sigmoid_loss.hpp, docs/math.md section 1).
#include "constel/loss/sigmoid_loss.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <string>

#include "constel/error.hpp"
#include "constel/loss/elementwise.hpp"
#include "constel/loss/detail/gemm.hpp"

namespace constel::loss {
namespace {

constexpr std::size_t kTileEntries = std::size_t(1) << 19;  // 4 MiB of doubles per tile

}  // namespace

void check_loss_input(const Embeddings& e, const SyncGraph& g) {
  if (e.N == 0 || e.d == 0) throw InputError("sigmoid loss: need N >= 1 and d >= 1");
  for (std::size_t a = 0; a < e.k(); ++a)
    if (e.X[a].size() != e.N * e.d)
      throw InputError("sigmoid loss: modality " + std::to_string(a) + " has " + std::to_string(e.X[a].size()) +
                       " entries, expected N * d = " + std::to_string(e.N * e.d));
  for (auto [a, c] : g.edges)
    if (a >= e.k() || c >= e.k() || a == c)
      throw InputError("sigmoid loss: edge " + std::to_string(a) + "-" + std::to_string(c) + " does not fit k = " +
                       std::to_string(e.k()));
}

namespace {

// One edge: U = X[a], V = X[c]; adds the loss terms and gradients.
void edge_pass(const Embeddings& e, std::size_t a, std::size_t c, double t_eff, double b_eff, double scale,
               bool want_grad, bool want_loss, LossForm form, bool portable, std::vector<std::vector<double>>& grad,
               std::vector<double>& tile, TileSums& sums) {
  const std::size_t N = e.N, d = e.d;
  const std::size_t rows = std::max<std::size_t>(1, std::min(N, kTileEntries / N));
  if (tile.size() < rows * N) tile.resize(rows * N);
  const double* U = e.X[a].data();
  const double* V = e.X[c].data();
  for (std::size_t r0 = 0; r0 < N; r0 += rows) {
    std::size_t nr = std::min(rows, N - r0);
    gemm_rowmajor(false, true, nr, N, d, 1.0, U + r0 * d, d, V, d, 0.0, tile.data(), N);
    sigmoid_tile(tile.data(), nr, N, N, r0, t_eff, b_eff, scale, want_loss, sums, portable, form);
    if (!want_grad) continue;
    // dL/dU = t_eff W V, dL/dV = t_eff W^T U (W = dL/dz of the tile).
    gemm_rowmajor(false, false, nr, d, N, t_eff, tile.data(), N, V, d, 1.0, grad[a].data() + r0 * d, d);
    gemm_rowmajor(true, false, N, d, nr, t_eff, tile.data(), N, U + r0 * d, d, 1.0, grad[c].data(), d);
  }
}

}  // namespace

double loss_term_scale(std::size_t N, std::size_t edges, LossNorm norm, bool mean_over_edges) {
  double scale = norm == LossNorm::Mean ? 1.0 / (double(N) * double(N)) : 1.0;
  return mean_over_edges && edges > 0 ? scale / double(edges) : scale;
}

LossResult sigmoid_loss(const Embeddings& e, const SyncGraph& graph, const LogitParams& p, LossNorm norm,
                        bool want_grad, bool want_loss, LossWorkspace* ws) {
  check_loss_input(e, graph);
  LossWorkspace local;
  LossWorkspace& w = ws ? *ws : local;
  LossResult r;
  if (want_grad) r.grad.assign(e.k(), std::vector<double>(e.N * e.d, 0.0));
  const double scale = loss_term_scale(e.N, graph.edges.size(), norm, p.mean_over_edges);
  const double t_eff = p.t * p.alpha, b_eff = p.b - p.t * p.beta;
  TileSums sums;
  if (takes_small_path(w.path, e.N, e.d, kSmallMaxN))
    small_edges<double>(e.X, e.N, e.d, graph, t_eff, b_eff, scale, want_grad, want_loss, p.form,
                        sigmoid_tile_uses_avx2() && !w.portable, w.small, r.grad, sums);
  else
    for (auto [a, c] : graph.edges)
      edge_pass(e, a, c, t_eff, b_eff, scale, want_grad, want_loss, p.form, w.portable, r.grad, w.tile, sums);
  finish_loss_result(r, p, sums, e.N, want_loss);
  return r;
}

void finish_loss_result(LossResult& r, const LogitParams& p, const TileSums& sums, std::size_t N, bool want_loss) {
  r.loss = want_loss ? sums.loss : std::numeric_limits<double>::quiet_NaN();
  // z = t (alpha g + beta) - b: dz/dt = alpha g + beta, dz/db = -1, dz/dalpha = t g, dz/dbeta = t.
  r.d_t = p.alpha * sums.sum_wg + p.beta * sums.sum_w;
  r.d_b = -sums.sum_w;
  r.d_alpha = p.t * sums.sum_wg;
  r.d_beta = p.t * sums.sum_w;
  r.min_diag = p.alpha * sums.min_diag + p.beta;
  r.max_off = N > 1 ? p.alpha * sums.max_off + p.beta : -std::numeric_limits<double>::infinity();
}

LossResult rb_sigmoid_loss(const Embeddings& e, const SyncGraph& graph, double t, double b_rel, LossNorm norm,
                           bool want_grad, bool want_loss, LossWorkspace* ws) {
  return sigmoid_loss(e, graph, {t, t * b_rel, 1.0, 0.0, LossForm::Softplus, false}, norm, want_grad, want_loss, ws);
}

RbGradient rb_gradient(const LossResult& r, double t, double b_rel) { return {r.d_t + b_rel * r.d_b, t * r.d_b}; }

Sandwich sandwich_bounds(std::size_t N, double margin, double t) {
  double s = softplus(-t * margin);
  return {s, double(N) * double(N) * s};
}

}  // namespace constel::loss
