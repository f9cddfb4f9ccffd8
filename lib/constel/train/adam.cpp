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
  const double b1 = s.beta1, b2 = s.beta2, lr = s.lr, eps = s.eps;
  double* m = m_.data();
  double* v = v_.data();
  for (std::size_t i = 0; i < n; ++i) {
    m[i] = b1 * m[i] + (1.0 - b1) * g[i];
    v[i] = b2 * v[i] + (1.0 - b2) * g[i] * g[i];
    p[i] -= lr * (m[i] / c1) / (std::sqrt(v[i] / c2) + eps);
  }
}

}  // namespace constel::train
