// Construction 2 (docs/math.md section 3.4): k modalities from one alpha-code X and the k vertices w_j of a regular
// simplex in R^{k-1}: U^(j)_i = (delta X_i, sqrt(1 - delta^2) w_j). Every pair of modalities is the
// same (m, b) constellation, m = delta^2 (1 - alpha)/2, b = delta^2 (1 + alpha)/2 - (1 - delta^2)/(k-1).
#include "constel/construct/constructions.hpp"
#include "constel/error.hpp"

namespace constel::construct {

Configuration multimodal(const PointSet& code, std::size_t k, const Rational& delta2) {
  if (k < 2 || k > 1024) throw InputError("multimodal: k must be in [2, 1024], got " + std::to_string(k));
  if (delta2 <= 0 || delta2 >= 1) throw InputError("multimodal: 0 < delta^2 < 1 fails (delta^2 = " + to_string(delta2) + ")");
  PointSet w = codes::regular_simplex(k);  // k points in R^{k-1}
  const std::size_t n = code.n, d = n + w.n, N = code.N;
  std::vector<Rational> scales(d);
  for (std::size_t j = 0; j < n; ++j) scales[j] = code.scales[j] * delta2;
  for (std::size_t j = 0; j < w.n; ++j) scales[n + j] = w.scales[j] * (1 - delta2);
  std::vector<std::vector<Rational>> data(k, std::vector<Rational>(N * d));
  for (std::size_t a = 0; a < k; ++a)
    for (std::size_t i = 0; i < N; ++i) {
      for (std::size_t j = 0; j < n; ++j) data[a][i * d + j] = code.entries[i * n + j];
      for (std::size_t j = 0; j < w.n; ++j) data[a][i * d + n + j] = w.entries[a * w.n + j];
    }
  Configuration c(N, d, std::move(scales), std::move(data));
  Rational m = delta2 * (1 - code.alpha) / 2;
  Rational b = delta2 * (1 + code.alpha) / 2 - (1 - delta2) / Rational(Integer(k - 1));
  c.set_claim(Claim{m, b});
  c.set_source("constel generate multimodal --code " + code.spec + " --k " + std::to_string(k) + " --delta2 " +
               to_string(delta2) + " (docs/math.md section 3.4): " + code.description + ", alpha = " + to_string(code.alpha));
  return c;
}

}  // namespace constel::construct
