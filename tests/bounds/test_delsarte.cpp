// Certified Delsarte LP bounds (docs/math.md section 5): exact certificates (E8, simplex, cross-polytope), Sturm
// decisions, rejection of bad certificates, kissing LP values, certified >= grid >= known codes.
#include <catch2/catch.hpp>

#include "constel/bounds/code_bounds.hpp"
#include "constel/bounds/delsarte.hpp"
#include "constel/bounds/gegenbauer.hpp"
#include "constel/bounds/sturm.hpp"
#include "constel/codes/catalog.hpp"
#include "constel/error.hpp"

using namespace constel;
using namespace constel::bounds;

namespace {
std::vector<Rational> e8_coefficients() {
  return {Rational(3, 320), Rational(3, 40), Rational(15, 64), Rational(39, 80),
          Rational(399, 640), Rational(9, 16), Rational(33, 128)};
}
}  // namespace

TEST_CASE("210: certified bounds of the public certificates: E8 240, simplex 9, cross-polytope 16", "[quick][bounds]") {
  std::string why;
  auto e8 = certify_delsarte(8, Rational(1, 2), e8_coefficients(), std::nullopt, why);
  REQUIRE(e8);
  CHECK(e8->eps == 0);
  CHECK(e8->bound == 240);
  // f = t + 1/8 at s = -1/8 (n = 8): Gegenbauer coefficients (1/8, 1).
  auto simplex = certify_delsarte(8, Rational(-1, 8), {Rational(1, 8), Rational(1)}, std::nullopt, why);
  REQUIRE(simplex);
  CHECK(simplex->bound == 9);
  // f = t(t+1) at s = 0: t^2 = ((n-1) P_2 + 1) / n.
  auto g = monomial_to_gegenbauer(8, {Rational(0), Rational(1), Rational(1)});
  CHECK(g == std::vector<Rational>{Rational(1, 8), Rational(1), Rational(7, 8)});
  auto cross = certify_delsarte(8, Rational(0), g, std::nullopt, why);
  REQUIRE(cross);
  CHECK(cross->eps == 0);
  CHECK(cross->bound == 16);
}

TEST_CASE("211: bad certificates are rejected with the reason", "[quick][bounds]") {
  std::string why;
  auto c = e8_coefficients();
  c[3] = Rational(-1, 80);
  CHECK(!certify_delsarte(8, Rational(1, 2), c, std::nullopt, why));
  CHECK(why == "coefficient f_3 = -1/80 is negative");
  // The E8 polynomial is positive just above s = 1/2: with s = 3/5 and eps = 0 it fails.
  CHECK(!certify_delsarte(8, Rational(3, 5), e8_coefficients(), Rational(0), why));
  CHECK(why.find("f exceeds eps = 0") != std::string::npos);
  // Without eps the smallest proved eps makes it a (weaker) valid bound.
  auto weaker = certify_delsarte(8, Rational(51, 100), e8_coefficients(), std::nullopt, why);
  REQUIRE(weaker);
  CHECK(weaker->eps > 0);
  CHECK(weaker->bound > 240);
  // At s = 3/5 the maximum of f exceeds f_0: no eps helps.
  CHECK(!certify_delsarte(8, Rational(3, 5), e8_coefficients(), std::nullopt, why));
  CHECK(why == "no eps below f_0 bounds f on [-1, s]");
  CHECK(!certify_delsarte(8, Rational(1, 2), {Rational(0), Rational(1)}, std::nullopt, why));
  CHECK(why == "f_0 must be positive");
}

TEST_CASE("212: Sturm sequences count roots and decide f <= c exactly, also at touching points", "[quick][bounds]") {
  // (t^2 - 1/4)(t - 1/3): roots -1/2, 1/3, 1/2.
  RationalPolynomial f{Rational(1, 12), Rational(-1, 4), Rational(-1, 3), Rational(1)};
  auto F = primitive_integer_polynomial(f);
  auto seq = sturm_sequence(squarefree_part(F));
  CHECK(count_roots(seq, Rational(-1), Rational(1)) == 3);
  CHECK(count_roots(seq, Rational(-1, 2), Rational(1, 3)) == 1);  // (a, b]: 1/3 only
  CHECK(count_roots(seq, Rational(0), Rational(2, 5)) == 1);
  // -(t - 1/5)^2 (t + 1) touches 0 at 1/5 (double root) and at -1.
  RationalPolynomial g{Rational(-1, 25), Rational(9, 25), Rational(-3, 5), Rational(-1)};
  CHECK(evaluate(g, Rational(1, 5)) == 0);
  CHECK(exact_max_at_most(g, Rational(0), Rational(-1), Rational(1)));
  CHECK(!exact_max_at_most(g, Rational(-1, 1000000), Rational(-1), Rational(1)));
  // A tiny bump: -(t - 1/5)^2 + 10^-12 is positive near 1/5 only.
  RationalPolynomial h{Rational(-1, 25) + Rational(1, 1000000000000LL), Rational(2, 5), Rational(-1)};
  CHECK(!exact_max_at_most(h, Rational(0), Rational(-1), Rational(1)));
  CHECK(exact_max_at_most(h, Rational(1, 1000000000000LL), Rational(-1), Rational(1)));
  CHECK(exact_max_at_most(h, Rational(0), Rational(-1), Rational(1, 10)));
}

TEST_CASE("213: kissing LP n = 3, 4: certified 13.1582..., 25.5584..., above the grid optimum", "[standard][bounds]") {
  auto r3 = certified_delsarte_bound(3, Rational(1, 2));
  REQUIRE(r3.certified);
  double v3 = to_double(r3.certificate.bound);
  CHECK(v3 >= 13.1582);
  CHECK(v3 < 13.1584);
  CHECK(v3 >= r3.grid_value * (1 - 1e-9));
  auto r4 = certified_delsarte_bound(4, Rational(1, 2));
  REQUIRE(r4.certified);
  double v4 = to_double(r4.certificate.bound);
  CHECK(v4 >= 25.5584);
  CHECK(v4 < 25.5586);
  CHECK(v4 >= r4.grid_value * (1 - 1e-9));
  // The certificate re-verifies from its coefficients and eps alone.
  std::string why;
  auto again = certify_delsarte(4, Rational(1, 2), r4.certificate.coefficients, r4.certificate.eps, why);
  REQUIRE(again);
  CHECK(again->bound == r4.certificate.bound);
}

TEST_CASE("214: kissing LP n = 8 and n = 24 give 240 and 196560 exactly", "[standard][bounds]") {
  auto r8 = certified_delsarte_bound(8, Rational(1, 2));
  REQUIRE(r8.certified);
  CHECK(r8.certificate.bound == 240);
  auto r24 = certified_delsarte_bound(24, Rational(1, 2));
  REQUIRE(r24.certified);
  CHECK(r24.certificate.bound == 196560);
  DelsarteOptions fixed;
  fixed.degree = 5;  // too low for E8's optimum: a weaker bound, still certified
  auto low = certified_delsarte_bound(8, Rational(1, 2), fixed);
  REQUIRE(low.certified);
  CHECK(low.degree == 5);
  CHECK(low.certificate.bound > 240);
  fixed.degree = 4;  // no polynomial of degree 4 is <= 0 on [-1, 1/2]
  auto none = certified_delsarte_bound(8, Rational(1, 2), fixed);
  CHECK(!none.certified);
  CHECK(none.note == "the grid LP has no solution at degree 4");
}

TEST_CASE("215: certified Delsarte >= grid value >= ... and >= every known code's size", "[standard][bounds]") {
  for (std::size_t n : {3, 9, 16, 23}) {
    for (Rational s : {Rational(1, 4), Rational(9, 23), Rational(3, 5)}) {
      INFO("n = " << n << ", s = " << to_string(s));
      auto r = certified_delsarte_bound(n, s);
      REQUIRE(r.certified);
      CHECK(to_double(r.certificate.bound) >= r.grid_value * (1 - 1e-9));
      for (const auto& code : codes::explicit_codes(n, s)) CHECK(r.certificate.bound >= Rational(code.N));
      // The Levenshtein bound is the LP optimum of its degree: the LP with automatic degree is no worse
      // (up to certification slack).
      auto lev = exact_levenshtein_bound(n, s);
      CHECK(to_double(r.certificate.bound) <= to_double(lev.value) * (1 + 1e-6));
    }
  }
}

TEST_CASE("216: certificate files round-trip and malformed ones name the line", "[quick][bounds]") {
  std::string why;
  auto e8 = certify_delsarte(8, Rational(1, 2), e8_coefficients(), std::nullopt, why);
  REQUIRE(e8);
  std::string text = format_delsarte_certificate(*e8);
  auto p = parse_delsarte_certificate(text, "e8.txt");
  CHECK(p.n == 8);
  CHECK(p.s == Rational(1, 2));
  CHECK(p.coefficients == e8_coefficients());
  CHECK(*p.eps == 0);
  CHECK(*p.bound == 240);
  CHECK_THROWS_WITH(parse_delsarte_certificate("constel-delsarte 1\nn 8\ns 1/2\nf 1 x\n", "c.txt"),
                    Catch::StartsWith("c.txt:4: "));
  CHECK_THROWS_WITH(parse_delsarte_certificate("hello\n", "c.txt"), Catch::Contains("c.txt:1: expected the header"));
  CHECK_THROWS_WITH(parse_delsarte_certificate("constel-delsarte 1\nn 8\n", "c.txt"),
                    Catch::Contains("needs the keys n, s and f"));
  CHECK_THROWS_WITH(parse_delsarte_certificate("constel-delsarte 1\nn 8\ns 1\nf 1\n", "c.txt"),
                    Catch::Contains("c.txt:3: s must lie in [-1, 1)"));
}
