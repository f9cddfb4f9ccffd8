// Construction 1 (docs/math.md section 3.3) and the adapter of Observation 1 (docs/math.md section 1): both scale an
// existing
// pair by delta and append coordinates shared (phi) or opposite (+-s) between U and V. The base's
// (m, b) is taken from its claim (or given), and transformed exactly.
#include "constel/construct/constructions.hpp"
#include "constel/error.hpp"

namespace constel::construct {
namespace {

Claim base_claim_or_throw(const Configuration& base, const std::optional<Claim>& given, const char* what) {
  if (given) return *given;
  if (base.claim()) return *base.claim();
  throw InputError(std::string(what) + ": the input configuration has no claim (m, b); give one (verify it first)");
}

// (delta2 * base, then the extra columns [phi2 with entries 1, 1] and [s2 with entries 1, -1], each
// only when its squared scale is positive).
Configuration extend(const Configuration& base, const Rational& delta2, const Rational& phi2, const Rational& s2) {
  if (base.k() != 2) throw InputError("the input has " + std::to_string(base.k()) + " modalities; exactly 2 (U, V) are needed");
  const std::size_t n = base.d(), N = base.N();
  const std::size_t d = n + (phi2 > 0) + (s2 > 0);
  std::vector<Rational> scales(d);
  for (std::size_t j = 0; j < n; ++j) scales[j] = base.scale(j) * delta2;
  std::size_t col = n;
  if (phi2 > 0) scales[col++] = phi2;
  if (s2 > 0) scales[col++] = s2;
  std::vector<std::vector<Rational>> data(2, std::vector<Rational>(N * d));
  for (std::size_t a = 0; a < 2; ++a)
    for (std::size_t i = 0; i < N; ++i) {
      for (std::size_t j = 0; j < n; ++j) data[a][i * d + j] = base.entry(a, i, j);
      col = n;
      if (phi2 > 0) data[a][i * d + col++] = 1;
      if (s2 > 0) data[a][i * d + col++] = a == 0 ? 1 : -1;
    }
  Configuration c(N, d, std::move(scales), std::move(data));
  c.set_name(0, base.names()[0]);
  c.set_name(1, base.names()[1]);
  return c;
}

}  // namespace

Configuration construction1(const Configuration& base, const Rational& delta2, const Rational& phi2,
                            const std::optional<Claim>& base_claim) {
  if (delta2 <= 0) throw InputError("construction1: delta^2 > 0 fails (delta^2 = " + to_string(delta2) + ")");
  if (phi2 < 0) throw InputError("construction1: phi^2 >= 0 fails (phi^2 = " + to_string(phi2) + ")");
  if (delta2 + phi2 > 1)
    throw InputError("construction1: delta^2 + phi^2 <= 1 fails by " + to_string(delta2 + phi2 - 1));
  Claim in = base_claim_or_throw(base, base_claim, "construction1");
  const Rational s2 = 1 - delta2 - phi2;
  Configuration c = extend(base, delta2, phi2, s2);
  c.set_claim(Claim{delta2 * in.m, delta2 * in.b + phi2 - s2});
  c.set_source("constel generate construction1 --delta2 " + to_string(delta2) + " --phi2 " + to_string(phi2) +
               " (docs/math.md section 3.3) from [" + (base.source().empty() ? std::string("a configuration") : base.source()) +
               "] with (m, b) = (" + to_string(in.m) + ", " + to_string(in.b) + ")");
  return c;
}

Configuration adapter(const Configuration& base, const Rational& delta2, const std::optional<Claim>& base_claim) {
  if (delta2 <= 0 || delta2 > 1) throw InputError("adapter: 0 < delta^2 <= 1 fails (delta^2 = " + to_string(delta2) + ")");
  Configuration c = extend(base, delta2, Rational(0), 1 - delta2);
  std::optional<Claim> in = base_claim ? base_claim : base.claim();
  if (in) c.set_claim(Claim{delta2 * in->m, delta2 * in->b - (1 - delta2)});
  c.set_source("constel generate adapter --delta2 " + to_string(delta2) +
               " (Observation 1: U locked -> (delta U, +sqrt(1-delta^2)), V -> (delta V, -sqrt(1-delta^2))) from [" +
               (base.source().empty() ? std::string("a configuration") : base.source()) + "]");
  return c;
}

LossParameters adapter_parameters(const LossParameters& original, const Rational& delta2) {
  if (delta2 <= 0 || delta2 > 1) throw InputError("adapter: 0 < delta^2 <= 1 fails (delta^2 = " + to_string(delta2) + ")");
  return {original.t / delta2, delta2 * original.b_rel - (1 - delta2)};
}

}  // namespace constel::construct
