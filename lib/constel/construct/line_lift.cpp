// The line m + b = 1 (docs/math.md section 3.1) and the lift to any feasible target (docs/math.md section 3.2, proof of
// Theorem 3.3): exact scales (1 + b + m)/2 on the code's columns and (1 - b - m)/2 on one new column.
#include "constel/construct/constructions.hpp"
#include "constel/error.hpp"

namespace constel::construct {

Rational target_alpha(const Rational& m, const Rational& b) {
  Rational den = 1 + b + m;
  if (den == 0) throw InputError("alpha(m, b) is undefined at 1 + b + m = 0");
  return (1 + b - 3 * m) / den;
}

void throw_if_infeasible_target(const Rational& m, const Rational& b) {
  auto where = " at (m, b) = (" + to_string(m) + ", " + to_string(b) + ")";
  if (m <= 0) throw InputError("infeasible target" + where + ": m > 0 fails (m = " + to_string(m) + ")");
  if (m + b > 1)
    throw InputError("infeasible target" + where + ": m + b <= 1 fails by " + to_string(m + b - 1) +
                     " (m + b = " + to_string(m + b) + ")");
  if (3 * m > 1 + b)
    throw InputError("infeasible target" + where + ": 3m <= 1 + b fails by " + to_string(3 * m - 1 - b) +
                     " (3m = " + to_string(3 * m) + ", 1 + b = " + to_string(1 + b) + ")");
}

Configuration line(const PointSet& code) {
  Configuration c(code.N, code.n, code.scales, {code.entries, code.entries});
  c.set_claim(Claim{(1 - code.alpha) / 2, (1 + code.alpha) / 2});
  c.set_source("constel generate line --code " + code.spec + ": U = V = " + code.description + "; alpha = " +
               to_string(code.alpha));
  return c;
}

Configuration lift(const PointSet& code, const Rational& m, const Rational& b) {
  throw_if_infeasible_target(m, b);
  Rational a = target_alpha(m, b);
  if (code.alpha > a)
    throw InputError("code '" + code.spec + "' has max inner product " + to_string(code.alpha) + " > alpha(m, b) = " +
                     to_string(a) + " (by " + to_string(code.alpha - a) + "): it cannot be lifted to (m, b) = (" +
                     to_string(m) + ", " + to_string(b) + "); take a code with alpha <= " + to_string(a));
  const Rational c1 = (1 + b + m) / 2, c2 = (1 - b - m) / 2;
  const std::size_t n = code.n, d = c2 == 0 ? n : n + 1;  // m + b = 1: the lift is the line
  std::vector<Rational> scales(d);
  for (std::size_t j = 0; j < n; ++j) scales[j] = code.scales[j] * c1;
  if (d > n) scales[n] = c2;
  std::vector<std::vector<Rational>> data(2, std::vector<Rational>(code.N * d));
  for (std::size_t i = 0; i < code.N; ++i) {
    for (std::size_t j = 0; j < n; ++j) data[0][i * d + j] = data[1][i * d + j] = code.entries[i * n + j];
    if (d > n) data[0][i * d + n] = 1, data[1][i * d + n] = -1;
  }
  Configuration c(code.N, d, std::move(scales), std::move(data));
  c.set_claim(Claim{m, b});
  c.set_source("constel generate lift --code " + code.spec + " --m " + to_string(m) + " --b " + to_string(b) + ": " +
               code.description + " (alpha " + to_string(code.alpha) + " <= alpha(m, b) = " + to_string(a) +
               ") lifted by docs/math.md section 3.2");
  return c;
}

}  // namespace constel::construct
