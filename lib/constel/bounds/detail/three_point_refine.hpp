// Floating-point helpers of the rounding of a three-point SDP solution into an exact certificate
// (docs/math.md section 5.f, "Rounding to an exact certificate"): they only steer the retries (which
// margin to solve with next); the exact projection and the exact PSD proof decide. Internal to bounds/.
#pragma once

#include <cstddef>
#include <vector>

#include "constel/number/rational.hpp"

namespace constel::bounds::three_point {

// An estimate (bisection on Cholesky in double, to about 1% relative) of the smallest eigenvalue of
// the symmetric m x m matrix M (row-major).
double estimate_min_eigenvalue(const std::vector<Rational>& M, std::size_t m);

}  // namespace constel::bounds::three_point
