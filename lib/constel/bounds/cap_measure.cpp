// Cap measure Gamma_n(x) in ball arithmetic (see cap_measure.hpp; docs/math.md section 4).
#include "constel/bounds/cap_measure.hpp"

#include <cmath>
#include <string>

#include "constel/bounds/detail/ball.hpp"
#include "constel/error.hpp"

namespace constel::bounds {
namespace {

void throw_if_bad_cap(std::size_t n, bool x_in_range) {
  if (n < 2) throw InputError("cap measure Gamma_n: n must be >= 2, got " + std::to_string(n));
  if (!x_in_range) throw InputError("cap measure Gamma_n(x): x must lie in [-1, 1]");
}

// Gamma_n(x) at exact rational x, narrowed to the target accuracy.
detail::Ball cap_ball(std::size_t n, const Rational& x) {
  throw_if_bad_cap(n, x >= -1 && x <= 1);
  const Rational z = 1 - x * x;
  return detail::evaluate_narrow([&](long prec) {
    return detail::cap_measure_ball(n, detail::ball_of(z, prec), x < 0, prec);
  });
}

HighFloat midpoint(const detail::Ball& b) {
  HighFloat r;
  arf_get_mpfr(r.backend().data(), arb_midref(b.get()), MPFR_RNDN);
  return r;
}

}  // namespace

HighFloat to_high_float(const Rational& x) {
  return HighFloat(numerator(x)) / HighFloat(denominator(x));
}

HighFloat to_high_float_up(const Rational& x) {
  HighFloat r;
  mpfr_set_q(r.backend().data(), x.backend().data(), MPFR_RNDU);
  return r;
}

HighFloat cap_measure(std::size_t n, const HighFloat& x) {
  throw_if_bad_cap(n, x >= -1 && x <= 1);
  const detail::Ball bx = detail::ball_of(x);  // exact
  detail::Ball b = detail::evaluate_narrow([&](long prec) {
    detail::Ball z;
    arb_mul(z.get(), bx.get(), bx.get(), prec);
    arb_sub_ui(z.get(), z.get(), 1, prec);
    arb_neg(z.get(), z.get());
    return detail::cap_measure_ball(n, z, x < 0, prec);
  });
  return midpoint(b);
}

HighFloat cap_measure(std::size_t n, const Rational& x) { return midpoint(cap_ball(n, x)); }

CapEnclosure cap_measure_enclosure(std::size_t n, const Rational& x) {
  CapEnclosure e;
  detail::ball_endpoints(cap_ball(n, x), e.lower, e.upper);
  return e;
}

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
