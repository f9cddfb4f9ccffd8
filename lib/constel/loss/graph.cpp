// Synchronisation graphs of k modalities (see graph.hpp).
#include "constel/loss/graph.hpp"

#include <algorithm>
#include <charconv>

#include "constel/error.hpp"

namespace constel::loss {

SyncGraph complete_graph(std::size_t k) {
  SyncGraph g;
  g.k = k;
  g.name = "complete";
  for (std::size_t a = 0; a < k; ++a)
    for (std::size_t c = a + 1; c < k; ++c) g.edges.emplace_back(a, c);
  return g;
}

SyncGraph star_graph(std::size_t k) {
  SyncGraph g;
  g.k = k;
  g.name = "star";
  for (std::size_t c = 1; c < k; ++c) g.edges.emplace_back(0, c);
  return g;
}

namespace {
std::size_t parse_index(const std::string& part, const std::string& whole, std::size_t k) {
  std::size_t v = 0;
  auto [p, ec] = std::from_chars(part.data(), part.data() + part.size(), v);
  if (part.empty() || ec != std::errc() || p != part.data() + part.size())
    throw InputError("'" + whole + "' is not an edge list like 0-1,1-2 (bad index '" + part + "')");
  if (v >= k)
    throw InputError("modality " + part + " is out of range (k = " + std::to_string(k) + ")");
  return v;
}
}  // namespace

void throw_if_bad_modalities(std::size_t k) {
  if (k < 2) throw InputError("the number of modalities k must be >= 2, got " + std::to_string(k));
}

SyncGraph parse_sync_graph(const std::string& text, std::size_t k) {
  throw_if_bad_modalities(k);
  if (text == "complete") return complete_graph(k);
  if (text == "star") return star_graph(k);
  SyncGraph g;
  g.k = k;
  g.name = text;
  std::size_t start = 0;
  while (start <= text.size()) {
    std::size_t comma = text.find(',', start);
    std::string edge = text.substr(start, comma == std::string::npos ? std::string::npos : comma - start);
    std::size_t dash = edge.find('-');
    if (dash == std::string::npos)
      throw InputError("'" + text + "' is not complete, star or an edge list like 0-1,1-2");
    std::size_t a = parse_index(edge.substr(0, dash), text, k), c = parse_index(edge.substr(dash + 1), text, k);
    if (a == c) throw InputError("edge " + edge + " joins a modality to itself");
    auto e = std::make_pair(std::min(a, c), std::max(a, c));
    if (std::find(g.edges.begin(), g.edges.end(), e) != g.edges.end())
      throw InputError("edge " + edge + " is given twice");
    g.edges.push_back(e);
    if (comma == std::string::npos) break;
    start = comma + 1;
  }
  return g;
}

}  // namespace constel::loss
