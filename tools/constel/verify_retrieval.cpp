// --recall-k, --hardest, -o and --class-stats of `constel verify` (see verify_retrieval.hpp).
#include "verify_retrieval.hpp"

#include <fmt/format.h>

#include <ostream>
#include <sstream>

#include "command.hpp"
#include "constel/io/atomic_file.hpp"
#include "verify_embeddings.hpp"

namespace constel::tool {
namespace {

std::vector<std::size_t> parse_k_list(const std::string& text) {
  std::vector<std::size_t> ks;
  std::stringstream in(text);
  for (std::string item; std::getline(in, item, ',');) {
    std::size_t used = 0;
    unsigned long long k = 0;
    try {
      k = std::stoull(item, &used);
    } catch (const std::exception&) {
      used = 0;
    }
    if (used == 0 || used != item.size() || item[0] == '-' || k == 0 || k > (1ull << 32))
      throw InputError("--recall-k: expected a comma-separated list of integers >= 1 (e.g. 1,5,10), got '" + text +
                       "'");
    ks.push_back(std::size_t(k));
  }
  if (ks.empty()) throw InputError("--recall-k: expected a comma-separated list of integers >= 1 (e.g. 1,5,10)");
  return ks;
}

// value (exact fraction or empty), decimal, lo, hi (empty for exact values)
std::string csv_value(const CertifiedValue& v) {
  if (v.exact) return to_string(v.value) + "," + fmt::format("{:.17g}", v.approx) + ",,";
  return fmt::format(",{:.17g},{:.17g},{:.17g}", v.approx, v.lo, v.hi);
}

std::string show(const CertifiedValue& v) {
  if (!v.exact) return fmt::format("in [{:.17g}, {:.17g}]", v.lo, v.hi);
  return fmt::format("{:.12g} (exactly {})", v.approx, to_string(v.value));
}

void print_recall(std::ostream& out, const char* dir, const std::vector<RecallCount>& v) {
  out << "  recall@k " << dir << ":    ";
  for (std::size_t n = 0; n < v.size(); ++n)
    out << (n ? ", " : "") << fmt::format("@{} {}/{} ({} ties)", v[n].k, v[n].correct, v[n].total, v[n].ties);
  out << "\n";
}

}  // namespace

bool retrieval_requested(const EmbeddingArgs& a) {
  return a.recall_k_given || a.hardest > 0 || !a.class_stats.empty() || !a.output.empty();
}

RetrievalOptions retrieval_options(const EmbeddingArgs& a) {
  RetrievalOptions q;
  if (a.recall_k_given) q.recall_k = parse_k_list(a.recall_k);
  q.hardest = a.hardest;
  if (!a.output.empty() && a.hardest == 0) throw InputError("-o writes the --hardest lists: give --hardest K too");
  if (!a.class_stats.empty() && a.labels.empty())
    throw InputError("--class-stats needs --labels (a class is the V row that U rows have as label)");
  q.per_class = !a.class_stats.empty();
  return q;
}

void print_retrieval_human(std::ostream& out, const RetrievalReport& q, const RetrievalOptions& opt) {
  if (!opt.recall_k.empty()) {
    print_recall(out, "U->V", q.u2v);
    print_recall(out, "V->U", q.v2u);
  }
  if (!opt.hardest) return;
  out << "  hardest negatives (U row, V row):\n";
  for (std::size_t n = 0; n < q.hardest_negatives.size(); ++n) {
    const RankedPair& p = q.hardest_negatives[n];
    out << fmt::format("    {:>3}. ({}, {}) {}\n", n + 1, p.i, p.j, show(p.value));
  }
  out << "  weakest positives (U row, V row):\n";
  for (std::size_t n = 0; n < q.weakest_positives.size(); ++n) {
    const RankedPair& p = q.weakest_positives[n];
    out << fmt::format("    {:>3}. ({}, {}) {}\n", n + 1, p.i, p.j, show(p.value));
  }
}

void write_retrieval_files(const EmbeddingArgs& a, const RetrievalReport& q) {
  if (!a.output.empty()) {
    std::string csv = "kind,rank,i,j,value,value_decimal,value_lo,value_hi\n";
    auto rows = [&](const char* kind, const std::vector<RankedPair>& v) {
      for (std::size_t n = 0; n < v.size(); ++n)
        csv += fmt::format("{},{},{},{},{}\n", kind, n + 1, v[n].i, v[n].j, csv_value(v[n].value));
    };
    rows("hardest_negative", q.hardest_negatives);
    rows("weakest_positive", q.weakest_positives);
    with_option("-o", [&] { write_bytes_atomically(a.output, csv); });
  }
  if (!a.class_stats.empty()) {
    std::string csv =
        "label,rows,min_positive,min_positive_decimal,min_positive_lo,min_positive_hi,min_positive_row,max_negative,"
        "max_negative_decimal,max_negative_lo,max_negative_hi,max_negative_i,max_negative_j,recall1_correct,"
        "recall1_ties\n";
    for (const ClassStatistics& c : q.classes) {
      csv += fmt::format("{},{},{},{},", c.label, c.rows, csv_value(c.min_positive), c.min_positive_row);
      csv += c.has_negative ? fmt::format("{},{},{},", csv_value(c.max_negative), c.max_negative_i, c.max_negative_j)
                            : std::string(",,,,,,");
      csv += fmt::format("{},{}\n", c.recall1_correct, c.recall1_ties);
    }
    with_option("--class-stats", [&] { write_bytes_atomically(a.class_stats, csv); });
  }
}

}  // namespace constel::tool
