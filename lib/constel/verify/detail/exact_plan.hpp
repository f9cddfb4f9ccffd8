// What an ExactPlan holds (exact_parts.hpp): the integer form, the tier and thresholds, the target and
// claim for the report, the run hooks, and the tile runner over the form. Shared, never changed after
// exact_prepare; the runner refers to `form`, so the state does not move.
#pragma once

#include <memory>
#include <optional>

#include "constel/verify/detail/exact_kernel.hpp"

namespace constel::detail {

struct ExactPlanState {
  std::size_t N = 0, d = 0, k = 0;
  std::uint64_t tiles = 0;
  IntegerForm form;
  Tier tier = Tier::Gmp;
  std::optional<Thresholds> thresholds;
  std::optional<Rational> m, b;
  std::optional<Claim> claim;
  TileRunControl control;
  std::unique_ptr<ExactTiles> runner;
};

}  // namespace constel::detail
