// Parameter conventions (docs/math.md, top): Hugging Face (logit_scale, logit_bias) <-> paper (t, b, b_rel),
// exact where the values are rational, MPFR decimals where exp/ln make them irrational.
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <cmath>

#include "constel/error.hpp"
#include "constel/gap/params.hpp"
#include "support.hpp"

using namespace constel;
using constel::test::run_tool;

TEST_CASE("640: params from Hugging Face: t = exp(S), b = -B, b_rel = b / t", "[quick][gap][params]") {
  ParamsConversion z = params_from_hf(0, Rational(-10), 30);
  CHECK(z.t.exact);
  CHECK(z.t.value == 1);
  CHECK(z.b.exact);
  CHECK(z.b.value == 10);
  CHECK(z.b_rel.exact);
  CHECK(z.b_rel.value == 10);
  ParamsConversion r = params_from_hf(Rational(47, 10), Rational(-10), 30);
  CHECK_FALSE(r.t.exact);
  CHECK(r.t.decimal == "109.947172452123498879728700455");  // exp(4.7)
  CHECK(r.t.approx == Approx(std::exp(4.7)).epsilon(1e-15));
  CHECK(r.b.value == 10);
  CHECK(r.logit_bias.value == -10);
  CHECK_FALSE(r.b_rel.exact);
  CHECK(r.b_rel.approx == Approx(10 / std::exp(4.7)).epsilon(1e-15));
  CHECK(r.b_rel.decimal.rfind("0.09095277101695817", 0) == 0);
  ParamsConversion nb = params_from_hf(Rational(3), Rational(0), 30);
  CHECK(nb.b_rel.exact);
  CHECK(nb.b_rel.value == 0);
  CHECK(params_from_hf(Rational(1), Rational(0), 50).t.decimal == "2.7182818284590452353602874713526624977572470937");
  CHECK_THROWS_WITH(params_from_hf(Rational(701), Rational(0)),
                    "params: |logit_scale| = 701 > 700: t = exp(logit_scale) is beyond the double range");
  CHECK_THROWS_WITH(params_from_hf(Rational(1), Rational(0), 0), "params: digits must be between 1 and 1000");
}

TEST_CASE("641: params from the paper: logit_scale = ln t, logit_bias = -b = -b_rel t", "[quick][gap][params]") {
  ParamsConversion r = params_from_t_b(Rational(10), Rational(7), 30);
  CHECK_FALSE(r.logit_scale.exact);
  CHECK(r.logit_scale.decimal == "2.30258509299404568401799145468");  // ln 10
  CHECK(r.logit_bias.exact);
  CHECK(r.logit_bias.value == -7);
  CHECK(r.b_rel.value == Rational(7, 10));
  ParamsConversion s = params_from_t_b_rel(Rational(10), Rational(7, 10), 30);
  CHECK(s.b.value == 7);
  CHECK(s.logit_bias.value == -7);
  CHECK(s.logit_scale.decimal == r.logit_scale.decimal);
  ParamsConversion one = params_from_t_b(Rational(1), Rational(-1, 2));
  CHECK(one.logit_scale.exact);
  CHECK(one.logit_scale.value == 0);
  // Round trip through the decimals: exp(ln t) = t to the printed precision.
  ParamsConversion back = params_from_hf(parse_rational(r.logit_scale.decimal), Rational(-7), 30);
  CHECK(std::fabs(back.t.approx - 10) < 1e-13);
  CHECK(std::fabs(back.b_rel.approx - 0.7) < 1e-13);
  CHECK_THROWS_WITH(params_from_t_b(Rational(0), Rational(1)), "params: t must be positive, got 0");
  CHECK_THROWS_WITH(params_from_t_b_rel(Rational(-2), Rational(1)), "params: t must be positive, got -2");
  CHECK_THROWS_AS(params_from_t_b(parse_rational("1e400"), Rational(1)), LimitError);
}

TEST_CASE("642: constel params in both directions, JSON and errors", "[standard][gap][params][cli]") {
  auto r = run_tool("params --hf-logit-scale 4.7 --hf-logit-bias -10 --json");
  REQUIRE(r.code == 0);
  auto j = nlohmann::json::parse(r.out);
  CHECK(j["direction"] == "hf-to-paper");
  CHECK(j["t"] == "109.947172452123498879728700455");
  CHECK(j["t_exact"] == false);
  CHECK(j["b"] == "10");
  CHECK(j["b_exact"] == true);
  CHECK(j["logit_scale"] == "47/10");
  CHECK(j["b_rel_exact"] == false);
  CHECK(j["b_rel_decimal"].get<double>() == Approx(10 / std::exp(4.7)).epsilon(1e-15));
  r = run_tool("params --t 10 --b-rel 0.7 --json");
  REQUIRE(r.code == 0);
  j = nlohmann::json::parse(r.out);
  CHECK(j["direction"] == "paper-to-hf");
  CHECK(j["logit_bias"] == "-7");
  CHECK(j["b"] == "7");
  CHECK(j["logit_scale_exact"] == false);
  r = run_tool("params --hf-logit-scale 0 --hf-logit-bias 3");
  CHECK(r.code == 0);
  CHECK(r.out.find("t           = 1 (exact)") != std::string::npos);
  CHECK(r.out.find("b_rel       = -3 (exact)") != std::string::npos);
  r = run_tool("params --t 0 --b 1");
  CHECK(r.code == 2);
  CHECK(r.err == "constel: params: t must be positive, got 0\n");
  r = run_tool("params --t 2 --b 1 --b-rel 1");
  CHECK(r.code == 2);
  CHECK(r.err.find("give --t with exactly one of --b and --b-rel") != std::string::npos);
  r = run_tool("params --t 2 --hf-logit-bias 1");
  CHECK(r.code == 2);
  r = run_tool("params --hf-logit-scale x --hf-logit-bias 1");
  CHECK(r.code == 2);
  CHECK(r.err.find("--hf-logit-scale: ") != std::string::npos);
  r = run_tool("params");
  CHECK(r.code == 2);
}
