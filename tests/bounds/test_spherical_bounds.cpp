// Spherical-code bounds (docs/math.md section 5): cap measure, Rankin, Levenshtein (public check values, closed
// forms, exact branch choice against float Jacobi zeros, large n), Gegenbauer conversions.
#include <catch2/catch.hpp>
#include <cmath>
#include <random>

#include "constel/bounds/cap_measure.hpp"
#include "constel/bounds/code_bounds.hpp"
#include "constel/bounds/gegenbauer.hpp"
#include "constel/bounds/levenshtein.hpp"
#include "constel/error.hpp"
#include "support.hpp"

using namespace constel;
using namespace constel::bounds;

TEST_CASE("200: Gamma_3(x) = (1-x)/2, Gamma_2(x) = arccos(x)/pi, Gamma_n(-x) = 1 - Gamma_n(x)", "[quick][bounds]") {
  for (const char* xs : {"0", "1/7", "0.3", "1/2", "0.99", "1", "-0.25"}) {
    Rational x = parse_rational(xs);
    HighFloat g = cap_measure(3, x);
    HighFloat want = (1 - to_high_float(x)) / 2;
    CHECK(static_cast<double>(abs(g - want)) < 1e-40);
    double g2 = static_cast<double>(cap_measure(2, x));
    CHECK(g2 == Approx(std::acos(to_double(x)) / M_PI).epsilon(1e-14));
  }
  HighFloat a = cap_measure(17, Rational(1, 3)), b = cap_measure(17, Rational(-1, 3));
  CHECK(static_cast<double>(abs(a + b - 1)) < 1e-40);
}

TEST_CASE("201: Gamma_n far below the double range (n = 65536) matches an independent value", "[quick][bounds]") {
  // mpmath.betainc at 40 digits: log10 Gamma_65536(0.9604) = -36373.40802071609...,
  // log10 Gamma_4096(0.05) = -3.165090758231598...
  HighFloat g = cap_measure(65536, parse_rational("0.9604"));
  CHECK(static_cast<double>(log10(g)) == Approx(-36373.40802071609).epsilon(1e-13));
  CHECK(static_cast<double>(log10(cap_measure(4096, parse_rational("0.05")))) ==
        Approx(-3.165090758231598).epsilon(1e-12));
  CHECK_THROWS_WITH(cap_measure(1, Rational(0)), Catch::Contains("n must be >= 2"));
  CHECK_THROWS_WITH(cap_measure(5, Rational(2)), Catch::Contains("x must lie in [-1, 1]"));
}

TEST_CASE("202: Rankin exact values of N_SC(n, s) for s <= 0", "[quick][bounds]") {
  CHECK(*rankin_exact(5, Rational(0)) == 10);
  CHECK(*rankin_exact(5, Rational(-1, 10)) == 6);      // -1/n < s < 0: n + 1
  CHECK(*rankin_exact(5, Rational(-1, 5)) == 6);       // s = -1/n: simplex
  CHECK(*rankin_exact(5, Rational(-1, 4)) == 5);       // floor(1 + 4)
  CHECK(*rankin_exact(5, Rational(-2, 7)) == 4);       // floor(1 + 7/2)
  CHECK(*rankin_exact(5, Rational(-1)) == 2);
  CHECK(*rankin_exact(5, Rational(-3)) == 1);
  CHECK(!rankin_exact(5, Rational(1, 100)));
}

TEST_CASE("203: Levenshtein public check values L(5,1/2)=48, L(3,1/2)=93/7, L(8,1/2)=240, L(24,1/2)=196560",
          "[quick][bounds]") {
  CHECK(exact_levenshtein_bound(5, Rational(1, 2)).value == 48);
  CHECK(exact_levenshtein_bound(3, Rational(1, 2)).value == Rational(93, 7));
  CHECK(exact_levenshtein_bound(8, Rational(1, 2)).value == 240);
  auto l24 = exact_levenshtein_bound(24, Rational(1, 2));
  CHECK(l24.value == 196560);
  CHECK(l24.degree == 11);
  CHECK(exact_levenshtein_bound(8, Rational(1, 2)).degree == 7);
}

TEST_CASE("204: Levenshtein equals the closed forms L_1, L_2, L_3 in their ranges", "[quick][bounds]") {
  for (std::size_t n : {3, 4, 7, 12, 40}) {
    Rational N(static_cast<long>(n));
    // L_1 = 1 - 1/s for -1 <= s < -1/n
    for (Rational s : {Rational(-1), Rational(-3, 4), Rational(-2, static_cast<long>(n + 1))}) {
      auto l = exact_levenshtein_bound(n, s);
      CHECK(l.degree == 1);
      CHECK(l.value == 1 - 1 / s);
    }
    // L_2 = 2n(1-s)/(1-ns) for -1/n <= s < 0
    for (Rational s : {Rational(-1, static_cast<long>(n)), Rational(-1, static_cast<long>(3 * n))}) {
      auto l = exact_levenshtein_bound(n, s);
      CHECK(l.degree == 2);
      CHECK(l.value == 2 * N * (1 - s) / (1 - N * s));
    }
    // L_3 = n(1-s)(2+(n+1)s)/(1-ns^2) just above 0 (t_1^{1,1} = 0 <= s < t_2^{1,0})
    for (Rational s : {Rational(0), Rational(1, static_cast<long>(10 * n))}) {
      auto l = exact_levenshtein_bound(n, s);
      CHECK(l.degree == 3);
      CHECK(l.value == N * (1 - s) * (2 + (N + 1) * s) / (1 - N * s * s));
    }
  }
}

namespace {
// Largest zero of a polynomial family given by values (double bisection from the right, for a check).
template <class F>
double largest_zero(F value) {
  double hi = 1.0, lo = -1.0;
  // Scan from the right for the first sign change, then bisect.
  const int steps = 20000;
  double prev = hi;
  for (int i = 1; i <= steps; ++i) {
    double t = 1.0 - 2.0 * i / steps;
    if (value(t) <= 0) {
      lo = t;
      hi = prev;
      break;
    }
    prev = t;
  }
  for (int it = 0; it < 100; ++it) {
    double mid = (lo + hi) / 2;
    (value(mid) <= 0 ? lo : hi) = mid;
  }
  return (lo + hi) / 2;
}
}  // namespace

TEST_CASE("205: the exact Levenshtein branch agrees with float Jacobi zeros t_k^{1,0}, t_k^{1,1}", "[quick][bounds]") {
  std::mt19937 rng(205);
  for (std::size_t n : {3, 6, 11}) {
    std::vector<double> P(40), Q(40);
    std::vector<double> zeros{-1.0};  // t_0^{1,1}, t_1^{1,0}, t_1^{1,1}, ...
    for (std::size_t k = 1; k <= 12; ++k) {
      zeros.push_back(largest_zero([&](double t) {
        gegenbauer_values_double(n, k + 1, t, P.data());
        return P[k] - P[k + 1];
      }));
      zeros.push_back(largest_zero([&](double t) {
        gegenbauer_values_double(n + 2, k, t, Q.data());
        return Q[k];
      }));
    }
    for (std::size_t trial = 0; trial < 25 * test::test_multiplier(); ++trial) {
      Rational s(static_cast<long>(rng() % 1800) - 1000, 1000);
      double sd = to_double(s);
      std::size_t degree = 0;
      while (degree + 1 < zeros.size() && zeros[degree + 1] <= sd) ++degree;
      bool near = false;
      for (double z : zeros) near = near || std::abs(z - sd) < 1e-9;
      if (near || degree + 1 >= zeros.size()) continue;
      INFO("n = " << n << ", s = " << to_string(s));
      CHECK(exact_levenshtein_bound(n, s).degree == degree + 1);
    }
  }
}

TEST_CASE("206: Levenshtein for large n: d = 768 figure of docs/math.md section 4 and n = 4096 at degree in the thousands",
          "[quick][bounds]") {
  auto l768 = exact_levenshtein_bound(768, Rational(1719, 2275));
  CHECK(log10_of(l768.value) == Approx(225.4).margin(0.05));
  auto l4096 = exact_levenshtein_bound(4096, Rational(97, 101));
  CHECK(l4096.degree > 1000);
  // Between the Chabauty-Shannon-Wyner lower bound and the volume bound.
  CHECK(log10_of(l4096.value) > csw_lower_bound(4096, Rational(97, 101)).log10);
  CHECK(log10_of(l4096.value) < volume_upper_bound(4096, Rational(97, 101)).log10);
  CHECK_THROWS_WITH(exact_levenshtein_bound(4096, Rational(9999, 10000), 50), Catch::Contains("needs degree above 100"));
  CHECK_THROWS_WITH(exact_levenshtein_bound(5, Rational(1)), Catch::Contains("s must lie in [-1, 1)"));
}

TEST_CASE("207: Gegenbauer coefficients of the E8 polynomial (n = 8) are the published ones", "[quick][bounds]") {
  // f(t) = (t+1)(t+1/2)^2 t^2 (t-1/2)
  RationalPolynomial f{Rational(1)};
  auto mul = [&](Rational root) {
    RationalPolynomial g(f.size() + 1, Rational(0));
    for (std::size_t i = 0; i < f.size(); ++i) {
      g[i + 1] += f[i];
      g[i] -= root * f[i];
    }
    f = g;
  };
  for (Rational r : {Rational(-1), Rational(-1, 2), Rational(-1, 2), Rational(0), Rational(0), Rational(1, 2)}) mul(r);
  auto g = monomial_to_gegenbauer(8, f);
  std::vector<Rational> want{Rational(3, 320), Rational(3, 40), Rational(15, 64), Rational(39, 80),
                             Rational(399, 640), Rational(9, 16), Rational(33, 128)};
  REQUIRE(g.size() == want.size());
  for (std::size_t k = 0; k < g.size(); ++k) CHECK(g[k] == want[k]);
  Rational f1 = 0;
  for (auto& c : g) f1 += c;
  CHECK(f1 / g[0] == 240);
  CHECK(gegenbauer_to_monomial(8, g) == f);
  // Exact values through the integer recurrence agree with the monomial form.
  auto mono = gegenbauer_monomials(8, 9);
  for (Rational s : {Rational(1, 3), Rational(-5, 7)}) {
    ExactGegenbauerSequence seq(8, s);
    for (std::size_t k = 2; k <= 9; ++k) {
      seq.advance();
      Rational v = 0;
      for (std::size_t i = mono[k].size(); i-- > 0;) v = v * s + mono[k][i];
      CHECK(seq.value(k) == v);
    }
  }
}

TEST_CASE("208: Kabatiansky-Levenshtein exponent at 60 degrees is 0.401 bits per dimension", "[quick][bounds]") {
  auto e = kabatiansky_levenshtein_exponent(0.5);
  REQUIRE(e);
  // Levenshtein's line (theta = 60 < theta*): -(1/2) log2(1/2) - 0.099 = 0.401; the formula alone: 0.40141.
  CHECK(*e / std::log(2.0) == Approx(0.401).margin(1e-9));
  CHECK(!kabatiansky_levenshtein_exponent(0.0));
  CHECK(!kabatiansky_levenshtein_exponent(1.0));
}
