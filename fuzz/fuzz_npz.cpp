// libFuzzer target for the .npz (ZIP) reader: listing members, extracting each, and decoding the
// array "image" either succeed or throw InputError.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "constel/error.hpp"
#include "constel/io/npz.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view bytes(reinterpret_cast<const char*>(data), size);
  try {
    for (const auto& m : constel::list_zip_members(bytes, "fuzz.npz")) {
      try {
        (void)constel::extract_zip_member(bytes, m, "fuzz.npz");
      } catch (const constel::InputError&) {
      }
    }
    (void)constel::decode_npz_matrix(bytes, "image", "fuzz.npz");
  } catch (const constel::InputError&) {
  }
  return 0;
}
