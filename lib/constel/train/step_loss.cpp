// One training step's loss and gradients (see step_loss.hpp, docs/math.md section 8).
#include "constel/train/step_loss.hpp"

#include <algorithm>
#include <cmath>

#include "constel/loss/normalized.hpp"

namespace constel::train {

loss::LossResult StepLoss::plain(const loss::Embeddings& e, const loss::LogitParams& p, bool want_loss) {
  if (o_.precision == StepPrecision::Float32)
    return loss::sigmoid_loss_f32(e, graph_, p, o_.norm, true, want_loss, &ws32_, o_.threads);
  return loss::sigmoid_loss(e, graph_, p, o_.norm, true, want_loss, &ws_);
}

loss::LossResult StepLoss::evaluate(const loss::Embeddings& x, loss::LogitParams p, double delta, bool want_loss,
                                    double* d_x) {
  const bool normalized = o_.rows == RowMode::NormalizedInLoss;
  if (o_.adapter && normalized) return adapted_normalized(x, p, delta, want_loss, d_x);
  loss::LossResult r;
  if (normalized) {
    loss::normalize_embeddings(x, unit_, norms_);
    r = plain(unit_, p, want_loss);
    loss::gradient_through_normalisation(unit_, norms_, r.grad);
  } else {
    r = plain(x, p, want_loss);
  }
  // alpha = delta^2, beta = delta^2 - 1: both move by 2 delta d(delta)/dx = 2 delta^2 (1 - delta).
  if (o_.adapter && d_x) *d_x = (r.d_alpha + r.d_beta) * 2.0 * delta * delta * (1.0 - delta);
  return r;
}

// The authors' explicit adapter: U_ext = (delta U, s), V_ext = (delta V, -s), s = sqrt(1 - delta^2), both
// normalised inside the loss. The gradient G of L(U_ext / |U_ext|, V_ext / |V_ext|) at the extended rows
// goes back by the chain rule: dL/dX = delta G[:, :d], dL/dx = delta' sum <X_i, G_i[:d]> + (+-s') sum G_i[d]
// over both modalities, delta' = delta (1 - delta), s' = -delta delta' / s.
loss::LossResult StepLoss::adapted_normalized(const loss::Embeddings& x, loss::LogitParams p, double delta,
                                              bool want_loss, double* d_x) {
  const std::size_t n = x.N, d = x.d, de = d + 1;
  ext_.N = n;
  ext_.d = de;
  ext_.X = {adapt_rows(x.X[0], n, d, delta, 1.0), adapt_rows(x.X[1], n, d, delta, -1.0)};
  loss::normalize_embeddings(ext_, unit_, norms_);
  p.alpha = 1;
  p.beta = 0;
  loss::LossResult r = plain(unit_, p, want_loss);
  loss::gradient_through_normalisation(unit_, norms_, r.grad);
  const double s = std::sqrt(std::max(0.0, 1.0 - delta * delta));
  const double dd = delta * (1.0 - delta), ds = s > 0 ? -delta * dd / s : 0.0;
  double gx = 0;
  std::vector<std::vector<double>> raw(2, std::vector<double>(n * d));
  for (std::size_t a = 0; a < 2; ++a) {
    const double sign = a == 0 ? 1.0 : -1.0;
    for (std::size_t i = 0; i < n; ++i) {
      const double* g = r.grad[a].data() + i * de;
      const double* xi = x.X[a].data() + i * d;
      double dot = 0;
      for (std::size_t j = 0; j < d; ++j) {
        dot += xi[j] * g[j];
        raw[a][i * d + j] = delta * g[j];
      }
      gx += dd * dot + sign * ds * g[d];
    }
  }
  r.grad = std::move(raw);
  if (d_x) *d_x = gx;
  return r;
}

}  // namespace constel::train
