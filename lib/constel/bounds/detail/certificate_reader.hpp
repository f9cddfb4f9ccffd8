// The line reader shared by the certificate files of bounds/ (Delsarte and three-point, formats in
// docs/bounds.md): lines split into a key and its values, blank lines and '#' comments skipped, a
// trailing '\r' (CRLF files) dropped, and numbers parsed exactly with the file exponent limit. Errors
// are ParseError "file:line: ...". Internal to bounds/.
#pragma once

#include <cstddef>
#include <sstream>
#include <string>
#include <vector>

#include "constel/error.hpp"
#include "constel/number/rational.hpp"

namespace constel::bounds::detail {

class CertificateReader {
 public:
  CertificateReader(const std::string& text, std::string file_name) : in_(text), file_name_(std::move(file_name)) {}

  // Moves to the next line with a key; false at the end (line_no() is then one past the last line).
  bool next() {
    std::string line;
    while (std::getline(in_, line)) {
      ++line_no_;
      if (!line.empty() && line.back() == '\r') line.pop_back();
      std::istringstream words(line);
      if (!(words >> key_) || key_[0] == '#') continue;
      values_.clear();
      for (std::string w; words >> w;) values_.push_back(w);
      return true;
    }
    ++line_no_;
    return false;
  }
  const std::string& key() const { return key_; }
  const std::vector<std::string>& values() const { return values_; }

  [[noreturn]] void fail(const std::string& what) const { throw ParseError(file_name_, line_no_, what); }
  Rational number(const std::string& w) const {
    try {
      return parse_rational(w, kMaxFileExponent);
    } catch (const InputError& e) {
      fail(e.what());
    }
  }
  const std::string& one() const {
    if (values_.size() != 1) fail("'" + key_ + "' takes exactly one value");
    return values_[0];
  }

 private:
  std::istringstream in_;
  std::string file_name_;
  std::size_t line_no_ = 0;
  std::string key_;
  std::vector<std::string> values_;
};

}  // namespace constel::bounds::detail
