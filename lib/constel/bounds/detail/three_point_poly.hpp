// Polynomials in three variables (u, v, t) for the three-point SDP bound (docs/math.md section 5.f):
// sparse maps from exponents to coefficients, templated on the coefficient type so that the SDP
// model (double) and the exact certificate check (Rational) build the matrices S_k^n from the same
// code. Internal to bounds/.
#pragma once

#include <array>
#include <cstddef>
#include <iterator>
#include <utility>
#include <map>
#include <vector>

#include "constel/bounds/gegenbauer.hpp"
#include "constel/number/rational.hpp"

namespace constel::bounds::three_point {

using Exponent = std::array<int, 3>;  // powers of u, v, t
template <class T>
using Poly3 = std::map<Exponent, T>;

template <class T>
void add_to(Poly3<T>& p, const Exponent& e, const T& c) {
  if (c == T(0)) return;
  auto [it, inserted] = p.emplace(e, c);
  if (!inserted) {
    it->second += c;
    if (it->second == T(0)) p.erase(it);
  }
}

template <class T>
Poly3<T> multiply(const Poly3<T>& a, const Poly3<T>& b) {
  Poly3<T> r;
  for (const auto& [ea, ca] : a)
    for (const auto& [eb, cb] : b) add_to(r, {ea[0] + eb[0], ea[1] + eb[1], ea[2] + eb[2]}, T(ca * cb));
  return r;
}

template <class T>
Poly3<T> power(const Poly3<T>& a, std::size_t k) {
  Poly3<T> r{{{0, 0, 0}, T(1)}};
  for (std::size_t i = 0; i < k; ++i) r = multiply(r, a);
  return r;
}

// The mean of p over the six permutations of (u, v, t).
template <class T>
Poly3<T> symmetrize(const Poly3<T>& p) {
  static const int perms[6][3] = {{0, 1, 2}, {0, 2, 1}, {1, 0, 2}, {1, 2, 0}, {2, 0, 1}, {2, 1, 0}};
  Poly3<T> r;
  for (const auto& [e, c] : p)
    for (const auto& q : perms) add_to(r, {e[q[0]], e[q[1]], e[q[2]]}, T(c / T(6)));
  return r;
}

// Q_k(u, v, t) = ((1 - u^2)(1 - v^2))^{k/2} P_k^{n-1}((t - uv) / sqrt((1 - u^2)(1 - v^2))), a polynomial
// because P_k^{n-1} has the parity of k; `gegenbauer` holds the monomial coefficients of P_k of
// S^{n-2} (the repo's gegenbauer_monomials(n - 1, k)[k]).
template <class T>
Poly3<T> q_polynomial(const std::vector<T>& gegenbauer, std::size_t k) {
  const Poly3<T> t_minus_uv{{{0, 0, 1}, T(1)}, {{1, 1, 0}, T(-1)}};
  const Poly3<T> w{{{0, 0, 0}, T(1)}, {{2, 0, 0}, T(-1)}, {{0, 2, 0}, T(-1)}, {{2, 2, 0}, T(1)}};
  Poly3<T> r;
  for (std::size_t m = k % 2; m <= k && m < gegenbauer.size(); m += 2) {
    if (gegenbauer[m] == T(0)) continue;
    Poly3<T> term = multiply(power(t_minus_uv, m), power(w, (k - m) / 2));
    for (const auto& [e, c] : term) add_to(r, e, T(c * gegenbauer[m]));
  }
  return r;
}

// Sum_k < F_k, S_k^n(u, v, t) > for symmetric F_k of order degree - k + 1 (row-major), where
// (Y_k)_{ij} = u^i v^j Q_k and S_k is Y_k symmetrized over the permutations of (u, v, t).
template <class T>
Poly3<T> pairing(const std::vector<std::vector<T>>& gegenbauer_n_minus_1, const std::vector<std::vector<T>>& F,
                 std::size_t degree) {
  Poly3<T> total;
  for (std::size_t k = 0; k <= degree; ++k) {
    std::size_t m = degree - k + 1;
    Poly3<T> g;
    for (std::size_t i = 0; i < m; ++i)
      for (std::size_t j = 0; j < m; ++j) add_to(g, {int(i), int(j), 0}, F[k][i * m + j]);
    for (const auto& [e, c] : multiply(g, q_polynomial(gegenbauer_n_minus_1[k], k))) add_to(total, e, c);
  }
  return symmetrize(total);
}

// The orbit of a monomial under the permutations of (u, v, t), named by its exponents sorted descending.
inline Exponent orbit_key(Exponent e) {
  if (e[0] < e[1]) std::swap(e[0], e[1]);
  if (e[1] < e[2]) std::swap(e[1], e[2]);
  if (e[0] < e[1]) std::swap(e[0], e[1]);
  return e;
}

// The sums of p's coefficients over each orbit of monomials: Sym(p) = Sym(q) exactly when p and q have
// the same orbit sums (Sym the mean over the six permutations).
template <class T>
std::map<Exponent, T> orbit_sums(const Poly3<T>& p) {
  std::map<Exponent, T> r;
  for (const auto& [e, c] : p) {
    auto [it, inserted] = r.emplace(orbit_key(e), c);
    if (!inserted) it->second += c;
  }
  for (auto it = r.begin(); it != r.end();) it = it->second == T(0) ? r.erase(it) : std::next(it);
  return r;
}

// p(u, u, 1) as a univariate polynomial in u.
template <class T>
std::vector<T> diagonal_restriction(const Poly3<T>& p) {
  std::vector<T> r;
  for (const auto& [e, c] : p) {
    std::size_t d = std::size_t(e[0] + e[1]);
    if (r.size() <= d) r.resize(d + 1, T(0));
    r[d] += c;
  }
  return r;
}

// The monomials of degree <= d in three variables, in graded order.
inline std::vector<Exponent> monomials(int d) {
  std::vector<Exponent> r;
  for (int total = 0; total <= d; ++total)
    for (int i = total; i >= 0; --i)
      for (int j = total - i; j >= 0; --j) r.push_back({i, j, total - i - j});
  return r;
}

// The polynomials that describe the domain of the triangle (docs/math.md section 5.f): (x + 1)(s - x) for
// x = u, v, t, and the Gram determinant 1 + 2uvt - u^2 - v^2 - t^2.
template <class T>
std::vector<Poly3<T>> domain_polynomials(const T& s) {
  std::vector<Poly3<T>> g;
  for (int x = 0; x < 3; ++x) {
    Exponent e0{0, 0, 0}, e1{0, 0, 0}, e2{0, 0, 0};
    e1[x] = 1;
    e2[x] = 2;
    Poly3<T> p;
    add_to(p, e0, s);
    add_to(p, e1, T(s - T(1)));
    add_to(p, e2, T(-1));
    g.push_back(p);
  }
  g.push_back(Poly3<T>{{{0, 0, 0}, T(1)}, {{1, 1, 1}, T(2)}, {{2, 0, 0}, T(-1)}, {{0, 2, 0}, T(-1)}, {{0, 0, 2}, T(-1)}});
  return g;
}

// sigma = b^T G b for the monomial basis b of degree <= d (G row-major, symmetric), times g.
template <class T>
Poly3<T> gram_times(const std::vector<T>& G, int d, const Poly3<T>& g) {
  auto basis = monomials(d);
  Poly3<T> sigma;
  for (std::size_t a = 0; a < basis.size(); ++a)
    for (std::size_t b = 0; b < basis.size(); ++b)
      add_to(sigma, {basis[a][0] + basis[b][0], basis[a][1] + basis[b][1], basis[a][2] + basis[b][2]},
             G[a * basis.size() + b]);
  return multiply(sigma, g);
}

}  // namespace constel::bounds::three_point
