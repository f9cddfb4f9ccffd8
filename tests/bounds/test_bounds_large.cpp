// Bounds at the state of the art for large n and tight Delsarte certificates: the interval-arithmetic
// Levenshtein bound at degrees beyond exact arithmetic, the cap bound, the Kabatiansky-Levenshtein
// exponent over its valid range, and Delsarte values within 1e-6 of their degree's LP optimum.
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <cmath>

#include "constel/bounds/code_bounds.hpp"
#include "constel/bounds/delsarte.hpp"
#include "constel/bounds/levenshtein.hpp"
#include "support.hpp"

using namespace constel;
using namespace constel::bounds;

TEST_CASE("250: interval Levenshtein agrees with the exact value and encloses it from above", "[quick][bounds]") {
  bool odd = false, even = false;
  for (auto [n, s] : {std::pair<std::size_t, Rational>{13, Rational(1, 2)}, {24, Rational(2, 5)}, {768, Rational(1719, 2275)},
                      {100, Rational(1, 3)}, {4096, Rational(97, 101)}, {30, Rational(3, 5)}}) {
    INFO("n = " << n << ", s = " << to_string(s));
    auto exact = exact_levenshtein_bound(n, s);
    auto iv = levenshtein_upper_interval(n, s, 100000, 256);
    REQUIRE(iv);
    CHECK(iv->degree == exact.degree);
    HighFloat e = to_high_float(exact.value);
    CHECK(iv->upper >= e);
    CHECK(static_cast<double>((iv->upper - e) / e) < 1e-30);
    (exact.degree % 2 ? odd : even) = true;
  }
  CHECK(odd);  // both branches of the rule were exercised
  CHECK(even);
  // At n = 24, s = 1/2 (the Leech case) a tested quantity is exactly 0: the interval
  // sign stays undecided at every precision, and levenshtein_upper falls back to exact arithmetic.
  CHECK(!levenshtein_upper_interval(24, Rational(1, 2), 1000, 256));
  auto l24 = levenshtein_upper(24, Rational(1, 2));
  REQUIRE(l24.exact);
  CHECK(*l24.exact == 196560);
}

TEST_CASE("251: Levenshtein without the degree cap: n = 10^5 and n = 10^6 at s = 1/2", "[standard][bounds]") {
  auto l5 = levenshtein_upper(100000, Rational(1, 2));
  CHECK(!l5.exact);
  CHECK(l5.degree > 12000);
  CHECK(l5.log10 == Approx(12137.9).margin(0.05));
  auto l6 = levenshtein_upper(1000000, Rational(1, 2));
  CHECK(l6.log10 == Approx(120956.8).margin(0.05));
  // Exact below half-degree 6000 (the same values as exact_levenshtein_bound).
  auto l20k = levenshtein_upper(20000, Rational(1, 2));
  REQUIRE(l20k.exact);
  CHECK(*l20k.exact == exact_levenshtein_bound(20000, Rational(1, 2)).value);
}

TEST_CASE("252: the cap bound: Rankin's argument, finite everywhere on 0 < s < 1", "[quick][bounds]") {
  CHECK(!cap_upper_bound(10, Rational(0)));
  CHECK(!cap_upper_bound(10, Rational(-1, 3)));
  // n = 3, s = 1/2: the kissing number 12 lies below it; it is far weaker than Delsarte's 13.
  auto c3 = cap_upper_bound(3, Rational(1, 2));
  REQUIRE(c3);
  CHECK(*c3->value >= 12);
  CHECK(c3->method.find("cap bound") != std::string::npos);
  CHECK(c3->method.find("3.5") == std::string::npos);  // `bound`'s tables look for Theorem 3.5 by "3.5"
  // Large n: exponent -(1/2) log10(1 - s) per dimension, 0.1505 at s = 1/2.
  auto big = cap_upper_bound(1000000, Rational(1, 2));
  REQUIRE(big);
  CHECK(big->log10 / 1e6 == Approx(-0.5 * std::log10(0.5)).margin(1e-4));
}

TEST_CASE("253: Kabatiansky-Levenshtein exponent over 0 < theta < 90 degrees, with Levenshtein's line below 63",
          "[quick][bounds]") {
  // s = 1/3 (theta = 70.5 degrees, above theta*): only the formula holds, 0.19737 bits; the line
  // -(1/2) log2(2/3) - 0.099 = 0.19348 bits lies below it and is no bound there.
  auto e = kabatiansky_levenshtein_exponent(1.0 / 3);
  REQUIRE(e);
  double sn3 = std::sqrt(8.0) / 3, a3 = (1 + sn3) / (2 * sn3), b3 = (1 - sn3) / (2 * sn3);
  CHECK(*e / std::log(2.0) == Approx(a3 * std::log2(a3) - b3 * std::log2(b3)).epsilon(1e-12));
  CHECK(*e / std::log(2.0) == Approx(0.19737).margin(1e-5));
  // s = 0.05: the line would be negative (-0.062 bits), impossible since N_SC(n, s) >= 2n.
  auto small = kabatiansky_levenshtein_exponent(0.05);
  REQUIRE(small);
  CHECK(*small > 0);
  // Below theta* (s > 0.4540) the line applies and is smaller: -(1/2) log2(0.4) - 0.099 at s = 0.6.
  auto f = kabatiansky_levenshtein_exponent(0.6);
  REQUIRE(f);
  double sn = 0.8, a = (1 + sn) / (2 * sn), b = (1 - sn) / (2 * sn);
  CHECK(*f / std::log(2.0) == Approx(-0.5 * std::log2(0.4) - 0.099).epsilon(1e-12));
  CHECK(*f / std::log(2.0) < a * std::log2(a) - b * std::log2(b));
  // The two forms meet at theta* (s = 0.4540).
  auto g = kabatiansky_levenshtein_exponent(0.4539), h = kabatiansky_levenshtein_exponent(0.4541);
  REQUIRE(g);
  REQUIRE(h);
  CHECK(*g == Approx(*h).margin(2e-4));
  CHECK(kabatiansky_levenshtein_exponent(0.1));
}

namespace {
// The certified value and its relative distance above the refined grid optimum, which is a lower bound
// on the LP optimum at that degree (the grid relaxes the LP).
double relative_gap(const DelsarteResult& r) { return to_double(r.certificate.bound) / r.grid_value - 1; }
}  // namespace

TEST_CASE("254: Delsarte certified within 1e-6 of its degree's optimum at (15, 3/5)", "[standard][bounds]") {
  // Before the exchange step this certified 27380.85 (a bump near t = -1).
  auto a = certified_delsarte_bound(15, Rational(3, 5));
  REQUIRE(a.certified);
  CHECK(relative_gap(a) < 1e-6);
  CHECK(relative_gap(a) > -1e-9);  // the grid optimum is never above a valid bound of the same degree
  CHECK(to_double(a.certificate.bound) < 27359.9);
}

TEST_CASE("260: Delsarte certified within 1e-6 of its degree's optimum at (13, 7/10)", "[standard][bounds]") {
  // Before the exchange step this certified 56193.87.
  auto b = certified_delsarte_bound(13, Rational(7, 10));
  REQUIRE(b.certified);
  CHECK(relative_gap(b) < 1e-6);
  CHECK(to_double(b.certificate.bound) < 56186.19);
}

TEST_CASE("255: Delsarte certified within 1e-6 of its degree's optimum at (20, 11/20) and (48, 1/2)",
          "[standard][bounds]") {
  auto a = certified_delsarte_bound(20, Rational(11, 20));
  REQUIRE(a.certified);
  CHECK(relative_gap(a) < 1e-6);
  CHECK(to_double(a.certificate.bound) < 113780.96);
  auto b = certified_delsarte_bound(48, Rational(1, 2));
  REQUIRE(b.certified);
  CHECK(relative_gap(b) < 1e-6);  // was 0.43% above its own grid value
}

TEST_CASE("256: Delsarte at n = 70, s = 1/2 is certified below Levenshtein", "[standard][bounds]") {
  auto d = certified_delsarte_bound(70, Rational(1, 2));
  REQUIRE(d.certified);
  CHECK(relative_gap(d) < 1e-6);
  CHECK(d.certificate.bound < exact_levenshtein_bound(70, Rational(1, 2)).value);  // 1.5713e12
}

TEST_CASE("257: codebound at n = 20000 and 10^6: no 'inf', interval Levenshtein, cap bound in the JSON",
          "[standard][bounds][cli]") {
  auto r = constel::test::run_tool("codebound --n 20000 --s 1/2");
  REQUIRE(r.code == 0);
  CHECK(r.out.find("inf") == std::string::npos);
  CHECK(r.out.find("Levenshtein:     10^2447.57") != std::string::npos);
  auto big = constel::test::run_tool("codebound --n 1000000 --s 1/2 --json");
  REQUIRE(big.code == 0);
  auto j = nlohmann::json::parse(big.out);
  CHECK(j["levenshtein"]["exact"] == false);
  CHECK(j["levenshtein"]["value"].is_null());
  CHECK(j["levenshtein"]["log10"].get<double>() == Approx(120956.83).margin(0.01));
  CHECK(j["best_upper"]["method"].get<std::string>().rfind("Levenshtein L_", 0) == 0);
  CHECK(j["cap"]["log10"].get<double>() == Approx(150524.23).margin(0.01));
  CHECK(j["volume"]["log10"].get<double>() > j["cap"]["log10"].get<double>());
}

TEST_CASE("258: bound uses the large-n bounds: d = 10^6 on the line, and the KL exponent at alpha = 1/3",
          "[standard][bounds][cli]") {
  auto r = constel::test::run_tool("bound --d 1000000 --m 1/4 --b 3/4 --json");
  REQUIRE(r.code == 0);
  auto j = nlohmann::json::parse(r.out);
  CHECK(j["upper"]["log10"].get<double>() == Approx(120956.83).margin(0.01));  // was 10^150524 (Theorem 3.5)
  CHECK(j["upper"]["method"].get<std::string>().find("Levenshtein") != std::string::npos);
  // alpha = 1/3: Rankin's exponent -(1/2) ln(2/3) = 0.2027 before; now the Kabatiansky-Levenshtein
  // formula, 0.19737 bits = 0.13681 nats (Levenshtein's line holds only below 63 degrees, s >= 0.454).
  auto e = constel::test::run_tool("bound --d 100 --m 1/3 --b 2/3 --json");
  REQUIRE(e.code == 0);
  auto je = nlohmann::json::parse(e.out);
  CHECK(je["exponent_upper"].get<double>() == Approx(0.19737 * std::log(2.0)).margin(1e-5));
}

TEST_CASE("259: Delsarte at n = 150, s = 1/2 (coarse grid plus exchange) is certified below Levenshtein",
          "[extreme][bounds]") {
  // [extreme] since the multiple-precision LP runs from n = 70 on: 22 s of CPU (docs/bounds.md).
  // The fine grid made GLPK's basis singular here ("no solution up to degree 48" before).
  auto d = certified_delsarte_bound(150, Rational(1, 2));
  REQUIRE(d.certified);
  CHECK(relative_gap(d) < 1e-6);
  CHECK(d.certificate.bound < exact_levenshtein_bound(150, Rational(1, 2)).value);  // 1.6377e23
}
