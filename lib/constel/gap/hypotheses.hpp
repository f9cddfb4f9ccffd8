// The hypotheses of the modality-gap theorem (docs/math.md section 6, Theorem 3.6), checked exactly: N >= d + 2
// pairs, <U_i, V_i> > 0 for every i and <U_i, V_j> < 0 for every i != j. The extremes come from the
// exact verifier for .cst input and from the certified float verifier for embeddings (both exact about
// the stored numbers). With labels (many U rows per V row) the sign pattern is reported, but the theorem
// is stated for one-to-one pairs, so `hold` stays false and no guarantee is claimed.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "constel/error.hpp"
#include "constel/gap/points.hpp"
#include "constel/number/rational.hpp"
#include "constel/run_hooks.hpp"

namespace constel {

struct GapHypotheses {
  std::size_t N = 0, d = 0;                 // N: pairs (U rows)
  bool labels = false;
  bool enough_pairs = false;                // N >= d + 2
  bool positives_positive = false;          // min positive inner product > 0
  bool negatives_negative = false;          // max negative inner product < 0 (true when there is none)
  Rational min_positive;                    // min_i <U_i, V_label(i)>
  std::size_t argmin_positive = 0;          // the U row
  std::optional<Rational> max_negative;     // max over negative pairs; none when there is none
  std::size_t argmax_i = 0, argmax_j = 0;   // (U row, V row)
  bool hold = false;                        // the theorem applies
  std::string failure;                      // the first hypothesis that fails, in words ("" when hold)
};

// labels: one V row per U row (float input only; InputError for .cst input, wrong length or range).
// hooks (run_hooks.hpp): the verifier's stop (asked at every tile: Cancelled) and its progress as a
// fraction of tiles, serialised across the threads.
GapHypotheses exact_check_hypotheses(const GapPoints& p, const std::optional<std::vector<std::int64_t>>& labels,
                                     unsigned threads = 0, const RunHooks& hooks = {});

}  // namespace constel
