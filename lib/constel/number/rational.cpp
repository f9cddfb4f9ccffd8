// Exact parsing and printing of rationals (see rational.hpp).
#include "constel/number/rational.hpp"

#include <mpfr.h>

#include <algorithm>
#include <cctype>
#include <cmath>
#include <limits>

#include "constel/error.hpp"

namespace constel {
namespace {

constexpr long kMaxExponent = 100000;

bool all_digits(std::string_view s) {
  if (s.empty()) return false;
  for (char c : s)
    if (c < '0' || c > '9') return false;
  return true;
}

Integer digits_to_integer(std::string_view digits) {
  Integer z;
  std::string text(digits);  // digits only (checked by the caller); base 10 even with leading zeros
  mpz_set_str(z.backend().data(), text.c_str(), 10);
  return z;
}

// Parses sign? digits ('.' digits?)? ([eE] sign? digits)? ; returns false when malformed.
bool parse_decimal(std::string_view s, Rational& out, long max_exponent) {
  bool negative = false;
  std::size_t pos = 0;
  if (pos < s.size() && (s[pos] == '+' || s[pos] == '-')) negative = s[pos++] == '-';
  std::size_t int_begin = pos;
  while (pos < s.size() && std::isdigit(static_cast<unsigned char>(s[pos]))) ++pos;
  std::string_view int_part = s.substr(int_begin, pos - int_begin);
  std::string_view frac_part;
  if (pos < s.size() && s[pos] == '.') {
    std::size_t frac_begin = ++pos;
    while (pos < s.size() && std::isdigit(static_cast<unsigned char>(s[pos]))) ++pos;
    frac_part = s.substr(frac_begin, pos - frac_begin);
  }
  if (int_part.empty() && frac_part.empty()) return false;
  long exponent = 0;
  if (pos < s.size() && (s[pos] == 'e' || s[pos] == 'E')) {
    ++pos;
    bool exp_negative = false;
    if (pos < s.size() && (s[pos] == '+' || s[pos] == '-')) exp_negative = s[pos++] == '-';
    std::string_view exp_digits = s.substr(pos);
    if (!all_digits(exp_digits)) return false;
    std::size_t first = exp_digits.find_first_not_of('0');
    if (first != std::string_view::npos && exp_digits.size() - first > 7)
      throw LimitError("number '" + std::string(s.substr(0, 60)) + "': exponent out of range (at most " +
                       std::to_string(max_exponent) + " in size)");
    for (char c : exp_digits) exponent = exponent * 10 + (c - '0');
    if (exp_negative) exponent = -exponent;
    pos = s.size();
  }
  if (pos != s.size()) return false;
  exponent -= static_cast<long>(frac_part.size());
  if (exponent > max_exponent || exponent < -max_exponent - 1000000 ||
      (max_exponent < kMaxExponent && exponent + long(frac_part.size()) < -max_exponent))
    throw LimitError("number '" + std::string(s.substr(0, 60)) + "': exponent out of range (at most " +
                     std::to_string(max_exponent) + " in size)");
  std::string digits = std::string(int_part) + std::string(frac_part);
  Integer mantissa = digits.empty() ? Integer(0) : digits_to_integer(digits);
  if (negative) mantissa = -mantissa;
  Integer ten_pow = boost::multiprecision::pow(Integer(10), static_cast<unsigned>(std::labs(exponent)));
  out = exponent >= 0 ? Rational(mantissa * ten_pow) : Rational(mantissa, ten_pow);
  return true;
}

bool parse_fraction(std::string_view s, std::size_t slash, Rational& out) {
  std::string_view num = s.substr(0, slash);
  std::string_view den = s.substr(slash + 1);
  bool negative = false;
  if (!num.empty() && (num[0] == '+' || num[0] == '-')) {
    negative = num[0] == '-';
    num.remove_prefix(1);
  }
  if (!all_digits(num) || !all_digits(den)) return false;
  if (num.size() > 100000 || den.size() > 100000)
    throw LimitError("number '" + std::string(s.substr(0, 40)) + "...': more than 100000 digits");
  Integer p = digits_to_integer(num), q = digits_to_integer(den);
  if (q == 0) throw InputError("number '" + std::string(s) + "': zero denominator");
  if (negative) p = -p;
  out = Rational(p, q);
  return true;
}

}  // namespace

bool try_parse_rational(std::string_view text, Rational& out, long max_exponent) {
  if (text.empty()) return false;
  if (text.size() > 200000) throw LimitError("number of " + std::to_string(text.size()) + " characters is too long");
  std::size_t slash = text.find('/');
  if (slash != std::string_view::npos) return parse_fraction(text, slash, out);
  return parse_decimal(text, out, std::min(max_exponent, kMaxExponent));
}

bool try_parse_rational(std::string_view text, Rational& out) { return try_parse_rational(text, out, kMaxExponent); }

Rational parse_rational(std::string_view text) { return parse_rational(text, kMaxExponent); }

// Text for a message: control bytes, NUL and non-ASCII bytes (a BOM) as \xNN, never raw.
static std::string escaped(std::string_view text) {
  static const char* hex = "0123456789abcdef";
  std::string out;
  for (unsigned char c : text) {
    if (c >= 0x20 && c < 0x7f) {
      out += char(c);
    } else {
      out += "\\x";
      out += hex[c >> 4];
      out += hex[c & 15];
    }
  }
  return out;
}

Rational parse_rational(std::string_view text, long max_exponent) {
  Rational value;
  if (!try_parse_rational(text, value, max_exponent)) {
    std::string shown = escaped(text.substr(0, 60));
    throw InputError("'" + shown + (text.size() > 60 ? "..." : "") +
                     "' is not a number (expected e.g. 3, -3/7, 0.1, 1e-3)");
  }
  return value;
}

std::uint64_t parse_count(std::string_view text) {
  if (!all_digits(text) || text.size() > 19)
    throw InputError("'" + std::string(text.substr(0, 60)) + "' is not a non-negative integer");
  std::uint64_t v = 0;
  for (char c : text) v = v * 10 + static_cast<std::uint64_t>(c - '0');
  return v;
}

std::uint64_t parse_bounded_count(std::string_view text, std::uint64_t min, std::uint64_t max) {
  Rational v;
  bool ok = false;
  try {
    ok = try_parse_rational(text, v);
  } catch (const InputError&) {
    ok = false;
  }
  const std::string range = "expected a whole number from " + std::to_string(min) + " to " + std::to_string(max);
  std::string shown;
  for (char c : text.substr(0, 40)) shown += (c >= 0x20 && c < 0x7f) ? c : '?';
  shown = "'" + shown + (text.size() > 40 ? "..." : "") + "'";
  if (!ok || boost::multiprecision::denominator(v) != 1) throw InputError(shown + " is not a whole number; " + range);
  if (v < 0) throw InputError(shown + " is negative; " + range);
  if (v < Rational(Integer(min)) || v > Rational(Integer(max))) throw InputError(shown + " is out of range; " + range);
  return static_cast<std::uint64_t>(boost::multiprecision::numerator(v));
}

std::string to_string(const Integer& x) { return x.str(); }

std::string to_string(const Rational& x) {
  const Integer num = boost::multiprecision::numerator(x);
  const Integer den = boost::multiprecision::denominator(x);
  if (den == 1) return num.str();
  return num.str() + "/" + den.str();
}

double to_double(const Rational& x) {
  mpfr_t f;
  mpfr_init2(f, 53);
  mpfr_set_q(f, x.backend().data(), MPFR_RNDN);
  double d = mpfr_get_d(f, MPFR_RNDN);
  mpfr_clear(f);
  return d;
}

Rational from_double(double x) {
  if (!std::isfinite(x)) throw InputError("not a finite number");
  int exp = 0;
  double mant = std::frexp(x, &exp);  // x = mant * 2^exp, 0.5 <= |mant| < 1
  auto m = static_cast<long long>(std::ldexp(mant, 53));
  exp -= 53;
  Rational r{Integer(m)};
  if (exp >= 0) return r * Rational(boost::multiprecision::pow(Integer(2), static_cast<unsigned>(exp)));
  return r / Rational(boost::multiprecision::pow(Integer(2), static_cast<unsigned>(-exp)));
}

}  // namespace constel
