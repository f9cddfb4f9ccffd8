// The consumer of an installed constel (tests/consumer/CMakeLists.txt): includes only the umbrella
// header, verifies a configuration exactly, and catches the InputError that a malformed number throws,
// so that the exception type is seen across the library boundary (a shared libconstel included).
// Prints "consumer ok" and exits 0 when all of that works.
#include <cstdio>

#include "constel/constel.hpp"

int main() {
  using namespace constel;
  std::printf("constel %s\n", version_string);
  Configuration c(3, 2, 2);
  const Rational h = parse_rational("1/2");
  c.set_scale(0, 1), c.set_scale(1, Rational(3, 4));
  const Rational rows[3][2] = {{1, 0}, {-h, 1}, {-h, -1}};
  for (std::size_t a = 0; a < 2; ++a)
    for (std::size_t i = 0; i < 3; ++i)
      for (std::size_t j = 0; j < 2; ++j) c.entry(a, i, j) = rows[i][j];
  const ExactReport r = exact_verify(c);
  if (!r.margin || *r.margin != Rational(3, 4)) {
    std::printf("wrong margin\n");
    return 1;
  }
  try {
    parse_rational("0.1.2");
    std::printf("no InputError for a malformed number\n");
    return 1;
  } catch (const InputError& e) {
    std::printf("caught InputError: %s\n", e.what());
  }
  std::printf("consumer ok\n");
  return 0;
}
