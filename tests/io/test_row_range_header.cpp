// Opening a .npy, .fvecs or .safetensors file for reading by offset (io/row_range.hpp) reads its header, not the
// whole file: the bytes this process reads (Linux /proc/self/io, rchar) while a 16 MiB file is
// opened stay near the header's limit, the rows read afterwards are the file's, and a truncated or
// grown file gets the whole-file reader's message.
#include <catch2/catch.hpp>

#include <fstream>
#include <string>

#include "constel/error.hpp"
#include "constel/io/embedding_file.hpp"
#include "constel/io/fvecs.hpp"
#include "constel/io/npy.hpp"
#include "constel/io/row_range.hpp"
#include "constel/io/safetensors.hpp"
#include "support.hpp"

using namespace constel;
using Catch::Matchers::Contains;

namespace {

// Bytes read by this process so far (read, pread and the like), or -1 where /proc/self/io is absent.
long long bytes_read() {
  std::ifstream io("/proc/self/io");
  std::string key;
  long long v = -1;
  while (io >> key >> v)
    if (key == "rchar:") return v;
  return -1;
}

}  // namespace

TEST_CASE("1554: a .npy, .fvecs or .safetensors file read by offset is opened from its header alone",
          "[quick][io]") {
  test::TempDir dir;
  FloatMatrix m(4096, 1024, FloatDType::F32, "m");  // 16 MiB of float32
  for (std::size_t i = 0; i < 4096; ++i)
    for (std::size_t j = 0; j < 1024; j += 97) m.set(i, j, double(int(i % 13) - 6) / 4);
  const std::string raw(reinterpret_cast<const char*>(m.f32()), 4 * m.rows() * m.cols());
  for (const std::string name : {"m.npy", "m.fvecs", "m.safetensors"}) {
    INFO(name);
    const std::string key = name == "m.safetensors" ? "m" : "";
    const std::string bytes = name == "m.npy"      ? encode_npy(m)
                              : name == "m.fvecs" ? encode_fvecs(m)
                                                  : encode_safetensors({{"m", "F32", {4096, 1024}, raw}});
    const std::string p = dir.write(name, bytes);
    const long long before = bytes_read();
    const EmbeddingRowReader reader(p, key);
    const long long after = bytes_read();
    if (before >= 0) CHECK(after - before <= (2ll << 20));  // header limit 1 MiB; the file is 16 MiB
    CHECK(reader.layout().rows == 4096);
    CHECK(reader.layout().cols == 1024);
    CHECK(reader.layout().by_offset);
    const FloatMatrix rows = reader.rows(4000, 4003);
    for (std::size_t i = 0; i < 3; ++i)
      for (std::size_t j = 0; j < 1024; ++j) REQUIRE(rows.value(i, j) == m.value(4000 + i, j));
    // a file cut short, or one with bytes beyond its array: the whole-file reader's verdict and
    // message (.safetensors allows bytes after its tensors)
    for (const std::string& bad : {bytes.substr(0, bytes.size() - 8), bytes + std::string(4, '\0')}) {
      const std::string q = dir.write("bad-" + name, bad);
      std::string whole_message;
      try {
        read_embedding_matrix(q, key);
      } catch (const InputError& e) {
        whole_message = e.what();
      }
      if (whole_message.empty()) {
        CHECK(EmbeddingRowReader(q, key).layout().rows == 4096);
        CHECK(bad.size() > bytes.size());
      } else {
        CHECK_THROWS_WITH(EmbeddingRowReader(q, key), whole_message);
      }
    }
  }
}
