// libFuzzer target for the gap certificate reader (gap/certificate.hpp): any byte string either parses
// or throws InputError; what parses is written canonically and must read back to the same direction.
#include <cstddef>
#include <cstdint>
#include <sstream>
#include <string>

#include "constel/error.hpp"
#include "constel/gap/certificate.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::istringstream in(std::string(reinterpret_cast<const char*>(data), size));
  try {
    constel::GapDirection h = constel::read_gap_certificate(in, "fuzz.txt");
    std::istringstream again(constel::gap_certificate_text(h, "round trip"));
    constel::GapDirection back = constel::read_gap_certificate(again, "again.txt");
    if (back.g != h.g || back.offset != h.offset) __builtin_trap();
  } catch (const constel::InputError&) {
  }
  return 0;
}
