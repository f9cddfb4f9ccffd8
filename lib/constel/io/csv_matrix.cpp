// CSV/TSV reading (see csv_matrix.hpp): std::from_chars gives correctly rounded doubles.
#include "constel/io/csv_matrix.hpp"

#include <charconv>

#include "constel/error.hpp"
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

template <class OnLine>
void for_each_line(std::string_view text, OnLine on_line) {
  std::size_t p = 0, lineno = 0;
  while (p < text.size()) {
    std::size_t q = text.find('\n', p);
    if (q == std::string_view::npos) q = text.size();
    std::string_view line = text.substr(p, q - p);
    ++lineno;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    std::size_t first = line.find_first_not_of(" \t");
    if (first != std::string_view::npos && line[first] != '#') on_line(line, lineno);
    p = q + 1;
  }
}

}  // namespace

FloatMatrix decode_csv_matrix(std::string_view text, const std::string& source) {
  char delim = 0;
  std::size_t cols = 0;
  bool first = true;
  std::vector<double> values;
  for_each_line(text, [&](std::string_view line, std::size_t lineno) {
    if (delim == 0) delim = line.find(',') != std::string_view::npos ? ',' : line.find('\t') != std::string_view::npos ? '\t' : ' ';
    auto fields = split(line, delim);
    std::vector<double> row(fields.size());
    for (std::size_t j = 0; j < fields.size(); ++j) {
      if (!parse_double(fields[j], row[j])) {
        if (first) {  // a header line
          first = false;
          return;
        }
        throw ParseError(source, lineno, "column " + std::to_string(j) + ": '" + std::string(fields[j].substr(0, 40)) +
                                             "' is not a number");
      }
    }
    first = false;
    if (cols == 0) cols = row.size();
    if (row.size() != cols)
      throw ParseError(source, lineno, std::to_string(row.size()) + " values where the first row has " + std::to_string(cols));
    if (values.size() + cols > kMaxMatrixEntries) throw LimitError(source + ": beyond the limit of 2^40 entries");
    values.insert(values.end(), row.begin(), row.end());
  });
  if (cols == 0) throw InputError(source + ": empty CSV file (no data rows)");
  FloatMatrix m(values.size() / cols, cols, FloatDType::F64, source);
  std::copy(values.begin(), values.end(), m.f64());
  return m;
}

FloatMatrix read_csv_matrix(const std::string& path) {
  MappedFile f(path);
  return decode_csv_matrix(f.bytes(), path);
}

std::vector<std::int64_t> decode_text_integers(std::string_view text, const std::string& source) {
  std::vector<std::int64_t> out;
  bool first = true;
  for_each_line(text, [&](std::string_view line, std::size_t lineno) {
    auto fields = split(line, line.find(',') != std::string_view::npos ? ',' : ' ');
    std::int64_t v = 0;
    std::string_view s = fields.empty() ? std::string_view() : fields[0];
    auto [ptr, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
    bool ok = fields.size() == 1 && ec == std::errc() && ptr == s.data() + s.size() && !s.empty();
    if (!ok) {
      if (first) {
        first = false;
        return;
      }
      throw ParseError(source, lineno, "expected one integer label, got '" + std::string(line.substr(0, 40)) + "'");
    }
    first = false;
    out.push_back(v);
  });
  return out;
}

}  // namespace constel
