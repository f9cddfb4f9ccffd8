// Tests of the code sources (codes/source.hpp, codes/binary.hpp): every built code is re-checked by the
// independent exact verifier (verify/exact.hpp) through its line configuration: point count, unit norms,
// exact max inner product; binary minimum distances both ways; user files and their errors.
#include <catch2/catch.hpp>

#include "constel/codes/binary.hpp"
#include "constel/codes/catalog.hpp"
#include "constel/codes/source.hpp"
#include "constel/config/ldlt.hpp"
#include "constel/construct/constructions.hpp"
#include "constel/error.hpp"
#include "constel/verify/exact.hpp"
#include "support.hpp"

using namespace constel;
using namespace constel::codes;

namespace {

// Builds spec, verifies U = V = code exactly, and checks N, n and alpha against the catalog.
void check_code(const std::string& spec) {
  INFO(spec);
  PointSet p = build_code(spec);
  CodeInfo info = code_info(spec);
  CHECK(Integer(p.N) == info.N);
  CHECK(p.n == info.n);
  CHECK(p.alpha == info.alpha);
  ExactReport r = exact_verify(construct::line(p));
  CHECK(r.unit_norm);
  CHECK(r.min_diag == 1);
  REQUIRE(r.max_offdiag.has_value());
  CHECK(*r.max_offdiag == info.alpha);
  CHECK(*r.claim_holds);
}

}  // namespace

TEST_CASE("310: regular simplex closed form has the simplex Gram matrix exactly", "[quick][codes]") {
  for (std::size_t N = 2; N <= 9; ++N) {
    PointSet p = regular_simplex(N);
    REQUIRE(p.n == N - 1);
    for (std::size_t i = 0; i < N; ++i)
      for (std::size_t l = 0; l < N; ++l) CHECK(p.inner(i, l) == (i == l ? Rational(1) : Rational(Integer(-1), Integer(N - 1))));
  }
  // The same Gram matrix through the general exact LDL^T gives the same dimension.
  std::size_t N = 6;
  std::vector<Rational> G(N * N, Rational(-1, 5));
  for (std::size_t i = 0; i < N; ++i) G[i * N + i] = 1;
  CHECK(points_from_gram(G, N).dim == regular_simplex(N).n);
}

TEST_CASE("311: small codes verify exactly with the catalog's N and alpha", "[standard][codes]") {
  for (const char* spec : {"simplex:2", "simplex:5", "simplex:12", "cross:1", "cross:6", "dn:2", "dn:3", "dn:7", "e8", "nr",
                           "nr288", "simplex-code:2", "simplex-code:4", "rm1:1", "rm1:4", "rm:0,3", "rm:1,3", "rm:2,4",
                           "rm:3,3"})
    check_code(spec);
}

TEST_CASE("312: Golay codes verify exactly: 4096 points, alpha 1/3 and 9/23", "[standard][codes]") {
  check_code("golay24");
  check_code("golay23");
}

TEST_CASE("313: minimum distances agree computed as weights and as all pairs", "[standard][codes]") {
  BinaryCode g = golay24_code();
  CHECK(g.M == 4096);
  CHECK(linear_minimum_distance(g) == 8);
  CHECK(minimum_distance(g) == 8);
  CHECK(minimum_distance(golay23_code()) == 7);
  BinaryCode nr = nordstrom_robinson_code();
  CHECK(nr.M == 256);
  CHECK(minimum_distance(nr) == 6);
  CHECK(linear_minimum_distance(reed_muller(2, 5)) == 8);
  std::size_t weight8 = 0;
  for (std::size_t w = 0; w < g.M; ++w) weight8 += g.weight(w) == 8;
  CHECK(weight8 == 759);  // octads
}

TEST_CASE("314: user linear and word codes from files, with clear errors", "[quick][codes]") {
  test::TempDir dir;
  // Hamming [7,4,3]: 16 words, alpha = 1 - 6/7 = 1/7.
  auto ham = dir.write("ham.txt", "# Hamming code\n1000110\n0100101\n0010011\n0001 111\n");
  PointSet p = build_code("linear:" + ham);
  CHECK(p.N == 16);
  CHECK(p.alpha == Rational(1, 7));
  ExactReport r = exact_verify(construct::line(p));
  CHECK(*r.max_offdiag == Rational(1, 7));
  auto words = dir.write("w.txt", "000\n011\n101\n110\n");
  PointSet q = build_code("words:" + words);
  CHECK(q.N == 4);
  CHECK(q.alpha == Rational(-1, 3));
  CHECK(*exact_verify(construct::line(q)).max_offdiag == Rational(-1, 3));
  auto dep = dir.write("dep.txt", "110\n011\n101\n");
  CHECK_THROWS_WITH(build_code("linear:" + dep), Catch::Contains("linearly dependent") && Catch::Contains("rank 2 < 3"));
  auto dup = dir.write("dup.txt", "01\n10\n01\n");
  CHECK_THROWS_WITH(build_code("words:" + dup), Catch::Contains("codewords 0 and 2 are equal"));
  auto bad = dir.write("bad.txt", "0101\n01x1\n");
  CHECK_THROWS_AS(build_code("words:" + bad), ParseError);
  CHECK_THROWS_WITH(build_code("words:" + bad), Catch::Contains("bad.txt:2: unexpected character 'x'"));
  auto ragged = dir.write("rag.txt", "0101\n011\n");
  CHECK_THROWS_WITH(build_code("words:" + ragged), Catch::Contains("rag.txt:2: row has 3 bits, the first row has 4"));
  CHECK_THROWS_WITH(build_code("words:" + dir.file("missing.txt")), Catch::Contains("cannot open"));
  CHECK_THROWS_WITH(build_code("linear:"), Catch::Contains("needs a file"));
  CHECK_THROWS_AS(build_code("rm:20,20"), LimitError);
}

TEST_CASE("315: coords files are snapped to exact unit vectors near the given points", "[quick][codes]") {
  test::TempDir dir;
  // The icosahedron (0, +-1, +-phi) and cyclic shifts, as a published 9-digit table: alpha = 1/sqrt(5).
  const double phi = (1 + std::sqrt(5.0)) / 2, s = std::sqrt(1 + phi * phi);
  std::string text = "# icosahedron\n";
  for (int c = 0; c < 3; ++c)
    for (int sa : {1, -1})
      for (int sb : {1, -1}) {
        double v[3] = {0, 0, 0};
        v[(c + 1) % 3] = sa / s;
        v[(c + 2) % 3] = sb * phi / s;
        char line[200];
        std::snprintf(line, sizeof line, "%.9f, %.9f, %.9f\n", v[0], v[1], v[2]);
        text += line;
      }
  auto f = dir.write("ico.txt", text);
  PointSet p = build_code("coords:" + f);
  CHECK(p.N == 12);
  CHECK(p.n == 3);
  CHECK(std::abs(to_double(p.alpha) - 1 / std::sqrt(5.0)) < 1e-8);
  ExactReport r = exact_verify(construct::line(p));
  CHECK(r.unit_norm);
  CHECK(*r.max_offdiag == p.alpha);
  CHECK_THROWS_WITH(build_code("coords:" + dir.write("z.txt", "0 0\n1 0\n")), Catch::Contains("point 0 is zero"));
  CHECK_THROWS_WITH(build_code("coords:" + dir.write("one.txt", "1 0\n")), Catch::Contains("at least 2 points"));
  CHECK_THROWS_WITH(build_code("coords:" + dir.write("nan.txt", "1 0\n0 abc\n")), Catch::Contains("nan.txt:2:"));
}

TEST_CASE("316: Leech shell has 196560 exact unit vectors, sampled rows have max inner product 1/2", "[standard][codes]") {
  PointSet p = leech_minimal();
  REQUIRE(p.N == 196560);
  REQUIRE(p.n == 24);
  for (std::size_t j = 0; j < 24; ++j) REQUIRE(p.scales[j] == Rational(1, 32));
  // Integer entries: norms are exactly 32, inner products at most 16 for distinct rows.
  std::vector<int> e(p.N * 24);
  std::size_t non_integer = 0;
  for (std::size_t i = 0; i < p.N * 24; ++i) {
    non_integer += denominator(p.entries[i]) != 1;
    e[i] = static_cast<int>(numerator(p.entries[i]));
  }
  REQUIRE(non_integer == 0);
  std::size_t bad_norm = 0;
  for (std::size_t i = 0; i < p.N; ++i) {
    int s = 0;
    for (std::size_t j = 0; j < 24; ++j) s += e[i * 24 + j] * e[i * 24 + j];
    bad_norm += s != 32;
  }
  CHECK(bad_norm == 0);
  // 12 sample rows across the three shapes against every row.
  int worst = -100;
  for (std::size_t t = 0; t < 12; ++t) {
    std::size_t i = (t * 16381 + 5) % p.N;
    for (std::size_t l = 0; l < p.N; ++l) {
      if (l == i) continue;
      int s = 0;
      for (std::size_t j = 0; j < 24; ++j) s += e[i * 24 + j] * e[l * 24 + j];
      worst = std::max(worst, s);
    }
  }
  CHECK(worst == 16);
}

TEST_CASE("317: Leech shell verifies exactly (all pairs)", "[extreme][codes]") {
  ExactReport r = exact_verify(construct::line(leech_minimal()));
  CHECK(r.N == 196560);
  CHECK(r.unit_norm);
  CHECK(*r.max_offdiag == Rational(1, 2));
}
