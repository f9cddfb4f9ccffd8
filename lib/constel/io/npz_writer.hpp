// A small writer of NumPy .npz archives of float64 matrices (for `constel generate --format npz`): a ZIP
// of stored (uncompressed) members NAME.npy, each a .npy version 1.0 file with descr '<f8', C order,
// header padded to a multiple of 64 bytes. Readers live elsewhere (io/npz.hpp); the two meet only in
// the file format.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "constel/config/configuration.hpp"
#include "constel/error.hpp"

namespace constel {

struct NpzArray {
  std::string name;  // member "name.npy"
  std::size_t rows = 0, cols = 0;
  std::vector<double> data;  // rows x cols, row-major
};

// The archive bytes. Throws LimitError when a member would need ZIP64 (4 GiB or more).
std::string npz_bytes(const std::vector<NpzArray>& arrays);

// Writes the archive atomically ("-" is standard output).
void write_npz_file(const std::string& path, const std::vector<NpzArray>& arrays);

// The float64 coordinates sqrt(q_j) * r_ij of each modality (within 2 ulp of the exact value): arrays
// "U" and "V" for k = 2, "M0" ... "M{k-1}" for k > 2.
std::vector<NpzArray> configuration_arrays(const Configuration& c);

}  // namespace constel
