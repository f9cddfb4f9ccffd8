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
#include <string>
#include <string_view>
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
// tile boundaries (Cancelled). U and V must still be alive, as for certified_process. It is exactly
// certified_retrieval_finish of certified_retrieval_block over the whole tile grid.
RetrievalReport certified_retrieval(const CertifiedPlan& plan, const RetrievalOptions& opt);

// The pass in parts, as the verifier's (certified_parts.hpp; docs/distributed.md, "Retrieval options"):
// a part is a rectangle of the plan's tile grid, its partial merges exactly with the others', and
// finish turns a partial that covers every tile once into the report.
//
// A RetrievalPartial holds, about the negative entries of its tiles: per row of U and per column of V
// (a column's positive is its best positive, over every row of the plan) the number of negatives
// strictly above the positive and the number above or equal to it, both saturated at `cap` (the
// largest k asked, at least 1 with per_class, 0 when neither is asked: then no counts at all), which
// answers every "fewer than k" question for k <= cap exactly and adds exactly (min(a + b, cap));
// the K hardest negatives of its tiles with their exact dot products, best first by the one tie
// rule (largest value, smallest (i, j)); with per_class, for each class that has a row among its
// tiles' rows, its largest negative there (same rule); and the exact evaluations it spent (a work
// count). Dot products are scaled integers (units of 2^-298 for float32 products, 2^-2148 for
// float64), compared through the plan (cosines with normalize), so merge and finish take the plan.
// The weakest positives and the rows and minimum positive of each class are the plan's own (its
// exact positives): finish computes them.
struct RetrievalEntry {
  std::uint64_t i = 0, j = 0;
  Integer dot;
  bool operator==(const RetrievalEntry&) const = default;
};

struct RetrievalPartial {
  std::uint64_t N_u = 0, N_v = 0, tiles = 0;  // the plan it belongs to
  std::uint64_t cap = 0, hardest = 0;         // from the options (checked by merge and finish)
  bool per_class = false;
  TileSet covered;
  std::vector<std::uint32_t> row_above, row_reach;  // N_u entries each when cap > 0, else empty
  std::vector<std::uint32_t> col_above, col_reach;  // N_v entries each when cap > 0, else empty
  std::vector<RetrievalEntry> hardest_negatives;    // at most `hardest`, best first
  std::vector<std::uint64_t> class_labels;          // ascending; class_max[n] is class class_labels[n]'s
  std::vector<RetrievalEntry> class_max;
  std::uint64_t exact_evaluations = 0;
  bool operator==(const RetrievalPartial&) const = default;
};

// The partial of a rectangle of tiles (a PairBlock in tile units, as block_partition(grid_rows,
// grid_cols, P) cuts certified_tile_grid(plan)). For a plan of certified_prepare_rows it reads only
// the rows of U and V those tiles meet. Throws InputError for a k of 0 or a block beyond the grid,
// Cancelled when the plan's stop hook answers true (asked at tile boundaries).
RetrievalPartial certified_retrieval_block(const CertifiedPlan& plan, const PairBlock& tiles,
                                           const RetrievalOptions& opt);

// An empty partial (covers no tile): the identity of merge.
RetrievalPartial certified_retrieval_empty(const CertifiedPlan& plan, const RetrievalOptions& opt);

// into := into + other, exactly (associative and commutative: any split and any order give the same
// partial, exact_evaluations aside). Throws InputError when they belong to different plans or options
// or share a tile.
void merge(const CertifiedPlan& plan, RetrievalPartial& into, const RetrievalPartial& other);

// The report, from a partial that covers every tile exactly once (InputError otherwise).
RetrievalReport certified_retrieval_finish(const CertifiedPlan& plan, const RetrievalOptions& opt,
                                           const RetrievalPartial& all);

// Lossless bytes (docs/distributed.md, "Retrieval options"): the counts only for the rows and columns with
// a nonzero count, as variable-length integers.
std::string encode(const RetrievalPartial& p);
RetrievalPartial decode_retrieval_partial(std::string_view bytes);

}  // namespace constel
