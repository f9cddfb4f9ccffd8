// Exact LDL^T of a rational positive semidefinite Gram matrix, and the coordinates it gives
// (docs/math.md section 3.6): G = L D L^T with L unit lower triangular; the rows of L sqrt(D), with the zero
// pivots dropped, are points whose Gram matrix is exactly G, in the scale form of Configuration
// (squared scale q_j = D_j, entry r_ij = L_ij). The dimension is the rank of G.
#pragma once

#include <cstddef>
#include <vector>

#include "constel/config/configuration.hpp"

namespace constel {

struct LdltResult {
  std::size_t n = 0;                 // order of G
  std::vector<Rational> L;           // n x n, row-major, unit lower triangular
  std::vector<Rational> D;           // n pivots, all >= 0
};

// Throws InputError when G is not symmetric or not positive semidefinite (a negative pivot, or a zero
// pivot whose column is not zero); the message names the row. O(n^3) rational operations.
LdltResult exact_ldlt(const std::vector<Rational>& G, std::size_t n);

// Scaled coordinates of the n points with Gram matrix G: scales (one per kept pivot, rank of them) and
// the n x rank entries, row-major.
struct ScaledPoints {
  std::size_t n = 0, dim = 0;
  std::vector<Rational> scales;   // dim squared scales q_j > 0
  std::vector<Rational> entries;  // n x dim, row-major
};
ScaledPoints points_from_gram(const std::vector<Rational>& G, std::size_t n);

// A configuration of k modalities of N rows from the Gram matrix of all k*N points (modality-major
// order: rows 0..N-1 are modality 0, and so on). Its d is the rank of G.
Configuration configuration_from_gram(const std::vector<Rational>& G, std::size_t N, std::size_t k);

}  // namespace constel
