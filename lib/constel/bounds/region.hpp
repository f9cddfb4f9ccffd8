// The feasible region of (m, b_rel) (Theorem 3.4, docs/math.md section 2) and the code parameter
// alpha(m, b) = (1 + b - 3m) / (1 + b + m) that links constellations to spherical codes (docs/math.md sections 3-4).
#pragma once

#include <optional>
#include <string>

#include "constel/number/rational.hpp"

namespace constel::bounds {

enum class Region {
  Infeasible,   // m + b > 1: not even one pair
  Degenerate,   // m = 0: all U_i = u, all V_i = v, any N
  Finite,       // alpha < 0 (3m > 1 + b), off the line: N <= 1 - 1/alpha = 4m / (3m - 1 - b)
  Boundary,     // alpha = 0 (3m = 1 + b), off the line: linear size, 2(d-1) <= N <= 2d
  Exponential,  // the open triangle m + b < 1, 3m < 1 + b: N exponential in d
  Line          // m + b = 1, m > 0: N_MRB(d, m, 1 - m) = N_SC(d, 1 - 2m) exactly
};

struct RegionInfo {
  Region region;
  std::string name;         // "infeasible", "degenerate", "finite", "boundary", "exponential", "line"
  std::string description;  // one sentence for humans
  std::optional<Rational> alpha;  // absent for infeasible and degenerate
};

// Throws InputError when m < 0 or |b| > 1 (the message names the parameter).
void throw_if_bad_parameters(const Rational& m, const Rational& b);

Rational alpha_of(const Rational& m, const Rational& b);  // needs 1 + b + m > 0

RegionInfo classify_region(const Rational& m, const Rational& b);

}  // namespace constel::bounds
