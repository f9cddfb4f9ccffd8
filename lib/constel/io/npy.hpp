// NumPy .npy files (format versions 1.0, 2.0, 3.0; NEP 1): the magic, the version, the header length,
// the Python-dict header ('descr', 'fortran_order', 'shape'), then the raw data in C or Fortran order.
// Float arrays (<f2, <f4, <f8 and their big-endian twins) become FloatMatrix with the exact stored
// values; integer arrays become label vectors. Every inconsistency (bad magic, header not a dict,
// absurd header length, shape that disagrees with the data size, wrong dtype) is an InputError naming
// the file; nothing is allocated before the data size is checked against the file.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "constel/error.hpp"
#include "constel/io/float_matrix.hpp"

namespace constel {

struct NpyHeader {
  int major = 1;
  char byte_order = '<';  // '<', '>' or '|'
  char kind = 'f';        // 'f' float, 'i' signed, 'u' unsigned, 'b' bool, other: unsupported
  unsigned itemsize = 4;
  std::string descr;
  bool fortran = false;
  std::vector<std::uint64_t> shape;
  std::uint64_t count = 1;       // product of shape
  std::size_t data_offset = 0;   // where the data starts in the file
};

// Largest header a reader accepts (numpy writes under 1 KiB for any plain array).
constexpr std::size_t kMaxNpyHeader = std::size_t(1) << 20;

// Parses and checks the header, including that the data size matches the file exactly.
NpyHeader parse_npy_header(std::string_view bytes, const std::string& source);

// A 2-D float array (N, d) as a FloatMatrix (exact values; NaN/Inf are NOT checked here).
FloatMatrix decode_npy_matrix(std::string_view bytes, const std::string& source);
// A 1-D (or (N, 1)) integer array as int64 values.
std::vector<std::int64_t> decode_npy_integers(std::string_view bytes, const std::string& source);

FloatMatrix read_npy_matrix(const std::string& path);
std::vector<std::int64_t> read_npy_integers(const std::string& path);

// Writers by numpy's rules (dict text as numpy's repr, space padding to 64 bytes, '\n' last), used by
// tests and the benchmark. encode_npy writes '<f4' (single matrices) or '<f8'.
std::string encode_npy_raw(const std::string& descr, const std::vector<std::uint64_t>& shape, bool fortran,
                           std::string_view data, int major = 1);
std::string encode_npy(const FloatMatrix& m, bool fortran = false, int major = 1);

}  // namespace constel
