// The analytic bounds in ball arithmetic (docs/math.md section 4, docs/bounds.md): the cap measure's
// enclosures contain independent values (mpmath at 62 digits) and the old 50-digit MPFR values, they are
// narrow, and every bound is read off the ball's endpoint in the safe direction, including balls whose
// midpoint lies on the unsafe side of an integer.
#include <arb.h>

#include <catch2/catch.hpp>
#include <cmath>
#include <nlohmann/json.hpp>

#include "constel/bounds/cap_measure.hpp"
#include "constel/bounds/code_bounds.hpp"
#include "constel/bounds/detail/ball.hpp"
#include "constel/bounds/mrb_bounds.hpp"
#include "constel/bounds/size_bound_json.hpp"
#include "support.hpp"

using namespace constel;
using namespace constel::bounds;
using constel::test::run_tool;

namespace {

struct CapCase {
  std::size_t n;
  const char* x;
  const char* independent;  // mpmath.betainc at 70 digits, printed to 62
  const char* old_mpfr;     // the former Boost.Math ibeta at 50 digits
};

const CapCase kCapCases[] = {
    {2, "0.7071", "0.25000305259180868971325254720271688058047180779391028746079233",
     "0.25000305259180868971325254720271688058047180779391"},
    {17, "1/3", "0.088231598406763664995528927743416275539314597272112781830699718",
     "0.088231598406763664995528927743416275539314597272113"},
    {24, "-0.25", "0.88594825276968510976549540493885582384462514867389594259707524",
     "0.8859482527696851097654954049388558238446251486739"},
    {100, "0.99", "2.5089996926954971561150660735635252865787611910340512782296347e-86",
     "2.5089996926954971561150660735635252865787611910518e-86"},
    {4096, "0.05", "0.00068376873934913591587110800788773404286459984413249374797483799",
     "0.00068376873934913591587110800788773404286459984413102"},
    {65536, "0.9604", "3.9082225290676967317357964028613286105304512614913388377885439e-36374",
     "3.9082225290676967317357964028613286105304512565325e-36374"},
    {1000000, "0.9604", "1.2981387044042080894968963950743220053032148455248560435907675e-554983",
     "1.2981387044042080894968963950743220053032148203917e-554983"},
    {1000000, "0.001", "0.15865537491691005006358867266560330162052525752902001817055896",
     "0.15865537491691005006358867266560330162052525752962"},
};

// A ball around a decimal string, widened by `rel` relative.
detail::Ball decimal_ball(const char* s, double rel) {
  detail::Ball b;
  REQUIRE(arb_set_str(b.get(), s, 512) == 0);
  mag_t m;
  mag_init(m);
  arb_get_mag(m, b.get());
  mag_mul_2exp_si(m, m, static_cast<long>(std::floor(std::log2(rel))));
  arb_add_error_mag(b.get(), m);
  mag_clear(m);
  return b;
}

detail::Ball interval_ball(const CapEnclosure& e) {
  detail::Ball b;
  arb_set_interval_mpfr(b.get(), e.lower.backend().data(), e.upper.backend().data(), 512);
  return b;
}

// A ball mid +/- rad with mid = k + 2^e_mid (e_mid may be negative) and rad = 2^e_rad.
detail::Ball ball_near_integer(long k, bool below, long e_mid, long e_rad) {
  detail::Ball b, t;
  arb_one(t.get());
  arb_mul_2exp_si(t.get(), t.get(), e_mid);
  arb_set_si(b.get(), k);
  if (below)
    arb_sub(b.get(), b.get(), t.get(), 8192);
  else
    arb_add(b.get(), b.get(), t.get(), 8192);
  mag_t r;
  mag_init(r);
  mag_one(r);
  mag_mul_2exp_si(r, r, e_rad);
  arb_add_error_mag(b.get(), r);
  mag_clear(r);
  return b;
}

}  // namespace

TEST_CASE("1260: Gamma_n enclosures contain independent 62-digit values and the old 50-digit values, narrowly",
          "[quick][bounds]") {
  for (const auto& c : kCapCases) {
    INFO("n = " << c.n << ", x = " << c.x);
    CapEnclosure e = cap_measure_enclosure(c.n, parse_rational(c.x));
    REQUIRE(e.lower > 0);
    CHECK(e.lower <= e.upper);
    // Narrow: far inside 1e-25 relative (the target is 2^-160).
    CHECK(static_cast<double>((e.upper - e.lower) / e.lower) < 1e-40);
    detail::Ball enclosure = interval_ball(e);
    // The independent value (62 digits, so its own error is below 1e-60 relative) lies in the ball.
    CHECK(arb_overlaps(enclosure.get(), decimal_ball(c.independent, 1e-60).get()));
    // The former Boost.Math values were accurate to about 1e-44 (docs said 1e-30): within 1e-40.
    CHECK(arb_overlaps(enclosure.get(), decimal_ball(c.old_mpfr, 1e-40).get()));
    // And the ball does exclude a value 1e-30 away: the check above can fail.
    HighFloat off = e.upper * (1 + HighFloat("1e-30"));
    CHECK_FALSE(arb_contains(enclosure.get(), detail::ball_of(off).get()));
  }
  // The midpoint form agrees with the enclosure.
  HighFloat mid = cap_measure(17, Rational(1, 3));
  CapEnclosure e = cap_measure_enclosure(17, Rational(1, 3));
  CHECK(mid >= e.lower);
  CHECK(mid <= e.upper);
  CHECK_THROWS_WITH(cap_measure_enclosure(1, Rational(0)), Catch::Contains("n must be >= 2"));
  CHECK_THROWS_WITH(cap_measure_enclosure(5, Rational(-3, 2)), Catch::Contains("x must lie in [-1, 1]"));
}

TEST_CASE("1261: bounds are read off the safe end of the ball, where the midpoint would round the wrong way",
          "[quick][bounds]") {
  // Midpoint 5 - 2^-200, radius 2^-190: the true value may be 5 or more, so an upper bound must say 5
  // (floor of the midpoint would say 4, which could be false).
  detail::Ball below5 = ball_near_integer(5, true, -200, -190);
  SizeBound up = detail::upper_from_ball(below5, "test");
  REQUIRE(up.value);
  CHECK(*up.value == 5);
  CHECK(up.rigorous);
  // Midpoint 5 + 2^-200, radius 2^-190: the true value may be below 5, so a lower bound must say 5
  // (ceiling of the midpoint would say 6, which could be false).
  detail::Ball above5 = ball_near_integer(5, false, -200, -190);
  SizeBound lo = detail::lower_from_ball(above5, "test");
  REQUIRE(lo.value);
  CHECK(*lo.value == 5);
  CHECK(lo.rigorous);
  CHECK(*detail::upper_from_ball(above5, "t").value == 5);
  CHECK(*detail::lower_from_ball(below5, "t").value == 5);
  // Exact integers stay exact on both sides.
  detail::Ball seven = ball_near_integer(7, true, -100, -200);  // 7 - 2^-100, radius 2^-200
  CHECK(*detail::upper_from_ball(seven, "t").value == 6);
  CHECK(*detail::lower_from_ball(seven, "t").value == 7);
  // Beyond 10^40 the bound is its log10, rounded up for an upper bound and down for a lower one:
  // log10(10^50 + 1) is just above 50, log10(10^50 - 1) just below, and neither is a double.
  detail::Ball above, below;
  arb_ui_pow_ui(above.get(), 10, 50, 1024);
  arb_sub_ui(below.get(), above.get(), 1, 1024);
  arb_add_ui(above.get(), above.get(), 1, 1024);
  SizeBound ua = detail::upper_from_ball(above, "t"), la = detail::lower_from_ball(above, "t");
  SizeBound ub = detail::upper_from_ball(below, "t"), lb = detail::lower_from_ball(below, "t");
  CHECK_FALSE(ua.value);
  CHECK(ua.log10 > 50.0);  // nearest rounding would give 50.0, below the true value
  CHECK(la.log10 <= 50.0);
  CHECK(ub.log10 >= 50.0);
  CHECK(lb.log10 < 50.0);  // nearest rounding would give 50.0, above the true value
  CHECK(ua.log10 - lb.log10 < 1e-13);
}

TEST_CASE("1262: CSW and the volume bound at exact integer values, and log10 far beyond doubles, are safe",
          "[quick][bounds]") {
  // Gamma_2(1/2) = arccos(1/2)/pi = 1/3 is not dyadic, so the ball around 3 is not a point; the bounds
  // are still the exact integer 3 on both sides (N_SC(2, -1/2) = 3, so an upper bound of 2 would be false).
  SizeBound vol = volume_upper_bound(2, Rational(-1, 2));  // x = cos(60 deg) = 1/2
  REQUIRE(vol.value);
  CHECK(*vol.value == 3);
  SizeBound csw = csw_lower_bound(2, Rational(1, 2));
  REQUIRE(csw.value);
  CHECK(*csw.value == 3);
  // Gamma_3(1/2) = 1/4: both equal 4.
  CHECK(*volume_upper_bound(3, Rational(-1, 2)).value == 4);
  CHECK(*csw_lower_bound(3, Rational(1, 2)).value == 4);
  // n = 10^6: log10 (1/Gamma_n(0.9604)) = 554982.886678901265200020137172 (mpmath, 60 digits). The volume
  // bound at s = 2 (0.9604)^2 - 1 is that value rounded up, CSW at s = 0.9604 the value rounded down.
  const long double exact = 554982.886678901265200020137172L;
  SizeBound v = volume_upper_bound(1000000, parse_rational("0.84473632"));
  SizeBound c = csw_lower_bound(1000000, parse_rational("0.9604"));
  CHECK(static_cast<long double>(v.log10) >= exact);
  CHECK(static_cast<long double>(c.log10) <= exact);
  CHECK(v.log10 - c.log10 < 1e-9);
  CHECK(v.rigorous);
  CHECK(c.rigorous);
}

TEST_CASE("1263: Theorem 3.5 and the cap bound are proved at the delta they report, and match the old values",
          "[quick][bounds]") {
  // The 50-digit MPFR values before ball arithmetic: 4464 at (9, 0.1, 0), 27571 at (24, 1/4, 1/4),
  // log10 239.46595110143787 at (768, 0.0695, 0.068).
  SizeBound t9 = theorem35_upper_bound(9, parse_rational("0.1"), Rational(0));
  REQUIRE(t9.value);
  CHECK(*t9.value == 4464);
  CHECK(t9.method.find("delta^2 = 0.388784") != std::string::npos);
  CHECK(*theorem35_upper_bound(24, Rational(1, 4), Rational(1, 4)).value == 27571);
  SizeBound t768 = theorem35_upper_bound(768, parse_rational("0.0695"), parse_rational("0.068"));
  CHECK_FALSE(t768.value);
  CHECK(t768.log10 >= 239.46595110143787);
  CHECK(t768.log10 - 239.46595110143787 < 1e-12);
  // On the line m + b = 1 the cap bound is Theorem 3.5 (docs/math.md section 5.a).
  auto cap = cap_upper_bound(15, Rational(3, 5));
  REQUIRE(cap);
  SizeBound t15 = theorem35_upper_bound(15, Rational(1, 5), Rational(4, 5));
  CHECK(cap->value == t15.value);
  CHECK(cap->rigorous);
}

TEST_CASE("1264: every bound in bound --json and codebound --json says rigorous, the exponents say why not",
          "[standard][bounds][cli]") {
  auto r = run_tool("bound --d 9 --m 0.1 --b 0 --json");
  REQUIRE(r.code == 0);
  auto j = nlohmann::json::parse(r.out);
  std::size_t n = 0;
  for (const char* group : {"upper_all", "lower_all"})
    for (const auto& b : j[group]) {
      INFO(b["method"]);
      CHECK(b["rigorous"] == true);
      CHECK_FALSE(b.contains("rigorous_note"));
      ++n;
    }
  CHECK(n >= 5);
  CHECK(j["upper"]["rigorous"] == true);
  CHECK(j["exponents_rigorous"] == false);
  CHECK(j["exponents_note"].get<std::string>().find("asymptotic") != std::string::npos);
  auto c = run_tool("codebound --n 1000000 --s 1/2 --json");
  REQUIRE(c.code == 0);
  auto jc = nlohmann::json::parse(c.out);
  for (const char* key : {"volume", "cap", "lower", "best_upper", "best_lower"}) {
    INFO(key);
    CHECK(jc[key]["rigorous"] == true);
  }
}

TEST_CASE("1265: the exponents keep exponent_lower <= exponent_upper at small alpha (KL line only below 63 deg)",
          "[quick][bounds]") {
  // alpha(19/61, 0) = 1/20: Levenshtein's line -(1/2) log2(0.95) - 0.099 = -0.062 bits was applied here
  // before and gave exponent_upper = -0.043 nats, below exponent_lower; only the KL formula holds.
  MrbBounds r = mrb_bounds(100, Rational(19, 61), Rational(0));
  REQUIRE(r.region.alpha);
  CHECK(*r.region.alpha == Rational(1, 20));
  REQUIRE(r.exponent_lower);
  REQUIRE(r.exponent_upper);
  CHECK(*r.exponent_upper > 0);
  CHECK(*r.exponent_lower <= *r.exponent_upper);
  double sn = std::sqrt(1 - 0.0025), a = (1 + sn) / (2 * sn), b = (1 - sn) / (2 * sn);
  CHECK(*r.exponent_upper == Approx((a * std::log2(a) - b * std::log2(b)) * std::log(2.0)).epsilon(1e-12));
  // At alpha = 1/2 (60 degrees) the line applies: 0.401 bits.
  CHECK(*kabatiansky_levenshtein_exponent(0.5) == Approx(0.401 * std::log(2.0)).epsilon(1e-12));
}

TEST_CASE("1266: printed log10s are rounded the safe way: up for upper bounds, down for lower ones", "[quick][bounds]") {
  using constel::bounds::log10_text;
  // 2.00004999... rounds to nearest as 2.0000; as an upper bound it must print 2.0001.
  CHECK(log10_text(2.00004999, 1) == "2.0001");
  CHECK(log10_text(2.00004999, -1) == "2.0000");
  CHECK(log10_text(2.00004999, 0) == "2.0000");
  CHECK(log10_text(-3.14159, 1) == "-3.1415");
  CHECK(log10_text(-3.14159, -1) == "-3.1416");
  // A value printed exactly stays as it is either way.
  CHECK(log10_text(0.25, 1) == "0.2500");
  CHECK(log10_text(0.25, -1) == "0.2500");
  CHECK(log10_text(HUGE_VAL, 1) == "inf");
  // The decimal is compared with the double exactly: 1.00005 as a double is slightly above or below
  // 1.00005; whichever it is, the directed results bracket it.
  const double x = 1.00005;
  const constel::Rational ex = constel::from_double(x);
  CHECK(constel::parse_rational(log10_text(x, 1)) >= ex);
  CHECK(constel::parse_rational(log10_text(x, -1)) <= ex);
  // The Theorem 3.5 upper bound at d = 10^6 is printed as 10^x: x is rounded up.
  auto r = constel::bounds::mrb_bounds(1000000, constel::Rational(1, 10), constel::Rational(0), {});
  REQUIRE_FALSE(r.upper.value);
  const std::string text = constel::bounds::size_bound_text(r.upper);
  CHECK(text.rfind("10^" + log10_text(r.upper.log10, 1), 0) == 0);
  CHECK(constel::parse_rational(text.substr(3, text.find(' ') - 3)) >= constel::from_double(r.upper.log10));
}
