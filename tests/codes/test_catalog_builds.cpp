// The code catalog (codes/catalog.hpp) is the one table of code facts the bounds, choose-d and the
// tables use; these tests build what the table claims and compare. Every instance the table offers on
// a grid of small (n, alpha) is built by codes/source.hpp and verified by the independent exact
// verifier, so a family whose stated N or alpha differs from what its builder builds fails here, and
// so does a family the table never offers for the explicit lower bounds.
#include <catch2/catch.hpp>

#include <map>
#include <set>
#include <string>

#include "constel/codes/catalog.hpp"
#include "constel/codes/source.hpp"
#include "constel/construct/constructions.hpp"
#include "constel/error.hpp"
#include "constel/verify/exact.hpp"

using namespace constel;
using namespace constel::codes;

namespace {

// Instances with more points than this are not verified here (all pairs, exactly).
constexpr std::size_t kVerifyMaxPoints = 1000;

// Families whose smallest instance exceeds kVerifyMaxPoints, with the test that verifies them.
const std::map<std::string, std::string> kVerifiedElsewhere = {
    {"golay24", "test 312"}, {"golay23", "test 312"}, {"leech", "tests 316 (sampled) and 317 (all pairs, extreme)"},
    {"bw16", "test 1223 (4320 points)"}};

// The exact (N, n, alpha) of the built code, from the verifier, against the table's.
void check_built_equals_table(const CodeInfo& info) {
  INFO("code " << info.spec);
  PointSet p = build_code(info.spec);
  CHECK(Integer(p.N) == info.N);
  CHECK(p.n == info.n);
  ExactReport r = exact_verify(construct::line(p));
  CHECK(r.unit_norm);
  REQUIRE(r.max_offdiag.has_value());
  CHECK(*r.max_offdiag == info.alpha);
}

}  // namespace

TEST_CASE("1200: every family the table offers builds to exactly the table's N, n and alpha", "[standard][codes]") {
  std::set<std::string> offered, verified, done;
  for (std::size_t n : {1u, 2u, 3u, 4u, 5u, 6u, 7u, 8u, 9u, 12u, 15u, 16u, 23u, 24u, 32u})
    for (const Rational& alpha : {Rational(-1), Rational(-1, 2), Rational(-1, 3), Rational(-1, 7), Rational(-1, 15),
                                  Rational(-1, 40), Rational(0), Rational(1, 4), Rational(9, 23), Rational(1, 3),
                                  Rational(1, 2), Rational(3, 4), Rational(7, 8), Rational(15, 16)})
      for (const CodeInfo& c : explicit_codes(n, alpha)) {
        INFO("n = " << n << ", alpha = " << to_string(alpha) << ": " << c.spec);
        CHECK(c.n <= n);
        CHECK(c.alpha <= alpha);
        CHECK(c.spec == code_info(c.spec).spec);  // canonical, and the table agrees with itself
        CHECK_FALSE(code_title(c).empty());
        offered.insert(c.family);
        if (c.N > Integer(kVerifyMaxPoints) || !done.insert(c.spec).second) continue;
        check_built_equals_table(c);
        verified.insert(c.family);
      }
  for (const CodeFamily& f : code_families()) {
    if (f.from_file) continue;
    INFO("family " << f.name);
    CHECK(offered.count(f.name) == 1);  // the bounds see every family
    if (!kVerifiedElsewhere.count(f.name)) CHECK(verified.count(f.name) == 1);
  }
  // The fixed points of the old size table: the cross-polytope of R^1 is {+1, -1} (alpha = -1, not 0),
  // and the whole cube RM(mu, mu) has alpha = 1 - 2/2^mu.
  CHECK(code_info("cross:1").alpha == -1);
  CHECK(verified.count("cross") == 1);
  CHECK(done.count("cross:1") == 1);
  CHECK(done.count("rm:3,3") == 1);
}

TEST_CASE("1201: explicit codes within a size cap: the largest instance of each family that fits", "[quick][codes]") {
  const Integer cap = Integer(kMaxCodeEntries);
  for (std::size_t n : {8u, 64u, 256u, 1000u, 100000u})
    for (const Rational& alpha : {Rational(-1, 100000), Rational(0), Rational(1, 2), Rational(63, 64)})
      for (const CodeInfo& c : explicit_codes(n, alpha, cap)) {
        INFO(c.spec);
        CHECK(c.N * c.n <= cap);
      }
  auto by_family = [](std::size_t n, const Rational& alpha, const std::optional<Integer>& e) {
    std::map<std::string, std::string> m;
    for (const CodeInfo& c : explicit_codes(n, alpha, e)) m[c.family] = c.spec;
    return m;
  };
  auto capped = by_family(256, Rational(1, 2), cap);
  CHECK(capped["rm"] == "rm:2,5");  // RM(2,8) has 2^37 points; RM(2,5)'s 2^16 in R^32 fit in 2^23 coordinates
  CHECK(capped["dn"] == "dn:161");  // 2 * 161 * 160 points in R^161 fit, D_162 does not
  CHECK(capped["cross"] == "cross:256");
  CHECK(by_family(256, Rational(1, 2), Integer(0)).empty());
  auto free = by_family(256, Rational(1, 2), Integer(1) << 63);
  CHECK(free["rm"] == "rm:2,8");
  CHECK(free["dn"] == "dn:256");
  // Without a cap the table is the mathematical one: RM(2,8) counts for the bounds.
  CHECK(best_explicit_code(256, Rational(1, 2))->spec == "rm:2,8");
  CHECK(best_explicit_code(256, Rational(1, 2), cap)->spec == "leech");
  // Equal sizes: the smaller dimension wins (Golay's 4096 points in R^24, not the cross-polytope of R^2048).
  CHECK(best_explicit_code(4095, Rational(1, 3), cap)->spec == "golay24");
  CHECK(by_family(4095, Rational(1, 3), cap)["cross"] == "cross:2048");
  // The simplex: 2896 * 2895 coordinates fit in 2^23, 2897 * 2896 do not.
  CHECK(by_family(4000, Rational(-1, 50000), cap)["simplex"] == "simplex:2896");
  CHECK(by_family(4000, Rational(-1, 50000), std::nullopt)["simplex"] == "simplex:4001");
}
