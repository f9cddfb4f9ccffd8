// Conversions between exact rationals and MPFR floats (see bigfloat.hpp).
#include "constel/number/bigfloat.hpp"

#include <mpfr.h>

#include "constel/error.hpp"

namespace constel {

BigFloat to_bigfloat(const Rational& x, unsigned digits10) {
  BigFloat r(0, digits10);
  mpfr_set_q(r.backend().data(), x.backend().data(), MPFR_RNDN);
  return r;
}

Rational exact_rational(const BigFloat& x) {
  if (!mpfr_number_p(x.backend().data())) throw InputError("not a finite number");
  if (mpfr_zero_p(x.backend().data())) return Rational(0);
  Integer m;
  mpfr_exp_t e = mpfr_get_z_2exp(m.backend().data(), x.backend().data());
  if (e >= 0) return Rational(m << static_cast<unsigned>(e));
  return Rational(m, Integer(1) << static_cast<unsigned>(-e));
}

}  // namespace constel
