// .npz writer: .npy v1.0 members (npy.hpp) in a stored ZIP archive (zip_writer.hpp); see npz_writer.hpp.
#include "constel/io/npz_writer.hpp"

#include <cmath>
#include <cstring>

#include "constel/error.hpp"
#include "constel/io/atomic_file.hpp"
#include "constel/io/npy.hpp"
#include "constel/io/zip_writer.hpp"

namespace constel {
namespace {

// A member NAME.npy: a .npy v1.0 '<f8' C-order array (npy.hpp's one .npy writer).
std::string npy_bytes(const NpzArray& a) {
  if (a.data.size() != a.rows * a.cols) throw InternalError("npz: array '" + a.name + "' has the wrong number of values");
  std::string data(8 * a.data.size(), '\0');
  for (std::size_t i = 0; i < a.data.size(); ++i) {  // little-endian IEEE doubles
    std::uint64_t bits;
    std::memcpy(&bits, &a.data[i], 8);
    for (int b = 0; b < 8; ++b) data[8 * i + b] = char((bits >> (8 * b)) & 0xff);
  }
  return encode_npy_raw("<f8", {a.rows, a.cols}, false, data, 1);
}

}  // namespace

std::string npz_bytes(const std::vector<NpzArray>& arrays) {
  std::vector<std::pair<std::string, std::string>> members;
  for (const auto& a : arrays) members.push_back({a.name + ".npy", npy_bytes(a)});
  return encode_zip(members, false, false);
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
