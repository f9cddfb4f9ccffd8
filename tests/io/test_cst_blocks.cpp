// The block-wise .cst reading (io/detail/line_reader.hpp, the in-place row pass of io/cst.cpp): lines cut
// exactly as std::getline cuts them whatever the block boundaries, rows across a block boundary, files
// of several blocks with every entry form, and the messages (line, and length before value) of the
// general path.
#include <catch2/catch.hpp>
#include <random>
#include <sstream>
#include <string>
#include <vector>

#include "constel/error.hpp"
#include "constel/io/cst.hpp"
#include "constel/io/detail/line_reader.hpp"

using namespace constel;
using Catch::Matchers::Contains;
using Catch::Matchers::StartsWith;

namespace {

std::vector<std::string> getline_lines(const std::string& text) {
  std::istringstream in(text);
  std::vector<std::string> out;
  for (std::string l; std::getline(in, l);) out.push_back(l);
  return out;
}

std::vector<std::string> block_lines(const std::string& text, std::size_t max_line) {
  std::istringstream in(text);
  LineReader r(in, max_line);
  std::vector<std::string> out;
  std::string_view l;
  for (LineReader::Status st; (st = r.next(l)) != LineReader::Status::End;) {
    REQUIRE(st == LineReader::Status::Line);
    out.emplace_back(l);
  }
  return out;
}

}  // namespace

TEST_CASE("1600: LineReader cuts lines as std::getline does, across block boundaries and past the block size",
          "[standard][io][cst]") {
  std::mt19937 rng(1600);
  for (int round = 0; round < 20; ++round) {
    std::string text;
    const std::size_t target = (round % 4) * (std::size_t{1} << 19) + rng() % 5000;  // up to 1.5 MiB + a bit
    while (text.size() < target) {
      const int kind = int(rng() % 8);
      if (kind == 0) text += '\n';
      else if (kind == 1) text += "\r\n";
      else if (kind == 2) text += std::string(rng() % 300000, char('a' + rng() % 26)) + "\n";
      else text += std::string(rng() % 40, 'x') + char('0' + rng() % 10) + '\n';
    }
    if (round % 2) text += "last line without a newline";
    INFO("round " << round << ", " << text.size() << " bytes");
    CHECK(block_lines(text, std::size_t{1} << 26) == getline_lines(text));
  }
  // a line longer than the 1 MiB block, and one longer than the limit
  const std::string big(3 << 20, '7');
  CHECK(block_lines("a\n" + big + "\nb", std::size_t{1} << 26) == std::vector<std::string>{"a", big, "b"});
  std::istringstream in("a\n" + big + "\nb\n");
  LineReader r(in, std::size_t{2} << 20);
  std::string_view l;
  CHECK(r.next(l) == LineReader::Status::Line);
  CHECK(r.next(l) == LineReader::Status::TooLong);
  CHECK(block_lines("", 10).empty());
}

TEST_CASE("1601: a .cst of several blocks reads every entry form exactly, rows across block boundaries included",
          "[standard][io][cst]") {
  // d = 7 entries a row in every form, many rows (about 1.4 MB), CRLF on odd rows, comments, blank lines
  const std::vector<std::string> forms = {"1", "-1", "+3", "-007/0014", "123456789012345678", "0.5", "-1e-3",
                                          "99999999999999999999/3", "5/6", "0", "-2/4", "1234567890123456789"};
  const std::size_t N = 12000, d = 7;
  std::string text = "constel 1\r\nN " + std::to_string(N) + "\nd 7\nk 2\nscales 1 1 1 1 1 1 1\n";
  std::mt19937 rng(1601);
  std::vector<std::vector<std::size_t>> pick(2, std::vector<std::size_t>(N * d));
  for (std::size_t a = 0; a < 2; ++a) {
    text += a ? "modality V  # the second\n\n" : "modality U\n";
    for (std::size_t i = 0; i < N; ++i) {
      if (i % 977 == 0) text += "   # a comment line\n\t\n";
      if (i % 3 == 0) text += ' ';
      for (std::size_t j = 0; j < d; ++j) {
        const std::size_t f = rng() % forms.size();
        pick[a][i * d + j] = f;
        text += forms[f];
        text += j + 1 < d ? (j % 2 ? "\t" : "  ") : "";
      }
      if (i % 5 == 0) text += " #c";
      text += i % 2 ? "\r\n" : "\n";
    }
  }
  REQUIRE(text.size() > (std::size_t{1} << 20));
  std::istringstream in(text);
  const Configuration c = read_cst(in, "big.cst");
  REQUIRE(c.N() == N);
  std::vector<Rational> value;
  for (const std::string& f : forms) value.push_back(parse_rational(f));
  std::size_t wrong = 0;
  for (std::size_t a = 0; a < 2; ++a)
    for (std::size_t p = 0; p < N * d; ++p) wrong += c.entry(a, p / d, p % d) != value[pick[a][p]];
  CHECK(wrong == 0);
}

TEST_CASE("1602: rows read in place give the general path's messages: the line, and the length before the value",
          "[quick][io][cst]") {
  auto read = [](const std::string& rows) {
    std::istringstream in("constel 1\nN 2\nd 3\nk 2\nscales 1 1 1\nmodality U\n" + rows +
                          "modality V\n1 1 1\n1 1 1\n");
    return read_cst(in, "t.cst");
  };
  CHECK_NOTHROW(read("1 2 3\n4 5 6#c\n"));
  CHECK_THROWS_WITH(read("1 2 3\n4 x 6\n"), StartsWith("t.cst:8: 'x' is not a number"));
  CHECK_THROWS_WITH(read("1 2 3\n4 x\n"), StartsWith("t.cst:8: row 1 of modality 0 has 2 entries, expected d = 3"));
  CHECK_THROWS_WITH(read("1 2 3\n4 x 6 7\n"), StartsWith("t.cst:8: row 1 of modality 0 has 4 entries"));
  CHECK_THROWS_WITH(read("1 2 3 x 5\n"), StartsWith("t.cst:7: row 0 of modality 0 has 5 entries"));
  CHECK_THROWS_WITH(read("1 2 3\n4 5 1/0\n"), StartsWith("t.cst:8: number '1/0': zero denominator"));
  CHECK_THROWS_WITH(read("1 2 3\n4 5 6\n7 8 9\n"), StartsWith("t.cst:9: modality 0 has more than N = 2 rows"));
  CHECK_THROWS_WITH(read("1 2 3\n-1 2 3 # 4\n.5 1 2\n"), StartsWith("t.cst:9: modality 0 has more than N = 2 rows"));
  CHECK_THROWS_WITH(read("1 2 3\n1 2 3# x\n1 2\n"), StartsWith("t.cst:9: modality 0 has more than N = 2 rows"));
  CHECK_THROWS_WITH(read("1 2 3\nx 2 3\n"), StartsWith("t.cst:8: 'x' is not a number"));
  CHECK_NOTHROW(read("1 2 3\n1\f2\v3\n"));  // \f and \v are spaces
}

TEST_CASE("1603: a stream that failed before reading is a read error, one at its end is an empty file",
          "[quick][io][cst]") {
  std::istringstream failed("constel 1\n");
  failed.setstate(std::ios_base::failbit);
  CHECK_THROWS_WITH(read_cst(failed, "t.cst"), StartsWith("t.cst:0: read error"));
  std::istringstream at_end("constel 1\n");
  at_end.setstate(std::ios_base::eofbit);
  CHECK_THROWS_WITH(read_cst(at_end, "t.cst"), StartsWith("t.cst:0: empty file"));
}
