// The fast paths of exact .cst verification: the reader's int64 path for small integer and fraction
// entries (lib/constel/io/cst.cpp) gives exactly the value and the message parse_rational gives, for
// every form of token on either side of its limits (sign, leading zeros, 18 and 19 digits, reducible
// fractions, zero denominators, malformed tokens), and the integer form built on several threads
// (lib/constel/verify/integer_form.cpp) equals the one built on one, with column denominators that
// differ between the threads' row ranges and with entries too big for int64.
#include <catch2/catch.hpp>
#include <sstream>
#include <string>

#include "constel/error.hpp"
#include "constel/io/cst.hpp"
#include "constel/verify/detail/integer_form.hpp"

using namespace constel;
using Catch::Matchers::Contains;

namespace {

// A one-row, d = 2 file with entries "1 TOKEN" in U and "1 1" in V.
Configuration read_with(const std::string& token) {
  std::istringstream in("constel 1\nN 1\nd 2\nk 2\nscales 1 1\nmodality U\n1 " + token + "\nmodality V\n1 1\n");
  return read_cst(in, "t.cst");
}

}  // namespace

TEST_CASE("168: every form of .cst entry reads as parse_rational reads it", "[quick][io][cst]") {
  for (const char* t : {"0", "-0", "+0", "7", "-3", "+4", "007", "-007/0014", "3/6", "-10/4", "4/2", "1/1",
                        "123456789012345678", "-123456789012345678/999999999999999999", "1234567890123456789",
                        "99999999999999999999/3", "3/99999999999999999999", "0.5", "-1e-3", "2E+2", "12.50"}) {
    INFO("token " << t);
    Configuration c = read_with(t);
    CHECK(c.entry(0, 0, 1) == parse_rational(t));
    CHECK(c.entry(0, 0, 0) == 1);
  }
  CHECK(read_with("-10/4").entry(0, 0, 1) == Rational(-5, 2));
  CHECK(read_with("123456789012345678").entry(0, 0, 1) == Rational(Integer("123456789012345678")));
  for (const char* t : {"1/0", "-5/000", "3/", "/3", "--3", "3/-4", "1/2/3", "3x", "+", "-", "0x10", "1/2e3"}) {
    INFO("token " << t);
    std::string expected;
    try {
      parse_rational(t);
    } catch (const InputError& e) {
      expected = e.what();
    }
    REQUIRE_FALSE(expected.empty());
    CHECK_THROWS_WITH(read_with(t), Contains("t.cst:7: " + expected));
  }
}

TEST_CASE("169: the integer form is the same on one thread and on several", "[standard][verify]") {
  // 700 rows, d = 100, k = 2: 140,000 entries, so up to 2 threads take rows [0, 350) and [350, 700)
  const std::size_t N = 700, d = 100;
  for (bool big : {false, true}) {
    INFO("entries beyond int64 " << big);
    Configuration c(N, d, 2);
    for (std::size_t a = 0; a < 2; ++a)
      for (std::size_t p = 0; p < N * d; ++p) c.modality(a)[p] = int((p * 7 + a) % 5) - 2;
    c.entry(0, 3, 5) = Rational(1, 3);      // first half
    c.entry(1, 690, 5) = Rational(-2, 5);   // second half: D_5 = 15 only after the merge
    c.entry(1, 400, 9) = Rational(7, 4);
    c.set_scale(9, Rational(1, 2));
    if (big) c.entry(0, 600, 2) = Rational(Integer(1) << 70);
    const detail::IntegerForm one = detail::make_integer_form(c, 1);
    CHECK(one.fits_int64 == !big);
    for (unsigned threads : {2u, 3u, 8u, 0u}) {
      INFO("threads " << threads);
      const detail::IntegerForm many = detail::make_integer_form(c, threads);
      CHECK(many.C == one.C);
      CHECK(many.w == one.w);
      CHECK(many.bound == one.bound);
      CHECK(many.fits_int64 == one.fits_int64);
      CHECK(many.a64 == one.a64);
      CHECK(many.abig == one.abig);
    }
    // column 5 holds 1/3 and -2/5: its integer entries are multiples of 15
    if (!big) CHECK(one.a64[0][3 * one.cols + 5] == 5);
  }
}
