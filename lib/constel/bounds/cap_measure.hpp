// The cap measure Gamma_n(x) = Pr[H_1 > x] for H uniform on S^{n-1} (docs/math.md section 4):
//   Gamma_n(x) = (1/2) I_{1-x^2}((n-1)/2, 1/2)  for 0 <= x <= 1,  Gamma_n(-x) = 1 - Gamma_n(x),
// in 50-digit MPFR arithmetic (Boost.Multiprecision with a fixed precision, so no global state) with
// Boost.Math's regularised incomplete beta. MPFR's exponent range is huge, so values like 10^-36373
// (n = 65536) are represented directly; log-space results are returned as doubles for reporting.
#pragma once

#include <boost/multiprecision/mpfr.hpp>
#include <cstddef>

#include "constel/number/rational.hpp"

namespace constel::bounds {

// 50 decimal digits (about 166 bits), fixed at compile time.
using HighFloat = boost::multiprecision::number<boost::multiprecision::mpfr_float_backend<50>>;

// Relative slack applied in the safe direction whenever a high-precision value becomes a bound
// (the incomplete beta is accurate to far better than this at 50 digits).
inline const HighFloat& high_float_slack() {
  static const HighFloat slack("1e-30");
  return slack;
}

HighFloat to_high_float(const Rational& x);

// Gamma_n(x) for n >= 2 and -1 <= x <= 1 (InputError otherwise). Gamma_3(x) = (1 - x) / 2.
HighFloat cap_measure(std::size_t n, const HighFloat& x);
HighFloat cap_measure(std::size_t n, const Rational& x);

// ln Gamma_n(x) as a double (finite for x < 1; -inf at x = 1).
double log_cap_measure(std::size_t n, const HighFloat& x);

// floor / ceil of a positive HighFloat as an exact integer (for values below 10^40).
Integer floor_to_integer(const HighFloat& x);
Integer ceil_to_integer(const HighFloat& x);

}  // namespace constel::bounds
