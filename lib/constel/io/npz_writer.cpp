// .npz writer: .npy v1.0 members in a stored ZIP archive (see npz_writer.hpp).
#include "constel/io/npz_writer.hpp"

#include <zlib.h>

#include <cmath>
#include <cstring>

#include "constel/error.hpp"
#include "constel/io/atomic_file.hpp"

namespace constel {
namespace {

void put16(std::string& s, std::uint32_t v) {
  s.push_back(char(v & 0xff));
  s.push_back(char((v >> 8) & 0xff));
}
void put32(std::string& s, std::uint32_t v) {
  put16(s, v & 0xffff);
  put16(s, v >> 16);
}

std::string npy_bytes(const NpzArray& a) {
  if (a.data.size() != a.rows * a.cols) throw InternalError("npz: array '" + a.name + "' has the wrong number of values");
  std::string header = "{'descr': '<f8', 'fortran_order': False, 'shape': (" + std::to_string(a.rows) + ", " +
                       std::to_string(a.cols) + "), }";
  std::size_t total = 10 + header.size() + 1;
  header.append((64 - total % 64) % 64, ' ');
  header.push_back('\n');
  std::string s("\x93NUMPY\x01\x00", 8);
  put16(s, static_cast<std::uint32_t>(header.size()));
  s += header;
  std::size_t off = s.size();
  s.resize(off + 8 * a.data.size());
  for (std::size_t i = 0; i < a.data.size(); ++i) {  // little-endian IEEE doubles
    std::uint64_t bits;
    std::memcpy(&bits, &a.data[i], 8);
    for (int b = 0; b < 8; ++b) s[off + 8 * i + b] = char((bits >> (8 * b)) & 0xff);
  }
  return s;
}

}  // namespace

std::string npz_bytes(const std::vector<NpzArray>& arrays) {
  std::string out, central;
  for (const auto& a : arrays) {
    std::string name = a.name + ".npy";
    std::string body = npy_bytes(a);
    if (body.size() >= 0xffffffffu || out.size() + body.size() + 100 >= 0xffffffffu)
      throw LimitError("npz: array '" + a.name + "' is too large for a ZIP without ZIP64 (4 GiB)");
    std::uint32_t crc = 0;
    for (std::size_t off = 0; off < body.size(); off += (1u << 30)) {
      auto len = static_cast<uInt>(std::min<std::size_t>(body.size() - off, 1u << 30));
      crc = static_cast<std::uint32_t>(crc32(crc, reinterpret_cast<const Bytef*>(body.data() + off), len));
    }
    const auto offset = static_cast<std::uint32_t>(out.size()), size = static_cast<std::uint32_t>(body.size());
    // Local file header.
    put32(out, 0x04034b50);
    put16(out, 20);  // version needed
    put16(out, 0);   // flags
    put16(out, 0);   // stored
    put16(out, 0), put16(out, 0x21);  // time, date (1980-01-01)
    put32(out, crc), put32(out, size), put32(out, size);
    put16(out, static_cast<std::uint32_t>(name.size())), put16(out, 0);
    out += name;
    out += body;
    // Central directory entry.
    put32(central, 0x02014b50);
    put16(central, 20), put16(central, 20), put16(central, 0), put16(central, 0);
    put16(central, 0), put16(central, 0x21);
    put32(central, crc), put32(central, size), put32(central, size);
    put16(central, static_cast<std::uint32_t>(name.size())), put16(central, 0), put16(central, 0);
    put16(central, 0), put16(central, 0), put32(central, 0);
    put32(central, offset);
    central += name;
  }
  const auto cd_offset = static_cast<std::uint32_t>(out.size()), cd_size = static_cast<std::uint32_t>(central.size());
  out += central;
  put32(out, 0x06054b50);
  put16(out, 0), put16(out, 0);
  put16(out, static_cast<std::uint32_t>(arrays.size())), put16(out, static_cast<std::uint32_t>(arrays.size()));
  put32(out, cd_size), put32(out, cd_offset);
  put16(out, 0);
  return out;
}

void write_npz_file(const std::string& path, const std::vector<NpzArray>& arrays) {
  write_bytes_atomically(path, npz_bytes(arrays));
}

std::vector<NpzArray> configuration_arrays(const Configuration& c) {
  std::vector<double> root(c.d());
  for (std::size_t j = 0; j < c.d(); ++j) root[j] = std::sqrt(to_double(c.scale(j)));
  std::vector<NpzArray> out;
  for (std::size_t a = 0; a < c.k(); ++a) {
    NpzArray arr;
    arr.name = c.k() == 2 ? (a == 0 ? "U" : "V") : "M" + std::to_string(a);
    arr.rows = c.N();
    arr.cols = c.d();
    arr.data.resize(c.N() * c.d());
    for (std::size_t i = 0; i < c.N(); ++i)
      for (std::size_t j = 0; j < c.d(); ++j) arr.data[i * c.d() + j] = to_double(c.entry(a, i, j)) * root[j];
    out.push_back(std::move(arr));
  }
  return out;
}

}  // namespace constel
