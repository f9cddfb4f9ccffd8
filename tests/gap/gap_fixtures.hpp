// Test configurations for the modality-gap module, built exactly from rational Gram matrices
// (configuration_from_gram), so that they do not depend on lib/constel/construct/.
//
// gap_tight_configuration(d, K): a Construction-3-like configuration (docs/math.md section 3.5) in R^d with
// N = K + d - 1 pairs. K "polygon" pairs U_i = x_i e_x + y_i u + z e_z, V_i = the mirror image
// (z -> -z), on a short arc of azimuths with z^2 just below 1 (so <U_i,V_i> = 1 - z^2 > 0 and
// <U_i,V_j> < 0), and d - 1 "equator" pairs E_a = -w e_x + s_a with U = V = E_a, where s_a are the
// vertices of a regular simplex in a (d-2)-space containing u. The points are not unit vectors: only
// signs matter for the gap, and they are those of the normalised points. Every h with all U positive
// has <h, V_e> = <h, U_e> > 0 for the d - 1 equator pairs, so at least d - 1 V lie on the wrong side;
// h = e_z - delta e_x reaches exactly d - 1. The theorem's hypotheses hold (checked by the tests).
//
// lift_configuration(n, m, b): docs/math.md section 3.2 with the cross-polytope code (2n points in R^n, alpha = 0),
// an (m, b)-constellation in R^{n+1} when alpha(m, b) >= 0; with m > |b| the last coordinate separates.
#pragma once

#include <vector>

#include "constel/config/configuration.hpp"
#include "constel/config/ldlt.hpp"

namespace constel::test {

inline Configuration gap_tight_configuration(std::size_t d, std::size_t K) {
  const std::size_t E = d - 1, N = K + E;
  const Rational w = Rational(1, d - 1), s = w / 8, z2 = 1 - s * s / 2;
  std::vector<Rational> x(K), y(K);
  for (std::size_t i = 0; i < K; ++i) {
    Rational t = (Rational(i) - Rational(K - 1, 2)) * s;  // tan(phi / 2)
    x[i] = (1 - t * t) / (1 + t * t);
    y[i] = 2 * t / (1 + t * t);
  }
  auto su = [&](std::size_t a) { return a == 0 ? Rational(1) : Rational(-1, d - 2); };       // <s_a, u>
  auto ss = [&](std::size_t a, std::size_t b) { return a == b ? Rational(1) : Rational(-1, d - 2); };
  // point p in 0..2N-1: U rows then V rows; sign of z: +1 for U, -1 for V
  auto ip = [&](std::size_t p, std::size_t q) -> Rational {
    std::size_t i = p % N, j = q % N;
    int sp = p < N ? 1 : -1, sq = q < N ? 1 : -1;
    if (i < K && j < K) return x[i] * x[j] + y[i] * y[j] + Rational(sp * sq) * z2;
    if (i < K) return -w * x[i] + y[i] * su(j - K);
    if (j < K) return -w * x[j] + y[j] * su(i - K);
    return w * w + ss(i - K, j - K);
  };
  std::vector<Rational> G(4 * N * N);
  for (std::size_t p = 0; p < 2 * N; ++p)
    for (std::size_t q = 0; q < 2 * N; ++q) G[p * 2 * N + q] = ip(p, q);
  Configuration c = configuration_from_gram(G, N, 2);
  c.set_source("gap-tight test configuration d=" + std::to_string(d) + " K=" + std::to_string(K));
  return c;
}

inline Configuration lift_configuration(std::size_t n, const Rational& m, const Rational& b) {
  const std::size_t N = 2 * n;
  const Rational a2 = (1 + b + m) / 2, c2 = (1 - b - m) / 2;
  auto X = [&](std::size_t i, std::size_t j) -> Rational {  // cross-polytope: +e_k (i = 2k), -e_k (i = 2k+1)
    if (i == j) return 1;
    if (i / 2 == j / 2) return -1;
    return 0;
  };
  std::vector<Rational> G(4 * N * N);
  for (std::size_t p = 0; p < 2 * N; ++p)
    for (std::size_t q = 0; q < 2 * N; ++q) {
      bool same_side = (p < N) == (q < N);
      G[p * 2 * N + q] = a2 * X(p % N, q % N) + (same_side ? c2 : -c2);
    }
  Configuration c = configuration_from_gram(G, N, 2);
  c.set_claim(Claim{m, b});
  return c;
}

}  // namespace constel::test
