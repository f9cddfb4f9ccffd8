// .fvecs reading and writing (see fvecs.hpp).
#include "constel/io/fvecs.hpp"

#include <cstring>

#include "constel/error.hpp"
#include "constel/io/mapped_file.hpp"

namespace constel {

FvecsShape fvecs_shape(std::string_view b, const std::string& source) {
  if (b.empty()) throw InputError(source + ": empty .fvecs file");
  if (b.size() < 4) throw InputError(source + ": truncated .fvecs file (" + std::to_string(b.size()) + " bytes)");
  std::int32_t d = static_cast<std::int32_t>(load_le32(b.data()));
  if (d <= 0 || d > (1 << 24))
    throw InputError(source + ": .fvecs dimension " + std::to_string(d) + " of vector 0 is not in 1..2^24");
  const std::uint64_t rec = 4 + 4 * std::uint64_t(d);
  if (b.size() % rec != 0)
    throw InputError(source + ": truncated .fvecs file: " + std::to_string(b.size()) +
                     " bytes is not a whole number of vectors of dimension " + std::to_string(d) + " (" +
                     std::to_string(rec) + " bytes each)");
  return {b.size() / rec, std::size_t(d)};
}

FloatMatrix decode_fvecs(std::string_view b, const std::string& source) {
  const FvecsShape shape = fvecs_shape(b, source);
  const std::int32_t d = static_cast<std::int32_t>(shape.cols);
  const std::uint64_t rec = 4 + 4 * std::uint64_t(d), n = shape.rows;
  FloatMatrix m(n, std::size_t(d), FloatDType::F32, source);
  for (std::uint64_t i = 0; i < n; ++i) {
    const char* p = b.data() + i * rec;
    std::int32_t di = static_cast<std::int32_t>(load_le32(p));
    if (di != d)
      throw InputError(source + ": vector " + std::to_string(i) + " has dimension " + std::to_string(di) +
                       ", vector 0 has " + std::to_string(d));
    std::memcpy(m.f32() + i * std::size_t(d), p + 4, 4 * std::size_t(d));
  }
  return m;
}

FloatMatrix read_fvecs(const std::string& path) {
  MappedFile f(path);
  return decode_fvecs(f.bytes(), path);
}

std::string encode_fvecs(const FloatMatrix& m) {
  std::string out;
  std::int32_t d = static_cast<std::int32_t>(m.cols());
  for (std::size_t i = 0; i < m.rows(); ++i) {
    out.append(reinterpret_cast<const char*>(&d), 4);
    out.append(reinterpret_cast<const char*>(m.f32() + i * m.cols()), 4 * m.cols());
  }
  return out;
}

}  // namespace constel
