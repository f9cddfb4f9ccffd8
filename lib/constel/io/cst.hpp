// The exact constellation format .cst (docs/format-cst.md): a text file holding a Configuration with
// its scales, its rows per modality, and optionally the producer's claim and source. Reading streams
// the input in blocks of 1 MiB, line by line (io/detail/line_reader.hpp; memory: the block and the compact
// entries), and rejects every malformed file with a ParseError "file:line: what is wrong";
// writing is canonical (reduced fractions, fixed order) and atomic.
#pragma once

#include <istream>
#include <ostream>
#include <string>

#include "constel/config/configuration.hpp"
#include "constel/error.hpp"

namespace constel {

// Reads a .cst stream; `name` is used in messages. Throws ParseError.
Configuration read_cst(std::istream& in, const std::string& name);

// Reads a .cst file ("-" is standard input). Throws InputError when the file cannot be opened.
Configuration read_cst_file(const std::string& path);

// Writes the canonical text. A source containing '#' or a line break is written with those replaced
// by spaces (the format has no escapes).
void write_cst(std::ostream& out, const Configuration& c);

// Writes the canonical text to path atomically ("-" is standard output).
void write_cst_file(const std::string& path, const Configuration& c);

}  // namespace constel
