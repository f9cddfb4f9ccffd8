// The tiled product-and-reduce kernel of the exact verifier: for one pair of modalities of an
// IntegerForm it computes every S_il = sum_j w_j a_ij b_lj (= C <U_i, V_l>) tile by tile, in one of three
// exact arithmetics, and reduces each tile while it is in cache to the minimum diagonal, the maximum
// off-diagonal entry (lexicographically smallest witness) and the violation counts. Never N^2 memory.
#pragma once

#include <optional>

#include "constel/verify/integer_form.hpp"

namespace constel::detail {

enum class Tier { Double, Int128, Gmp };

struct PairRaw {
  Integer min_diag;  // in units of 1/C
  std::size_t argmin = 0;
  bool has_off = false;
  Integer max_off;
  std::size_t argmax_i = 0, argmax_j = 0;
  std::size_t viol_pos = 0, viol_neg = 0;
};

// Thresholds in units of 1/C: a positive pair violates when S < pos_ceil (S <= pos_ceil - 1), a negative
// pair when S > neg_floor.
struct Thresholds {
  Integer pos_ceil;
  Integer neg_floor;
};

// The tier the bound allows: Double when bound < 2^53, Int128 when the entries fit int64 and
// bound < 2^126, else Gmp.
Tier fastest_exact_tier(const IntegerForm& f);

// Runs the kernel for modalities (a, c). The tier must be exact for f (checked: throws LimitError).
PairRaw exact_pair_kernel(const IntegerForm& f, std::size_t a, std::size_t c, Tier tier,
                          const std::optional<Thresholds>& thresholds, unsigned threads);

// Squared norm of row i of modality a, in units of 1/C (exact, any tier).
Integer exact_row_norm2(const IntegerForm& f, std::size_t a, std::size_t i);

}  // namespace constel::detail
