// A value the certified verifier reports: an exact rational, or (with normalize, where cosines are
// irrational in general) a certified interval lo <= value <= hi. Its own header so that code which only
// passes reports around (JSON, Python, the MPI front end) needs nothing of the verifier.
#pragma once

#include "constel/number/rational.hpp"

namespace constel {

// `approx` is the nearest double of the exact value (or of a 256-bit approximation of the irrational
// one); lo and hi are rounded outward.
struct CertifiedValue {
  bool exact = true;
  Rational value;  // valid when exact
  double lo = 0, hi = 0, approx = 0;
};

}  // namespace constel
