// The options and the printing of `constel verify`, shared by the constel executable (cmd_verify.cpp
// registers the command) and by constel-mpi (tools/constel-mpi), which takes exactly the same options
// and prints exactly the same report: only how the report is computed differs.
#pragma once

#include <CLI/CLI.hpp>
#include <string>

#include "constel/config/configuration.hpp"
#include "constel/verify/exact.hpp"
#include "verify_embeddings.hpp"

namespace constel::tool {

struct VerifyArgs {
  std::string file;
  std::string m, b;
  bool json = false;
  std::string arithmetic = "auto";
  unsigned threads = 0;
};

// Every option of `verify` (the .cst mode's and the embedding mode's), with the command's footer.
void add_verify_options(CLI::App& app, VerifyArgs& args, EmbeddingArgs& emb);

// Which mode the options ask for: true for embedding files (then emb carries --m/--b/--json/--threads),
// false for a .cst file. Throws InputError when both or neither are given.
bool select_embedding_mode(const VerifyArgs& args, EmbeddingArgs& emb);

// The exact verifier's options from the command line (InputError naming the flag).
ExactVerifyOptions exact_options(const VerifyArgs& args);

// Prints the report (JSON or human) and returns the exit code (0: property and claim hold, 1: not).
int print_exact_result(const VerifyArgs& args, const Configuration& c, const ExactReport& r,
                       const ExactVerifyOptions& opt);

}  // namespace constel::tool
