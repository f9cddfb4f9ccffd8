// One bound on a number of points or pairs, as the commands report it: log10 of the bound, the exact
// integer when it is known (floor of an upper bound, ceiling of a lower bound), and the method that
// proved it, and whether it is rigorous (proved). "infinite" marks the degenerate m = 0 case (any N);
// "empty" marks N = 0.
#pragma once

#include <optional>
#include <string>

#include "constel/bounds/cap_measure.hpp"
#include "constel/number/rational.hpp"

namespace constel::bounds {

struct SizeBound {
  std::string method;
  double log10 = 0;                // log10 of the bound (of `value` when set); -inf when N = 0
  std::optional<Integer> value;    // the integer bound when known exactly (may exceed 2^63)
  bool infinite = false;           // no finite bound (degenerate region)
  // Proved: exact arithmetic, a checked certificate, or a ball/interval enclosure read off in the safe
  // direction. Every bound the library makes today is; a future one that is not says why in the note.
  bool rigorous = true;
  // Which way a printed log10 may be rounded and stay a bound: +1 up (an upper bound), -1 down (a
  // lower bound), 0 unknown (an exact size used either way; its integer is the bound).
  int log10_side = 0;
  std::string rigorous_note;       // why not, when rigorous is false
};

// An upper bound given exactly: value = floor(x).
SizeBound upper_from_rational(const Rational& x, std::string method);
// From a high-precision value that is itself a proved bound (taken exactly): the integer is its floor
// (upper) or ceiling (lower), and beyond 10^40 the log10 is rounded up (upper) or down (lower).
SizeBound upper_from_high(const HighFloat& x, std::string method);
SizeBound lower_from_high(const HighFloat& x, std::string method);
SizeBound exact_size(const Integer& n, std::string method);
SizeBound infinite_size(std::string method);

// log10 of a positive rational (double accuracy; -inf for 0).
double log10_of(const Rational& x);

// x with 4 decimals, rounded up (side > 0), down (side < 0) or to nearest (side == 0): the printed
// decimal, read exactly, is >= x (up) or <= x (down). "inf" / "-inf" for infinities.
std::string log10_text(double x, int side);

}  // namespace constel::bounds
