// The tensor Chebyshev basis T_a(u) T_b(v) T_c(t) for the three-point SDP (docs/math.md section 5.f,
// "The Chebyshev basis"): polynomials are Poly3 maps keyed by (a, b, c) as for monomials, the
// permutations of (u, v, t) permute this basis as they permute monomials, and products follow
// T_a T_b = (T_{a+b} + T_{|a-b|}) / 2 in each variable. Exact for Rational, rounded for double.
// Internal to bounds/.
#pragma once

#include <algorithm>
#include <cstddef>
#include <cstdlib>
#include <vector>

#include "constel/bounds/detail/three_point_poly.hpp"

namespace constel::bounds::three_point {

// x^n = sum_k table[n][k] T_k(x): x^n = 2^{1-n} sum_{j < n/2} C(n, j) T_{n-2j} (+ 2^{-n} C(n, n/2) T_0).
template <class T>
std::vector<std::vector<T>> power_in_chebyshev(int top) {
  std::vector<std::vector<T>> r(std::size_t(top + 1));
  for (int n = 0; n <= top; ++n) {
    r[std::size_t(n)].assign(std::size_t(n + 1), T(0));
    long binom = 1;  // C(n, j)
    for (int j = 0; 2 * j <= n; ++j) {
      T c = T(binom);
      for (int q = 0; q < (2 * j == n ? n : n - 1); ++q) c /= T(2);
      r[std::size_t(n)][std::size_t(n - 2 * j)] = c;
      binom = binom * (n - j) / (j + 1);
    }
  }
  return r;
}

// T_n(x) = sum_k table[n][k] x^k (T_0 = 1, T_1 = x, T_{n+1} = 2x T_n - T_{n-1}).
template <class T>
std::vector<std::vector<T>> chebyshev_in_powers(int top) {
  std::vector<std::vector<T>> r(std::size_t(top + 1));
  for (int n = 0; n <= top; ++n) {
    r[std::size_t(n)].assign(std::size_t(n + 1), T(0));
    if (n == 0) r[0][0] = T(1);
    if (n == 1) r[1][1] = T(1);
    if (n < 2) continue;
    for (int k = 0; k < n; ++k) r[std::size_t(n)][std::size_t(k + 1)] += T(2) * r[std::size_t(n - 1)][std::size_t(k)];
    for (int k = 0; k <= n - 2; ++k) r[std::size_t(n)][std::size_t(k)] -= r[std::size_t(n - 2)][std::size_t(k)];
  }
  return r;
}

template <class T>
int max_degree(const Poly3<T>& p) {
  int d = 0;
  for (const auto& [e, c] : p) d = std::max(d, std::max(e[0], std::max(e[1], e[2])));
  return d;
}

// Change of basis, variable by variable: `table[n]` expands the n-th basis element of the source basis.
template <class T>
Poly3<T> change_basis(const Poly3<T>& p, const std::vector<std::vector<T>>& table) {
  Poly3<T> r;
  for (const auto& [e, c] : p)
    for (std::size_t i = 0; i < table[std::size_t(e[0])].size(); ++i) {
      const T& x = table[std::size_t(e[0])][i];
      if (x == T(0)) continue;
      for (std::size_t j = 0; j < table[std::size_t(e[1])].size(); ++j) {
        const T& y = table[std::size_t(e[1])][j];
        if (y == T(0)) continue;
        T cxy = c * x * y;
        for (std::size_t k = 0; k < table[std::size_t(e[2])].size(); ++k)
          if (table[std::size_t(e[2])][k] != T(0))
            add_to(r, {int(i), int(j), int(k)}, T(cxy * table[std::size_t(e[2])][k]));
      }
    }
  return r;
}

template <class T>
Poly3<T> monomial_to_chebyshev(const Poly3<T>& p) {
  return change_basis(p, power_in_chebyshev<T>(max_degree(p)));
}

template <class T>
Poly3<T> chebyshev_to_monomial(const Poly3<T>& p) {
  return change_basis(p, chebyshev_in_powers<T>(max_degree(p)));
}

// The eight (with repeats) terms of T_alpha T_beta, each with coefficient 1/8: the exponent in each
// variable is a + b or |a - b|.
inline void chebyshev_product_terms(const Exponent& a, const Exponent& b, Exponent out[8]) {
  for (int m = 0; m < 8; ++m)
    for (int i = 0; i < 3; ++i) out[m][i] = (m >> i) & 1 ? std::abs(a[i] - b[i]) : a[i] + b[i];
}

// The product of two polynomials given in the Chebyshev basis, in the Chebyshev basis.
template <class T>
Poly3<T> chebyshev_multiply(const Poly3<T>& p, const Poly3<T>& q) {
  Poly3<T> r;
  Exponent terms[8];
  for (const auto& [ea, ca] : p)
    for (const auto& [eb, cb] : q) {
      const T c = ca * cb / T(8);
      chebyshev_product_terms(ea, eb, terms);
      for (const auto& e : terms) add_to(r, e, c);
    }
  return r;
}

// sum_{alpha, beta} G_{alpha beta} T_alpha T_beta in the Chebyshev basis, for the Chebyshev basis of
// degree <= d in graded order (G row-major, symmetric).
template <class T>
Poly3<T> chebyshev_gram_polynomial(const std::vector<T>& G, int d) {
  auto basis = monomials(d);
  const std::size_t m = basis.size();
  Poly3<T> r;
  Exponent terms[8];
  for (std::size_t a = 0; a < m; ++a)
    for (std::size_t b = a; b < m; ++b) {
      if (G[a * m + b] == T(0)) continue;
      const T c = G[a * m + b] / T(a == b ? 8 : 4);  // (a, b) and (b, a) together
      chebyshev_product_terms(basis[a], basis[b], terms);
      for (const auto& e : terms) add_to(r, e, c);
    }
  return r;
}

}  // namespace constel::bounds::three_point
