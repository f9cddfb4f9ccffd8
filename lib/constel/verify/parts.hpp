// What the two verifiers' prepare / process a part / merge / finish split has in common: the set of
// tiles a partial result covers, and an even cut of a tile grid into parts. A part is any range
// [first, last) of the plan's tiles; partials of disjoint ranges merge (in any order and grouping: the
// merge is exact and associative), and finish accepts a partial only when it covers every tile once.
//
// Example (the MPI front end's shape; threads inside each part as usual):
//   ExactPlan plan = exact_prepare(config, options);
//   auto [first, last] = split_tiles(plan.tiles(), ranks)[rank];
//   ExactPartial mine = exact_process(plan, first, last);   // encode(mine) travels as bytes
//   ... on rank 0: merge(all, decode_exact_partial(bytes)) for each rank, then exact_finish(plan, all)
#pragma once

#include <cstdint>
#include <utility>
#include <vector>

#include "constel/error.hpp"

namespace constel {

// Disjoint ranges [first, last) of tile indices, sorted, adjacent ranges joined.
class TileSet {
 public:
  TileSet() = default;
  TileSet(std::uint64_t first, std::uint64_t last);  // throws InputError unless first <= last
  // Adds the other set; throws InputError when a tile is in both (a part processed twice).
  void merge(const TileSet& other);
  bool covers(std::uint64_t total) const;  // exactly the tiles [0, total)
  std::uint64_t count() const;
  const std::vector<std::pair<std::uint64_t, std::uint64_t>>& ranges() const { return ranges_; }
  bool operator==(const TileSet&) const = default;

 private:
  std::vector<std::pair<std::uint64_t, std::uint64_t>> ranges_;
};

// The tiles [0, total) cut into `parts` consecutive ranges whose sizes differ by at most one
// (parts >= 1; some ranges are empty when parts > total).
std::vector<std::pair<std::uint64_t, std::uint64_t>> split_tiles(std::uint64_t total, std::uint64_t parts);

}  // namespace constel
