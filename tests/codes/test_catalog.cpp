// Tests of the code catalog (codes/catalog.hpp): exact (n, N, alpha) per spec without building, spec
// errors, and the best explicit code for (n, alpha).
#include <catch2/catch.hpp>

#include "constel/codes/catalog.hpp"
#include "constel/error.hpp"

using namespace constel;
using namespace constel::codes;

TEST_CASE("300: catalog gives exact n, N, alpha of every fixed code", "[quick][codes]") {
  auto g = code_info("golay24");
  CHECK(g.n == 24);
  CHECK(g.N == 4096);
  CHECK(g.alpha == Rational(1, 3));
  CHECK(code_info("golay23").alpha == Rational(9, 23));
  CHECK(code_info("nr").N == 256);
  CHECK(code_info("nr288").N == 288);
  CHECK(code_info("e8").N == 240);
  CHECK(code_info("leech").N == 196560);
  CHECK(code_info("leech").alpha == Rational(1, 2));
  CHECK(code_info("simplex:10").alpha == Rational(-1, 9));
  CHECK(code_info("simplex:10").n == 9);
  CHECK(code_info("cross:5").N == 10);
  CHECK(code_info("dn:6").N == 60);
  CHECK(code_info("dn:2").alpha == 0);
  auto rm = code_info("rm:2,5");
  CHECK(rm.n == 32);
  CHECK(rm.N == Integer(1) << 16);
  CHECK(rm.alpha == Rational(1, 2));
  CHECK(code_info("rm:0,3").alpha == -1);
  CHECK(code_info("rm1:4").N == 32);
  CHECK(code_info("simplex-code:3").alpha == Rational(-1, 7));
}

TEST_CASE("301: catalog rejects malformed specs with a clear message", "[quick][codes]") {
  CHECK_THROWS_WITH(code_info("foo"), Catch::Contains("unknown code 'foo'") && Catch::Contains("golay24"));
  CHECK_THROWS_WITH(code_info("simplex:1"), Catch::Contains("out of range [2,"));
  CHECK_THROWS_WITH(code_info("simplex"), Catch::Contains("needs parameters: simplex:N"));
  CHECK_THROWS_WITH(code_info("e8:3"), Catch::Contains("takes no parameters"));
  CHECK_THROWS_WITH(code_info("rm:3,2"), Catch::Contains("out of range [0, 2]"));
  CHECK_THROWS_WITH(code_info("rm:2"), Catch::Contains("expected rm:r,mu"));
  CHECK_THROWS_WITH(code_info("cross:x"), Catch::Contains("'x' is not a non-negative integer"));
  CHECK_THROWS_WITH(code_info("linear:g.txt"), Catch::Contains("read from a file"));
}

TEST_CASE("302: best explicit code picks the largest fitting instance", "[quick][codes]") {
  CHECK(best_explicit_code(24, Rational(1, 2))->spec == "leech");
  CHECK(best_explicit_code(16, Rational(1, 4))->spec == "nr288");
  CHECK(best_explicit_code(10, Rational(-1, 20))->spec == "simplex:11");
  CHECK(best_explicit_code(10, Rational(-1, 5))->spec == "simplex:6");
  CHECK(best_explicit_code(7, Rational(0))->spec == "cross:7");
  CHECK(best_explicit_code(8, Rational(1, 2))->spec == "e8");
  CHECK(best_explicit_code(9, Rational(1, 2))->spec == "e8");      // D_9 has 144 < 240 points
  CHECK(best_explicit_code(12, Rational(1, 2))->spec == "k12");     // 756 > D_12 (264)
  CHECK_FALSE(best_explicit_code(5, Rational(-2)).has_value());
  CHECK_FALSE(best_explicit_code(0, Rational(1, 2)).has_value());
  // Every returned instance really fits.
  for (auto alpha : {Rational(-1, 3), Rational(0), Rational(1, 4), Rational(1, 3), Rational(1, 2), Rational(3, 4)})
    for (std::size_t n : {1u, 2u, 7u, 16u, 24u, 40u})
      for (const auto& c : explicit_codes(n, alpha)) {
        INFO(c.spec << " n=" << n);
        CHECK(c.n <= n);
        CHECK(c.alpha <= alpha);
      }
  // RM(2,6) (alpha 1/2, 2^22 points) beats the Leech shell at n = 64; RM(2,5) (2^16) does not at 32.
  CHECK(best_explicit_code(32, Rational(1, 2))->spec == "leech");
  CHECK(best_explicit_code(64, Rational(1, 2))->spec == "rm:2,6");
}
