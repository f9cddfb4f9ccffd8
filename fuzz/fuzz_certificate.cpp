// libFuzzer target for the Delsarte certificate parser (constel codebound --check): any byte string
// either parses or throws InputError; parsed certificates up to degree 30 (the degrees the LP writes
// for `bound`; `codebound` goes to 48) in dimensions up to 64 are also checked exactly (Sturm).
#include <cstddef>
#include <cstdint>
#include <string>

#include "constel/bounds/delsarte.hpp"
#include "constel/error.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size > 4096) return 0;
  try {
    auto p = constel::bounds::parse_delsarte_certificate(std::string(reinterpret_cast<const char*>(data), size), "fuzz");
    if (p.n >= 2 && p.n <= 64 && p.coefficients.size() <= 31) {
      std::string why;
      (void)constel::bounds::certify_delsarte(p.n, p.s, p.coefficients, p.eps, why);
    }
  } catch (const constel::InputError&) {
  }
  return 0;
}
