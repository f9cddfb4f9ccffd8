// Exact parsing and printing of numbers.
#include <catch2/catch.hpp>

#include "constel/error.hpp"
#include "constel/number/rational.hpp"

using namespace constel;

TEST_CASE("001: decimals, fractions and exponents parse exactly", "[quick][number]") {
  CHECK(parse_rational("3") == Rational(3));
  CHECK(parse_rational("-3/7") == Rational(-3, 7));
  CHECK(parse_rational("0.1") == Rational(1, 10));
  CHECK(parse_rational("1e-3") == Rational(1, 1000));
  CHECK(parse_rational("-.5") == Rational(-1, 2));
  CHECK(parse_rational("+2.50E+2") == Rational(250));
  CHECK(parse_rational("6/4") == Rational(3, 2));
  CHECK(parse_rational("0.0695") == Rational(139, 2000));
  CHECK(parse_rational("5.") == Rational(5));
}

TEST_CASE("002: malformed numbers are rejected with the text in the message", "[quick][number]") {
  for (const char* bad : {"", "abc", "1/0", "1/-2", "1.2.3", "1e", "e5", "nan", "inf", "0x10", "1 2", "--1", "1/2/3",
                          ".", "+", "1e+", "3/", "/3"}) {
    INFO(bad);
    CHECK_THROWS_AS(parse_rational(bad), InputError);
  }
  CHECK_THROWS_WITH(parse_rational("1/0"), Catch::Contains("zero denominator"));
  CHECK_THROWS_WITH(parse_rational("abc"), Catch::Contains("'abc' is not a number"));
  CHECK_THROWS_AS(parse_rational("1e999999999"), LimitError);
}

TEST_CASE("003: canonical printing and correctly rounded doubles", "[quick][number]") {
  CHECK(to_string(Rational(6, 8)) == "3/4");
  CHECK(to_string(Rational(-2, 2)) == "-1");
  CHECK(to_string(Rational(0)) == "0");
  CHECK(to_double(Rational(1, 10)) == 0.1);
  CHECK(to_double(Rational(1, 3)) == 1.0 / 3.0);
  CHECK(from_double(0.1) == parse_rational("3602879701896397/36028797018963968"));
  CHECK(from_double(-1.5) == Rational(-3, 2));
  CHECK(parse_count("42") == 42u);
  CHECK_THROWS_AS(parse_count("-1"), InputError);
  CHECK_THROWS_AS(parse_count("1.5"), InputError);
}

#include "constel/number/bigfloat.hpp"

TEST_CASE("004: high-precision floats round-trip through exact rationals", "[quick][number]") {
  BigFloat third = to_bigfloat(Rational(1, 3), 50);
  CHECK(third.precision() >= 50);
  Rational back = exact_rational(third);
  CHECK(back != Rational(1, 3));
  CHECK(abs(back - Rational(1, 3)) < parse_rational("1e-49"));
  CHECK(exact_rational(to_bigfloat(Rational(-3, 8), 30)) == Rational(-3, 8));
  CHECK(exact_rational(BigFloat(0)) == 0);
}
