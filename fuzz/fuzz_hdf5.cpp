// libFuzzer target for the HDF5 reader's own code: the checks of what the library reports about a
// dataset (rank and dims, type class, size, bit layout, byte order; io/hdf5.hpp). The bytes are read
// as a rank, dims and the fields of Hdf5TypeInfo; every input either gives a layout or throws
// InputError, never anything else. The library's own parsing of files is not ours to fuzz.
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <vector>

#include "constel/error.hpp"
#include "constel/io/hdf5.hpp"

namespace {

struct Bytes {
  const std::uint8_t* p;
  std::size_t n;
  std::uint64_t take(std::size_t k) {
    std::uint64_t v = 0;
    for (std::size_t b = 0; b < k; ++b) v = (v << 8) | (n ? (--n, *p++) : 0);
    return v;
  }
};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  Bytes in{data, size};
  std::vector<std::uint64_t> dims(in.take(1) % 5);
  for (auto& d : dims) d = in.take(1) & 1 ? in.take(8) : in.take(2);
  constel::Hdf5TypeInfo t;
  t.type_class = constel::Hdf5TypeInfo::Class(in.take(1) % 3);
  t.size = in.take(1) % 17, t.big_endian = in.take(1) & 1, t.is_signed = in.take(1) & 1;
  t.sign_pos = in.take(1), t.exp_pos = in.take(1), t.exp_size = in.take(1), t.mant_pos = in.take(1);
  t.mant_size = in.take(1), t.exp_bias = in.take(8);
  t.implied_norm = in.take(1) & 1;
  t.class_name = "fuzz";
  try {
    (void)constel::hdf5_float_layout(dims, t, "fuzz.h5[x]");
  } catch (const constel::InputError&) {}
  try {
    (void)constel::hdf5_label_layout(dims, t, "fuzz.h5[x]");
  } catch (const constel::InputError&) {}
  return 0;
}
