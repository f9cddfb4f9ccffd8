// Parsing of the grids that `constel table`, `constel choose-d` and `constel plot bounds` take on the
// command line: dimension lists and ranges ("8,16,32", "8:4096:x2" geometric, "3:24" or "10:100:+10"
// arithmetic, items may be mixed: "8:4096:x2,768,1152"; the result is sorted and duplicate-free) and
// lists of exact numbers ("0.01,1/10"). Every error is an InputError naming the option and the item.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "constel/error.hpp"
#include "constel/number/rational.hpp"

namespace constel {

// Dimensions in [lo_limit, hi_limit]; at most max_count values (LimitError beyond).
std::vector<std::size_t> parse_dimension_grid(const std::string& option, const std::string& text,
                                              std::size_t lo_limit = 2, std::size_t hi_limit = 1u << 24,
                                              std::size_t max_count = 100000);

// Comma-separated exact numbers, in the order given (duplicates removed, first kept).
std::vector<Rational> parse_rational_list(const std::string& option, const std::string& text);

// Splits on commas (empty items are kept so that the caller can complain about them).
std::vector<std::string> split_commas(const std::string& text);

}  // namespace constel
