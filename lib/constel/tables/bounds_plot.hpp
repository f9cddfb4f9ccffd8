// The "bounds against d" picture (`constel plot bounds`): log10 of the lower and upper bounds on
// N_MRB(d, m, b) (docs/math.md section 4) over a grid of d on a log-x axis, with Theorem 3.5 (the paper's bound, for
// comparison) and the best explicit construction of the toolkit (lift or line of a code, docs/math.md sections
// 3.1-3.2).
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "constel/bounds/mrb_bounds.hpp"
#include "constel/error.hpp"
#include "constel/number/json.hpp"

namespace constel {

struct BoundsSeriesPoint {
  std::size_t d = 0;
  double lower = 0, upper = 0, theorem35 = 0, explicit_code = 0;  // log10; NaN when absent or infinite
};

// Throws InputError for fewer than 2 dimensions, a degenerate (m = 0) or infeasible (m, b).
std::vector<BoundsSeriesPoint> bounds_series(const std::vector<std::size_t>& dims, const Rational& m, const Rational& b,
                                             const bounds::MrbOptions& options);

// Where a series first reaches log10 N along the grid: d interpolated linearly in (log d, log10 N)
// between the two grid points around the crossing; NaN when it stays below within the grid;
// at_grid_start when it is already above at its first finite point (then d is that point's).
struct BoundsCrossing {
  std::string series;  // "upper", "lower", "theorem35", "explicit"
  double d = 0;
  bool at_grid_start = false;
};
std::vector<BoundsCrossing> bounds_crossings(const std::vector<BoundsSeriesPoint>& series, double log10_N);
// The crossings as `plot bounds --json` prints them: series name -> {"d", "at_grid_start"}, or null
// where the series never crosses.
Json crossings_json(const std::vector<BoundsCrossing>& crossings);

// With mark (log10 N, its text): a horizontal line at N and a marker with "d = ..." where each series
// crosses it.
struct BoundsMark {
  double log10_N = 0;
  std::string text;
};
std::string bounds_svg(const std::vector<BoundsSeriesPoint>& series, const std::string& m_text, const std::string& b_text,
                       const BoundsMark* mark = nullptr);

}  // namespace constel
