// Table formatting: CSV, Markdown, JSON (see table.hpp).
#include "constel/report/table.hpp"

#include <fmt/format.h>

#include <cmath>

#include "constel/error.hpp"
#include "constel/io/csv_writer.hpp"

namespace constel {
namespace {

std::string md_field(const std::string& s) {
  std::string out;
  for (char c : s) out += c == '|' ? std::string("\\|") : std::string(1, c);
  return out;
}

std::string fixed6(const Integer& scaled) {  // scaled = x * 10^6, exact
  Integer a = abs(scaled);
  std::string digits = a.str();
  if (digits.size() < 7) digits.insert(0, 7 - digits.size(), '0');
  std::string s = digits.substr(0, digits.size() - 6) + "." + digits.substr(digits.size() - 6);
  return (scaled < 0 ? "-" : "") + s;
}

Integer floor_div(const Integer& p, const Integer& q) {  // q > 0
  Integer r = p / q;
  if (p < 0 && r * q != p) r -= 1;
  return r;
}

}  // namespace

void Table::add_row(std::vector<TableCell> row) {
  if (row.size() != columns.size())
    throw InternalError("table row has " + std::to_string(row.size()) + " cells for " + std::to_string(columns.size()) + " columns");
  rows.push_back(std::move(row));
}

TableFormat parse_table_format(const std::string& text) {
  if (text == "csv") return TableFormat::Csv;
  if (text == "md" || text == "markdown") return TableFormat::Markdown;
  if (text == "json") return TableFormat::Json;
  throw InputError("'" + text + "' is not a table format (csv, md, json)");
}

std::string format_csv(const Table& t) {
  std::string s;
  for (std::size_t i = 0; i < t.columns.size(); ++i) s += (i ? "," : "") + format_csv_field(t.columns[i]);
  s += "\n";
  for (const auto& row : t.rows) {
    for (std::size_t i = 0; i < row.size(); ++i) s += (i ? "," : "") + format_csv_field(row[i].text);
    s += "\n";
  }
  return s;
}

std::string format_markdown(const Table& t) {
  std::string s = "|", rule = "|";
  for (const auto& c : t.columns) s += " " + md_field(c) + " |", rule += "---|";
  s += "\n" + rule + "\n";
  for (const auto& row : t.rows) {
    s += "|";
    for (const auto& c : row) s += " " + md_field(c.text) + " |";
    s += "\n";
  }
  return s;
}

Json table_json(const Table& t) {
  Json o;
  o["columns"] = t.columns;
  o["rows"] = Json::array();
  for (const auto& row : t.rows) {
    Json r = Json::object();
    for (std::size_t i = 0; i < row.size(); ++i) {
      const auto& c = row[i];
      double x = 0;
      if (c.text.empty())
        r[t.columns[i]] = nullptr;
      else if (c.number && c.text != "inf" && c.text != "-inf" && (x = std::stod(c.text), std::isfinite(x)))
        r[t.columns[i]] = x;
      else
        r[t.columns[i]] = c.text;
    }
    o["rows"].push_back(r);
  }
  return o;
}

std::string format_table(const Table& t, TableFormat f) {
  switch (f) {
    case TableFormat::Csv: return format_csv(t);
    case TableFormat::Markdown: return format_markdown(t);
    case TableFormat::Json: return table_json(t).dump(2) + "\n";
  }
  throw InternalError("unknown table format");
}

TableCell text_cell(std::string s) { return {std::move(s), false}; }

TableCell log10_cell(double x) {
  if (std::isnan(x)) return {"", false};
  if (std::isinf(x)) return {x > 0 ? "inf" : "-inf", true};
  return {fmt::format("{:.4f}", x), true};
}

TableCell integer_cell(const Integer& x) { return {x.str(), true}; }

TableCell decimal_up_cell(const Rational& x) {
  Integer p = numerator(x) * 1000000, q = denominator(x);
  return {fixed6(-floor_div(-p, q)), true};
}

TableCell decimal_down_cell(const Rational& x) {
  Integer p = numerator(x) * 1000000, q = denominator(x);
  return {fixed6(floor_div(p, q)), true};
}

TableCell decimal_cell(const Rational& x) { return {fmt::format("{:.6g}", to_double(x)), true}; }

std::string provenance_block(const std::vector<std::string>& lines) {
  std::string s;
  for (const auto& l : lines) s += "# " + l + "\n";
  return s;
}

}  // namespace constel
