// Region classifier for (m, b_rel) (Theorem 3.4; see region.hpp).
#include "constel/bounds/region.hpp"

#include "constel/error.hpp"

namespace constel::bounds {

void throw_if_bad_parameters(const Rational& m, const Rational& b) {
  if (m < 0) throw InputError("--m: the margin must be >= 0, got " + to_string(m));
  if (b < -1 || b > 1) throw InputError("--b: the relative bias must lie in [-1, 1], got " + to_string(b));
}

Rational alpha_of(const Rational& m, const Rational& b) {
  if (1 + b + m <= 0) throw InternalError("alpha(m, b) undefined at 1 + b + m = 0");
  return (1 + b - 3 * m) / (1 + b + m);
}

RegionInfo classify_region(const Rational& m, const Rational& b) {
  throw_if_bad_parameters(m, b);
  if (m + b > 1)
    return {Region::Infeasible, "infeasible", "m + b > 1: <U_i, V_i> >= b + m > 1 is impossible (Theorem 3.4)",
            std::nullopt};
  if (m == 0)
    return {Region::Degenerate, "degenerate",
            "m = 0: U_i = u, V_i = v with <u, v> = b gives any number of pairs", std::nullopt};
  Rational alpha = alpha_of(m, b);
  if (m + b == 1)
    return {Region::Line, "line", "m + b = 1: U_i = V_i, N_MRB(d, m, 1-m) = N_SC(d, 1-2m) exactly (docs/math.md section 3.1)",
            alpha};
  if (alpha < 0)
    return {Region::Finite, "finite",
            "3m > 1 + b: N <= 1 - 1/alpha = 4m/(3m-1-b) whatever d (Theorem 3.4, Rankin)", alpha};
  if (alpha == 0)
    return {Region::Boundary, "boundary", "3m = 1 + b: N between 2(d-1) and 2d (cross-polytope, Rankin)", alpha};
  return {Region::Exponential, "exponential",
          "open triangle m + b < 1, 3m < 1 + b: N grows exponentially in d", alpha};
}

}  // namespace constel::bounds
