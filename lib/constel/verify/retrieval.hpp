// The retrieval numbers researchers report, certified like everything else the embedding verifier says
// (docs/math.md sections 1 and 7; docs/verify-embeddings.md, "Retrieval"): recall@k in both directions
// with ties counted apart, the K hardest negatives and the K weakest positives with their values and
// indices, and with labels per-class statistics. They come from a second pass over the tiles of a
// certified plan (certified_parts.hpp), so the verifier's own kernel is unchanged: the same products
// and the same a-priori error bound per entry, and an exact evaluation for every entry the bound
// cannot place against the value it is compared with.
//
// Definitions (about exactly the stored numbers; with normalize, about their cosines):
//   - row i of U (query U_i, positive V_label(i)): above_i = #negatives j with <U_i, V_j> strictly
//     greater than the positive, equal_i = # equal to it. Column j (query V_j, only columns with a
//     positive; its positive is the best of its positives): the same over U rows that are not its
//     positives.
//   - recall@k correct: above + equal < k (the positive is among the top k whatever order ties take);
//     a tie at k: above < k <= above + equal (it is for some order of the ties). correct + ties is the
//     number with fewer than k negatives strictly above. At k = 1 these are recall@1 of the report.
//   - hardest negatives: the K largest negative entries, largest first, among equal values the
//     smallest (i, j); weakest positives: the K smallest positives, smallest first, smallest row first.
//   - per class (labels; a class is a V row that some U row has as label): its rows, min positive (and
//     its row), max negative over its rows (and its pair), and recall@1 U->V among its rows.
// Values are exact rationals (CertifiedValue::exact) or, with normalize, certified intervals.
//
// Example:
//   CertifiedPlan plan = certified_prepare(U, V, opt);
//   CertifiedReport r = certified_finish(plan, certified_process(plan, 0, plan.tiles()));
//   RetrievalReport q = certified_retrieval(plan, {.recall_k = {1, 5, 10}, .hardest = 10});
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

#include "constel/error.hpp"
#include "constel/verify/certified_parts.hpp"
#include "constel/verify/certified_value.hpp"

namespace constel {

struct RetrievalOptions {
  std::vector<std::size_t> recall_k;  // each >= 1 (InputError otherwise)
  std::size_t hardest = 0;            // K hardest negatives and K weakest positives (0: none)
  bool per_class = false;             // per-class statistics
};

struct RecallCount {
  std::size_t k = 0, correct = 0, ties = 0, total = 0;
};

struct RankedPair {
  std::size_t i = 0, j = 0;  // U row, V row
  CertifiedValue value;
};

struct ClassStatistics {
  std::size_t label = 0;  // the V row of the class
  std::size_t rows = 0;   // U rows with this label
  CertifiedValue min_positive;
  std::size_t min_positive_row = 0;
  bool has_negative = false;  // false when V has one row
  CertifiedValue max_negative;
  std::size_t max_negative_i = 0, max_negative_j = 0;
  std::size_t recall1_correct = 0, recall1_ties = 0;
};

struct RetrievalReport {
  std::vector<RecallCount> u2v, v2u;  // in the order of RetrievalOptions::recall_k
  std::vector<RankedPair> hardest_negatives, weakest_positives;
  std::vector<ClassStatistics> classes;  // by label
  std::uint64_t exact_evaluations = 0;   // work count (depends on threads)
};

// The second pass over every tile of the plan, on the plan's threads; the plan's stop hook is asked at
// tile boundaries (Cancelled). U and V must still be alive, as for certified_process.
RetrievalReport certified_retrieval(const CertifiedPlan& plan, const RetrievalOptions& opt);

}  // namespace constel
