// libFuzzer target for the .fvecs reader: any byte string either decodes or throws InputError.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "constel/error.hpp"
#include "constel/io/fvecs.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  try {
    (void)constel::decode_fvecs(std::string_view(reinterpret_cast<const char*>(data), size), "fuzz.fvecs");
  } catch (const constel::InputError&) {
  }
  return 0;
}
