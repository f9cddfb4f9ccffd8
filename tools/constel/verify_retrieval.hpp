// The retrieval options of `constel verify` on embeddings (--recall-k, --hardest, -o, --class-stats)
// and their printing: JSON keys, human lines and the two CSV files. The numbers
// come from certified_retrieval (lib/constel/verify/retrieval.hpp); this file only parses and prints.
#pragma once

#include <string>
#include <vector>

#include "constel/number/json.hpp"
#include "constel/verify/certified.hpp"
#include "constel/verify/retrieval.hpp"

namespace constel::tool {

struct EmbeddingArgs;

// The retrieval options from the command line (InputError naming the flag); per_class needs --labels.
RetrievalOptions retrieval_options(const EmbeddingArgs& args);
bool retrieval_requested(const EmbeddingArgs& args);

// Human lines of the retrieval numbers.
void print_retrieval_human(std::ostream& out, const RetrievalReport& q, const RetrievalOptions& opt);

// Writes the CSV of -o (hardest negatives and weakest positives) and of --class-stats, atomically.
void write_retrieval_files(const EmbeddingArgs& args, const RetrievalReport& q);

}  // namespace constel::tool
