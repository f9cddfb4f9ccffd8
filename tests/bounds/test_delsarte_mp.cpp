// The Delsarte LP in multiple precision (lib/constel/bounds/delsarte_mp.hpp; docs/math.md section 5.d):
// the dense simplex with column generation on small cases with known optima, its stop hook, and the
// certified bounds it gives where GLPK's double simplex failed (n = 80 .. 200 at s = 1/2).
#include <catch2/catch.hpp>

#include "constel/bounds/delsarte.hpp"
#include "constel/bounds/delsarte_mp.hpp"
#include "constel/bounds/levenshtein.hpp"
#include "constel/error.hpp"

using namespace constel;
using namespace constel::bounds;

namespace {
double relative_gap(const DelsarteResult& r) { return to_double(r.certificate.bound) / r.grid_value - 1; }

// Certified, within 1e-6 of its own lower bound (the LP optimum on the points used) and below
// Levenshtein.
void check_tight_below_levenshtein(std::size_t n, const Rational& s) {
  INFO("n = " << n << ", s = " << to_string(s));
  auto d = certified_delsarte_bound(n, s);
  REQUIRE(d.certified);
  CHECK(relative_gap(d) < 1e-6);
  CHECK(relative_gap(d) > -1e-12);
  CHECK(d.certificate.bound < exact_levenshtein_bound(n, s).value);
}
}  // namespace

TEST_CASE("1481: multiple-precision Delsarte LP: 240 for E8 at degree 6, the kissing LP n = 3, no f at degree 1",
          "[standard][bounds]") {
  auto e8 = detail::solve_delsarte_mp(8, 6, Rational(1, 2));
  REQUIRE(e8.optimal);
  CHECK(e8.value == Approx(240).epsilon(1e-8));
  CHECK(e8.lower <= 240 * (1 + 1e-12));  // a dual feasible point: never above the LP optimum
  CHECK(e8.value >= e8.lower);
  auto k3 = detail::solve_delsarte_mp(3, 13, Rational(1, 2));
  REQUIRE(k3.optimal);
  CHECK(k3.value == Approx(13.1583).epsilon(1e-4));
  CHECK(k3.value / k3.lower - 1 < 1e-8);
  // Degree 1 at s = 1/2: f = 1 + f_1 t <= 0 on [-1, 1/2] would need f_1 >= 1 and f_1 <= -2.
  auto none = detail::solve_delsarte_mp(8, 1, Rational(1, 2));
  CHECK_FALSE(none.optimal);
  CHECK(none.infeasible);
}

TEST_CASE("1482: multiple-precision Delsarte LP asks the stop hook and checks its input", "[quick][bounds]") {
  RunHooks hooks;
  int asked = 0;
  hooks.stop = [&] { return ++asked >= 3; };
  CHECK_THROWS_AS(detail::solve_delsarte_mp(24, 10, Rational(1, 2), hooks), Cancelled);
  CHECK(asked == 3);
  CHECK_THROWS_AS(detail::solve_delsarte_mp(24, 0, Rational(1, 2)), LimitError);
  CHECK_THROWS_AS(detail::solve_delsarte_mp(24, 201, Rational(1, 2)), LimitError);
  CHECK_THROWS_AS(detail::solve_delsarte_mp(1, 5, Rational(1, 2)), InputError);
  CHECK_THROWS_AS(detail::solve_delsarte_mp(24, 5, Rational(1)), InputError);
}

TEST_CASE("1483: Delsarte at n = 80, s = 1/2 is certified within 1e-6 of its LP optimum (was 1.4e-5)",
          "[extreme][bounds]") {
  check_tight_below_levenshtein(80, Rational(1, 2));
}

TEST_CASE("1484: Delsarte at n = 200, s = 1/2 is certified below Levenshtein (GLPK found no solution)",
          "[extreme][bounds]") {
  check_tight_below_levenshtein(200, Rational(1, 2));
}

TEST_CASE("1485: Delsarte at n = 160, 180, 190, s = 1/2 is certified below Levenshtein", "[extreme][bounds]") {
  for (std::size_t n : {160, 180, 190}) check_tight_below_levenshtein(n, Rational(1, 2));
}

TEST_CASE("1486: a multiple-precision certificate round-trips through the file format and re-checks",
          "[standard][bounds]") {
  auto lp = detail::solve_delsarte_mp(24, 11, Rational(1, 2));
  REQUIRE(lp.optimal);
  std::string why;
  auto cert = certify_delsarte(24, Rational(1, 2), lp.f, from_double(2 * lp.violation + 1e-13), why);
  REQUIRE(cert);
  CHECK(to_double(cert->bound) == Approx(196560).epsilon(1e-8));  // the Leech lattice's kissing number
  CHECK(to_double(cert->bound) >= lp.lower * (1 - 1e-12));
  auto parsed = parse_delsarte_certificate(format_delsarte_certificate(*cert), "mp.cert");
  auto check = check_delsarte_certificate(parsed);
  CHECK(check.verified);
}
