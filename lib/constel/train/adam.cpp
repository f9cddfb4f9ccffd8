// Adam's update loop (see adam.hpp). Compiled without errno for sqrt so that the loop vectorises.
#include "constel/train/adam.hpp"

#include <cmath>

#pragma GCC optimize("no-math-errno")

namespace constel::train {

void Adam::update(double* p, const double* g, std::size_t n, std::size_t step, const AdamSettings& s) {
  if (m_.size() < n) {
    m_.resize(n, 0.0);
    v_.resize(n, 0.0);
  }
  const double c1 = 1.0 - std::pow(s.beta1, double(step)), c2 = 1.0 - std::pow(s.beta2, double(step));
  const double b1 = s.beta1, b2 = s.beta2, eps = s.eps;
  // lr * (m / c1) / (sqrt(v / c2) + eps), with one square root and one division per entry.
  const double step_size = s.lr / c1, inv_sqrt_c2 = 1.0 / std::sqrt(c2);
  double* m = m_.data();
  double* v = v_.data();
  for (std::size_t i = 0; i < n; ++i) {
    m[i] = b1 * m[i] + (1.0 - b1) * g[i];
    v[i] = b2 * v[i] + (1.0 - b2) * g[i] * g[i];
    p[i] -= step_size * m[i] / (std::sqrt(v[i]) * inv_sqrt_c2 + eps);
  }
}

}  // namespace constel::train
