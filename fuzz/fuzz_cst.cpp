// libFuzzer target for the .cst reader: any byte string either parses or throws InputError.
#include <cstddef>
#include <cstdint>
#include <sstream>
#include <string>

#include "constel/error.hpp"
#include "constel/io/cst.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::istringstream in(std::string(reinterpret_cast<const char*>(data), size));
  try {
    constel::Configuration c = constel::read_cst(in, "fuzz.cst");
    std::ostringstream out;
    constel::write_cst(out, c);
  } catch (const constel::InputError&) {
  }
  return 0;
}
