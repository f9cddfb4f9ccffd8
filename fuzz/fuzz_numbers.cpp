// libFuzzer target for the number parsers of the command line and the files: parse_rational (exact,
// the CLI's --m, --b, ...), the file variant with its exponent limit, parse_count and
// parse_bounded_count (the CLI's counts: --steps, --seeds, --threads). Every input either parses or
// throws InputError; a parsed count must lie in its range, and a parsed number must print and
// parse back to itself.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "constel/error.hpp"
#include "constel/number/rational.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size > 4096) return 0;
  std::string_view text(reinterpret_cast<const char*>(data), size);
  try {
    constel::Rational v = constel::parse_rational(text);
    if (constel::parse_rational(constel::to_string(v)) != v) __builtin_trap();
  } catch (const constel::InputError&) {
  }
  try {
    (void)constel::parse_rational(text, constel::kMaxFileExponent);
  } catch (const constel::InputError&) {
  }
  try {
    (void)constel::parse_count(text);
  } catch (const constel::InputError&) {
  }
  try {
    std::uint64_t c = constel::parse_bounded_count(text, 1, 100000000);
    if (c < 1 || c > 100000000) __builtin_trap();
  } catch (const constel::InputError&) {
  }
  return 0;
}
