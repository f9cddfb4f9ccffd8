// libFuzzer target for the .npy reader: any byte string either decodes (as a float matrix or as
// labels) or throws InputError; decoded matrices go through the NaN/Inf check.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "constel/error.hpp"
#include "constel/io/npy.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view bytes(reinterpret_cast<const char*>(data), size);
  try {
    constel::FloatMatrix m = constel::decode_npy_matrix(bytes, "fuzz.npy");
    m.throw_if_not_finite();
  } catch (const constel::InputError&) {
  }
  try {
    (void)constel::decode_npy_integers(bytes, "fuzz.npy");
  } catch (const constel::InputError&) {
  }
  return 0;
}
