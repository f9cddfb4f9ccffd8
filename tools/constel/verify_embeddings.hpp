// The embedding mode of `constel verify`: `--u U.npy --v V.npy`, `--npz FILE --u-key K
// --v-key K`, `--safetensors FILE ...`, `--labels L.npy`, `--normalize`, with the shared --m/--b,
// --json and --threads of cmd_verify.cpp, and --kernel (which float32 products run). This file holds the options, the progress bar and the
// printing; the work is certified_verify (lib/constel/verify/certified.hpp).
#pragma once

#include <CLI/CLI.hpp>
#include <string>

namespace constel::tool {

struct EmbeddingArgs {
  std::string u, v, npz, safetensors, u_key, v_key, labels, labels_key;
  std::string plot;  // --plot FILE.svg: inner-product histograms
  std::string kernel;  // --kernel auto|avx512|avx2|portable|blas (empty: auto)
  bool normalize = false, quiet = false;
  // shared with the .cst mode, filled in by cmd_verify.cpp
  std::string m, b;
  bool json = false;
  unsigned threads = 0;
};

void add_embedding_options(CLI::App& app, EmbeddingArgs& args);

// True when any embedding option was given.
bool embedding_mode_requested(const EmbeddingArgs& args);

int run_verify_embeddings(const EmbeddingArgs& args);

}  // namespace constel::tool
