// The embedding mode of `constel verify`: `--u U.npy --v V.npy`, `--npz FILE --u-key K
// --v-key K`, `--safetensors FILE ...`, `--hdf5 FILE ...`, `--labels L.npy`, `--normalize`, the
// retrieval options (verify_retrieval.hpp), with the shared --m/--b,
// --json and --threads of cmd_verify.cpp, and --kernel (which float32 products run). This file holds the options, the progress bar and the
// printing; the work is certified_verify (lib/constel/verify/certified.hpp).
#pragma once

#include <CLI/CLI.hpp>
#include <string>

#include "constel/gap/statistics.hpp"
#include "constel/io/csv_matrix.hpp"
#include "constel/verify/certified.hpp"
#include "constel/verify/retrieval.hpp"

namespace constel::tool {

struct EmbeddingArgs {
  std::string u, v, npz, safetensors, hdf5, u_key, v_key, labels, labels_key;
  std::string recall_k, output, class_stats;  // --recall-k 1,5,10, -o hardest.csv, --class-stats FILE
  bool recall_k_given = false;                // --recall-k was given (even empty: an error)
  std::size_t hardest = 0;                    // --hardest K
  std::string plot;  // --plot FILE.svg: inner-product histograms
  bool plot_log_counts = false;  // --plot-log-counts: pairs per bin on a log axis
  std::string csv_header = "auto";  // --csv-header yes|no|auto for text files
  std::string kernel;  // --kernel auto|avx512|avx2|portable|blas (empty: auto)
  bool no_screen = false, screen = false;  // --no-screen, --screen (the bfloat16 screen; default: auto)
  bool normalize = false, quiet = false;
  // shared with the .cst mode, filled in by cmd_verify.cpp
  std::string m, b;
  bool json = false;
  unsigned threads = 0;
};

void add_embedding_options(CLI::App& app, EmbeddingArgs& args);

// True when any embedding option was given.
bool embedding_mode_requested(const EmbeddingArgs& args);

// The files and keys of U and V from --u/--v or --npz/--safetensors/--hdf5 with --u-key/--v-key
// (InputError naming the flags when they do not fit together).
struct EmbeddingSources {
  std::string u_path, u_key, v_path, v_key;
};
EmbeddingSources resolve_sources(const EmbeddingArgs& args);

// The certified verifier's options from the command line, labels not yet read.
CertifiedOptions certified_options(const EmbeddingArgs& args);

// The checks of the command line that constel verify makes after the options and before reading
// (--csv-header, --plot-log-counts, an output file that is an input), in its order; the text files'
// header rule.
CsvHeader check_embedding_command(const EmbeddingArgs& args, const EmbeddingSources& s);

// Writes the --plot picture (and with a retrieval report its CSV files), prints the warnings on stderr
// and the report (JSON or human) and returns the exit code. `gap`: the modality-gap statistics for the
// JSON (key "modality_gap"), when computed.
int print_certified_result(const EmbeddingArgs& args, const EmbeddingSources& s, const CertifiedReport& r,
                           const CertifiedOptions& opt, const ModalityGapStatistics* gap = nullptr,
                           const RetrievalReport* retrieval = nullptr, const RetrievalOptions* retrieval_opt = nullptr);

int run_verify_embeddings(const EmbeddingArgs& args);

}  // namespace constel::tool
