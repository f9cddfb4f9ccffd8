// Multiple-precision helpers of the Delsarte LP (see mp_gegenbauer.hpp; docs/math.md section 5.d).
#include "constel/bounds/detail/mp_gegenbauer.hpp"

#include <mpfr.h>

#include <algorithm>
#include <cmath>

namespace constel::bounds::detail {

Jet jet(const Recurrence& r, const std::vector<Mp>& f, const Mp& t) {
  Mp p0 = 1, p1 = t, d0 = 0, d1 = 1, e0 = 0, e1 = 0;
  Jet j{f[0], Mp(0), Mp(0)};
  if (r.K >= 1) j.v += f[1] * t, j.d1 = f[1];
  for (std::size_t k = 2; k <= r.K; ++k) {
    Mp p2 = r.a[k] * t * p1 - r.b[k] * p0;
    Mp d2 = r.a[k] * (p1 + t * d1) - r.b[k] * d0;
    Mp e2 = r.a[k] * (2 * d1 + t * e1) - r.b[k] * e0;
    j.v += f[k] * p2, j.d1 += f[k] * d2, j.d2 += f[k] * e2;
    p0 = p1, p1 = p2, d0 = d1, d1 = d2, e0 = e1, e1 = e2;
  }
  return j;
}

Mp mp_from_rational_down(const Rational& x) {
  Mp out;
  mpfr_set_q(out.backend().data(), x.backend().data(), MPFR_RNDD);
  return out;
}

std::vector<Mp> sample_points(const Rational& s) {
  const double sd = to_double(s), top = std::acos(std::max(-1.0, std::min(1.0, sd)));
  std::vector<double> t;
  const int angle = 1200, uniform = 400;
  for (int i = 1; i < angle; ++i) t.push_back(std::cos(top + (M_PI - top) * i / angle));
  for (int i = 1; i < uniform; ++i) t.push_back(-1.0 + (sd + 1.0) * i / uniform);
  std::sort(t.begin(), t.end());
  t.erase(std::unique(t.begin(), t.end(), [](double a, double b) { return std::abs(a - b) < 1e-12; }), t.end());
  const Mp sm = mp_from_rational_down(s);
  std::vector<Mp> out{Mp(-1)};
  for (double x : t)
    if (x > -1 && Mp(x) < sm) out.push_back(Mp(x));
  out.push_back(sm);
  return out;
}

Rational round_to_dyadic(const Mp& x) {
  Mp y = ldexp(x, 64);
  mpz_t z;
  mpz_init(z);
  mpfr_get_z(z, y.backend().data(), MPFR_RNDN);
  Integer num(z);
  mpz_clear(z);
  return Rational(num, Integer(1) << 64);
}

}  // namespace constel::bounds::detail
