// libFuzzer target for the .safetensors reader: listing names and decoding each named tensor either
// succeed or throw InputError.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "constel/error.hpp"
#include "constel/io/safetensors.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view bytes(reinterpret_cast<const char*>(data), size);
  try {
    for (const auto& name : constel::safetensors_names(bytes, "fuzz.safetensors")) {
      try {
        (void)constel::decode_safetensors_matrix(bytes, name, "fuzz.safetensors");
      } catch (const constel::InputError&) {
      }
    }
  } catch (const constel::InputError&) {
  }
  return 0;
}
