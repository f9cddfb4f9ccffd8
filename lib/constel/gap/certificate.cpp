// Reader and writer of gap certificate files (see certificate.hpp and docs/gap.md).
#include "constel/gap/certificate.hpp"

#include <cctype>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string_view>

#include "constel/error.hpp"
#include "constel/io/atomic_file.hpp"
#include "constel/io/tokens.hpp"

namespace constel {
namespace {

constexpr std::size_t kMaxDimension = std::size_t{1} << 24;
constexpr std::size_t kMaxLine = std::size_t{1} << 26;


Rational number(std::string_view tok, const std::string& name, std::size_t line) {
  try {
    return parse_rational(tok, kMaxFileExponent);
  } catch (const LimitError& e) {
    throw LimitError(name + ":" + std::to_string(line) + ": " + e.what());
  } catch (const InputError& e) {
    throw ParseError(name, line, e.what());
  }
}

}  // namespace

GapDirection read_gap_certificate(std::istream& in, const std::string& name) {
  GapDirection h;
  bool magic = false, have_d = false, have_g = false, have_offset = false;
  std::size_t d = 0, line_no = 0;
  std::string line;
  auto fail = [&](const std::string& what) { throw ParseError(name, line_no, what); };
  while (std::getline(in, line)) {
    ++line_no;
    if (line.size() > kMaxLine) throw LimitError(name + ":" + std::to_string(line_no) + ": line longer than 64 MiB");
    auto tok = split_tokens(line);
    if (tok.empty()) continue;
    if (!magic) {
      if (tok[0] != "constel-gap-certificate") fail("expected 'constel-gap-certificate 1' as the first line");
      if (tok.size() != 2 || tok[1] != "1") fail("unsupported certificate version (expected 1)");
      magic = true;
    } else if (tok[0] == "d") {
      if (have_d) fail("'d' given twice");
      if (tok.size() != 2) fail("'d' takes one count");
      try {
        d = parse_count(tok[1]);
      } catch (const InputError&) {
        fail("'" + std::string(tok[1]) + "' is not a dimension");
      }
      if (d == 0) fail("d must be at least 1");
      if (d > kMaxDimension) throw LimitError(name + ":" + std::to_string(line_no) + ": d beyond 2^24");
      have_d = true;
    } else if (tok[0] == "g") {
      if (!have_d) fail("'g' before 'd'");
      if (have_g) fail("'g' given twice");
      if (tok.size() - 1 != d)
        fail("'g' has " + std::to_string(tok.size() - 1) + " coordinates, expected d = " + std::to_string(d));
      for (std::size_t k = 1; k < tok.size(); ++k) h.g.push_back(number(tok[k], name, line_no));
      have_g = true;
    } else if (tok[0] == "offset") {
      if (have_offset) fail("'offset' given twice");
      if (tok.size() != 2) fail("'offset' takes one number");
      h.offset = number(tok[1], name, line_no);
      have_offset = true;
    } else {
      fail("unknown line '" + std::string(tok[0]) + "' (expected d, g or offset)");
    }
  }
  if (in.bad()) throw ParseError(name, line_no, "read error");
  if (!magic) throw ParseError(name, line_no, "empty file (expected 'constel-gap-certificate 1')");
  if (!have_d) throw ParseError(name, line_no, "no 'd' line");
  if (!have_g) throw ParseError(name, line_no, "no 'g' line (the coordinates)");
  return h;
}

GapDirection read_gap_certificate_file(const std::string& path) {
  if (path == "-") return read_gap_certificate(std::cin, "<stdin>");
  std::error_code ec;
  if (std::filesystem::is_directory(path, ec))
    throw InputError("cannot read certificate '" + path + "': it is a folder, not a file");
  std::ifstream in(path, std::ios::binary);
  if (!in) throw InputError("cannot open certificate '" + path + "'");
  return read_gap_certificate(in, path);
}

std::string gap_certificate_text(const GapDirection& h, const std::string& comment) {
  std::ostringstream out;
  if (!comment.empty()) {
    std::istringstream lines(comment);
    std::string l;
    while (std::getline(lines, l)) out << "# " << l << "\n";
  }
  out << "constel-gap-certificate 1\n";
  out << "d " << h.g.size() << "\n";
  out << "g";
  for (const auto& x : h.g) out << " " << to_string(x);
  out << "\n";
  if (h.offset) out << "offset " << to_string(*h.offset) << "\n";
  return out.str();
}

void write_gap_certificate_file(const std::string& path, const GapDirection& h, const std::string& comment) {
  std::string text = gap_certificate_text(h, comment);
  write_file_atomically(path, [&](std::ostream& out) { out << text; });
}

}  // namespace constel
