// Tests of the constructions (construct/constructions.hpp): every claim is checked by the independent
// exact verifier, multimodal pairs against the formulas of docs/math.md section 3.4, and infeasible targets and bad
// parameters against their messages.
#include <catch2/catch.hpp>

#include "constel/codes/source.hpp"
#include "constel/construct/constructions.hpp"
#include "constel/error.hpp"
#include "constel/verify/exact.hpp"

using namespace constel;
using namespace constel::construct;

TEST_CASE("330: line claims equal the verified margin and bias exactly", "[standard][construct]") {
  for (const char* spec : {"simplex:9", "cross:5", "e8", "nr"}) {
    INFO(spec);
    Configuration c = line(codes::build_code(spec));
    ExactReport r = exact_verify(c);
    CHECK(*r.margin == c.claim()->m);
    CHECK(*r.relative_bias == c.claim()->b);
  }
  // The simplex meets the largest margin N/(2(N-1)) (docs/math.md section 2).
  CHECK(line(codes::build_code("simplex:9")).claim()->m == Rational(9, 16));
}

TEST_CASE("331: lifts of E8, NR and simplex verify exactly at the target", "[quick][construct]") {
  struct Case {
    const char* spec;
    Rational m, b;
  };
  // alpha(m, b) = alpha(code) gives equality: the verified (m*, b*) is exactly the target.
  for (const Case& t : {Case{"e8", Rational(1, 5), Rational(2, 5)}, Case{"nr", Rational(1, 10), Rational(0)},
                        Case{"simplex:6", Rational(1, 5), Rational(-1, 5)}, Case{"cross:4", Rational(1, 3), Rational(0)}}) {
    INFO(t.spec);
    auto code = codes::build_code(t.spec);
    Configuration c = lift(code, t.m, t.b);
    ExactVerifyOptions opt;
    opt.m = t.m;
    opt.b = t.b;
    ExactReport r = exact_verify(c, opt);
    CHECK(r.unit_norm);
    CHECK(*r.is_constellation);
    CHECK(*r.claim_holds);
    CHECK(r.min_diag == t.m + t.b);
    CHECK(c.d() == code.n + 1);
    if (code.alpha == target_alpha(t.m, t.b)) CHECK(*r.max_offdiag == t.b - t.m);
  }
  // On the line m + b = 1 the lift is the line itself (no extra coordinate).
  auto e8 = codes::build_code("e8");
  CHECK(lift(e8, Rational(1, 4), Rational(3, 4)).d() == 8);
}

TEST_CASE("332: infeasible targets say which inequality fails and by how much", "[quick][construct]") {
  auto e8 = codes::build_code("e8");
  CHECK_THROWS_WITH(lift(e8, Rational(1, 2), Rational(0)), Catch::Contains("3m <= 1 + b fails by 1/2"));
  CHECK_THROWS_WITH(lift(e8, Rational(1, 2), Rational(3, 4)), Catch::Contains("m + b <= 1 fails by 1/4"));
  CHECK_THROWS_WITH(lift(e8, Rational(0), Rational(0)), Catch::Contains("m > 0 fails"));
  CHECK_THROWS_WITH(lift(e8, Rational(-1, 10), Rational(0)), Catch::Contains("m > 0 fails (m = -1/10)"));
  // alpha(1/4, 0) = 1/5 < 1/2.
  CHECK_THROWS_WITH(lift(e8, Rational(1, 4), Rational(0)),
                    Catch::Contains("max inner product 1/2 > alpha(m, b) = 1/5 (by 3/10)"));
  CHECK_THROWS_AS(lift(e8, Rational(1, 2), Rational(0)), InputError);
}

TEST_CASE("333: multimodal k = 4 gives every pair of modalities the predicted (m, b) exactly", "[quick][construct]") {
  for (const char* spec : {"e8", "nr", "simplex:5"}) {
    INFO(spec);
    auto code = codes::build_code(spec);
    const Rational d2(1, 2);
    Configuration c = multimodal(code, 4, d2);
    REQUIRE(c.k() == 4);
    CHECK(c.d() == code.n + 3);
    const Rational m = d2 * (1 - code.alpha) / 2, b = d2 * (1 + code.alpha) / 2 - (1 - d2) / 3;
    CHECK(c.claim()->m == m);
    CHECK(c.claim()->b == b);
    ExactReport r = exact_verify(c);
    CHECK(r.unit_norm);
    REQUIRE(r.pairs.size() == 6);
    for (const auto& p : r.pairs) {
      INFO("pair " << p.a << "," << p.c);
      CHECK(p.min_diag == b + m);
      CHECK(*p.max_offdiag == b - m);
    }
  }
  auto e8 = codes::build_code("e8");
  CHECK_THROWS_WITH(multimodal(e8, 1, Rational(1, 2)), Catch::Contains("k must be in [2, 1024], got 1"));
  CHECK_THROWS_WITH(multimodal(e8, 3, Rational(1)), Catch::Contains("0 < delta^2 < 1 fails (delta^2 = 1)"));
  // k = 2 is the lift at the same (m, b).
  Configuration two = multimodal(e8, 2, Rational(3, 5));
  CHECK(*exact_verify(two).claim_holds);
}

TEST_CASE("334: construction1 transforms the claim exactly and separates U from V", "[quick][construct]") {
  Configuration base = line(codes::build_code("nr288"));
  const Rational d2(2, 3), p2(1, 6);
  Configuration c = construction1(base, d2, p2);
  CHECK(c.d() == 18);
  const Rational m = d2 * Rational(3, 8), b = d2 * Rational(5, 8) + p2 - (1 - d2 - p2);
  CHECK(c.claim()->m == m);
  CHECK(c.claim()->b == b);
  ExactReport r = exact_verify(c);
  CHECK(*r.claim_holds);
  CHECK(*r.margin == m);  // NR288 attains its alpha, so the margin is exact
  for (std::size_t i = 0; i < c.N(); ++i) {  // last coordinate: +1 on U, -1 on V
    CHECK(c.entry(0, i, 17) == 1);
    CHECK(c.entry(1, i, 17) == -1);
  }
  CHECK_THROWS_WITH(construction1(base, Rational(3, 4), Rational(1, 2)), Catch::Contains("delta^2 + phi^2 <= 1 fails by 1/4"));
  CHECK_THROWS_WITH(construction1(base, Rational(0), Rational(1, 2)), Catch::Contains("delta^2 > 0 fails"));
  Configuration noclaim = base;
  noclaim.set_claim(std::nullopt);
  CHECK_THROWS_WITH(construction1(noclaim, d2, p2), Catch::Contains("has no claim"));
  // A given base claim is used instead.
  CHECK(construction1(noclaim, d2, p2, Claim{Rational(3, 8), Rational(5, 8)}).claim()->m == m);
}

TEST_CASE("335: gap-tight has positive diagonal, negative cross terms and its exact claim", "[quick][construct]") {
  for (std::size_t N : {5u, 12u, 60u}) {
    INFO("N = " << N);
    Configuration c = gap_tight(N);
    REQUIRE(c.d() == 3);
    REQUIRE(c.N() == N);
    ExactReport r = exact_verify(c);
    CHECK(r.unit_norm);
    CHECK(r.min_diag > 0);
    CHECK(*r.max_offdiag < 0);
    CHECK(*r.margin == c.claim()->m);
    CHECK(*r.relative_bias == c.claim()->b);
    for (std::size_t i = N - 2; i < N; ++i)  // the two equator pairs have U = V
      for (std::size_t j = 0; j < 3; ++j) CHECK(c.entry(0, i, j) == c.entry(1, i, j));
  }
  CHECK_THROWS_WITH(gap_tight(4), Catch::Contains("N must be in [5, 1000000]"));
}

TEST_CASE("336: adapter maps inner products and loss parameters as Observation 1 says", "[quick][construct]") {
  Configuration base = lift(codes::build_code("e8"), Rational(1, 10), Rational(1, 5));
  const Rational d2(3, 4);
  Configuration a = adapter(base, d2);
  CHECK(a.d() == base.d() + 1);
  for (std::size_t i = 0; i < 5; ++i)
    for (std::size_t j = 0; j < 5; ++j) CHECK(a.inner(0, i, 1, j) == d2 * base.inner(0, i, 1, j) - (1 - d2));
  CHECK(a.claim()->m == d2 * Rational(1, 10));
  CHECK(a.claim()->b == d2 * Rational(1, 5) - Rational(1, 4));
  CHECK(*exact_verify(a).claim_holds);
  // Loss identity: the adapted pair at (t/d2, d2 b - (1 - d2)) maps back to (t, b).
  LossParameters p = adapter_parameters({Rational(10), Rational(1, 5)}, d2);
  CHECK(p.t == Rational(40, 3));
  CHECK(p.b_rel == Rational(-1, 10));
  CHECK(d2 * p.t == 10);
  CHECK((p.b_rel + 1 - d2) / d2 == Rational(1, 5));
  CHECK_THROWS_WITH(adapter(base, Rational(3, 2)), Catch::Contains("0 < delta^2 <= 1 fails"));
}
