// Streaming reader and canonical writer of .cst files (see cst.hpp and docs/format-cst.md).
//
// Reading speed and memory: the stream is read in blocks of 1 MiB (io/detail/line_reader.hpp) and each line
// is a view into the block. A body row is tokenised in place, in one pass: each entry of the common
// forms (an integer or a fraction p/q with at most 18 digits on each side, optional sign) is parsed
// as it is met into two int64 values that go into the compact storage (config/compact.hpp: an int32
// or int64 numerator over the column's denominator, 4 or 8 bytes an entry, no allocation); everything
// else (decimals, exponents, big numbers, and anything malformed, for the message) goes through
// parse_rational. Both give the same value, so the fast path changes nothing but the time. Header
// lines, `modality` lines and rows that do not begin like a number go through the token vector of
// the general path, with the messages of before.
#include "constel/io/cst.hpp"

#include <algorithm>
#include <cstring>
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
#include "constel/io/detail/line_reader.hpp"
#include "constel/io/tokens.hpp"
#include "constel/memory_limit.hpp"

namespace constel {
namespace {

constexpr std::size_t kMaxLine = std::size_t{1} << 26;  // 64 MiB per line

class CstReader {
 public:
  // size_hint: the file's size in bytes when known (0: unknown), to reserve the entries' room.
  CstReader(std::istream& in, std::string name, std::uintmax_t size_hint)
      : in_(in), name_(std::move(name)), size_hint_(size_hint) {}

  Configuration read() {
    LineReader lines(in_, kMaxLine);
    std::string_view line;
    std::vector<std::string_view> tok;
    for (;;) {
      const LineReader::Status st = lines.next(line);
      if (st == LineReader::Status::End) break;
      if (st == LineReader::Status::ReadError) fail("read error");
      ++line_no_;
      if (st == LineReader::Status::TooLong) fail("line longer than 64 MiB");
      consumed_ += line.size() + 1;
      if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
      if (started_ && fast_row(line)) continue;
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
    if (!seen_magic_) fail("empty file (expected 'constel 1')");
    if (!started_) {
      check_header_complete();
      fail("no 'modality' section");
    }
    if (modality_ + 1 < k_ || row_ < N_)
      fail("file ends early: modality " + std::to_string(modality_) + " has " + std::to_string(row_) + " of " +
           std::to_string(N_) + " rows" +
           (modality_ + 1 < k_ ? ", and " + std::to_string(k_ - modality_ - 1) + " modalities are missing" : ""));
    Configuration c(std::move(scales_), std::move(entries_));
    for (std::size_t a = 0; a < k_; ++a) c.set_name(a, names_list_[a]);
    c.set_claim(claim_);
    c.set_source(source_);
    return c;
  }

 private:
  [[noreturn]] void fail(const std::string& what) const { throw ParseError(name_, line_no_, what); }

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

  void header(const std::vector<std::string_view>& tok, std::string_view line) {
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
      std::string text(line.substr(0, line.find('#')));
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
    // the memory limit (memory_limit.hpp): the entries take at least 4 bytes each (compact storage)
    const std::uint64_t entries = memory_product(N_, d_, k_);
    check_memory(memory_product(entries, 4),
                 name_ + ": storing N d k = " + std::to_string(entries) + " entries (N = " + std::to_string(N_) +
                     ", d = " + std::to_string(d_) + ", k = " + std::to_string(k_) + ", at least 4 bytes each)");
    started_ = true;
    entries_ = CompactEntries(N_, d_, k_);
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
    // Room for the modality's N d entries, but never more than the rest of the file can hold (two bytes
    // an entry at least), so a header that lies costs no memory.
    std::size_t room = N_ * d_;
    if (size_hint_ > consumed_) room = std::min<std::uintmax_t>(room, (size_hint_ - consumed_) / 2 + 1);
    else if (size_hint_ != 0) room = 0;
    else room = std::min<std::size_t>(room, std::size_t{1} << 20);
    entries_.reserve(modality_, room);
  }

  [[noreturn]] void fail_row_length(std::size_t entries) const {
    fail("row " + std::to_string(row_) + " of modality " + std::to_string(modality_) + " has " +
         std::to_string(entries) + " entries, expected d = " + std::to_string(d_));
  }

  void check_row_room() const {
    if (row_ >= N_) {
      if (modality_ + 1 >= k_) fail("trailing content after the last row");
      fail("modality " + std::to_string(modality_) + " has more than N = " + std::to_string(N_) + " rows");
    }
  }

  // The tokens of [p, end) (no '#' inside).
  static std::size_t count_tokens(const char* p, const char* end) {
    std::size_t n = 0;
    while (p < end) {
      while (p < end && is_token_space(*p)) ++p;
      if (p == end) break;
      ++n;
      while (p < end && !is_token_space(*p)) ++p;
    }
    return n;
  }

  // An entry the fast pass did not take, through parse_rational; on a malformed one the row's length
  // is checked first, so the message is the one of the general path (length before value).
  void general_entry(std::string_view t, const char* row, const char* end) {
    try {
      entries_.append(modality_, parse_rational(t, kMaxFileExponent));
    } catch (const InputError& e) {
      const std::size_t n = count_tokens(row, end);
      if (n != d_) fail_row_length(n);
      fail(e.what());
    }
  }

  // A body line whose first token begins like a number (a digit, a sign or '.'), read in one pass
  // with no token vector: true when it was taken (a row, or a blank or comment line), false when the
  // general path is to read it (a 'modality' line, anything else).
  bool fast_row(std::string_view line) {
    const char* p = line.data();
    const char* end = p + line.size();
    if (const void* h = std::memchr(p, '#', line.size())) end = static_cast<const char*>(h);
    while (p < end && is_token_space(*p)) ++p;
    if (p == end) return true;
    if (!((*p >= '0' && *p <= '9') || *p == '-' || *p == '+' || *p == '.')) return false;
    check_row_room();
    const char* row = p;
    std::size_t j = 0;
    for (;;) {
      while (p < end && is_token_space(*p)) ++p;
      if (p == end) break;
      if (j == d_) fail_row_length(count_tokens(row, end));
      const char* t = p;
      // [+-]? digits{1,18} ('/' digits{1,18})?, ending at a space or the line's end
      const bool negative = *p == '-';
      p += int(negative) | int(*p == '+');  // no branch: the signs of random entries mispredict
      const char* digits = p;
      std::uint64_t num = 0, den = 1;
      while (p < end && unsigned(*p - '0') < 10u) num = num * 10 + unsigned(*p++ - '0');
      bool ok = p > digits && p - digits <= 18;
      if (ok && p < end && *p == '/') {
        digits = ++p;
        den = 0;
        while (p < end && unsigned(*p - '0') < 10u) den = den * 10 + unsigned(*p++ - '0');
        ok = p > digits && p - digits <= 18 && den != 0;
      }
      if (ok && (p == end || is_token_space(*p))) {
        const std::int64_t n = std::int64_t(num), m = -std::int64_t(negative);
        entries_.append(modality_, (n ^ m) - m, std::int64_t(den));  // -n when negative
      } else {
        while (p < end && !is_token_space(*p)) ++p;
        general_entry(std::string_view(t, std::size_t(p - t)), row, end);
      }
      ++j;
    }
    if (j != d_) fail_row_length(j);
    ++row_;
    return true;
  }

  void body(const std::vector<std::string_view>& tok) {
    if (tok[0] == "modality") return begin_modality(tok);
    check_row_room();
    if (tok.size() != d_) fail_row_length(tok.size());
    for (std::size_t j = 0; j < tok.size(); ++j) entries_.append(modality_, number(tok[j]));
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
  CompactEntries entries_;
  std::vector<std::string> names_list_;
  std::uintmax_t size_hint_ = 0, consumed_ = 0;
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

Configuration read_cst(std::istream& in, const std::string& name) { return CstReader(in, name, 0).read(); }

Configuration read_cst_file(const std::string& path) {
  if (path == "-") return read_cst(std::cin, "<stdin>");
  std::error_code ec;
  if (std::filesystem::is_directory(path, ec)) throw InputError("cannot read '" + path + "': it is a folder, not a file");
  std::ifstream in(path);
  if (!in) throw InputError("cannot open '" + path + "'");
  const std::uintmax_t size = std::filesystem::is_regular_file(path, ec) ? std::filesystem::file_size(path, ec) : 0;
  return CstReader(in, path, ec ? 0 : size).read();
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
