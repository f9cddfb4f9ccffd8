// Tokenising the line-based text formats (.cst, gap certificates): the part of a line before '#',
// split at whitespace. The views point into the line.
#pragma once

#include <cctype>
#include <string_view>
#include <vector>

namespace constel {

inline std::vector<std::string_view> split_tokens(std::string_view line) {
  std::size_t hash = line.find('#');
  if (hash != std::string_view::npos) line = line.substr(0, hash);
  std::vector<std::string_view> out;
  std::size_t i = 0;
  while (i < line.size()) {
    while (i < line.size() && std::isspace(static_cast<unsigned char>(line[i]))) ++i;
    std::size_t start = i;
    while (i < line.size() && !std::isspace(static_cast<unsigned char>(line[i]))) ++i;
    if (i > start) out.push_back(line.substr(start, i - start));
  }
  return out;
}

}  // namespace constel
