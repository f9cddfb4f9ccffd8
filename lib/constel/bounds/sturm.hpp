// Exact real-root tools for polynomials over Q: primitive integer form, Sturm sequences (primitive
// pseudo-remainder sequence with the signs of true remainders) and the exact decision "f(t) <= c for
// every t in [lo, hi]" that certifies Delsarte polynomials (docs/math.md section 5). Everything is exact (GMP); no
// floating point is involved, so a "true" answer is a proof.
#pragma once

#include <cstddef>
#include <vector>

#include "constel/bounds/gegenbauer.hpp"
#include "constel/number/rational.hpp"

namespace constel::bounds {

using IntegerPolynomial = std::vector<Integer>;  // coefficient i of t^i, no trailing zeros (zero = {})

// A positive multiple of f with coprime integer coefficients (the zero polynomial gives {}).
IntegerPolynomial primitive_integer_polynomial(const RationalPolynomial& f);

// Sign of F(a/b) (b > 0), exactly.
int sign_at(const IntegerPolynomial& F, const Rational& x);

// The Sturm sequence of a squarefree F (F, F', -rem, ...), each element scaled by a positive constant.
std::vector<IntegerPolynomial> sturm_sequence(const IntegerPolynomial& F);

// The squarefree part F / gcd(F, F') (primitive, same sign of leading coefficient as F).
IntegerPolynomial squarefree_part(const IntegerPolynomial& F);

// Number of distinct real roots of the squarefree polynomial in (a, b] (a < b), from its Sturm sequence.
std::size_t count_roots(const std::vector<IntegerPolynomial>& sturm, const Rational& a, const Rational& b);

// True iff f(t) <= c for every t in [lo, hi] (lo < hi), decided exactly. work_limit bounds the number
// of bisection steps (LimitError beyond it; never reached for squarefree parts of moderate degree).
bool exact_max_at_most(const RationalPolynomial& f, const Rational& c, const Rational& lo, const Rational& hi,
                       std::size_t work_limit = 100000);

// Exact value of f at x.
Rational evaluate(const RationalPolynomial& f, const Rational& x);

}  // namespace constel::bounds
