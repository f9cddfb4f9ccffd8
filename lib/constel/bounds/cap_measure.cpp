// Cap measure Gamma_n(x) in 50-digit MPFR arithmetic (see cap_measure.hpp; docs/math.md section 4).
#include "constel/bounds/cap_measure.hpp"

#include <boost/math/special_functions/beta.hpp>
#include <string>

#include "constel/error.hpp"

namespace constel::bounds {

HighFloat to_high_float(const Rational& x) {
  return HighFloat(numerator(x)) / HighFloat(denominator(x));
}

HighFloat cap_measure(std::size_t n, const HighFloat& x) {
  if (n < 2) throw InputError("cap measure Gamma_n: n must be >= 2, got " + std::to_string(n));
  if (x < -1 || x > 1) throw InputError("cap measure Gamma_n(x): x must lie in [-1, 1]");
  if (x < 0) return 1 - cap_measure(n, HighFloat(-x));
  if (x == 1) return HighFloat(0);
  HighFloat z = 1 - x * x;
  return boost::math::ibeta(HighFloat(n - 1) / 2, HighFloat(1) / 2, z) / 2;
}

HighFloat cap_measure(std::size_t n, const Rational& x) { return cap_measure(n, to_high_float(x)); }

double log_cap_measure(std::size_t n, const HighFloat& x) {
  HighFloat g = cap_measure(n, x);
  if (g <= 0) return -INFINITY;
  return static_cast<double>(log(g));
}

Integer floor_to_integer(const HighFloat& x) {
  Integer z;
  mpfr_get_z(z.backend().data(), x.backend().data(), MPFR_RNDD);
  return z;
}

Integer ceil_to_integer(const HighFloat& x) {
  Integer z;
  mpfr_get_z(z.backend().data(), x.backend().data(), MPFR_RNDU);
  return z;
}

}  // namespace constel::bounds
