// Exact numbers: GMP integers and rationals, exact parsing of decimal and fraction text ("3", "-3/7",
// "0.1" = 1/10, "1e-3" = 1/1000), canonical printing ("3/4", "-1"), and correctly rounded conversion
// to double. Every number a user types or a file holds goes through parse_rational.
#pragma once

#include <boost/multiprecision/gmp.hpp>
#include <string>
#include <string_view>

#include "constel/error.hpp"

namespace constel {

using Integer = boost::multiprecision::mpz_int;
using Rational = boost::multiprecision::mpq_rational;

// Parses text exactly. Accepts an optional sign, digits with an optional decimal point, an optional
// exponent (e or E), or a fraction p/q of two integers (q != 0, signs allowed on p only). Leading or
// trailing garbage, empty text, "inf" and "nan" are rejected with an InputError whose message names
// the text. Exponents beyond +-100000 are rejected (LimitError) so that "1e999999999" cannot hang.
Rational parse_rational(std::string_view text);

// The same with a smaller exponent limit: files (.cst, certificates, code files) use
// kMaxFileExponent, so that a 7-byte token such as 1e99999 cannot become a 41 KB integer: a decimal
// exponent e (net of the digits after the point) must satisfy |e| <= max_exponent.
inline constexpr long kMaxFileExponent = 400;
Rational parse_rational(std::string_view text, long max_exponent);

// Same, but returns false instead of throwing on malformed text (limits still throw).
bool try_parse_rational(std::string_view text, Rational& out);
bool try_parse_rational(std::string_view text, Rational& out, long max_exponent);

// Parses a non-negative integer that fits in 64 bits ("12", "1e6" is rejected: integers only).
std::uint64_t parse_count(std::string_view text);

// A whole number in [min, max] written as any exact number ("1e6" is 1000000, "12/4" is 3): "-5",
// "1.5", "x" and values outside the range are InputErrors saying which and giving the range (the
// command line's counts: CLI11 alone would wrap "-5" into a huge unsigned value).
std::uint64_t parse_bounded_count(std::string_view text, std::uint64_t min, std::uint64_t max);

// Canonical text: reduced fraction "p/q" with q > 1, or the integer "p".
std::string to_string(const Rational& x);
std::string to_string(const Integer& x);

// The double nearest to x (ties to even), through MPFR; +-inf when beyond the double range.
double to_double(const Rational& x);

// The exact value of a finite double as a rational (throws InputError for NaN or infinity).
Rational from_double(double x);

}  // namespace constel
