// Row normalisation inside the loss and the gradient through it (see normalized.hpp, docs/math.md
// section 8).
#include "constel/loss/normalized.hpp"

#include <cmath>
#include <string>

#include "constel/error.hpp"

namespace constel::loss {

void normalize_embeddings(const Embeddings& raw, Embeddings& unit, std::vector<std::vector<double>>& norms) {
  const std::size_t N = raw.N, d = raw.d;
  unit.N = N;
  unit.d = d;
  unit.X.resize(raw.k());
  norms.resize(raw.k());
  for (std::size_t a = 0; a < raw.k(); ++a) {
    if (raw.X[a].size() != N * d)
      throw InputError("normalised loss: modality " + std::to_string(a) + " has " + std::to_string(raw.X[a].size()) +
                       " entries, expected N * d = " + std::to_string(N * d));
    unit.X[a].resize(N * d);
    norms[a].resize(N);
    for (std::size_t i = 0; i < N; ++i) {
      const double* x = raw.X[a].data() + i * d;
      double s = 0;
      for (std::size_t j = 0; j < d; ++j) s += x[j] * x[j];
      const double n = std::sqrt(s);
      if (!(n > 0) || !std::isfinite(n))
        throw InputError("normalised loss: row " + std::to_string(i) + " of modality " + std::to_string(a) +
                         " has norm " + (n > 0 ? std::string("infinity") : std::string("0")) +
                         "; it cannot be normalised");
      norms[a][i] = n;
      const double inv = 1.0 / n;
      for (std::size_t j = 0; j < d; ++j) unit.X[a][i * d + j] = x[j] * inv;
    }
  }
}

void gradient_through_normalisation(const Embeddings& unit, const std::vector<std::vector<double>>& norms,
                                    std::vector<std::vector<double>>& grad) {
  const std::size_t N = unit.N, d = unit.d;
  for (std::size_t a = 0; a < grad.size() && a < unit.k(); ++a) {
    if (grad[a].empty()) continue;
    for (std::size_t i = 0; i < N; ++i) {
      const double* u = unit.X[a].data() + i * d;
      double* g = grad[a].data() + i * d;
      double radial = 0;
      for (std::size_t j = 0; j < d; ++j) radial += u[j] * g[j];
      const double inv = 1.0 / norms[a][i];
      for (std::size_t j = 0; j < d; ++j) g[j] = (g[j] - radial * u[j]) * inv;
    }
  }
}

LossResult normalized_sigmoid_loss(const Embeddings& raw, const SyncGraph& graph, const LogitParams& p, LossNorm norm,
                                   bool want_grad, bool want_loss, LossWorkspace* ws) {
  check_loss_input(raw, graph);
  Embeddings unit;
  std::vector<std::vector<double>> norms;
  normalize_embeddings(raw, unit, norms);
  LossResult r = sigmoid_loss(unit, graph, p, norm, want_grad, want_loss, ws);
  if (want_grad) gradient_through_normalisation(unit, norms, r.grad);
  return r;
}

}  // namespace constel::loss
