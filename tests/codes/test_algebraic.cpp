// The algebraic codes (codes/gf2m.hpp, bch.hpp, algebraic.hpp): GF(2^m) against an independent
// carry-less multiplication, BCH dimensions and Bose distances against the published tables, generator
// polynomials that vanish at alpha^1 .. alpha^(delta-1) and divide x^n - 1, and small codes built in
// full whose minimum distance, found by enumeration, meets the proved bound; Reed-Solomon concatenated
// and Reed-Muller the same; malformed specs and counts; the explicit search.
#include <catch2/catch.hpp>

#include "constel/codes/algebraic.hpp"
#include "constel/codes/bch.hpp"
#include "constel/codes/gf2m.hpp"
#include "constel/error.hpp"

using namespace constel;
using namespace constel::codes;

namespace {

// x * y in GF(2)[x] modulo the primitive polynomial, bit by bit (independent of the tables).
std::uint32_t slow_mul(std::uint32_t x, std::uint32_t y, unsigned m, std::uint32_t poly) {
  std::uint64_t acc = 0;
  for (unsigned i = 0; i < m; ++i)
    if ((y >> i) & 1u) acc ^= std::uint64_t(x) << i;
  for (int bit = 2 * static_cast<int>(m) - 2; bit >= static_cast<int>(m); --bit)
    if ((acc >> bit) & 1u) acc ^= std::uint64_t(poly) << (bit - static_cast<int>(m));
  return static_cast<std::uint32_t>(acc);
}

// The weights of the codewords of a built point set (entry -1 = bit 1), the smallest nonzero one.
std::size_t min_nonzero_weight(const PointSet& p) {
  std::size_t best = p.n + 1;
  for (std::size_t i = 0; i < p.N; ++i) {
    std::size_t w = 0;
    for (std::size_t j = 0; j < p.n; ++j) w += p.entry(i, j) < 0;
    if (w > 0) best = std::min(best, w);
  }
  return best;
}

}  // namespace

TEST_CASE("1240: GF(2^m) tables agree with carry-less multiplication, every table polynomial is primitive",
          "[quick][codes]") {
  for (unsigned m = 2; m <= 20; ++m) CHECK_NOTHROW(GF2m(m));  // the constructor checks the order of alpha
  for (unsigned m : {3u, 4u, 8u}) {
    GF2m F(m);
    for (std::uint32_t x = 1; x <= F.order(); ++x) {
      CHECK(F.mul(x, F.inv(x)) == 1);
      for (std::uint32_t y = 0; y <= F.order(); y += (m == 8 ? 7 : 1))
        REQUIRE(F.mul(x, y) == slow_mul(x, y, m, F.polynomial()));
    }
    CHECK(F.alpha_pow(F.order()) == 1);
    CHECK(F.alpha_pow(1) == 2);
  }
  CHECK_THROWS_WITH(GF2m(21), Catch::Contains("2 <= m <= 20"));
  CHECK_THROWS_WITH(GF2m(4).log(0), Catch::Contains("log of 0"));
}

TEST_CASE("1241: BCH dimensions and Bose distances match the published tables", "[quick][codes]") {
  struct Row {
    unsigned m;
    std::size_t delta, n, k, D;
  };
  // Lin and Costello, Table 6.1 (primitive narrow-sense BCH codes)
  for (auto r : {Row{4, 3, 15, 11, 3}, Row{4, 5, 15, 7, 5}, Row{4, 7, 15, 5, 7}, Row{4, 6, 15, 5, 7},
                 Row{5, 5, 31, 21, 5}, Row{5, 7, 31, 16, 7}, Row{5, 9, 31, 11, 11}, Row{5, 15, 31, 6, 15},
                 Row{6, 9, 63, 39, 9}, Row{6, 11, 63, 36, 11}, Row{6, 13, 63, 30, 13}, Row{7, 5, 127, 113, 5},
                 Row{8, 5, 255, 239, 5}, Row{8, 7, 255, 231, 7}, Row{10, 3, 1023, 1013, 3}}) {
    INFO("m = " << r.m << ", delta = " << r.delta);
    auto st = bch_parameters(r.m, r.delta);
    CHECK(st.n == r.n);
    CHECK(st.k == r.k);
    CHECK(st.D == r.D);
  }
  const auto& stages = bch_stages();  // each distinct code once, D its own Bose distance
  for (const auto& st : stages)
    if (st.m <= 9) REQUIRE(bch_parameters(st.m, st.D).D == st.D);
  std::size_t length31 = 0;
  for (const auto& st : stages) length31 += st.n == 31;
  CHECK(length31 == 6);  // D = 3, 5, 7, 11, 15, 31
}

TEST_CASE("1242: BCH generators vanish at alpha^1..alpha^(delta-1), divide x^n - 1, and the built codes meet the bound",
          "[standard][codes]") {
  auto g = bch_generator(4, 5);
  CHECK(g == std::vector<std::uint8_t>{1, 0, 0, 0, 1, 0, 1, 1, 1});  // 1 + x^4 + x^6 + x^7 + x^8
  const std::vector<std::pair<unsigned, std::size_t>> cases = {{4, 5}, {5, 7}, {5, 5}, {6, 9}, {7, 11}};
  for (auto [m, delta] : cases) {
    INFO("m = " << m << ", delta = " << delta);
    GF2m F(m);
    auto gen = bch_generator(m, delta);
    for (std::size_t i = 1; i < delta; ++i) {
      std::uint32_t v = 0, x = F.alpha_pow(i);
      for (std::size_t t = gen.size(); t-- > 0;) v = F.mul(v, x) ^ gen[t];  // Horner
      CHECK(v == 0);
    }
    std::vector<std::uint8_t> rem(F.order() + 1, 0);  // x^n - 1 modulo g over GF(2)
    rem[0] = rem[F.order()] = 1;
    const std::size_t deg = gen.size() - 1;
    for (std::size_t top = rem.size() - 1; top >= deg && top > 0; --top)
      if (rem[top])
        for (std::size_t t = 0; t <= deg; ++t) rem[top - deg + t] ^= gen[t];
    CHECK(std::count(rem.begin(), rem.end(), 1) == 0);
  }
  struct Full {
    const char* spec;
    std::size_t n, k, D, exact;  // exact: the true minimum distance by enumeration
  };
  for (auto c : {Full{"bch:4,5", 15, 7, 5, 5}, Full{"bch:5,7", 31, 16, 7, 7}, Full{"bch:4,3", 15, 11, 3, 3},
                 Full{"ebch:4,5", 16, 7, 6, 6}, Full{"bch:5,7,10", 25, 10, 7, 0}, Full{"ebch:5,7,12", 28, 12, 8, 0}}) {
    INFO(c.spec);
    auto info = algebraic_code_info(c.spec);
    CHECK(info.n == c.n);
    CHECK(info.k == c.k);
    CHECK(info.D == c.D);
    auto p = build_algebraic_code(c.spec, std::nullopt);
    REQUIRE(p.N == (std::size_t(1) << c.k));
    std::size_t w = min_nonzero_weight(p);
    CHECK(w >= c.D);
    if (c.exact) CHECK(w == c.exact);
    CHECK(p.alpha == 1 - Rational(Integer(2 * c.D), Integer(c.n)));
  }
}

TEST_CASE("1243: Reed-Solomon concatenated and Reed-Muller codes meet D = D_out d_in and 2^(mu-r)",
          "[standard][codes]") {
  struct Full {
    const char* spec;
    std::size_t n, k, D, exact;
  };
  for (auto c : {Full{"rs-simplex:3,2", 49, 6, 24, 24}, Full{"rs-rm1:3,3", 28, 9, 10, 0},
                 Full{"rs-simplex:4,3,10", 150, 12, 64, 0}, Full{"rs-rm1:4,2,9", 72, 8, 32, 0},
                 Full{"rm:2,4", 16, 11, 4, 4}, Full{"rm:1,4", 16, 5, 8, 8}}) {
    INFO(c.spec);
    auto info = algebraic_code_info(c.spec);
    CHECK(info.n == c.n);
    CHECK(info.k == c.k);
    CHECK(info.D == c.D);
    auto p = build_code_prefix(c.spec, std::size_t(1) << c.k);
    REQUIRE(p.N == (std::size_t(1) << c.k));
    std::size_t w = min_nonzero_weight(p);
    CHECK(w >= c.D);
    if (c.exact) CHECK(w == c.exact);
  }
  auto p = build_code_prefix("rs-simplex:8,20", 100);  // 2^160 codewords; the first 100
  CHECK(p.N == 100);
  CHECK(p.n == 255 * 255);
  CHECK(p.alpha == 1 - Rational(Integer(2 * 236 * 128), Integer(255 * 255)));
  CHECK(p.description.find("codewords 0..99 of 2^160") != std::string::npos);
}

TEST_CASE("1244: malformed algebraic specs and counts are rejected with messages", "[quick][codes]") {
  CHECK_THROWS_WITH(algebraic_code_info("bch:2,3"), Catch::Contains("m must be in [3, 16]"));
  CHECK_THROWS_WITH(algebraic_code_info("bch:4,16"), Catch::Contains("designed distance must be in [2, 15]"));
  CHECK_THROWS_WITH(algebraic_code_info("bch:4,5,8"), Catch::Contains("the dimension k must be in [1, 7]"));
  CHECK_THROWS_WITH(algebraic_code_info("bch:4"), Catch::Contains("expected 2 or 3 comma-separated integers"));
  CHECK_THROWS_WITH(algebraic_code_info("bch:a,5"), Catch::Contains("'a' is not a parameter"));
  CHECK_THROWS_WITH(algebraic_code_info("rs-simplex:3,8"), Catch::Contains("the outer dimension K must be in [1, 7]"));
  CHECK_THROWS_WITH(algebraic_code_info("rs-rm1:2,1"), Catch::Contains("mu must be in [3, 16]"));
  CHECK_THROWS_AS(build_code("bch:6,9"), LimitError);  // 2^39 codewords: only a count of them is written
  CHECK_THROWS_WITH(build_code("bch:6,9"), Catch::Contains("a count K <= 133152"));
  CHECK_THROWS_WITH(build_code_prefix("bch:4,5", 129), Catch::Contains("the count must be in [1, 2^7]"));
  CHECK_THROWS_WITH(build_code_prefix("e8", 241), Catch::Contains("has 240 points; the count must be in [1, 240]"));
  CHECK(build_code("bch:4,5").N == 128);
  CHECK(build_code_prefix("e8", 10).N == 10);
  CHECK(is_algebraic_spec("ebch:5,7"));
  CHECK_FALSE(is_algebraic_spec("rm:1,4"));  // built by the catalog in full, by algebraic.hpp with a count
}

TEST_CASE("1245: the explicit search returns fitting codes of the largest dimension", "[quick][codes]") {
  // alpha = 1/2: within length 16 the best is the [16, 11, 4] code (extended Hamming = RM(2, 4))
  auto c = AlgebraicSearch(Rational(1, 2)).best(16);
  REQUIRE(c);
  CHECK(c->k == 11);
  CHECK(c->n == 16);
  CHECK(c->alpha() <= Rational(1, 2));
  CHECK_FALSE(AlgebraicSearch(Rational(0)).best(1000));  // alpha <= 0: no binary linear code here
  CHECK_FALSE(AlgebraicSearch(Rational(1, 2)).best(1));
  auto square = AlgebraicSearch(Rational(1, 2)).best(2);  // RM(1, 1) = all of GF(2)^2: the 4 points (+-1, +-1)/sqrt 2
  REQUIRE(square);
  CHECK(square->k == 2);
  for (const char* a : {"1719/2275", "1/3", "9/10", "1/100"}) {
    AlgebraicSearch s(parse_rational(a));
    std::size_t last = 0;
    for (std::size_t n : {8, 20, 63, 64, 100, 255, 1000, 5000, 65536, 999999}) {
      INFO("alpha = " << a << ", n_max = " << n);
      auto b = s.best(n);
      if (!b) continue;
      CHECK(b->n <= n);
      CHECK(b->alpha() <= parse_rational(a));
      CHECK(b->k >= last);  // more room never hurts
      last = b->k;
      auto again = algebraic_code_info(b->spec);  // the spec names the same code
      CHECK(again.n == b->n);
      CHECK(again.k == b->k);
      CHECK(again.D == b->D);
    }
  }
  auto big = AlgebraicSearch(parse_rational("1719/2275")).best(63);  // the so400m alpha: BCH [63, >= 34]
  REQUIRE(big);
  CHECK(big->k >= 34);
}
