// N_MRB(d, m, b) bounds (docs/math.md sections 2, 4): region classifier, the worked check at (0.1, 0), the best upper
// bound is the best spherical-code bound when that beats Theorem 3.5, lower <= upper on a random grid,
// the line identity, the finite and degenerate regions.
#include <catch2/catch.hpp>
#include <random>

#include "constel/bounds/code_bounds.hpp"
#include "constel/bounds/mrb_bounds.hpp"
#include "constel/bounds/region.hpp"
#include "constel/codes/catalog.hpp"
#include "constel/error.hpp"
#include "support.hpp"

using namespace constel;
using namespace constel::bounds;

namespace {
const SizeBound* find_method(const std::vector<SizeBound>& all, const std::string& part) {
  for (const auto& b : all)
    if (b.method.find(part) != std::string::npos) return &b;
  return nullptr;
}
}  // namespace

TEST_CASE("220: region classifier (Theorem 3.4)", "[quick][bounds]") {
  CHECK(classify_region(Rational(1, 10), Rational(0)).region == Region::Exponential);
  CHECK(*classify_region(Rational(1, 10), Rational(0)).alpha == Rational(7, 11));
  CHECK(classify_region(Rational(1, 4), Rational(3, 4)).region == Region::Line);
  CHECK(classify_region(Rational(1, 2), Rational(3, 5)).region == Region::Infeasible);
  CHECK(classify_region(Rational(0), Rational(1, 3)).region == Region::Degenerate);
  CHECK(classify_region(Rational(2, 5), Rational(0)).region == Region::Finite);
  CHECK(classify_region(Rational(1, 3), Rational(0)).region == Region::Boundary);
  CHECK_THROWS_WITH(classify_region(Rational(-1, 10), Rational(0)), Catch::Equals("the margin must be >= 0, got -1/10"));
  CHECK_THROWS_WITH(classify_region(Rational(1, 10), Rational(3, 2)), Catch::Equals("the relative bias must lie in [-1, 1], got 3/2"));
}

TEST_CASE("221: worked check of docs/math.md section 4 at (m, b) = (0.1, 0), d = 10", "[standard][bounds]") {
  auto r = mrb_bounds(10, Rational(1, 10), Rational(0));
  CHECK(*r.exponent_lower == Approx(0.259562).margin(1e-6));
  CHECK(-0.5 * std::log1p(-7.0 / 11) == Approx(0.505800).margin(1e-6));
  CHECK(*r.exponent_upper <= 0.505800 + 1e-6);  // Kabatiansky-Levenshtein is smaller here
  // 1.62 is the Chabauty-Shannon-Wyner bound in R^9: ceil(1/Gamma_9(7/11)) = 42.
  auto csw = find_method(r.lower_all, "Chabauty");
  REQUIRE(csw);
  CHECK(*csw->value == 42);
  CHECK(csw->log10 == Approx(1.62).margin(0.005));
  // 3.94 is Theorem 3.5's bound; the best upper bound is lower (Delsarte / Levenshtein at (10, 7/11)).
  auto t35 = find_method(r.upper_all, "3.5");
  REQUIRE(t35);
  CHECK(t35->log10 == Approx(3.94).margin(0.005));
  CHECK(r.upper.log10 < t35->log10);
  CHECK(r.lower.log10 >= 1.62);
  CHECK(*r.lower.value == 240);  // E8 in R^9 has alpha = 1/2 <= 7/11
}

TEST_CASE("222: the upper bound is the best spherical-code bound when it beats Theorem 3.5 (d = 768)", "[quick][bounds]") {
  auto r = mrb_bounds(768, parse_rational("0.0695"), parse_rational("0.068"));
  REQUIRE(r.region.alpha);
  CHECK(*r.region.alpha == Rational(1719, 2275));
  auto t35 = find_method(r.upper_all, "3.5");
  REQUIRE(t35);
  CHECK(t35->log10 == Approx(239.47).margin(0.01));
  auto lev = exact_levenshtein_bound(768, Rational(1719, 2275));
  CHECK(r.upper.log10 == Approx(log10_of(lev.value)).margin(1e-9));
  CHECK(r.upper.method.find("Levenshtein") != std::string::npos);
  CHECK(r.upper.log10 == Approx(225.4).margin(0.05));
}

TEST_CASE("223: lower <= upper on a random grid, and every known code's lift lies between them", "[standard][bounds]") {
  int trial = -1;
  test::for_each_random_case<std::mt19937>(223000, 60, [&trial](std::mt19937& rng) {
    ++trial;
    std::size_t d = 2 + rng() % 40;
    Rational m(static_cast<long>(rng() % 60), 100);
    Rational b(static_cast<long>(rng() % 201) - 100, 100);
    if (trial % 4 == 0) b = 1 - m;  // the line
    INFO("d = " << d << ", m = " << to_string(m) << ", b = " << to_string(b));
    MrbOptions opt;
    opt.delsarte_max_dimension = trial % 6 == 0 ? 10 : 0;  // the LP is slow; run it on some
    auto r = mrb_bounds(d, m, b, opt);
    if (r.region.region == Region::Degenerate) {
      CHECK(r.upper.infinite);
      return;
    }
    if (r.lower.value && r.upper.value)
      CHECK(*r.lower.value <= *r.upper.value);
    else
      CHECK(r.lower.log10 <= r.upper.log10 + 1e-9);
    for (const auto& lo : r.lower_all)
      for (const auto& up : r.upper_all)
        if (lo.value && up.value) CHECK(*lo.value <= *up.value);
    if (r.region.region == Region::Exponential)
      for (const auto& code : codes::explicit_codes(d - 1, *r.region.alpha)) CHECK(code.N <= *r.upper.value);
  });
}

TEST_CASE("224: the line m + b = 1 is N_SC(d, 1-2m) exactly, finite, boundary, infeasible, degenerate", "[quick][bounds]") {
  MrbOptions opt;
  opt.delsarte_max_dimension = 8;
  auto line = mrb_bounds(8, Rational(1, 4), Rational(3, 4), opt);  // s = 1/2 in R^8: E8, Levenshtein 240
  CHECK(line.region.region == Region::Line);
  CHECK(*line.lower.value == 240);
  CHECK(*line.upper.value == 240);
  auto simplex_line = mrb_bounds(5, Rational(3, 5), Rational(2, 5));  // s = -1/5 = -1/n: Rankin 6
  CHECK(*simplex_line.lower.value == 6);
  CHECK(*simplex_line.upper.value == 6);
  auto finite = mrb_bounds(5, Rational(2, 5), Rational(0));  // alpha = -1/7: N <= 8 and N <= d + 1 = 6
  CHECK(finite.region.region == Region::Finite);
  CHECK(*finite.upper.value == 6);
  CHECK(*finite.lower.value == 5);
  auto finite_big_d = mrb_bounds(50, Rational(2, 5), Rational(0));
  CHECK(*finite_big_d.upper.value == 8);
  CHECK(*finite_big_d.lower.value == 8);
  auto boundary = mrb_bounds(7, Rational(1, 3), Rational(0));
  CHECK(*boundary.upper.value == 14);
  CHECK(*boundary.lower.value == 12);
  auto infeasible = mrb_bounds(7, Rational(1, 2), Rational(3, 5));
  CHECK(*infeasible.upper.value == 0);
  auto degenerate = mrb_bounds(7, Rational(0), Rational(1, 2));
  CHECK(degenerate.upper.infinite);
  CHECK_THROWS_WITH(mrb_bounds(1, Rational(1, 10), Rational(0)), Catch::Equals("the dimension must be >= 2, got 1"));
}

TEST_CASE("225: bound at d = 4096 and margin 0.01 (Levenshtein degree in the thousands)", "[standard][bounds]") {
  auto r = mrb_bounds(4096, Rational(1, 100), Rational(0));
  CHECK(r.region.region == Region::Exponential);
  CHECK(r.upper.method.find("Levenshtein") != std::string::npos);
  CHECK(r.lower.log10 < r.upper.log10);
  auto t35 = find_method(r.upper_all, "3.5");
  REQUIRE(t35);
  CHECK(r.upper.log10 < t35->log10);
}
