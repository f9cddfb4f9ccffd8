// libFuzzer target for the CSV/TSV embedding reader and the text label reader: any text either
// decodes or throws InputError.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "constel/error.hpp"
#include "constel/io/csv_matrix.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  try {
    (void)constel::decode_csv_matrix(text, "fuzz.csv");
  } catch (const constel::InputError&) {
  }
  try {
    (void)constel::decode_text_integers(text, "fuzz.txt");
  } catch (const constel::InputError&) {
  }
  return 0;
}
