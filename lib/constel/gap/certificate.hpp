// The gap certificate file (docs/gap.md): an exact text form of a direction h (and offset c), so that
// anyone can re-check a reported separation against the stored vectors. Format, line by line, '#'
// starting a comment:
//
//   constel-gap-certificate 1
//   d 3
//   g 2 -1/3 0.5          # d exact numbers: h_k = sqrt(q_k) g_k (q_k the input's squared scales, 1 for floats)
//   offset -1/4           # optional: the affine test <h, x> + offset
//
// Reading rejects anything else with a ParseError "file:line: what"; writing is canonical and atomic.
#pragma once

#include <istream>
#include <string>

#include "constel/error.hpp"
#include "constel/gap/direction.hpp"

namespace constel {

// Reads a certificate; `name` is used in messages. Throws ParseError (LimitError for huge d).
GapDirection read_gap_certificate(std::istream& in, const std::string& name);
GapDirection read_gap_certificate_file(const std::string& path);

// Canonical text; `comment` (may be empty) goes into '#' lines at the top (line breaks kept as new
// comment lines).
std::string gap_certificate_text(const GapDirection& h, const std::string& comment);
void write_gap_certificate_file(const std::string& path, const GapDirection& h, const std::string& comment);

}  // namespace constel
