// CSV and TSV embedding files: one vector per line, values separated by commas, tabs or spaces (the
// first data line decides), '#' comment lines and blank lines skipped, a UTF-8 byte order mark at the
// start skipped. The header rule (CsvHeader): Auto takes the first line for a header only when NONE of
// its fields starts like a number (a digit, or a sign or point before one) and the next line is all
// numbers; otherwise the first line is data, and a
// field that is not a number is an error naming the line and column. Yes always drops the first line,
// No never does. Text values are decimals, not binary numbers: each is read as the nearest double
// (correctly rounded), and those doubles are what gets verified; a value outside the double range
// (1e999, 1e-400) is an error.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "constel/error.hpp"
#include "constel/io/float_matrix.hpp"

namespace constel {

enum class CsvHeader { Auto, Yes, No };

// "auto", "yes", "no"; InputError otherwise.
CsvHeader parse_csv_header(const std::string& text);

FloatMatrix decode_csv_matrix(std::string_view text, const std::string& source, CsvHeader header = CsvHeader::Auto);
FloatMatrix read_csv_matrix(const std::string& path, CsvHeader header = CsvHeader::Auto);

// One integer per line (a single-column CSV), for label files; the same header rule (Auto: a first
// line that is not an integer, followed by one that is).
std::vector<std::int64_t> decode_text_integers(std::string_view text, const std::string& source,
                                               CsvHeader header = CsvHeader::Auto);

// A field of an input line as it may appear in a message: at most `max` bytes, control bytes, NUL
// and bytes above 0x7e written as \xNN.
std::string printable_field(std::string_view s, std::size_t max = 40);

}  // namespace constel
