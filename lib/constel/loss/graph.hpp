// The synchronisation graph of k modalities (docs/math.md section 1): which pairs of modalities (a, c) the loss
// trains. Complete (every a < c), star (0 with every other), or an explicit edge list "0-1,1-2".
#pragma once

#include <cstddef>
#include <string>
#include <utility>
#include <vector>

namespace constel::loss {

struct SyncGraph {
  std::size_t k = 2;
  std::vector<std::pair<std::size_t, std::size_t>> edges;  // a != c, both < k, no repeats
  std::string name = "complete";
};

SyncGraph complete_graph(std::size_t k);
SyncGraph star_graph(std::size_t k);  // centre 0
// Parses "complete", "star" or an edge list "a-c,a-c,...". Throws InputError naming the bad part
// (index out of range, a loop a-a, a repeated edge, malformed text, no edge).
SyncGraph parse_sync_graph(const std::string& text, std::size_t k);

}  // namespace constel::loss
