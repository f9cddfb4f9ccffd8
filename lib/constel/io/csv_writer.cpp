// CSV quoting and lines (see csv_writer.hpp).
#include "constel/io/csv_writer.hpp"

namespace constel {

std::string format_csv_quoted_field(std::string_view text) {
  std::string out = "\"";
  for (char c : text) out += c == '"' ? std::string("\"\"") : std::string(1, c);
  return out + "\"";
}

std::string format_csv_field(std::string_view text) {
  if (text.find_first_of(",\"\n\r") == std::string_view::npos) return std::string(text);
  return format_csv_quoted_field(text);
}

std::string format_csv_line(const std::vector<std::string>& fields) {
  std::string out;
  for (std::size_t i = 0; i < fields.size(); ++i) out += (i ? "," : "") + fields[i];
  return out + "\n";
}

}  // namespace constel
