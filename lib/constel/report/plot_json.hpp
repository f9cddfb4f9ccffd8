// The summary `constel plot PICTURE -o FILE --json` prints once the SVG is written (docs/guide.md):
// {"picture", "output", then "points" (region: the points marked) or "dimensions" (bounds: the
// dimensions on the x axis), and for bounds with a marked N "mark_N" and "crossings"}.
#pragma once

#include <cstddef>
#include <optional>
#include <string>

#include "constel/number/json.hpp"

namespace constel {

struct PlotSummary {
  std::string picture;                    // "region" or "bounds"
  std::string output;                     // the SVG file written
  std::optional<std::size_t> points;      // region
  std::optional<std::size_t> dimensions;  // bounds
  std::optional<std::string> mark_N;      // bounds with a marked N: the N as given
  Json crossings;                         // with mark_N: series -> {"d", "at_grid_start"} or null
};

Json to_json(const PlotSummary& summary);

}  // namespace constel
