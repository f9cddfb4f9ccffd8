// The Levenshtein bound on N_SC(n, s) (docs/math.md section 5), exact at rational s, for large n and degrees in the
// thousands. The branch (the degree 2k-1 or 2k) is chosen exactly, without floating point: with the
// ordering t_{k-1}^{1,1} < t_k^{1,0} < t_k^{1,1}, s < t_k^{1,0} iff P_k(s) - P_{k+1}(s) < 0 (that
// difference is (1-t) times the Jacobi polynomial P_k^{(1,0)}, which has exactly one zero to the right
// of t_{k-1}^{1,1}), and s < t_k^{1,1} iff the Gegenbauer polynomial of S^{n+1} of degree k (the
// derivative of P_{k+1}, Jacobi (1,1)) is negative at s. Both signs come from the integer recurrence.
#pragma once

#include <cstddef>

#include "constel/number/rational.hpp"

namespace constel::bounds {

struct LevenshteinBound {
  Rational value;        // L_{degree}(n, s), exact
  std::size_t degree;    // 2k-1 or 2k
};

// Largest k (half-degree) tried before giving up with a LimitError.
inline constexpr std::size_t kLevenshteinMaxHalfDegree = 6000;

// L(n, s) for n >= 2 and -1 <= s < 1 (InputError otherwise; LimitError when the degree needed exceeds
// 2 * max_half_degree).
LevenshteinBound exact_levenshtein_bound(std::size_t n, const Rational& s,
                                         std::size_t max_half_degree = kLevenshteinMaxHalfDegree);

}  // namespace constel::bounds
