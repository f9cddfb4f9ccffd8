// How a SizeBound is printed: the JSON object {log10, value, method, rigorous} shared by `constel bound` and
// `constel codebound` (value: the integer as a string when it is below 2^63, else null), and one line
// of human text. rigorous_note is added when rigorous is false.
#pragma once

#include <string>

#include "constel/bounds/size_bound.hpp"
#include "constel/number/json.hpp"

namespace constel::bounds {

Json size_bound_json(const SizeBound& b);
std::string size_bound_text(const SizeBound& b);

}  // namespace constel::bounds
