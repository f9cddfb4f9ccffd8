// The finite field GF(2^m), 2 <= m <= 20, for the algebraic codes of algebraic.hpp (BCH and Reed-Solomon,
// docs/math.md section 3.7). Elements are the integers 0 .. 2^m - 1, read as polynomials over GF(2) in a
// root alpha of a fixed primitive polynomial (bit i = coefficient of alpha^i). The constructor builds
// the tables of alpha^i and checks that the polynomial is primitive: alpha has order exactly 2^m - 1
// (InternalError otherwise), so alpha^0, ..., alpha^{2^m - 2} are the distinct nonzero elements.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

#include "constel/error.hpp"

namespace constel::codes {

class GF2m {
 public:
  explicit GF2m(unsigned m);  // InputError unless 2 <= m <= 20

  unsigned m() const { return m_; }
  std::uint32_t order() const { return n_; }          // 2^m - 1, the order of alpha
  std::uint32_t polynomial() const { return poly_; }  // the primitive polynomial, bit i = x^i
  std::uint32_t alpha_pow(std::uint64_t i) const { return exp_[i % n_]; }
  std::uint32_t log(std::uint32_t x) const;  // x != 0 (InternalError for 0)
  static std::uint32_t add(std::uint32_t x, std::uint32_t y) { return x ^ y; }
  std::uint32_t mul(std::uint32_t x, std::uint32_t y) const;
  std::uint32_t inv(std::uint32_t x) const;  // x != 0

 private:
  unsigned m_;
  std::uint32_t n_, poly_;
  std::vector<std::uint32_t> exp_, log_;
};

// The primitive polynomial used for GF(2^m) (a fixed table, checked by GF2m's constructor).
std::uint32_t primitive_polynomial(unsigned m);

}  // namespace constel::codes
