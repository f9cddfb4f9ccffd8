// Tables as the `constel table` command prints them: a fixed list of columns and rows of text cells,
// written as CSV (RFC 4180 quoting), Markdown or JSON. Everything is canonical (fixed column order,
// fixed number formats: log10 with 4 decimals, exact integers, upper bounds rounded UP and lower
// bounds rounded DOWN to 6 decimals), with no timings or dates, so two runs give identical bytes and a
// diff between tables means a change in the numbers. The bound tables themselves are built by
// bound_tables.hpp.
#pragma once

#include <string>
#include <vector>

#include "constel/number/rational.hpp"
#include "constel/number/json.hpp"

namespace constel {

struct TableCell {
  std::string text;     // "" is an empty cell (null in JSON)
  bool number = false;  // JSON writes it as a number when it is finite
};

struct Table {
  std::vector<std::string> columns;
  std::vector<std::vector<TableCell>> rows;
  void add_row(std::vector<TableCell> row);  // throws InternalError on a wrong cell count
};

enum class TableFormat { Csv, Markdown, Json };

// "csv", "md" (or "markdown"), "json"; InputError otherwise.
TableFormat parse_table_format(const std::string& text);

std::string format_csv(const Table& t);
std::string format_markdown(const Table& t);
Json table_json(const Table& t);  // {"columns": [...], "rows": [{column: value}, ...]}
std::string format_table(const Table& t, TableFormat f);

// Cell helpers with the fixed formats.
TableCell text_cell(std::string s);
TableCell log10_cell(double x);                 // "12.3457", "inf", "-inf"
TableCell integer_cell(const Integer& x);
TableCell decimal_up_cell(const Rational& x);   // smallest multiple of 10^-6 >= x, e.g. "13.285715"
TableCell decimal_down_cell(const Rational& x); // largest multiple of 10^-6 <= x
TableCell decimal_cell(const Rational& x);      // nearest double, 6 significant digits ("0.0695")

// The comment lines that start a data/ file: '#' + text for each line, in CSV and Markdown ("<!-- -->"
// is not used: Markdown shows the lines as text), and nothing for JSON (the caller adds a key).
std::string provenance_block(const std::vector<std::string>& lines);

}  // namespace constel
