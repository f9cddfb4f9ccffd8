// Exact dot products of stored floats, the exact half of the certified verifier. Every float32 or
// float64 value is m * 2^e with an integer m, so a dot product is an integer multiple of 2^E with
// E = -298 (two float32 factors) or E = -2148 (two float64 factors). exact_dot adds the integer
// products m_a m_b into a long fixed-point accumulator of 32-bit digits held in int64 cells (no carry
// per term), so the result is exact whatever d is (d < 2^28) and costs a few ns per term. Values are
// returned as GMP integers in units of 2^E; a common scale keeps comparisons integer comparisons.
#pragma once

#include <cstddef>

#include "constel/number/rational.hpp"

namespace constel::detail {

template <class T>
constexpr int exact_dot_exponent() {
  return sizeof(T) == 4 ? -298 : -2148;
}

// sum_k x[k] y[k] exactly, in units of 2^exact_dot_exponent<T>(). Inputs must be finite.
template <class T>
Integer exact_dot(const T* x, const T* y, std::size_t d);

// z * 2^exponent as a reduced rational.
Rational scaled_to_rational(const Integer& z, int exponent);

}  // namespace constel::detail
