// Tests of the lattice shells of codes/lattices.cpp (E6, E7, E7*, the hexagon, BW16, K12, the laminated
// lattices Lambda_n): each is BUILT and re-checked by the independent exact verifier (verify/exact.hpp)
// through its line configuration (point count, unit norms, exact max inner product), against the
// catalog's n, N and alpha, which are known without building.
#include <catch2/catch.hpp>

#include "constel/codes/catalog.hpp"
#include "constel/codes/source.hpp"
#include "constel/construct/constructions.hpp"
#include "constel/error.hpp"
#include "constel/verify/exact.hpp"

using namespace constel;
using namespace constel::codes;

namespace {

void check_shell(const std::string& spec) {
  INFO(spec);
  CodeInfo info = code_info(spec);
  PointSet p = build_code(spec);
  CHECK(Integer(p.N) == info.N);
  CHECK(p.n == info.n);
  CHECK(p.spec == info.spec);
  ExactReport r = exact_verify(construct::line(p));
  CHECK(r.N == p.N);
  CHECK(r.unit_norm);
  REQUIRE(r.max_offdiag.has_value());
  CHECK(*r.max_offdiag == info.alpha);  // the exact max inner product of what was built
  CHECK(*r.claim_holds);
}

}  // namespace

TEST_CASE("1220: catalog states n, N, alpha of the lattice shells without building", "[quick][codes]") {
  struct Row {
    const char* spec;
    std::size_t n;
    long N;
    Rational alpha;
  };
  for (const Row& w : {Row{"a2", 2, 6, Rational(1, 2)}, Row{"e6", 6, 72, Rational(1, 2)}, Row{"e7", 7, 126, Rational(1, 2)},
                       Row{"e7star", 7, 56, Rational(1, 3)}, Row{"bw16", 16, 4320, Rational(1, 2)},
                       Row{"k12", 12, 756, Rational(1, 2)}, Row{"lambda:1", 1, 2, Rational(-1)},
                       Row{"lambda:5", 5, 40, Rational(1, 2)}, Row{"lambda:17", 17, 5346, Rational(1, 2)},
                       Row{"lambda:23", 23, 93150, Rational(1, 2)}, Row{"lambda:24", 24, 196560, Rational(1, 2)}}) {
    INFO(w.spec);
    CodeInfo c = code_info(w.spec);
    CHECK(c.n == w.n);
    CHECK(c.N == w.N);
    CHECK(c.alpha == w.alpha);
  }
  CHECK_THROWS_WITH(code_info("lambda:12"), Catch::Contains("16 <= n <= 24 only"));
  CHECK_THROWS_WITH(code_info("lambda:25"), Catch::Contains("out of range [1, 24]"));
  CHECK_THROWS_WITH(code_info("lambda"), Catch::Contains("needs parameters: lambda:n"));
  CHECK_THROWS_WITH(code_info("k12:1"), Catch::Contains("takes no parameters"));
}

TEST_CASE("1221: the best explicit codes reach the lattice records", "[quick][codes]") {
  CHECK(best_explicit_code(2, Rational(1, 2))->spec == "a2");
  CHECK(best_explicit_code(6, Rational(1, 2))->spec == "e6");
  CHECK(best_explicit_code(7, Rational(1, 2))->spec == "e7");
  CHECK(best_explicit_code(7, Rational(1, 3))->spec == "e7star");
  CHECK(best_explicit_code(7, Rational(1, 3))->N == 56);
  CHECK(best_explicit_code(12, Rational(1, 2))->N == 756);
  CHECK(best_explicit_code(16, Rational(1, 2))->spec == "bw16");  // ties with lambda:16: family order
  CHECK(best_explicit_code(20, Rational(1, 2))->spec == "lambda:20");
  CHECK(best_explicit_code(23, Rational(1, 2))->N == 93150);
  CHECK(best_explicit_code(15, Rational(1, 2))->spec == "k12");  // Lambda_9..15 are not built
}

TEST_CASE("1222: E6, E7, E7*, the hexagon and Lambda_1..8 build with the catalog's N and alpha, exactly",
          "[quick][codes]") {
  for (const char* spec : {"a2", "e6", "e7", "e7star", "lambda:1", "lambda:2", "lambda:3", "lambda:4", "lambda:5", "lambda:6",
                           "lambda:7", "lambda:8"})
    check_shell(spec);
  // The hexagon: six unit vectors in R^2 whose Gram matrix has exactly the entries +-1, +-1/2.
  PointSet h = build_code("a2");
  for (std::size_t i = 0; i < 6; ++i)
    for (std::size_t l = 0; l < 6; ++l) {
      Rational g = h.inner(i, l);
      CHECK((g == 1 || g == -1 || g == Rational(1, 2) || g == Rational(-1, 2)));
    }
}

TEST_CASE("1223: K12 and BW16 build with 756 and 4320 points at alpha 1/2, exactly", "[standard][codes]") {
  check_shell("k12");
  check_shell("bw16");
}

TEST_CASE("1224: Lambda_16..18 as sections of the Leech shell, exactly", "[standard][codes]") {
  for (const char* spec : {"lambda:16", "lambda:17", "lambda:18"}) check_shell(spec);
}

TEST_CASE("1225: Lambda_19..23 as sections of the Leech shell, exactly", "[extreme][codes]") {
  for (const char* spec : {"lambda:19", "lambda:20", "lambda:21", "lambda:22", "lambda:23"}) check_shell(spec);
}
