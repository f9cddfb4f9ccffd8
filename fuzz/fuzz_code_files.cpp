// libFuzzer target for the user code files of `--code linear:FILE / words:FILE / coords:FILE`
// (codes/binary.cpp read_bit_rows, codes/source.cpp coords): the input is written to a temporary file and
// built as each of the three; every input either builds or throws InputError. Inputs are capped at 4 KiB
// so the all-pairs distance and alpha computations stay fast. The file is removed after each input.
#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <fstream>
#include <string>

#include "constel/codes/source.hpp"
#include "constel/error.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size > 4096) return 0;
  static const std::string path = "/tmp/constel-fuzz-code-" + std::to_string(::getpid()) + ".txt";
  {
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out.write(reinterpret_cast<const char*>(data), static_cast<std::streamsize>(size));
  }
  for (const char* family : {"linear:", "words:", "coords:"}) {
    try {
      (void)constel::codes::build_code(family + path);
    } catch (const constel::InputError&) {
    }
  }
  ::unlink(path.c_str());  // nothing is left in the temporary folder, even when the run is stopped between inputs
  return 0;
}
