// The cap measure Gamma_n(x) = Pr[H_1 > x] for H uniform on S^{n-1} (docs/math.md section 4):
//   Gamma_n(x) = (1/2) I_{1-x^2}((n-1)/2, 1/2)  for 0 <= x <= 1,  Gamma_n(-x) = 1 - Gamma_n(x).
// It is computed in ball arithmetic (Arb's rigorous regularised incomplete beta, bounds/detail/ball.hpp):
// cap_measure_enclosure gives proved lower and upper ends, and the analytic bounds are read off such
// balls in the safe direction. cap_measure gives the ball's midpoint as a 50-digit MPFR float
// (Boost.Multiprecision with a fixed precision, so no global state), for searches and plots only. MPFR's
// exponent range is huge, so values like 10^-36373 (n = 65536) are represented directly.
#pragma once

#include <boost/multiprecision/mpfr.hpp>
#include <cstddef>

#include "constel/error.hpp"
#include "constel/number/rational.hpp"

namespace constel::bounds {

// 50 decimal digits (about 166 bits), fixed at compile time.
using HighFloat = boost::multiprecision::number<boost::multiprecision::mpfr_float_backend<50>>;

HighFloat to_high_float(const Rational& x);
// x rounded up (toward +infinity) to a HighFloat: a value >= x.
HighFloat to_high_float_up(const Rational& x);

// Gamma_n(x) for n >= 2 and -1 <= x <= 1 (InputError otherwise), as an approximation (the midpoint of a
// ball of relative radius below 1e-40). Gamma_3(x) = (1 - x) / 2.
HighFloat cap_measure(std::size_t n, const HighFloat& x);
HighFloat cap_measure(std::size_t n, const Rational& x);

// A proved enclosure lower <= Gamma_n(x) <= upper (ends rounded outward), relative width below 1e-40.
struct CapEnclosure {
  HighFloat lower, upper;
};
CapEnclosure cap_measure_enclosure(std::size_t n, const Rational& x);

// ln Gamma_n(x) as a double (finite for x < 1; -inf at x = 1).
double log_cap_measure(std::size_t n, const HighFloat& x);

// floor / ceil of a positive HighFloat as an exact integer (for values below 10^40).
Integer floor_to_integer(const HighFloat& x);
Integer ceil_to_integer(const HighFloat& x);

}  // namespace constel::bounds
