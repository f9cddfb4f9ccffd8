// CSV and TSV embedding files: one vector per line, values separated by commas, tabs or spaces (the
// first data line decides), '#' comment lines and blank lines skipped, an optional header line (a
// first line with a field that is not a number). Text values are decimals, not binary numbers: each
// is read as the nearest double (correctly rounded), and those doubles are what gets verified.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "constel/error.hpp"
#include "constel/io/float_matrix.hpp"

namespace constel {

FloatMatrix decode_csv_matrix(std::string_view text, const std::string& source);
FloatMatrix read_csv_matrix(const std::string& path);

// One integer per line (a single-column CSV), for label files.
std::vector<std::int64_t> decode_text_integers(std::string_view text, const std::string& source);

}  // namespace constel
