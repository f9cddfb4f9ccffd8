// Tokenising the line-based text formats (.cst, gap certificates): the part of a line before '#',
// split at whitespace. The views point into the line. split_tokens_into reuses the caller's vector, so
// a reader calling it once per line allocates nothing after the first lines.
#pragma once

#include <string_view>
#include <vector>

namespace constel {

// ' ', \t, \n, \v, \f, \r: what std::isspace accepts in the "C" locale.
inline bool is_token_space(char c) { return c == ' ' || (c >= '\t' && c <= '\r'); }

inline void split_tokens_into(std::string_view line, std::vector<std::string_view>& out) {
  out.clear();
  std::size_t hash = line.find('#');
  if (hash != std::string_view::npos) line = line.substr(0, hash);
  const char* p = line.data();
  const char* end = p + line.size();
  while (p < end) {
    while (p < end && is_token_space(*p)) ++p;
    const char* start = p;
    while (p < end && !is_token_space(*p)) ++p;
    if (p > start) out.emplace_back(start, std::size_t(p - start));
  }
}

inline std::vector<std::string_view> split_tokens(std::string_view line) {
  std::vector<std::string_view> out;
  split_tokens_into(line, out);
  return out;
}

}  // namespace constel
