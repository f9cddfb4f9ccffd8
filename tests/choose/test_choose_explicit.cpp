// d_explicit from binary linear codes with a proved distance (codes/algebraic.hpp): choose-d gives a
// finite d_explicit for 10^10 .. 10^100 pairs at the so400m margin with a code spec and a command, the
// command's --count output verifies exactly with at least the claimed margin, and the defaults of
// choose-d and bound give one answer (d_necessary checked against `constel bound` at d and d - 1).
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "constel/choose/choose_d.hpp"
#include "constel/choose/explicit.hpp"
#include "constel/codes/algebraic.hpp"
#include "constel/error.hpp"
#include "support.hpp"

using namespace constel;
using constel::test::run_tool;
using constel::test::TempDir;
using nlohmann::json;

namespace {

Integer pow10(int k) {
  Integer x = 1;
  for (int i = 0; i < k; ++i) x *= 10;
  return x;
}

json tool_json(const std::string& args, int expected = 0) {
  auto r = run_tool(args);
  INFO(args << "\n" << r.err);
  REQUIRE(r.code == expected);
  return json::parse(r.out);
}

}  // namespace

TEST_CASE("1246: d_explicit is finite for 10^10, 10^12 and 10^100 pairs at (0.0695, 0.068)", "[standard][choose]") {
  const Rational m = parse_rational("0.0695"), b = parse_rational("0.068");
  bounds::MrbOptions cheap;
  cheap.delsarte_max_dimension = 0;
  choose::BoundCache cache(m, b, cheap);
  auto r = choose::choose_d(cache, pow10(10), "0.0695", "0.068", 1000000);
  REQUIRE(r.explicit_code.d);
  REQUIRE(r.explicit_code.construction);
  const auto& c = *r.explicit_code.construction;
  CHECK(c.N >= pow10(10));
  CHECK(c.code_alpha <= bounds::alpha_of(m, b));
  CHECK(c.dimension == *r.explicit_code.d);
  CHECK_FALSE(c.written_in_full);
  CHECK(c.count == codes::writable_count(c.code_dimension));  // N is more than fits
  CHECK(r.explicit_code.command.find("constel generate lift --code " + c.code_spec + " --m 0.0695 --b 0.068 --count ") == 0);
  CHECK(r.explicit_code.note.find("proved minimum distance") != std::string::npos);
  CHECK(*r.sufficient.d <= *r.explicit_code.d);  // the lower bound of `bound` takes the same codes
  // 10^12 at d = 60 and 10^100 at d = 750, the smallest such d (what choose-d reports, see the golden case)
  for (auto [e, d] : std::vector<std::pair<int, std::size_t>>{{10, *r.explicit_code.d}, {12, 60}, {100, 750}}) {
    INFO("N = 10^" << e << ", d = " << d);
    auto at = choose::best_explicit_construction(d, m, b), below = choose::best_explicit_construction(d - 1, m, b);
    REQUIRE(at);
    CHECK(at->N >= pow10(e));
    CHECK(at->code_alpha <= bounds::alpha_of(m, b));
    CHECK(at->log2_N > 0);
    CHECK((!below || below->N < pow10(e)));
  }
}

TEST_CASE("1247: generate --count writes codewords that verify exactly with margin >= the claim",
          "[standard][choose][cli]") {
  TempDir dir;
  for (const std::string args :
       {"lift --code bch:6,9,34 --m 0.0695 --b 0.068 --count 300", "lift --code ebch:7,23 --m 0.1 --b 0 --count 200",
        "lift --code rs-simplex:4,3 --m 1/5 --b 0 --count 256",
        "lift --code rs-rm1:5,6,20 --m 0.15 --b 0.1 --count 150", "line --code bch:5,7 --count 500",
        "line --code rm:2,9 --count 100"}) {
    INFO(args);
    auto f = dir.file("g.cst");
    auto s = tool_json("generate " + args + " -o '" + f + "' --json");
    auto v = tool_json("verify '" + f + "' --json");
    CHECK(v["unit_norm"] == true);
    CHECK(v["claim_holds"] == true);
    CHECK(parse_rational(v["margin"].get<std::string>()) >= parse_rational(s["m"].get<std::string>()));
    CHECK(s["count"] == v["N"]);
  }
  auto r = run_tool("generate lift --code bch:6,9 --m 0.0695 --b 0.068 -o '" + dir.file("x.cst") + "'");
  CHECK(r.code == 2);
  CHECK(r.err.find("a count K <= 133152") != std::string::npos);
  r = run_tool("generate lift --code bch:6,7 --m 0.0695 --b 0.068 --count 10 -o '" + dir.file("x.cst") + "'");
  CHECK(r.code == 2);  // [63, 45, >= 7]: 1 - 14/63 = 7/9 > alpha(m, b)
  CHECK(r.err.find("cannot be lifted") != std::string::npos);
}

TEST_CASE("1248: choose-d and bound agree by default at d_necessary and d_necessary - 1", "[standard][choose][cli]") {
  auto c = tool_json("choose-d --N 1450 --m 0.1 --b 0 --max-d 12 --json");
  auto dn = c["results"][0]["d_necessary"];
  REQUIRE(dn["d"] == 10);  // bound --d 9 proves N <= 1436 < 1450 (Delsarte LP, on by default in both)
  auto at = tool_json("bound --d 10 --m 0.1 --b 0 --json"), below = tool_json("bound --d 9 --m 0.1 --b 0 --json");
  CHECK(at["upper"] == dn["bound_at_d"]);
  CHECK(below["upper"] == dn["bound_at_d_minus_1"]);
  CHECK(below["upper"]["value"] == "1436");
  auto r = run_tool("choose-d --N 1450 --m 0.1 --b 0 --delsarte --no-delsarte");
  CHECK(r.code == 2);
  CHECK(r.err.find("contradict") != std::string::npos);
}

TEST_CASE("1249: d_necessary against the bounds at d and d - 1, for every bound set, on a grid", "[standard][choose]") {
  struct Target {
    const char *m, *b;
  };
  for (std::size_t lp : {std::size_t(0), std::size_t(24)}) {  // --no-delsarte, and the default of bound and choose-d
    bounds::MrbOptions options;
    options.delsarte_max_dimension = lp;
    for (auto t : {Target{"0.1", "0"}, Target{"0.25", "0.5"}, Target{"9/20", "3/10"}, Target{"0.2", "0.2"}}) {
      Rational m = parse_rational(t.m), b = parse_rational(t.b);
      choose::BoundCache cache(m, b, options);
      for (int N : {4, 12, 40, 300}) {
        // the LP takes up to a second per dimension: one target here, N = 1450 in test 1248
        if (lp && (N != 12 || t.m != std::string("0.1"))) continue;
        INFO("LP up to d = " << lp << ", m = " << t.m << ", b = " << t.b << ", N = " << N);
        auto r = choose::choose_d(cache, Integer(N), t.m, t.b, lp ? 6 : 64);
        if (!r.necessary.d) {  // the finite region: no dimension holds N
          CHECK_FALSE(choose::bound_reaches(bounds::mrb_bounds(lp ? 6 : 64, m, b, options).upper, Integer(N), true));
          continue;
        }
        std::size_t d = *r.necessary.d;
        // the bounds `constel bound` prints with these options (mrb_bounds, cached; test 1248 runs bound itself)
        auto upper = [&](std::size_t dd) { return cache.at(dd).upper; };
        CHECK(choose::bound_reaches(upper(d), Integer(N), true));
        if (d > 2) CHECK_FALSE(choose::bound_reaches(upper(d - 1), Integer(N), true));
        if (r.sufficient.d) CHECK(d <= *r.sufficient.d);
      }
    }
  }
}
