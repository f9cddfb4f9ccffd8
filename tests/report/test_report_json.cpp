// Reports own their JSON: the library's to_json of a report is exactly what the CLI's --json prints
// (one implementation), and the exact-number helpers keep the _decimal convention.
#include <catch2/catch.hpp>

#include "constel/bounds/bounds_json.hpp"
#include "constel/gap/params.hpp"
#include "constel/io/cst.hpp"
#include "constel/number/json.hpp"
#include "constel/verify/exact.hpp"
#include "constel/verify/exact_json.hpp"
#include "support.hpp"

using namespace constel;

TEST_CASE("810: to_json(ExactReport) is the object `constel verify --json` prints", "[quick][report][json]") {
  const std::string file = std::string(CONSTEL_SOURCE_DIR) + "/data/examples/simplex3.cst";
  Configuration c = read_cst_file(file);
  ExactVerifyOptions opt;
  opt.m = Rational(3, 4), opt.b = Rational(1, 4);
  Json lib = to_json(exact_verify(c, opt), c, opt);
  CHECK(lib["margin"] == "3/4");
  CHECK(lib["margin_decimal"] == 0.75);
  CHECK(lib["is_constellation"] == true);
  auto r = test::run_tool("verify '" + file + "' --m 3/4 --b 1/4 --json");
  REQUIRE(r.code == 0);
  CHECK(r.out == lib.dump(2) + "\n");
}

TEST_CASE("811: bounds::to_json and to_json(ParamsConversion) are what bound and params print", "[quick][report][json]") {
  Json b = bounds::to_json(bounds::mrb_bounds(10, Rational(1, 10), Rational(0)));
  CHECK(b["alpha"] == "7/11");
  CHECK(b["region"] == "exponential");
  auto r = test::run_tool("bound --d 10 --m 0.1 --b 0 --json");
  REQUIRE(r.code == 0);
  CHECK(r.out == b.dump(2) + "\n");
  Json p = to_json(params_from_t_b_rel(Rational(10), Rational(7, 10)));
  CHECK(p["direction"] == "paper-to-hf");
  CHECK(p["b"] == "7");
  CHECK(p["logit_scale_exact"] == false);
  auto q = test::run_tool("params --t 10 --b-rel 0.7 --json");
  REQUIRE(q.code == 0);
  CHECK(q.out == p.dump(2) + "\n");
}

TEST_CASE("812: put_exact writes a reduced fraction and its double; beyond the double range the twin is null",
          "[quick][report][json]") {
  Json o;
  put_exact(o, "x", Rational(6, -8));
  CHECK(o["x"] == "-3/4");
  CHECK(o["x_decimal"] == -0.75);
  put_exact(o, "huge", Rational(Integer(1) << 1100));
  CHECK(o["huge_decimal"].is_null());
  CHECK(exact_object(Rational(1, 3))["value"] == "1/3");
}
