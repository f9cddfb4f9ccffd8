// Exact Levenshtein bound (docs/math.md section 5); see levenshtein.hpp for how the branch is chosen exactly.
#include "constel/bounds/levenshtein.hpp"

#include <algorithm>
#include <string>

#include "constel/bounds/size_bound.hpp"

#include "constel/bounds/gegenbauer.hpp"
#include "constel/error.hpp"

namespace constel::bounds {
namespace {

Rational binomial(std::size_t top, std::size_t k) {
  Integer r = 1;
  for (std::size_t i = 1; i <= k; ++i) {
    r *= Integer(top - k + i);
    r /= Integer(i);  // exact: r is C(top-k+i, i) after this step
  }
  return Rational(r);
}

// L_{2k-1}(n, s) = C(k+n-3, k-1) [ (2k+n-3)/(n-1) - (P_{k-1} - P_k) / ((1-s) P_k) ]
Rational odd_branch(std::size_t n, std::size_t k, const Rational& s, const Rational& pk1, const Rational& pk) {
  Rational inner = Rational(Integer(2 * k + n - 3), Integer(n - 1)) - (pk1 - pk) / ((1 - s) * pk);
  return binomial(k + n - 3, k - 1) * inner;
}

// L_{2k}(n, s) = C(k+n-2, k) [ (2k+n-1)/(n-1) - (1+s)(P_k - P_{k+1}) / ((1-s)(P_k + P_{k+1})) ]
Rational even_branch(std::size_t n, std::size_t k, const Rational& s, const Rational& pk, const Rational& pk1) {
  Rational inner =
      Rational(Integer(2 * k + n - 1), Integer(n - 1)) - (1 + s) * (pk - pk1) / ((1 - s) * (pk + pk1));
  return binomial(k + n - 2, k) * inner;
}

}  // namespace

LevenshteinBound exact_levenshtein_bound(std::size_t n, const Rational& s, std::size_t max_half_degree) {
  if (n < 2) throw InputError("Levenshtein bound: dimension n must be >= 2, got " + std::to_string(n));
  if (s < -1 || s >= 1) throw InputError("Levenshtein bound: s must lie in [-1, 1), got " + to_string(s));
  // a: Gegenbauer of S^{n-1}, holds (Q_k, Q_{k+1}); b: Gegenbauer of S^{n+1}, holds Q_k.
  ExactGegenbauerSequence a(n, s), b(n + 2, s);
  const Integer& q = a.q();
  for (std::size_t k = 1; k <= max_half_degree; ++k) {
    // Invariant: s >= t_{k-1}^{1,1}; a.degree() == k+1, b.degree() == k.
    while (a.degree() < k + 1) a.advance();
    while (b.degree() < k) b.advance();
    // sign(P_k - P_{k+1}) = sign(Q_k q (k+n-2) - Q_{k+1}): denominators q^{k+1} W_{k+1} > 0.
    Integer diff = a.numerator_previous() * q * Integer(k + n - 2) - a.numerator_at_degree();
    if (diff < 0) {
      // t_{k-1}^{1,1} <= s < t_k^{1,0}: odd degree 2k-1, needs P_{k-1}, P_k.
      Rational pk = a.value(k);
      Rational pkm1 = exact_gegenbauer_value(n, k - 1, s);
      return {odd_branch(n, k, s, pkm1, pk), 2 * k - 1};
    }
    if (b.numerator_at_degree() < 0) {
      // t_k^{1,0} <= s < t_k^{1,1}: even degree 2k, needs P_k, P_{k+1}.
      return {even_branch(n, k, s, a.value(k), a.value(k + 1)), 2 * k};
    }
  }
  throw LimitError("Levenshtein bound: s = " + to_string(s) + " needs degree above " +
                   std::to_string(2 * max_half_degree) + " in dimension " + std::to_string(n));
}

}  // namespace constel::bounds

namespace constel::bounds {
namespace {
LevenshteinUpper from_exact(const LevenshteinBound& e) {
  LevenshteinUpper u;
  u.degree = e.degree;
  u.exact = e.value;
  u.upper = to_high_float_up(e.value);
  u.log10 = log10_of(e.value);
  return u;
}
}  // namespace

LevenshteinUpper levenshtein_upper(std::size_t n, const Rational& s) {
  if (n < 2) throw InputError("Levenshtein bound: dimension n must be >= 2, got " + std::to_string(n));
  if (s < -1 || s >= 1) throw InputError("Levenshtein bound: s must lie in [-1, 1), got " + to_string(s));
  // Small degrees: exact right away (LimitError here only means the degree is larger).
  try {
    return from_exact(exact_levenshtein_bound(n, s, 400));
  } catch (const LimitError&) {
  }
  for (long bits = 128; bits <= 8192; bits *= 2) {
    auto r = levenshtein_upper_interval(n, s, kLevenshteinIntervalMaxHalfDegree, bits);
    if (!r) continue;
    if (r->degree <= 2 * kLevenshteinExactHalfDegree) return from_exact(exact_levenshtein_bound(n, s, kLevenshteinExactHalfDegree));
    return *r;
  }
  // A sign stayed undecided at every precision (s within 2^-8000 of a Jacobi zero): exact decides.
  return from_exact(exact_levenshtein_bound(n, s, kLevenshteinExactHalfDegree));
}

}  // namespace constel::bounds
