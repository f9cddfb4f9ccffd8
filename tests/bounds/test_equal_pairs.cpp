// The equal-pairs route N_MRB(d, m, b) >= N_SC(d, b - m) (docs/math.md section 4): the regular
// tetrahedron closes (3, 9/20, 3/10) at 4..4, the file `generate line` writes for it verifies at that
// target, the route wins off the line where the lift loses a dimension, and every lower bound stays
// at or below every upper bound on a grid over all regions.
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "constel/bounds/mrb_bounds.hpp"
#include "constel/error.hpp"
#include "support.hpp"

using namespace constel;
using constel::test::run_tool;
using constel::test::TempDir;

TEST_CASE("1250: the tetrahedron gives N_MRB(3, 9/20, 3/10) = 4 and verifies at that target", "[standard][bounds]") {
  auto r = bounds::mrb_bounds(3, Rational(9, 20), Rational(3, 10));
  REQUIRE(r.lower.value);
  REQUIRE(r.upper.value);
  CHECK(*r.lower.value == 4);
  CHECK(*r.upper.value == 4);
  CHECK(r.lower.method.find("U_i = V_i = a code of R^d with s = b - m") != std::string::npos);
  auto j = run_tool("bound --d 3 --m 9/20 --b 3/10 --json");
  REQUIRE(j.code == 0);
  auto o = nlohmann::json::parse(j.out);
  CHECK(o["lower"]["value"] == "4");
  CHECK(o["upper"]["value"] == "4");
  TempDir dir;  // U_i = V_i = the tetrahedron: <U_i,U_j> = -1/3 <= b - m = -3/20, <U_i,U_i> = 1 >= b + m = 3/4
  auto g = run_tool("generate line --code simplex:4 -o '" + dir.file("t.cst") + "'");
  REQUIRE(g.code == 0);
  auto v = run_tool("verify '" + dir.file("t.cst") + "' --m 9/20 --b 3/10");
  CHECK(v.code == 0);
}

TEST_CASE("1251: the equal-pairs route wins where the lift loses a dimension, lower <= upper everywhere",
          "[standard][bounds]") {
  bounds::MrbOptions cheap;
  cheap.delsarte_max_dimension = 0;
  // (d, m, b) = (3, 1/5, 3/4): alpha = 23/39, the lift has a code in R^2 (4 points), while U_i = V_i = the
  // octahedron (s = 0 <= b - m = 11/20) gives 6
  auto r = bounds::mrb_bounds(3, Rational(1, 5), Rational(3, 4), cheap);
  REQUIRE(r.lower.value);
  CHECK(*r.lower.value >= 6);
  CHECK(r.lower.method.find("U_i = V_i") != std::string::npos);
  for (std::size_t d : {2, 3, 12}) {
    for (const char* m : {"0.05", "1/3", "0.6"}) {
      for (const char* b : {"-0.9", "0", "0.3", "0.9"}) {
        Rational mm = parse_rational(m), bb = parse_rational(b);
        if (mm + bb > 1) continue;
        INFO("d = " << d << ", m = " << m << ", b = " << b);
        auto x = bounds::mrb_bounds(d, mm, bb, cheap);
        for (const auto& lo : x.lower_all)
          for (const auto& up : x.upper_all) {
            INFO(lo.method << " vs " << up.method);
            if (lo.value && up.value)
              CHECK(*lo.value <= *up.value);
            else if (!up.infinite)
              CHECK(lo.log10 <= up.log10 + 1e-9);
          }
      }
    }
  }
}
