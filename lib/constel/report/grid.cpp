// Grid parsing for the table, choose-d and plot commands (see grid.hpp).
#include "constel/report/grid.hpp"

#include <algorithm>
#include <set>

#include "constel/error.hpp"

namespace constel {
namespace {

std::size_t parse_dim(const std::string& option, const std::string& item, const std::string& part) {
  try {
    return static_cast<std::size_t>(parse_count(part));
  } catch (const InputError&) {
    throw InputError(option + ": '" + item + "': '" + part + "' is not a non-negative integer");
  }
}

void add_range(const std::string& option, const std::string& item, std::set<std::size_t>& out, std::size_t max_count) {
  auto c1 = item.find(':');
  auto c2 = item.find(':', c1 + 1);
  std::string a = item.substr(0, c1), b, step = "1";
  if (c2 == std::string::npos) {
    b = item.substr(c1 + 1);
  } else {
    b = item.substr(c1 + 1, c2 - c1 - 1);
    step = item.substr(c2 + 1);
    if (step.find(':') != std::string::npos)
      throw InputError(option + ": '" + item + "': expected FROM:TO, FROM:TO:STEP, FROM:TO:+STEP or FROM:TO:xFACTOR");
  }
  std::size_t lo = parse_dim(option, item, a), hi = parse_dim(option, item, b);
  if (lo > hi) throw InputError(option + ": '" + item + "': the range is empty (" + a + " > " + b + ")");
  bool geometric = !step.empty() && (step[0] == 'x' || step[0] == '*');
  if (!step.empty() && (step[0] == '+' || geometric)) step = step.substr(1);
  std::size_t k = parse_dim(option, item, step);
  if (geometric ? k < 2 : k < 1)
    throw InputError(option + ": '" + item + "': the step must be " + (geometric ? "a factor >= 2" : "at least 1"));
  if (geometric && lo == 0) throw InputError(option + ": '" + item + "': a geometric range cannot start at 0");
  for (std::size_t v = lo; v <= hi;) {
    out.insert(v);
    if (out.size() > max_count) throw LimitError(option + ": more than " + std::to_string(max_count) + " values");
    if (geometric ? v > hi / k : hi - v < k) break;
    v = geometric ? v * k : v + k;
  }
}

}  // namespace

std::vector<std::string> split_commas(const std::string& text) {
  std::vector<std::string> items;
  std::size_t start = 0;
  for (;;) {
    auto c = text.find(',', start);
    items.push_back(text.substr(start, c == std::string::npos ? std::string::npos : c - start));
    if (c == std::string::npos) break;
    start = c + 1;
  }
  return items;
}

std::vector<std::size_t> parse_dimension_grid(const std::string& option, const std::string& text, std::size_t lo_limit,
                                              std::size_t hi_limit, std::size_t max_count) {
  if (text.empty()) throw InputError(option + ": empty list");
  std::set<std::size_t> values;
  for (const auto& item : split_commas(text)) {
    if (item.empty()) throw InputError(option + ": '" + text + "' has an empty item");
    if (item.find(':') != std::string::npos)
      add_range(option, item, values, max_count);
    else
      values.insert(parse_dim(option, item, item));
    if (values.size() > max_count) throw LimitError(option + ": more than " + std::to_string(max_count) + " values");
  }
  for (auto v : values)
    if (v < lo_limit || v > hi_limit)
      throw InputError(option + ": " + std::to_string(v) + " is outside [" + std::to_string(lo_limit) + ", " +
                       std::to_string(hi_limit) + "]");
  return {values.begin(), values.end()};
}

std::vector<Rational> parse_rational_list(const std::string& option, const std::string& text) {
  if (text.empty()) throw InputError(option + ": empty list");
  std::vector<Rational> out;
  for (const auto& item : split_commas(text)) {
    if (item.empty()) throw InputError(option + ": '" + text + "' has an empty item");
    Rational x;
    try {
      x = parse_rational(item);
    } catch (const InputError& e) {
      throw InputError(option + ": " + e.what());
    }
    if (std::find(out.begin(), out.end(), x) == out.end()) out.push_back(x);
  }
  return out;
}

}  // namespace constel
