// The (m, b_rel) feasible-region picture of Theorem 3.4 (docs/math.md section 2): the exponential region (the open
// triangle m + b < 1, 3m < 1 + b), the finite-N boundaries (3 - 4/N) m <= 1 + b, the line m + b = 1
// where constellations are spherical codes, and the modality-gap region m > |b| (docs/math.md sections 2, 6), with
// user points marked (for example the published SigLIP models of docs/math.md section 7).
#pragma once

#include <string>
#include <vector>

#include "constel/error.hpp"

namespace constel {

struct LabeledPoint {
  std::string label;
  double m = 0, b = 0;
};

// The published mean-based (margin, b_rel) of two SigLIP models (docs/math.md section 7).
std::vector<LabeledPoint> siglip_reference_points();

// The axis ranges of the picture (the whole region by default; --zoom draws a part of it).
struct RegionView {
  double m_lo = 0, m_hi = 1, b_lo = -1, b_hi = 1;
};

// Parses "M0:M1,B0:B1" (exact or decimal numbers, 0 <= M0 < M1 <= 1, -1 <= B0 < B1 <= 1); InputError
// naming the text otherwise.
RegionView parse_region_view(const std::string& text);

// The SVG document. Point labels are placed so that they do not overlap (svg.hpp).
std::string region_svg(const std::vector<LabeledPoint>& points, const RegionView& view = {});

// Parses "LABEL:M,B" (M, B exact or decimal numbers); throws InputError naming the text.
LabeledPoint parse_labeled_point(const std::string& text);

}  // namespace constel
