// Gegenbauer polynomials of S^{n-1}: exact integer-form values, exact monomial expansions and double
// values (docs/math.md section 5). See gegenbauer.hpp for the integer-form recurrence.
#include "constel/bounds/gegenbauer.hpp"

#include "constel/error.hpp"

namespace constel::bounds {

ExactGegenbauerSequence::ExactGegenbauerSequence(std::size_t n, const Rational& s) : n_(n) {
  if (n < 2) throw InputError("Gegenbauer polynomials need dimension n >= 2");
  p_ = numerator(s);
  q_ = denominator(s);
  q2_ = q_ * q_;
  prev_ = 1;   // Q_0
  cur_ = p_;   // Q_1 = q * P_1(s)
}

void ExactGegenbauerSequence::advance() {
  std::size_t k = k_ + 1;
  Integer next;
  if (k == 2) {
    next = Integer(n_) * p_ * p_ - q2_;
  } else {
    next = Integer(2 * k + n_ - 4) * p_ * cur_;
    next -= Integer(k - 1) * Integer(k + n_ - 4) * q2_ * prev_;
  }
  prev_ = std::move(cur_);
  cur_ = std::move(next);
  k_ = k;
}

Rational ExactGegenbauerSequence::value(std::size_t j) const {
  if (j + 1 != k_ && j != k_) throw InternalError("ExactGegenbauerSequence::value: degree not held");
  Integer den = 1;
  for (std::size_t i = 2; i <= j; ++i) den *= Integer(i + n_ - 3);
  Integer qj = 1;
  for (std::size_t i = 0; i < j; ++i) qj *= q_;
  den *= qj;
  return Rational(j == k_ ? cur_ : prev_, den);
}

Rational exact_gegenbauer_value(std::size_t n, std::size_t degree, const Rational& s) {
  if (degree == 0) return Rational(1);
  ExactGegenbauerSequence seq(n, s);
  while (seq.degree() < degree) seq.advance();
  return seq.value(degree);
}

std::vector<RationalPolynomial> gegenbauer_monomials(std::size_t n, std::size_t degree) {
  if (n < 2) throw InputError("Gegenbauer polynomials need dimension n >= 2");
  std::vector<RationalPolynomial> P(degree + 1);
  P[0] = {Rational(1)};
  if (degree >= 1) P[1] = {Rational(0), Rational(1)};
  for (std::size_t k = 2; k <= degree; ++k) {
    RationalPolynomial r(k + 1, Rational(0));
    Rational a(Integer(2 * k + n - 4), Integer(k + n - 3));
    Rational c(Integer(k - 1), Integer(k + n - 3));
    for (std::size_t i = 0; i < P[k - 1].size(); ++i) r[i + 1] += a * P[k - 1][i];
    for (std::size_t i = 0; i < P[k - 2].size(); ++i) r[i] -= c * P[k - 2][i];
    P[k] = std::move(r);
  }
  return P;
}

std::vector<Rational> monomial_to_gegenbauer(std::size_t n, const RationalPolynomial& f) {
  std::size_t deg = f.empty() ? 0 : f.size() - 1;
  while (deg > 0 && f[deg] == 0) --deg;
  auto P = gegenbauer_monomials(n, deg);
  RationalPolynomial rest(f);
  rest.resize(deg + 1, Rational(0));
  std::vector<Rational> g(deg + 1, Rational(0));
  for (std::size_t k = deg + 1; k-- > 0;) {
    g[k] = rest[k] / P[k][k];
    for (std::size_t i = 0; i <= k; ++i) rest[i] -= g[k] * P[k][i];
  }
  return g;
}

RationalPolynomial gegenbauer_to_monomial(std::size_t n, const std::vector<Rational>& g) {
  if (g.empty()) return {Rational(0)};
  auto P = gegenbauer_monomials(n, g.size() - 1);
  RationalPolynomial f(g.size(), Rational(0));
  for (std::size_t k = 0; k < g.size(); ++k)
    if (g[k] != 0)
      for (std::size_t i = 0; i <= k; ++i) f[i] += g[k] * P[k][i];
  return f;
}

void gegenbauer_values_double(std::size_t n, std::size_t degree, double t, double* out) {
  out[0] = 1.0;
  if (degree >= 1) out[1] = t;
  for (std::size_t k = 2; k <= degree; ++k)
    out[k] = (double(2 * k + n - 4) * t * out[k - 1] - double(k - 1) * out[k - 2]) / double(k + n - 3);
}

}  // namespace constel::bounds
