// CSV/TSV reading (see csv_matrix.hpp): std::from_chars gives correctly rounded doubles.
#include "constel/io/csv_matrix.hpp"

#include <algorithm>
#include <charconv>
#include <utility>

#include "constel/error.hpp"
#include "constel/memory_limit.hpp"
#include "constel/io/mapped_file.hpp"

namespace constel {
namespace {

std::vector<std::string_view> split(std::string_view line, char delim) {
  std::vector<std::string_view> f;
  if (delim == ' ') {
    std::size_t p = 0;
    while (p < line.size()) {
      while (p < line.size() && (line[p] == ' ' || line[p] == '\t')) ++p;
      if (p >= line.size()) break;
      std::size_t q = p;
      while (q < line.size() && line[q] != ' ' && line[q] != '\t') ++q;
      f.push_back(line.substr(p, q - p));
      p = q;
    }
    return f;
  }
  std::size_t p = 0;
  for (;;) {
    std::size_t q = line.find(delim, p);
    std::string_view s = line.substr(p, q == std::string_view::npos ? std::string_view::npos : q - p);
    while (!s.empty() && (s.front() == ' ' || s.front() == '"')) s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '"')) s.remove_suffix(1);
    f.push_back(s);
    if (q == std::string_view::npos) break;
    p = q + 1;
  }
  return f;
}

bool parse_double(std::string_view s, double& v) {
  if (!s.empty() && s.front() == '+') s.remove_prefix(1);
  auto [ptr, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  return ec == std::errc() && ptr == s.data() + s.size() && !s.empty();
}

// Why a field that failed parse_double is not a number: out of the double range, or not numeric.
std::string not_a_number(std::string_view s, std::size_t col) {
  double v = 0;
  std::string_view t = !s.empty() && s.front() == '+' ? s.substr(1) : s;
  auto [ptr, ec] = std::from_chars(t.data(), t.data() + t.size(), v);
  std::string what = "column " + std::to_string(col) + ": '" + printable_field(s) + "'";
  if (ec == std::errc::result_out_of_range && ptr == t.data() + t.size())
    return what + " is outside the float64 range (nonzero magnitudes 4.9e-324 .. 1.8e308)";
  return what + " is not a number";
}

// A field that starts like a number (a digit, or a sign or point before one): "1e999", "0.5x", "1x"
// and "-3" do, "u0", "label" and "nan" do not. Such a field keeps its line from being taken for a
// header, so a mistyped value is reported instead of dropped.
bool looks_numeric(std::string_view s) {
  std::size_t k = 0;
  if (k < s.size() && (s[k] == '+' || s[k] == '-')) ++k;
  if (k < s.size() && s[k] == '.') ++k;
  return k < s.size() && s[k] >= '0' && s[k] <= '9';
}

bool parse_integer(std::string_view s, std::int64_t& v) {
  auto [ptr, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  return ec == std::errc() && ptr == s.data() + s.size() && !s.empty();
}

std::string_view without_bom(std::string_view text) {
  if (text.starts_with("\xEF\xBB\xBF")) text.remove_prefix(3);
  return text;
}

// The data lines of a text file: (line, line number) with comments, blank lines and a BOM removed.
std::vector<std::pair<std::string_view, std::size_t>> data_lines(std::string_view text) {
  text = without_bom(text);
  std::vector<std::pair<std::string_view, std::size_t>> out;
  std::size_t p = 0, lineno = 0;
  while (p < text.size()) {
    std::size_t q = text.find('\n', p);
    if (q == std::string_view::npos) q = text.size();
    std::string_view line = text.substr(p, q - p);
    ++lineno;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    std::size_t first = line.find_first_not_of(" \t");
    if (first != std::string_view::npos && line[first] != '#') out.emplace_back(line, lineno);
    p = q + 1;
  }
  return out;
}

char delimiter_of(std::string_view line) {
  return line.find(',') != std::string_view::npos ? ',' : line.find('\t') != std::string_view::npos ? '\t' : ' ';
}

// The header rule of csv_matrix.hpp: whether data line 0 is to be dropped. `numeric(line)` says
// whether every field of a line is a value, `none_numeric(line)` whether no field is.
template <class All, class None>
bool first_is_header(const std::vector<std::pair<std::string_view, std::size_t>>& lines, CsvHeader h, All all,
                     None none) {
  if (lines.empty() || h == CsvHeader::No) return false;
  if (h == CsvHeader::Yes) return true;
  return none(lines[0].first) && lines.size() > 1 && all(lines[1].first);
}

}  // namespace

std::string printable_field(std::string_view s, std::size_t max) {
  std::string out;
  for (std::size_t k = 0; k < s.size() && k < max; ++k) {
    unsigned char c = static_cast<unsigned char>(s[k]);
    if (c >= 0x20 && c < 0x7f) {
      out += char(c);
    } else {
      const char* hex = "0123456789abcdef";
      out += "\\x";
      out += hex[c >> 4];
      out += hex[c & 15];
    }
  }
  if (s.size() > max) out += "...";
  return out;
}

CsvHeader parse_csv_header(const std::string& text) {
  if (text == "auto") return CsvHeader::Auto;
  if (text == "yes") return CsvHeader::Yes;
  if (text == "no") return CsvHeader::No;
  throw InputError("CSV header mode '" + printable_field(text) + "': expected yes, no or auto");
}

FloatMatrix decode_csv_matrix(std::string_view text, const std::string& source, CsvHeader header) {
  const auto lines = data_lines(text);
  const char delim = lines.empty() ? ',' : delimiter_of(lines[0].first);
  auto all = [&](std::string_view line) {
    double v;
    for (std::string_view f : split(line, delim))
      if (!parse_double(f, v)) return false;
    return true;
  };
  auto none = [&](std::string_view line) {
    for (std::string_view f : split(line, delim))
      if (looks_numeric(f)) return false;
    return true;
  };
  std::size_t cols = 0;
  std::vector<double> values;
  MemoryCharge charge;  // the values' room, held against the memory limit until the matrix is made
  for (std::size_t k = first_is_header(lines, header, all, none) ? 1 : 0; k < lines.size(); ++k) {
    const auto [line, lineno] = lines[k];
    auto fields = split(line, delim);
    std::vector<double> row(fields.size());
    for (std::size_t j = 0; j < fields.size(); ++j)
      if (!parse_double(fields[j], row[j])) throw ParseError(source, lineno, not_a_number(fields[j], j));
    if (cols == 0) cols = row.size();
    if (row.size() != cols)
      throw ParseError(source, lineno, std::to_string(row.size()) + " values where the first row has " + std::to_string(cols));
    if (values.size() + cols > kMaxMatrixEntries) throw LimitError(source + ": beyond the limit of 2^40 entries");
    if (values.size() + cols > values.capacity()) {  // the memory limit, before the values grow
      const std::size_t room = std::max(2 * values.capacity(), values.size() + cols);
      charge.grow(8 * (room - values.capacity()), source + ": " + std::to_string(room) + " values read as float64");
      values.reserve(room);
    }
    values.insert(values.end(), row.begin(), row.end());
  }
  if (cols == 0) throw InputError(source + ": empty CSV file (no data rows)");
  FloatMatrix m(values.size() / cols, cols, FloatDType::F64, source);
  std::copy(values.begin(), values.end(), m.f64());
  return m;
}

FloatMatrix read_csv_matrix(const std::string& path, CsvHeader header) {
  MappedFile f(path);
  return decode_csv_matrix(f.bytes(), path, header);
}

std::vector<std::int64_t> decode_text_integers(std::string_view text, const std::string& source, CsvHeader header) {
  const auto lines = data_lines(text);
  auto fields_of = [](std::string_view line) { return split(line, line.find(',') != std::string_view::npos ? ',' : ' '); };
  auto one = [&](std::string_view line, std::int64_t& v) {
    auto f = fields_of(line);
    return f.size() == 1 && parse_integer(f[0], v);
  };
  auto all = [&](std::string_view line) {
    std::int64_t v;
    return one(line, v);
  };
  auto none = [&](std::string_view line) {
    for (std::string_view f : fields_of(line))
      if (looks_numeric(f)) return false;
    return true;
  };
  std::vector<std::int64_t> out;
  for (std::size_t k = first_is_header(lines, header, all, none) ? 1 : 0; k < lines.size(); ++k) {
    std::int64_t v = 0;
    if (!one(lines[k].first, v))
      throw ParseError(source, lines[k].second,
                       "expected one integer label, got '" + printable_field(lines[k].first) + "'");
    out.push_back(v);
  }
  return out;
}

}  // namespace constel
