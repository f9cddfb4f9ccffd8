// choose-d: the three dimensions agree with the bounds they come from (at d_necessary - 1 the upper
// bound is below N, at d_necessary it is not; the lower bound reaches N at d_sufficient and not at
// d_sufficient - 1; the explicit code at d_explicit has N pairs and none at d_explicit - 1), on a grid of
// (N, m, b); the CLI agrees with `constel bound`; the margin mode; bad input.
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "constel/choose/choose_d.hpp"
#include "constel/choose/explicit.hpp"
#include "constel/codes/catalog.hpp"
#include "constel/error.hpp"
#include "support.hpp"

using namespace constel;
using nlohmann::json;

namespace {
bounds::MrbOptions cheap() {
  bounds::MrbOptions o;
  o.delsarte_max_dimension = 0;
  return o;
}
Integer pow10(int k) {
  Integer x = 1;
  for (int i = 0; i < k; ++i) x *= 10;
  return x;
}
}  // namespace

namespace {
void check_choose_d_grid(const std::vector<int>& exponents) {
  struct Target {
    const char *m, *b;
  };
  for (auto t : {Target{"0.1", "0"}, Target{"0.0627", "0.0322"}, Target{"0.2", "0.8"}, Target{"0.05", "-0.3"},
                 Target{"0.4", "0"}}) {
    Rational m = parse_rational(t.m), b = parse_rational(t.b);
    for (int k : exponents) {
      Integer N = pow10(k);
      if (t.m == std::string("0.4") && k > 0) N = 7;  // finite region: 4m/(3m-1-b) = 8
      INFO("m = " << t.m << ", b = " << t.b << ", N = " << N.str());
      choose::BoundCache cache(m, b, cheap());
      auto r = choose::choose_d(cache, N, t.m, t.b, 1000000);
      REQUIRE(r.necessary.d);
      REQUIRE(r.sufficient.d);
      std::size_t dn = *r.necessary.d, ds = *r.sufficient.d;
      CHECK(choose::bound_reaches(bounds::mrb_bounds(dn, m, b, cheap()).upper, N, true));
      if (dn > 2) CHECK_FALSE(choose::bound_reaches(bounds::mrb_bounds(dn - 1, m, b, cheap()).upper, N, true));
      CHECK(choose::bound_reaches(bounds::mrb_bounds(ds, m, b, cheap()).lower, N, false));
      if (ds > 2) CHECK_FALSE(choose::bound_reaches(bounds::mrb_bounds(ds - 1, m, b, cheap()).lower, N, false));
      CHECK(dn <= ds);
      if (!r.explicit_code.d) {  // no buildable code (at most 2^23 coordinates) has that many points
        auto far = choose::best_explicit_construction(4096, m, b);
        CHECK((!far || far->N < N));
        continue;
      }
      std::size_t de = *r.explicit_code.d;
      CHECK(ds <= de);
      auto c = choose::best_explicit_construction(de, m, b);
      REQUIRE(c);
      CHECK(c->N >= N);
      CHECK(c->dimension <= de);
      auto below = choose::best_explicit_construction(de - 1, m, b);
      CHECK((!below || below->N < N));
      CHECK(r.explicit_code.command.find("constel generate " + c->construction + " --code " + c->code_spec) == 0);
    }
  }
}
}  // namespace

TEST_CASE("700: choose-d is consistent with the bounds on a grid of (N, m, b)", "[standard][choose]") {
  check_choose_d_grid({10});
}

TEST_CASE("709: choose-d is consistent with the bounds on a larger grid (N up to 1e30)", "[extreme][choose]") {
  check_choose_d_grid({2, 6, 10, 20, 30});
}

TEST_CASE("701: choose-d --json for N = 1e10 at the so400m margins agrees with constel bound", "[standard][choose][cli]") {
  auto r = test::run_tool("choose-d --N 1e10 --m 0.0695 --b 0.068 --json");
  REQUIRE(r.code == 0);
  auto o = json::parse(r.out);
  REQUIRE(o["results"].size() == 1);
  const auto& x = o["results"][0];
  CHECK(x["N"] == "10000000000");
  int dn = x["d_necessary"]["d"], ds = x["d_sufficient"]["d"];
  CHECK(dn == 27);
  CHECK(ds == 48);  // the lift of the shortened extended BCH [47, 34, >= 6] (docs/math.md section 3.7)
  // 10^10 points: a binary linear code with a proved distance, of which the command writes what fits
  CHECK(x["d_explicit"]["d"] == 48);
  CHECK(x["d_explicit"]["code"] == "ebch:6,5,34");
  CHECK(x["d_explicit"]["command"] == "constel generate lift --code ebch:6,5,34 --m 0.0695 --b 0.068 --count 178481 -o out.cst");
  auto small = test::run_tool("choose-d --N 1e5 --m 0.0695 --b 0.068 --json");
  REQUIRE(small.code == 0);
  const auto parsed = json::parse(small.out);
  const auto& y = parsed["results"][0];
  CHECK(y["d_explicit"]["d"] == 23);
  CHECK(y["d_explicit"]["code"] == "bch:5,3,17");  // BCH [22, 17, >= 3], 2^17 >= 10^5 words, written in full
  CHECK(y["d_explicit"]["written_in_full"] == true);
  CHECK(y["d_explicit"]["command"] == "constel generate lift --code bch:5,3,17 --m 0.0695 --b 0.068 -o out.cst");
  auto bound_at = [](int d) {
    auto b = test::run_tool("bound --d " + std::to_string(d) + " --m 0.0695 --b 0.068 --json");
    REQUIRE(b.code == 0);
    return json::parse(b.out);
  };
  // d > 24: `bound` uses the same (Levenshtein) upper bounds as choose-d without --delsarte.
  CHECK(std::stoll(bound_at(dn - 1)["upper"]["value"].get<std::string>()) < 10000000000LL);
  CHECK(std::stoll(bound_at(dn)["upper"]["value"].get<std::string>()) >= 10000000000LL);
  CHECK(std::stoll(bound_at(ds - 1)["lower"]["value"].get<std::string>()) < 10000000000LL);
  CHECK(std::stoll(bound_at(ds)["lower"]["value"].get<std::string>()) >= 10000000000LL);
}

TEST_CASE("702: choose-d takes several N at once and prints the methods", "[quick][choose][cli]") {
  auto r = test::run_tool("choose-d --N 1e3 --N 1e6 --m 0.2 --b 0.8 --json");
  REQUIRE(r.code == 0);
  auto o = json::parse(r.out);
  CHECK(o["region"] == "line");
  REQUIRE(o["results"].size() == 2);
  CHECK(o["results"][0]["N"] == "1000");
  CHECK(o["results"][1]["N"] == "1000000");
  CHECK(o["results"][0]["d_necessary"]["d"].get<int>() <= o["results"][1]["d_necessary"]["d"].get<int>());
  CHECK(o["results"][0]["d_explicit"]["construction"] == "line");
  CHECK(o["results"][0]["d_necessary"]["method"].get<std::string>().find("line m + b = 1") != std::string::npos);
  auto h = test::run_tool("choose-d --N 1e3 --m 0.2 --b 0.8");
  CHECK(h.code == 0);
  CHECK(h.out.find("d_necessary") != std::string::npos);
  CHECK(h.out.find("command: constel generate line --code") != std::string::npos);
}

TEST_CASE("703: choose-d refuses bad input with exit 2 and a message", "[quick][choose][cli]") {
  auto check = [](const std::string& args, const std::string& msg) {
    auto r = test::run_tool("choose-d " + args);
    INFO(args << " -> " << r.err);
    CHECK(r.code == 2);
    CHECK(r.err.find(msg) != std::string::npos);
  };
  check("--N 1e10 --m 0.6 --b 0.5", "infeasible: m + b = 11/10 > 1");
  check("--N 0 --m 0.1 --b 0", "N must be at least 1");
  check("--N 1.5 --m 0.1 --b 0", "is not an integer");
  check("--N abc --m 0.1 --b 0", "--N");
  check("--N 10 --m 0 --b 0", "m = 0 is degenerate");
  check("--N 10 --m 0.1", "give --m and --b");
  check("--m 0.1 --b 0", "give --N");
  check("--N 10 --m 0.1 --b 2", "b");
  check("--N 10 --m 0.1 --b 0 --max-d 1", "--max-d");
  check("--margin-for --N 10", "give --d");
  check("--margin-for --N 10 --d 1", "--d: the dimension must be >= 2, got 1");
  check("--margin-for --N 10 --d 10 --resolution 0", "--resolution");
}

TEST_CASE("704: in the finite region choose-d follows Theorem 3.4 and says when no d works", "[quick][choose][cli]") {
  // m = 0.4, b = 0: alpha = -1/7, N <= 4m/(3m-1-b) = 8 in every dimension; N <= d+1 (upper), simplex N <= d (lower).
  auto r = test::run_tool("choose-d --N 6 --m 0.4 --b 0 --json");
  REQUIRE(r.code == 0);
  auto x = json::parse(r.out)["results"][0];
  CHECK(x["d_necessary"]["d"] == 5);
  CHECK(x["d_sufficient"]["d"] == 6);
  CHECK(x["d_explicit"]["d"] == 6);
  CHECK(x["d_explicit"]["code"] == "simplex:6");
  auto no = test::run_tool("choose-d --N 9 --m 0.4 --b 0 --max-d 4096 --json");
  CHECK(no.code == 1);
  auto y = json::parse(no.out)["results"][0];
  CHECK(y["d_necessary"]["d"].is_null());
  CHECK(y["d_necessary"]["note"].get<std::string>().find("4m / (3m - 1 - b) = 8") != std::string::npos);
}

TEST_CASE("705: margin-for finds the grid edge of each condition", "[standard][choose]") {
  const Integer N = pow10(4);  // small enough for a code `constel generate` can build
  const std::size_t d = 100;
  const Rational res(1, 500);
  for (bool line : {false, true}) {
    std::optional<Rational> b;
    if (!line) b = Rational(1, 20);
    auto r = choose::margin_for(d, N, b, res, cheap());
    auto b_at = [&](const Rational& m) { return line ? 1 - m : *b; };
    auto upper = [&](const Rational& m) { return bounds::mrb_bounds(d, m, b_at(m), cheap()).upper; };
    auto lower = [&](const Rational& m) { return bounds::mrb_bounds(d, m, b_at(m), cheap()).lower; };
    INFO("line = " << line);
    CHECK(r.on_line == line);
    CHECK(r.upper.m > 0);
    CHECK(choose::bound_reaches(upper(r.upper.m), N, true));
    CHECK_FALSE(choose::bound_reaches(upper(r.upper.m + res), N, true));
    CHECK(choose::bound_reaches(lower(r.lower.m), N, false));
    CHECK_FALSE(choose::bound_reaches(lower(r.lower.m + res), N, false));
    CHECK(r.explicit_code.m <= r.lower.m);
    CHECK(r.lower.m <= r.upper.m);
    auto c = choose::best_explicit_construction(d, r.explicit_code.m, b_at(r.explicit_code.m));
    REQUIRE(c);
    CHECK(c->N >= N);
    auto c2 = choose::best_explicit_construction(d, r.explicit_code.m + res, b_at(r.explicit_code.m + res));
    CHECK((!c2 || c2->N < N));
    CHECK(r.explicit_code.command.find("constel generate") == 0);
  }
}

TEST_CASE("706: margin-for on the command line names the resolution and the best b", "[standard][choose][cli]") {
  auto r = test::run_tool("choose-d --margin-for --d 768 --N 1e5 --resolution 1/1000 --json");
  REQUIRE(r.code == 0);
  auto o = json::parse(r.out);
  CHECK(o["b"] == "line");
  CHECK(o["resolution"] == "1/1000");
  const auto& x = o["results"][0];
  Rational mu = parse_rational(x["upper"]["m"].get<std::string>()), bu = parse_rational(x["upper"]["b"].get<std::string>());
  CHECK(mu + bu == 1);
  CHECK(x["explicit"]["command"].get<std::string>().find("constel generate line --code") == 0);
  auto h = test::run_tool("choose-d --margin-for --d 768 --N 1e10 --b 0 --resolution 1/1000");
  CHECK(h.code == 0);
  CHECK(h.out.find("grid m = j * 1/1000") != std::string::npos);
}

TEST_CASE("707: N parsing and the exact / guarded comparison with a bound", "[quick][choose]") {
  CHECK(choose::parse_pair_count("--N", "1e10") == pow10(10));
  CHECK(choose::parse_pair_count("--N", "1e300") == pow10(300));
  CHECK_THROWS_WITH(choose::parse_pair_count("--N", "-3"), Catch::Contains("at least 1"));
  CHECK_THROWS_WITH(choose::parse_pair_count("--N", "1e-3"), Catch::Contains("not an integer"));
  bounds::SizeBound exact;
  exact.value = Integer(100);
  exact.log10 = 2;
  CHECK(choose::bound_reaches(exact, 100, false));
  CHECK_FALSE(choose::bound_reaches(exact, 101, true));
  bounds::SizeBound big;  // no exact value: log10 only, ties go to the safe side
  big.log10 = 50;
  CHECK(choose::bound_reaches(big, pow10(50), true));
  CHECK_FALSE(choose::bound_reaches(big, pow10(50), false));
  CHECK(choose::bound_reaches(big, pow10(49), false));
  CHECK_FALSE(choose::bound_reaches(big, pow10(51), true));
  bounds::SizeBound inf;
  inf.infinite = true;
  CHECK(choose::bound_reaches(inf, pow10(1000), false));
}

TEST_CASE("708: explicit constructions: lift in R^(d-1), line in R^d, specs for generate", "[quick][choose]") {
  // Codes of the table count when `constel generate` can write them in full; binary linear codes with a
  // proved distance count at any size (written_in_full false: the command writes the first --count).
  auto lift = choose::best_explicit_construction(257, Rational(1, 10), 0);
  REQUIRE(lift);
  CHECK(lift->construction == "lift");
  CHECK_FALSE(lift->written_in_full);
  CHECK(lift->log2_N > 37);  // beats RM(2,8)'s 2^37 in R^256
  CHECK(lift->N == Integer(1) << static_cast<unsigned>(lift->log2_N));
  CHECK(lift->code_alpha <= Rational(7, 11));
  CHECK(lift->dimension <= 257);
  auto ebch = choose::best_explicit_construction(33, Rational(1, 10), 0);
  REQUIRE(ebch);
  CHECK(ebch->code_spec == "ebch:5,5");  // [32, 21, >= 6]: 2^21 points beat the Leech lattice's 196560
  CHECK(ebch->N == Integer(1) << 21);
  CHECK(ebch->code_alpha == Rational(5, 8));
  CHECK(ebch->dimension == 33);
  auto leech = choose::best_explicit_construction(25, Rational(1, 10), 0);
  REQUIRE(leech);
  CHECK(leech->code_spec == "leech");  // in R^24 the lattice still wins
  CHECK(leech->written_in_full);
  auto line = choose::best_explicit_construction(24, Rational(1, 4), Rational(3, 4));
  REQUIRE(line);
  CHECK(line->construction == "line");
  CHECK(line->code_spec == "leech");
  CHECK(choose::generate_command(*line, "0.25", "0.75") == "constel generate line --code leech -o out.cst");
  CHECK_FALSE(choose::best_explicit_construction(10, 0, 0));
  CHECK_FALSE(choose::best_explicit_construction(10, Rational(3, 5), Rational(1, 2)));
  // a code too large to build is passed over for a smaller one of the same family: on the line at
  // alpha = 1 - 2m = -1/50000 in R^4000 the simplex stops at 2896 points (2896 * 2895 coordinates fit
  // in 2^23, 2897 * 2896 do not)
  auto simplex = choose::best_explicit_construction(4000, Rational(50001, 100000), Rational(49999, 100000));
  REQUIRE(simplex);
  CHECK(simplex->construction == "line");
  CHECK(simplex->code_spec == "simplex:2896");
  CHECK(simplex->dimension == 2895);
}
