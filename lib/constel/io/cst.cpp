// Streaming reader and canonical writer of .cst files (see cst.hpp and docs/format-cst.md).
//
// Reading speed: a body line is split into views of one reused vector, and each entry of the common
// forms (an integer or a fraction p/q with at most 18 digits on each side, optional sign) is set
// straight into its Rational from int64 values (mpq_set_si, canonicalised); everything else (decimals,
// exponents, big numbers, and anything malformed, for the message) goes through parse_rational. Both
// give the same value, so the fast path changes nothing but the time.
#include "constel/io/cst.hpp"

#include <cstdint>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <optional>
#include <set>
#include <string_view>
#include <vector>

#include "constel/error.hpp"
#include "constel/io/atomic_file.hpp"
#include "constel/io/tokens.hpp"

namespace constel {
namespace {

constexpr std::size_t kMaxLine = std::size_t{1} << 26;  // 64 MiB per line

// Up to 18 decimal digits at p (stopping at end or a non-digit) into v; the number of digits read, or
// 0 when there are none or more than 18 (the caller then takes the general path).
inline std::size_t small_digits(const char* p, const char* end, std::int64_t& v) {
  std::size_t n = 0;
  std::int64_t x = 0;
  while (p + n < end && p[n] >= '0' && p[n] <= '9') {
    if (n == 18) return 0;
    x = x * 10 + (p[n] - '0');
    ++n;
  }
  v = x;
  return n;
}

// The fast path: t is [+-]? digits{1,18} ('/' digits{1,18})? with a nonzero denominator; sets out.
bool parse_small_rational(std::string_view t, Rational& out) {
  const char* p = t.data();
  const char* end = p + t.size();
  bool negative = false;
  if (p < end && (*p == '-' || *p == '+')) negative = *p++ == '-';
  std::int64_t num = 0, den = 1;
  std::size_t n = small_digits(p, end, num);
  if (n == 0) return false;
  p += n;
  if (p < end) {
    if (*p != '/') return false;
    ++p;
    n = small_digits(p, end, den);
    if (n == 0 || p + n != end || den == 0) return false;
  }
  mpq_ptr q = out.backend().data();
  mpq_set_si(q, negative ? -num : num, static_cast<unsigned long>(den));
  if (den != 1) mpq_canonicalize(q);
  return true;
}

class CstReader {
 public:
  CstReader(std::istream& in, std::string name) : in_(in), name_(std::move(name)) {}

  Configuration read() {
    std::string line;
    std::vector<std::string_view> tok;
    while (next_line(line)) {
      split_tokens_into(line, tok);
      if (tok.empty()) continue;
      if (!seen_magic_) {
        if (tok[0] != "constel") fail("expected 'constel 1' as the first line");
        if (tok.size() != 2 || tok[1] != "1") fail("unsupported format version (expected 'constel 1')");
        seen_magic_ = true;
        continue;
      }
      if (!started_) {
        if (tok[0] == "modality") {
          start_body();
          begin_modality(tok);
        } else {
          header(tok, line);
        }
        continue;
      }
      body(tok);
    }
    if (!in_.eof() && in_.fail()) fail("read error");
    if (!seen_magic_) fail("empty file (expected 'constel 1')");
    if (!started_) {
      check_header_complete();
      fail("no 'modality' section");
    }
    if (modality_ + 1 < k_ || row_ < N_)
      fail("file ends early: modality " + std::to_string(modality_) + " has " + std::to_string(row_) + " of " +
           std::to_string(N_) + " rows" +
           (modality_ + 1 < k_ ? ", and " + std::to_string(k_ - modality_ - 1) + " modalities are missing" : ""));
    Configuration c(N_, d_, std::move(scales_), std::move(data_));
    for (std::size_t a = 0; a < k_; ++a) c.set_name(a, names_list_[a]);
    c.set_claim(claim_);
    c.set_source(source_);
    return c;
  }

 private:
  [[noreturn]] void fail(const std::string& what) const { throw ParseError(name_, line_no_, what); }

  bool next_line(std::string& line) {
    if (!std::getline(in_, line)) return false;
    ++line_no_;
    if (line.size() > kMaxLine) fail("line longer than 64 MiB");
    if (!line.empty() && line.back() == '\r') line.pop_back();
    return true;
  }

  Rational number(std::string_view t) {
    try {
      return parse_rational(t, kMaxFileExponent);
    } catch (const InputError& e) {
      fail(e.what());
    }
  }

  std::size_t count(std::string_view key, const std::vector<std::string_view>& tok) {
    if (tok.size() != 2) fail("'" + std::string(key) + "' needs exactly one value");
    try {
      return static_cast<std::size_t>(parse_count(tok[1]));
    } catch (const InputError& e) {
      fail(std::string(key) + ": " + e.what());
    }
  }

  void once(std::string_view key) {
    if (!seen_.insert(std::string(key)).second) fail("repeated header line '" + std::string(key) + "'");
  }

  void header(const std::vector<std::string_view>& tok, const std::string& line) {
    std::string_view key = tok[0];
    if (key == "N") {
      once(key);
      N_ = count(key, tok);
      if (N_ == 0) fail("N must be at least 1");
    } else if (key == "d") {
      once(key);
      d_ = count(key, tok);
      if (d_ == 0) fail("d must be at least 1");
    } else if (key == "k") {
      once(key);
      k_ = count(key, tok);
      if (k_ < 2) fail("k must be at least 2");
    } else if (key == "scales") {
      once(key);
      for (std::size_t i = 1; i < tok.size(); ++i) {
        Rational q = number(tok[i]);
        if (q < 0) fail("negative scale " + std::string(tok[i]) + " (scale " + std::to_string(i - 1) + ")");
        scales_.push_back(std::move(q));
      }
      scales_line_ = line_no_;
    } else if (key == "claim") {
      once(key);
      if (tok.size() != 3) fail("'claim' needs two values: m b_rel");
      claim_ = Claim{number(tok[1]), number(tok[2])};
    } else if (key == "source") {
      once(key);
      std::size_t hash = line.find('#');
      std::string text = line.substr(0, hash);
      std::size_t at = text.find("source") + 6;
      std::size_t b = text.find_first_not_of(" \t", at), e = text.find_last_not_of(" \t");
      source_ = b == std::string::npos ? "" : text.substr(b, e + 1 - b);
    } else {
      fail("unknown header line '" + std::string(key.substr(0, 40)) + "'");
    }
  }

  void check_header_complete() {
    for (const char* key : {"N", "d", "k", "scales"})
      if (!seen_.count(key)) fail(std::string("missing header line '") + key + "'");
  }

  void start_body() {
    check_header_complete();
    if (scales_.size() != d_) {
      line_no_ = scales_line_;
      fail("'scales' has " + std::to_string(scales_.size()) + " values, expected d = " + std::to_string(d_));
    }
    try {
      throw_if_bad_shape(N_, d_, k_);
    } catch (const InputError& e) {
      fail(e.what());
    }
    started_ = true;
    data_.resize(k_);
    names_list_.resize(k_);
  }

  void begin_modality(const std::vector<std::string_view>& tok) {
    if (tok.size() != 2) fail("'modality' needs exactly one name");
    if (modality_started_) {
      if (row_ < N_)
        fail("modality " + std::to_string(modality_) + " has " + std::to_string(row_) + " rows, expected N = " +
             std::to_string(N_));
      ++modality_;
    }
    if (modality_ >= k_) fail("more than k = " + std::to_string(k_) + " modalities");
    std::string name(tok[1]);
    if (!names_.insert(name).second) fail("repeated modality name '" + name + "'");
    names_list_[modality_] = name;
    modality_started_ = true;
    row_ = 0;
  }

  void body(const std::vector<std::string_view>& tok) {
    if (tok[0] == "modality") return begin_modality(tok);
    if (row_ >= N_) {
      if (modality_ + 1 >= k_) fail("trailing content after the last row");
      fail("modality " + std::to_string(modality_) + " has more than N = " + std::to_string(N_) + " rows");
    }
    if (tok.size() != d_)
      fail("row " + std::to_string(row_) + " of modality " + std::to_string(modality_) + " has " +
           std::to_string(tok.size()) + " entries, expected d = " + std::to_string(d_));
    auto& rows = data_[modality_];  // grows with the file, so a header that lies costs no memory
    for (std::size_t j = 0; j < tok.size(); ++j) {
      rows.emplace_back();
      if (!parse_small_rational(tok[j], rows.back())) rows.back() = number(tok[j]);
    }
    ++row_;
  }

  std::istream& in_;
  std::string name_;
  std::size_t line_no_ = 0;
  bool seen_magic_ = false;
  std::set<std::string> seen_, names_;
  std::size_t N_ = 0, d_ = 0, k_ = 0, scales_line_ = 0;
  std::vector<Rational> scales_;
  std::optional<Claim> claim_;
  std::string source_;
  bool started_ = false;
  std::vector<std::vector<Rational>> data_;
  std::vector<std::string> names_list_;
  std::size_t modality_ = 0, row_ = 0;
  bool modality_started_ = false;
};

std::string clean_source(const std::string& s) {
  std::string out = s;
  for (char& c : out)
    if (c == '#' || c == '\n' || c == '\r') c = ' ';
  return out;
}

}  // namespace

Configuration read_cst(std::istream& in, const std::string& name) { return CstReader(in, name).read(); }

Configuration read_cst_file(const std::string& path) {
  if (path == "-") return read_cst(std::cin, "<stdin>");
  std::error_code ec;
  if (std::filesystem::is_directory(path, ec)) throw InputError("cannot read '" + path + "': it is a folder, not a file");
  std::ifstream in(path);
  if (!in) throw InputError("cannot open '" + path + "'");
  return read_cst(in, path);
}

void write_cst(std::ostream& out, const Configuration& c) {
  out << "constel 1\nN " << c.N() << "\nd " << c.d() << "\nk " << c.k() << "\nscales";
  for (const Rational& q : c.scales()) out << ' ' << to_string(q);
  out << '\n';
  if (c.claim()) out << "claim " << to_string(c.claim()->m) << ' ' << to_string(c.claim()->b) << '\n';
  if (!c.source().empty()) out << "source " << clean_source(c.source()) << '\n';
  std::string row;
  for (std::size_t a = 0; a < c.k(); ++a) {
    out << "modality " << c.names()[a] << '\n';
    for (std::size_t i = 0; i < c.N(); ++i) {
      row.clear();
      for (std::size_t j = 0; j < c.d(); ++j) {
        if (j) row += ' ';
        row += to_string(c.entry(a, i, j));
      }
      out << row << '\n';
    }
  }
}

void write_cst_file(const std::string& path, const Configuration& c) {
  write_file_atomically(path, [&](std::ostream& out) { write_cst(out, c); });
}

}  // namespace constel
