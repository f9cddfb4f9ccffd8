// HDF5 files (.h5, .hdf5, .hdf), read through the HDF5 C library (Debian's libhdf5-dev): a 2-D float
// dataset chosen by its path in the file ("train", "/group/ds") becomes a FloatMatrix holding exactly
// the stored values. float16 (and bfloat16) are read as raw bits and widened exactly here
// (float_matrix.hpp); float32 and float64 are read by the library straight into the matrix, in row
// blocks of a few MiB through a hyperslab, so a chunked or gzip-compressed dataset is decompressed
// chunk by chunk and nothing beyond the matrix is held. The ann-benchmarks layout (train, test,
// neighbors, distances at the root) reads as is; an integer dataset reads as labels (1-D, or the
// first column of a 2-D one such as ann-benchmarks' neighbors).
//
// HDF5's own error printing is switched off; every failure is an InputError that names the file and
// the dataset path, with the library's innermost message. The checks of what the library reports
// (rank, shape, type class, bit layout, byte order) are hdf5_float_layout and hdf5_label_layout, which
// touch no file (the fuzz target drives them).
//
// Example:
//   FloatMatrix train = read_hdf5_matrix("glove-25-angular.hdf5", "train");
//   FloatMatrix part = read_hdf5_rows("glove-25-angular.hdf5", "/test", 0, 100);
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "constel/error.hpp"
#include "constel/io/float_matrix.hpp"

namespace constel {

// What the library says about a dataset's type and space (the H5T / H5S answers, as plain values).
struct Hdf5TypeInfo {
  enum Class { Float, Integer, Other } type_class = Other;
  std::size_t size = 0;  // bytes per element
  bool big_endian = false;
  bool is_signed = true;  // integers
  // floats: sign bit position, exponent position and size, mantissa position and size, exponent bias
  std::size_t sign_pos = 0, exp_pos = 0, exp_size = 0, mant_pos = 0, mant_size = 0;
  std::uint64_t exp_bias = 0;
  bool implied_norm = true;  // the mantissa's leading 1 is implied (IEEE), not stored
  std::string class_name;  // "integer", "string", "compound", ... for messages
};

// The stored float type of a 2-D dataset with these dims and this type, or InputError naming `where`
// ("file[/path]") and what is wrong: not 2-D, an empty shape, not a float, a float of a layout that is
// not IEEE binary16, bfloat16, binary32 or binary64, too many entries.
FloatDType hdf5_float_layout(const std::vector<std::uint64_t>& dims, const Hdf5TypeInfo& type,
                             const std::string& where);

// The number of labels of an integer dataset of rank 1 or 2 (the first column of a 2-D one), or
// InputError naming `where`.
std::size_t hdf5_label_layout(const std::vector<std::uint64_t>& dims, const Hdf5TypeInfo& type,
                              const std::string& where);

struct Hdf5Layout {
  std::size_t rows = 0, cols = 0;
  FloatDType stored = FloatDType::F32;
  std::string where;  // "file[/path]" as messages name it
};

// The layout of the float dataset `dataset` of `path` (InputError for a missing file or dataset, a
// file that is not HDF5, or a dataset the checks above refuse; the message lists the file's datasets
// when the one asked for is absent).
Hdf5Layout probe_hdf5_matrix(const std::string& path, const std::string& dataset);

// Rows [begin, end) of the dataset, not yet checked finite.
FloatMatrix read_hdf5_rows(const std::string& path, const std::string& dataset, std::size_t begin, std::size_t end);
FloatMatrix read_hdf5_matrix(const std::string& path, const std::string& dataset);

std::vector<std::int64_t> read_hdf5_labels(const std::string& path, const std::string& dataset);

// The paths of every dataset in the file ("/train", "/group/ds"), in the library's order.
std::vector<std::string> hdf5_dataset_names(const std::string& path);

}  // namespace constel
