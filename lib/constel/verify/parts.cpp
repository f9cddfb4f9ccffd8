// Tile sets and even splits (see parts.hpp).
#include "constel/verify/parts.hpp"

#include <algorithm>
#include <string>

#include "constel/error.hpp"

namespace constel {

TileSet::TileSet(std::uint64_t first, std::uint64_t last) {
  if (first > last)
    throw InputError("tile range [" + std::to_string(first) + ", " + std::to_string(last) + ") is reversed");
  if (first < last) ranges_.push_back({first, last});
}

void TileSet::merge(const TileSet& other) {
  std::vector<std::pair<std::uint64_t, std::uint64_t>> all = ranges_;
  all.insert(all.end(), other.ranges_.begin(), other.ranges_.end());
  std::sort(all.begin(), all.end());
  std::vector<std::pair<std::uint64_t, std::uint64_t>> out;
  for (const auto& r : all) {
    if (!out.empty() && r.first < out.back().second)
      throw InputError("tile " + std::to_string(r.first) + " is in both partials: a part was processed twice");
    if (!out.empty() && r.first == out.back().second)
      out.back().second = r.second;
    else
      out.push_back(r);
  }
  ranges_ = std::move(out);
}

bool TileSet::covers(std::uint64_t total) const {
  if (total == 0) return ranges_.empty();
  return ranges_.size() == 1 && ranges_[0].first == 0 && ranges_[0].second == total;
}

std::uint64_t TileSet::count() const {
  std::uint64_t n = 0;
  for (const auto& r : ranges_) n += r.second - r.first;
  return n;
}

std::vector<std::pair<std::uint64_t, std::uint64_t>> split_tiles(std::uint64_t total, std::uint64_t parts) {
  if (parts == 0) throw InputError("the number of parts must be at least 1");
  std::vector<std::pair<std::uint64_t, std::uint64_t>> out;
  for (std::uint64_t p = 0; p < parts; ++p) {
    const std::uint64_t a = total / parts * p + std::min(p, total % parts);
    const std::uint64_t b = total / parts * (p + 1) + std::min(p + 1, total % parts);
    out.push_back({a, b});
  }
  return out;
}

}  // namespace constel
