// A simple placer for the text labels of plot points, so that a user's point does not print its label
// over another one (the so400m label of `constel plot region`): each label tries candidate positions
// around its point (right, upper right, lower right, left, ..., then further out) and takes the first
// whose box lies inside the frame and overlaps no box placed before it (earlier labels, the point
// markers, fixed texts); when every candidate collides it takes the one with the least overlap.
// Boxes are estimated from the font size and the number of characters (0.6 em per character, which
// covers sans-serif digits and lower case), the same estimate the tests use.
#pragma once

#include <string>
#include <vector>

namespace constel {

// Pixel coordinates, y downwards.
struct SvgBox {
  double x0 = 0, y0 = 0, x1 = 0, y1 = 0;
  bool overlaps(const SvgBox& o) const { return x0 < o.x1 && o.x0 < x1 && y0 < o.y1 && o.y0 < y1; }
  double overlap_area(const SvgBox& o) const;
};

// The box of `text` drawn with its baseline starting at (x, y).
SvgBox text_box(double x, double y, const std::string& text, double font_size);

struct PlacedLabel {
  double x = 0, y = 0;  // baseline start
  SvgBox box;
};

// Places labels (anchor pixel, text) in order, avoiding `obstacles` and each other, inside `frame`.
std::vector<PlacedLabel> place_labels(const std::vector<std::pair<double, double>>& anchors,
                                      const std::vector<std::string>& texts, double font_size,
                                      std::vector<SvgBox> obstacles, const SvgBox& frame);

}  // namespace constel
