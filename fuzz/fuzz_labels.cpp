// libFuzzer target for the label readers of `verify --labels` and `gap --labels`: text (each header
// mode), .npy integer arrays and .npz members. Every input either decodes or throws InputError.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "constel/error.hpp"
#include "constel/io/csv_matrix.hpp"
#include "constel/io/npy.hpp"
#include "constel/io/npz.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view bytes(reinterpret_cast<const char*>(data), size);
  for (auto mode : {constel::CsvHeader::Auto, constel::CsvHeader::Yes, constel::CsvHeader::No}) {
    try {
      (void)constel::decode_text_integers(bytes, "fuzz.txt", mode);
    } catch (const constel::InputError&) {
    }
  }
  try {
    (void)constel::decode_npy_integers(bytes, "fuzz.npy");
  } catch (const constel::InputError&) {
  }
  try {
    (void)constel::decode_npz_integers(bytes, "labels", "fuzz.npz");
  } catch (const constel::InputError&) {
  }
  return 0;
}
