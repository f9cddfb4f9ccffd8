// The exact verifier split into prepare / process a part / merge / finish (docs/verify.md, "Parts"),
// the shape the threads, the MPI front end and the Python module all use: exact_verify is exactly
// prepare, process every tile, finish.
//
// A plan holds the integer form of the configuration (docs/math.md section 3.6), the arithmetic tier,
// the thresholds of a target (m, b), and the tile grid: for each pair of modalities (0,1), (0,2), ...,
// ceil(N/256)^2 tiles in row-major order. An ExactPartial holds, per pair of modalities, the extremes
// of the entries of its tiles in units of 1/C (exact integers) with their witnesses under the one tie
// rule (largest value, smallest witness; smallest diagonal, smallest row), and the violation counts.
// merge is exact and associative; encode / decode_exact_partial round-trip losslessly. Norm checks
// and the report are made by exact_finish from the plan.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "constel/error.hpp"
#include "constel/verify/exact.hpp"
#include "constel/verify/parts.hpp"

namespace constel {

namespace detail {
struct ExactPlanState;
}

// The extremes of one pair of modalities over some tiles, in units of 1/C.
struct ExactPairPartial {
  bool has_diag = false;  // a diagonal entry was among the tiles
  Integer min_diag;
  std::uint64_t argmin = 0;
  bool has_off = false;
  Integer max_off;
  std::uint64_t argmax_i = 0, argmax_j = 0;
  std::uint64_t violations_pos = 0, violations_neg = 0;
  bool operator==(const ExactPairPartial&) const = default;
};

struct ExactPartial {
  // The plan it belongs to (checked by merge and finish): shape, tier, common denominator, target.
  std::uint64_t N = 0, d = 0, k = 0, tiles = 0;
  std::string arithmetic;
  Integer C = 1;
  bool with_target = false;
  TileSet covered;                      // which tiles it holds
  std::vector<ExactPairPartial> pairs;  // one per pair of modalities
  bool operator==(const ExactPartial&) const = default;
};

class ExactPlan {
 public:
  std::uint64_t tiles() const;  // the size of the tile grid
  const detail::ExactPlanState& state() const { return *state_; }

 private:
  friend ExactPlan exact_prepare(const Configuration&, const ExactVerifyOptions&);
  std::shared_ptr<const detail::ExactPlanState> state_;
};

// Checks the input and builds the plan (O(N d k) work; the plan does not refer to config afterwards).
// Throws InputError for a malformed configuration or target, LimitError for a forced tier that is not
// exact.
ExactPlan exact_prepare(const Configuration& config, const ExactVerifyOptions& options = {});

// The partial of tiles [first, last) (last <= plan.tiles()), on options.threads threads; checks
// options.stop at tile boundaries and throws Cancelled when it answers true.
ExactPartial exact_process(const ExactPlan& plan, std::uint64_t first, std::uint64_t last);

// An empty partial of the plan (covers no tile): the identity of merge.
ExactPartial exact_empty_partial(const ExactPlan& plan);

// into := into + other. Throws InputError when they belong to different plans or share a tile.
void merge(ExactPartial& into, const ExactPartial& other);
void merge(ExactPairPartial& into, const ExactPairPartial& other);

// The report, from a partial that covers every tile exactly once (InputError otherwise).
ExactReport exact_finish(const ExactPlan& plan, const ExactPartial& all);

// Lossless bytes of a partial and back; decode throws InputError for bytes that are not one.
std::string encode(const ExactPartial& p);
ExactPartial decode_exact_partial(std::string_view bytes);

}  // namespace constel
