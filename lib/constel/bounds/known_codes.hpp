// A small table of the explicit spherical codes of docs/math.md section 3.6 with their (n, N, alpha), used for the
// explicit lower bounds (a code in R^{n'} is a code in R^n for n' <= n, and a code with alpha' <= alpha
// lifts to an (m, b)-constellation, docs/math.md section 3.2). Sizes only: nothing is built here. (The codes module
// builds these codes; this table exists so that bounds/ does not depend on it.)
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "constel/number/rational.hpp"

namespace constel::bounds {

struct KnownCode {
  std::string name;
  std::size_t n = 0;  // dimension of the code's own space (R^n)
  Integer N;          // number of points
  Rational alpha;     // max inner product
};

// Every family member that fits in R^n (own dimension <= n), n >= 1.
std::vector<KnownCode> known_codes_up_to(std::size_t n);

// The largest code in the table that fits in R^n with alpha' <= alpha (nullopt when none).
std::optional<KnownCode> best_known_code(std::size_t n, const Rational& alpha);

}  // namespace constel::bounds
