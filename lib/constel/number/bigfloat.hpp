// High-precision binary floats over MPFR (Boost.Multiprecision mpfr_float with variable precision).
// Precision is passed explicitly (in decimal digits) to every function that creates a value, never kept
// as hidden global state by the library: results carry the precision of their inputs.
#pragma once

#include <boost/multiprecision/mpfr.hpp>

#include "constel/error.hpp"
#include "constel/number/rational.hpp"

namespace constel {

using BigFloat = boost::multiprecision::mpfr_float;

// x rounded to nearest at `digits10` decimal digits of precision.
BigFloat to_bigfloat(const Rational& x, unsigned digits10);

// The rational equal to a (finite) BigFloat, exactly.
Rational exact_rational(const BigFloat& x);

}  // namespace constel
