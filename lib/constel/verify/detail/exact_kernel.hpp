// The tiled product-and-reduce kernel of the exact verifier: for the pairs of modalities of an
// IntegerForm it computes every S_il = sum_j w_j a_ij b_lj (= C <U_i, V_l>) tile by tile, in one of three
// exact arithmetics, and reduces each tile while it is in cache to the minimum diagonal, the maximum
// off-diagonal entry (under the tie rule of detail/extreme.hpp) and the violation counts. Any range of
// the tile grid can run (exact_parts.hpp); never N^2 memory.
#pragma once

#include <functional>
#include <memory>
#include <optional>
#include <vector>

#include "constel/verify/exact_parts.hpp"
#include "constel/verify/detail/integer_form.hpp"

namespace constel::detail {

enum class Tier { Double, Int128, Gmp };

inline constexpr std::size_t kExactTile = 256;

// Thresholds in units of 1/C: a positive pair violates when S < pos_ceil (S <= pos_ceil - 1), a negative
// pair when S > neg_floor.
struct Thresholds {
  Integer pos_ceil;
  Integer neg_floor;
};

// How a range of tiles runs: threads, and the caller's stop and progress hooks.
struct TileRunControl {
  unsigned threads = 1;
  std::function<bool()> stop;
  std::function<void(std::size_t, std::size_t)> progress;
};

// The tier the bound allows: Double when bound < 2^53, Int128 when the entries fit int64 and
// bound < 2^126, else Gmp.
Tier fastest_exact_tier(const IntegerForm& f);

// The operands of every pair of modalities in one tier, ready to run any range of tiles. Tile t is in
// pair t / blocks^2 (pairs in the order (0,1), (0,2), ..., (1,2), ...), block row (t % blocks^2) /
// blocks and block column t % blocks, with blocks = ceil(N / kExactTile).
class ExactTiles {
 public:
  virtual ~ExactTiles() = default;
  // Reduces tiles [first, last) into pairs (one ExactPairPartial per pair, merged into what is there).
  virtual void run(std::size_t first, std::size_t last, const TileRunControl& control,
                   std::vector<ExactPairPartial>& pairs) const = 0;
};

// The tier must be exact for f (checked: throws LimitError).
std::unique_ptr<ExactTiles> make_exact_tiles(const IntegerForm& f, Tier tier, const std::optional<Thresholds>& th);

// Squared norm of row i of modality a, in units of 1/C (exact, any tier).
Integer exact_row_norm2(const IntegerForm& f, std::size_t a, std::size_t i);

}  // namespace constel::detail
