// Exact proof that a symmetric rational matrix is positive semidefinite, fast for the large, strictly
// positive definite Gram matrices of the three-point certificates (docs/math.md section 5.f):
// a congruence N = X M X^T with X unit lower triangular (so invertible) is computed EXACTLY in integer
// arithmetic over a common denominator, X being a floating-point guess of L^{-1} (M = L D L^T); if N,
// scaled by exact powers of two, is diagonally dominant with a non-negative diagonal, N and hence M are
// PSD. The floating point only proposes X; whatever X it proposes, the conclusion is exact. When the
// fast route does not prove it, the exact rational LDL^T decides. Internal to bounds/.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "constel/number/rational.hpp"

namespace constel::bounds::detail {

// True when M (m x m, row-major) is symmetric and PSD; false with the reason in `why` otherwise.
// Exact: the answer never depends on rounding.
bool prove_psd(const std::vector<Rational>& M, std::size_t m, std::string& why);

// The fast route alone (no exact-LDL^T fallback): true only when it proved M PSD. For tests.
bool prove_psd_by_congruence(const std::vector<Rational>& M, std::size_t m);

}  // namespace constel::bounds::detail
