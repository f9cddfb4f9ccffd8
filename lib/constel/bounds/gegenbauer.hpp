// Normalised Gegenbauer polynomials P_k of S^{n-1} (docs/math.md section 5: P_0 = 1, P_1 = t,
// P_k = ((2k+n-4) t P_{k-1} - (k-1) P_{k-2}) / (k+n-3), P_k(1) = 1), in three arithmetics: exact values
// at a rational point through an integer-only recurrence (no gcd, so degrees in the thousands stay
// cheap), exact monomial coefficients for the certificate, and doubles for the LP.
#pragma once

#include <cstddef>
#include <vector>

#include "constel/number/rational.hpp"

namespace constel::bounds {

// A polynomial over Q, coefficient i of t^i (trailing zeros allowed).
using RationalPolynomial = std::vector<Rational>;

// Exact values P_0(s), P_1(s), ... at s = p/q, kept in integer form: P_k(s) = numerator(k) / (q^k W_k)
// with W_k = prod_{j=2..k} (j + n - 3) > 0. The recurrence is
//   Q_k = (2k+n-4) p Q_{k-1} - (k-1) q^2 (k+n-4) Q_{k-2}   (k >= 3; k = 2: Q_2 = n p^2 - q^2),
// so sign(P_k(s)) = sign(Q_k) and each step costs a few multiplications by small integers.
class ExactGegenbauerSequence {
 public:
  ExactGegenbauerSequence(std::size_t n, const Rational& s);  // n >= 2
  // Advances to the next degree; degree() is the largest k with Q_k known.
  void advance();
  std::size_t degree() const { return k_; }
  const Integer& numerator_at_degree() const { return cur_; }   // Q_k
  const Integer& numerator_previous() const { return prev_; }   // Q_{k-1} (k >= 1)
  // The exact value P_j(s) for j in {k-1, k} (builds the denominator q^j W_j).
  Rational value(std::size_t j) const;
  std::size_t dimension() const { return n_; }
  const Integer& p() const { return p_; }
  const Integer& q() const { return q_; }

 private:
  std::size_t n_, k_ = 1;
  Integer p_, q_, q2_;
  Integer prev_, cur_;
};

// Exact P_j(s) for one degree (runs the recurrence).
Rational exact_gegenbauer_value(std::size_t n, std::size_t degree, const Rational& s);

// Monomial coefficients of P_0..P_degree (exact).
std::vector<RationalPolynomial> gegenbauer_monomials(std::size_t n, std::size_t degree);

// Coefficients in the Gegenbauer basis of a polynomial given in the monomial basis (exact, triangular).
std::vector<Rational> monomial_to_gegenbauer(std::size_t n, const RationalPolynomial& f);

// sum_k g_k P_k as monomial coefficients (exact).
RationalPolynomial gegenbauer_to_monomial(std::size_t n, const std::vector<Rational>& g);

// Double values P_0(t)..P_degree(t) (stable on [-1, 1]: |P_k| <= 1 there).
void gegenbauer_values_double(std::size_t n, std::size_t degree, double t, double* out);

}  // namespace constel::bounds
