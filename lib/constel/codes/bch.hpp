// Narrow-sense primitive binary BCH codes of length n = 2^m - 1, 3 <= m <= 16 (docs/math.md section 3.7):
// the cyclic code whose generator polynomial g(x) is the least common multiple of the minimal
// polynomials of alpha^1, ..., alpha^(delta-1) over GF(2). Its dimension is n - deg g, where deg g is
// the size of the union Z of the cyclotomic cosets {i 2^j mod n} of 1 .. delta - 1, and by the BCH bound
// its minimum distance is at least the Bose distance: 1 + the largest j with 1, ..., j all in Z
// (>= delta). Everything here is exact integer and GF(2^m) arithmetic.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

#include "constel/error.hpp"

namespace constel::codes {

// One distinct BCH code of length 2^m - 1: its Bose distance D (odd, the largest designed distance
// giving this g) and its dimension k.
struct BchStage {
  unsigned m = 0;
  std::size_t n = 0, D = 0, k = 0;
};

// Parameters of BCH(m, delta) without building it (2 <= delta <= n; InputError otherwise).
BchStage bch_parameters(unsigned m, std::size_t delta);

// Every distinct narrow-sense BCH code of length 2^m - 1 for 3 <= m <= 16 with k >= 1, in order of m and
// then of D (computed once, on first use).
const std::vector<BchStage>& bch_stages();

// g(x) of BCH(m, delta) as bits (bit i = coefficient of x^i, deg g = n - k). Each minimal polynomial
// is formed in GF(2^m)[x] as the product of (x - alpha^c) over a cyclotomic coset and checked to have
// coefficients in {0, 1} (InternalError otherwise).
std::vector<std::uint8_t> bch_generator(unsigned m, std::size_t delta);

}  // namespace constel::codes
