// .fvecs files (the TEXMEX / ANN benchmark format): each vector is a little-endian int32 dimension d
// followed by d float32 values; every vector of a file has the same d. Read into a FloatMatrix.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "constel/error.hpp"
#include "constel/io/float_matrix.hpp"

namespace constel {

// The shape a whole .fvecs file declares: the dimension of vector 0 and the number of records, after
// checking that the size is a whole number of records (InputError naming `source` otherwise). The
// whole-file decoder and the row-range reader share it.
struct FvecsShape {
  std::uint64_t rows = 0;
  std::size_t cols = 0;
};
FvecsShape fvecs_shape(std::string_view bytes, const std::string& source);

FloatMatrix decode_fvecs(std::string_view bytes, const std::string& source);
FloatMatrix read_fvecs(const std::string& path);
std::string encode_fvecs(const FloatMatrix& m);  // single-precision matrices only

}  // namespace constel
