// The .cst reader and writer: the simplex example, a round trip, and every malformed-file case.
#include <catch2/catch.hpp>
#include <sstream>

#include "constel/error.hpp"
#include "constel/io/cst.hpp"
#include "support.hpp"

using namespace constel;

namespace {

const char* kSimplex = R"(constel 1
N 3
d 2
k 2
scales 1 3/4
claim 3/4 1/4            # optional: the (m, b_rel) the producer claims
source simplex N=3       # optional: free text, how it was made
modality U
1 0
-1/2 1
-1/2 -1
modality V
1 0
-1/2 1
-1/2 -1
)";

Configuration parse(const std::string& text) {
  std::istringstream in(text);
  return read_cst(in, "t.cst");
}

// Replaces the first occurrence of `from` in the simplex text.
std::string edit(const std::string& from, const std::string& to) {
  std::string s = kSimplex;
  auto at = s.find(from);
  REQUIRE(at != std::string::npos);
  return s.replace(at, from.size(), to);
}

}  // namespace

TEST_CASE("010: the simplex example parses", "[quick][io][cst]") {
  Configuration c = parse(kSimplex);
  CHECK(c.N() == 3);
  CHECK(c.d() == 2);
  CHECK(c.k() == 2);
  CHECK(c.scale(1) == Rational(3, 4));
  REQUIRE(c.claim());
  CHECK(c.claim()->m == Rational(3, 4));
  CHECK(c.source() == "simplex N=3");
  CHECK(c.names()[1] == "V");
  CHECK(c.inner(0, 1, 1, 2) == Rational(-1, 2));
  CHECK(c.inner(0, 1, 1, 1) == 1);
}

TEST_CASE("011: write then read gives the same configuration and canonical text", "[quick][io][cst]") {
  Configuration c = parse(kSimplex);
  std::ostringstream out;
  write_cst(out, c);
  Configuration back = parse(out.str());
  std::ostringstream again;
  write_cst(again, back);
  CHECK(out.str() == again.str());
  CHECK(out.str().find("scales 1 3/4\n") != std::string::npos);
  CHECK(back.source() == c.source());
  test::TempDir dir;
  write_cst_file(dir.file("x.cst"), c);
  CHECK(test::read_file(dir.file("x.cst")) == out.str());
  Configuration from_file = read_cst_file(dir.file("x.cst"));
  CHECK(from_file.inner(0, 0, 1, 2) == c.inner(0, 0, 1, 2));
}

TEST_CASE("012: malformed files are rejected with file:line", "[quick][io][cst]") {
  struct Case {
    std::string text;
    std::string message;
  };
  std::vector<Case> cases = {
      {"", "t.cst:0: empty file"},
      {edit("constel 1", "constel 2"), "t.cst:1: unsupported format version"},
      {edit("constel 1\n", ""), "t.cst:1: expected 'constel 1'"},
      {edit("N 3\n", ""), "missing header line 'N'"},
      {edit("d 2\n", ""), "missing header line 'd'"},
      {edit("k 2\n", ""), "missing header line 'k'"},
      {edit("scales 1 3/4\n", ""), "missing header line 'scales'"},
      {edit("N 3\n", "N 3\nN 3\n"), "t.cst:3: repeated header line 'N'"},
      {edit("claim", "claim 1 2\nclaim"), "repeated header line 'claim'"},
      {edit("N 3", "N 0"), "t.cst:2: N must be at least 1"},
      {edit("k 2", "k 1"), "t.cst:4: k must be at least 2"},
      {edit("N 3", "N x"), "t.cst:2: N: 'x' is not a non-negative integer"},
      {edit("scales 1 3/4", "scales 1 -3/4"), "t.cst:5: negative scale -3/4"},
      {edit("scales 1 3/4", "scales 1 3/0"), "t.cst:5: number '3/0': zero denominator"},
      {edit("scales 1 3/4", "scales 1"), "t.cst:5: 'scales' has 1 values, expected d = 2"},
      {edit("-1/2 1\n", "-1/2 1 0\n"), "t.cst:10: row 1 of modality 0 has 3 entries, expected d = 2"},
      {edit("-1/2 1\n", "-1/2\n"), "t.cst:10: row 1 of modality 0 has 1 entries"},
      {edit("-1/2 1\n", "-1/2 x\n"), "t.cst:10: 'x' is not a number"},
      {edit("-1/2 1\n", "-1/2 1/0\n"), "t.cst:10: number '1/0': zero denominator"},
      {edit("-1/2 -1\nmodality V", "modality V"), "t.cst:11: modality 0 has 2 rows, expected N = 3"},
      {edit("-1/2 -1\nmodality V", "-1/2 -1\n1 0\nmodality V"), "t.cst:12: modality 0 has more than N = 3 rows"},
      {std::string(kSimplex) + "1 0\n", "t.cst:16: trailing content after the last row"},
      {std::string(kSimplex) + "modality W\n", "t.cst:16: more than k = 2 modalities"},
      {edit("modality V\n1 0\n-1/2 1\n-1/2 -1\n", ""), "file ends early"},
      {edit("modality V", "modality U"), "repeated modality name 'U'"},
      {edit("claim 3/4 1/4", "claim 3/4"), "'claim' needs two values"},
      {edit("k 2", "bogus 2"), "t.cst:4: unknown header line 'bogus'"},
      {edit("modality U\n", ""), "unknown header line '1'"},
  };
  for (const auto& c : cases) {
    INFO(c.text);
    CHECK_THROWS_WITH(parse(c.text), Catch::Contains(c.message));
    CHECK_THROWS_AS(parse(c.text), ParseError);
  }
}

TEST_CASE("013: comments, blank lines and CRLF are accepted", "[quick][io][cst]") {
  std::string s = "# a comment\n\n" + std::string(kSimplex);
  std::string crlf;
  for (char ch : s) {
    if (ch == '\n') crlf += '\r';
    crlf += ch;
  }
  CHECK(parse(crlf).inner(0, 2, 1, 2) == 1);
}
