// .fvecs files (the TEXMEX / ANN benchmark format): each vector is a little-endian int32 dimension d
// followed by d float32 values; every vector of a file has the same d. Read into a FloatMatrix.
#pragma once

#include <string>
#include <string_view>

#include "constel/error.hpp"
#include "constel/io/float_matrix.hpp"

namespace constel {

FloatMatrix decode_fvecs(std::string_view bytes, const std::string& source);
FloatMatrix read_fvecs(const std::string& path);
std::string encode_fvecs(const FloatMatrix& m);  // single-precision matrices only

}  // namespace constel
