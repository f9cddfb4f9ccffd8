// Construction 3 (docs/math.md section 3.5), exact, in d = 3. The paper's angles (polar angle pi/4 + eps, a regular
// polygon) have no rational coordinates, so rational stand-ins keep the file exact:
// - the N - 2 azimuths are equally spaced in a wedge of 40 degrees around azimuth 0 and replaced by the
//   rational points ((1 - t^2)/(1 + t^2), 2t/(1 + t^2)) of the unit circle with t a rational
//   approximation of tan(azimuth / 2) (distinct t keep the order);
// - sin(polar angle) is a rational sigma with 1/2 < sigma^2 < 1/(1 + c_max), c_max the largest cosine
//   between two azimuths; cos(polar angle) is sqrt(1 - sigma^2), the squared scale of the z column:
//   U_i = (sigma a_i, sigma b_i, +sqrt(1 - sigma^2)), V_i = (sigma a_i, sigma b_i, -sqrt(1 - sigma^2)),
//   so <U_i,V_i> = 2 sigma^2 - 1 > 0 and <U_i,V_j> = sigma^2 c_ij - (1 - sigma^2) < 0;
// - the two equator pairs are U = V = (-3/5, +-4/5, 0): <e1, e2> = -7/25 < 0, and both make an angle
//   over 90 degrees with every azimuth of the wedge (checked exactly), so every cross term is negative.
// The claim is the exact (m*, b*) from these formulas.
#include <cmath>

#include "constel/construct/constructions.hpp"
#include "constel/error.hpp"

namespace constel::construct {
namespace {

Rational rational_near(double x, const Integer& den) { return Rational(Integer(static_cast<long long>(std::llround(x * double(den)))), den); }

}  // namespace

Configuration gap_tight(std::size_t N) {
  if (N < 5 || N > 1000000) throw InputError("gap-tight: N must be in [5, 1000000] (N >= d + 2 = 5), got " + std::to_string(N));
  const std::size_t P = N - 2;
  const double pi = std::acos(-1.0), W = 40.0 * pi / 180.0;
  const Integer Q = Integer(64) * Integer(P);
  std::vector<Rational> a(P), b(P);
  for (std::size_t i = 0; i < P; ++i) {
    double phi = -W / 2 + W * double(i) / double(P - 1);
    Rational t = rational_near(std::tan(phi / 2), Q);
    a[i] = (1 - t * t) / (1 + t * t);
    b[i] = 2 * t / (1 + t * t);
  }
  Rational cmax = -1;
  for (std::size_t i = 0; i + 1 < P; ++i) {
    Rational c = a[i] * a[i + 1] + b[i] * b[i + 1];
    if (c >= 1) throw InternalError("gap-tight: two azimuths coincide");
    if (c > cmax) cmax = c;
  }
  const Rational lo(1, 2), hi = 1 / (1 + cmax);
  const double target = std::sqrt((0.5 + to_double(hi)) / 2);
  Rational sigma;
  for (int bits = 8;; ++bits) {
    if (bits > 100) throw InternalError("gap-tight: no rational sigma found");
    sigma = rational_near(target, Integer(1) << bits);
    if (sigma * sigma > lo && sigma * sigma < hi) break;
  }
  const Rational s2 = sigma * sigma, c2 = 1 - s2;
  const Rational ex(-3, 5), ey[2] = {Rational(4, 5), Rational(-4, 5)};
  Rational max_cross = -1;  // max over wedge points and equator points of sigma <(a_i, b_i), e>
  for (std::size_t i = 0; i < P; ++i)
    for (const auto& y : ey) {
      Rational v = sigma * (a[i] * ex + b[i] * y);
      if (v >= 0) throw InternalError("gap-tight: an equator point is not obtuse to the wedge");
      if (v > max_cross) max_cross = v;
    }
  Configuration c(N, 3, 2);
  c.set_scale(2, c2);
  for (std::size_t i = 0; i < P; ++i)
    for (std::size_t m = 0; m < 2; ++m) {
      c.entry(m, i, 0) = sigma * a[i];
      c.entry(m, i, 1) = sigma * b[i];
      c.entry(m, i, 2) = m == 0 ? 1 : -1;
    }
  for (std::size_t e = 0; e < 2; ++e)
    for (std::size_t m = 0; m < 2; ++m) {
      c.entry(m, P + e, 0) = ex;
      c.entry(m, P + e, 1) = ey[e];
    }
  const Rational min_diag = 2 * s2 - 1;
  Rational max_off = s2 * (1 + cmax) - 1;
  if (max_cross > max_off) max_off = max_cross;
  if (Rational(-7, 25) > max_off) max_off = Rational(-7, 25);
  c.set_claim(Claim{(min_diag - max_off) / 2, (min_diag + max_off) / 2});
  c.set_source("constel generate gap-tight --N " + std::to_string(N) +
               " (docs/math.md section 3.5, rational stand-ins): sigma = " + to_string(sigma) + ", " + std::to_string(P) +
               " pairs in a 40-degree wedge, 2 pairs U = V = (-3/5, +-4/5, 0) on the equator");
  return c;
}

}  // namespace constel::construct
