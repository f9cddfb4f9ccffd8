// The exact projections of three_point_projection.hpp (docs/math.md section 5.f).
#include "constel/bounds/detail/three_point_projection.hpp"

#include <algorithm>
#include <map>
#include <utility>

#include "constel/bounds/detail/three_point_chebyshev.hpp"
#include "constel/error.hpp"

namespace constel::bounds::three_point {

// Moves G_0 onto the affine space of Gram matrices of `target` (orthogonal projection: the residual
// of each monomial is spread evenly over the entries that produce it).
// With the symmetrized identity only the orbit sums must match, so the residual of each orbit of
// monomials is spread evenly over the entries that produce a monomial of that orbit.
void project_gram(std::vector<Rational>& G, int d, const Poly3<Rational>& target) {
  auto basis = monomials(d);
  std::size_t m = basis.size();
  auto key = [&](std::size_t a, std::size_t b) {
    return orbit_key({basis[a][0] + basis[b][0], basis[a][1] + basis[b][1], basis[a][2] + basis[b][2]});
  };
  std::map<Exponent, std::pair<Rational, int>> sums;
  for (std::size_t a = 0; a < m; ++a)
    for (std::size_t b = 0; b < m; ++b) {
      auto& e = sums[key(a, b)];
      e.first += G[a * m + b];
      e.second += 1;
    }
  auto want = orbit_sums(target);
  for (const auto& [e, c] : want)
    if (!sums.count(e)) throw InternalError("three-point SDP: the target has a monomial beyond sigma_0's degree");
  std::map<Exponent, Rational> shift;
  for (const auto& [e, sc] : sums) {
    auto it = want.find(e);
    shift[e] = ((it == want.end() ? Rational(0) : it->second) - sc.first) / Rational(sc.second);
  }
  for (std::size_t a = 0; a < m; ++a)
    for (std::size_t b = 0; b < m; ++b) G[a * m + b] += shift[key(a, b)];
}

// The same for a Gram matrix in the tensor Chebyshev basis (docs/math.md section 5.f): the product
// T_alpha T_beta has the leading term T_{alpha + beta} (coefficient 2^-k, k the number of variables in
// which both powers are positive) and otherwise terms of lower total degree, so the orbits are fixed
// from the highest total degree down, each one's residual spread over the entries (alpha, beta) with
// alpha + beta in it, whose lower terms then move the residuals of lower orbits.
void project_gram_chebyshev(std::vector<Rational>& G, int d, const Poly3<Rational>& target_in_monomials) {
  auto basis = monomials(d);
  const std::size_t m = basis.size();
  std::map<Exponent, Rational> residual = orbit_sums(monomial_to_chebyshev(target_in_monomials));
  for (const auto& [e, c] : orbit_sums(chebyshev_gram_polynomial(G, d))) residual[e] -= c;
  std::map<Exponent, std::vector<std::pair<std::size_t, std::size_t>>> pairs;
  for (std::size_t a = 0; a < m; ++a)
    for (std::size_t b = 0; b < m; ++b)
      pairs[orbit_key({basis[a][0] + basis[b][0], basis[a][1] + basis[b][1], basis[a][2] + basis[b][2]})]
          .emplace_back(a, b);
  std::vector<Exponent> order;
  for (const auto& [e, r] : residual) order.push_back(e);
  std::sort(order.begin(), order.end(), [](const Exponent& x, const Exponent& y) {
    return x[0] + x[1] + x[2] > y[0] + y[1] + y[2];
  });
  Exponent terms[8];
  for (const auto& o : order) {
    const Rational r = residual[o];
    if (r == 0) continue;
    auto it = pairs.find(o);
    if (it == pairs.end()) throw InternalError("three-point SDP: the target has a monomial beyond sigma_0's degree");
    const Rational share = r / Rational(long(it->second.size()));
    for (const auto& [a, b] : it->second) {
      Rational delta = share;
      for (int i = 0; i < 3; ++i)
        if (basis[a][i] > 0 && basis[b][i] > 0) delta *= 2;
      G[a * m + b] += delta;
      chebyshev_product_terms(basis[a], basis[b], terms);
      for (const auto& e : terms) residual[orbit_key(e)] -= delta / 8;
    }
  }
  for (const auto& [e, r] : residual)
    if (r != 0) throw InternalError("three-point SDP: the Chebyshev projection left a residual");
}

}  // namespace constel::bounds::three_point
