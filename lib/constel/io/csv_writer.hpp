// Writing CSV text (RFC 4180), the one implementation behind every CSV the toolkit writes (the tables
// of `constel table`, the sweep results and the per-step log of `constel train`): fields separated by
// commas, rows ended by "\n"; a field holding a comma, a double quote, CR or LF is enclosed in double
// quotes with its quotes doubled. Numbers are formatted by the caller (they never need quotes).
//   format_csv_field("a,b")         "\"a,b\""       format_csv_field("x")  "x"
//   format_csv_quoted_field("x")    "\"x\""         (always quoted: for columns whose readers expect quotes)
//   format_csv_line({"a", "b,c"})   "a,b,c\n"       (joined as they are: quote the fields first)
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace constel {

// The field as CSV: unchanged, or quoted when it must be.
std::string format_csv_field(std::string_view text);

// The field in double quotes, inner quotes doubled.
std::string format_csv_quoted_field(std::string_view text);

// The fields (already quoted where needed) joined by commas, with the line end.
std::string format_csv_line(const std::vector<std::string>& fields);

}  // namespace constel
