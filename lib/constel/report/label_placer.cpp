// The label placer (see label_placer.hpp): candidates at six distances in eight directions.
#include "constel/report/label_placer.hpp"

#include <algorithm>
#include <limits>

namespace constel {

double SvgBox::overlap_area(const SvgBox& o) const {
  const double w = std::min(x1, o.x1) - std::max(x0, o.x0), h = std::min(y1, o.y1) - std::max(y0, o.y0);
  return w > 0 && h > 0 ? w * h : 0;
}

SvgBox text_box(double x, double y, const std::string& text, double font_size) {
  return {x, y - 0.9 * font_size, x + 0.6 * font_size * double(text.size()), y + 0.3 * font_size};
}

namespace {

// Baseline starts around an anchor for a label of width w and font size f, nearest first.
std::vector<std::pair<double, double>> candidates(double ax, double ay, double w, double f) {
  std::vector<std::pair<double, double>> c;
  for (double r : {6.0, 14.0, 26.0, 40.0, 56.0, 76.0}) {
    const double up = ay - r, down = ay + r + 0.9 * f, mid = ay + 0.3 * f;
    c.insert(c.end(), {{ax + r, up}, {ax + r, mid}, {ax + r, down}, {ax - r - w, up}, {ax - r - w, mid},
                       {ax - r - w, down}, {ax - w / 2, up - 2}, {ax - w / 2, down + 2}});
  }
  return c;
}

bool inside(const SvgBox& b, const SvgBox& frame) {
  return b.x0 >= frame.x0 && b.x1 <= frame.x1 && b.y0 >= frame.y0 && b.y1 <= frame.y1;
}

}  // namespace

std::vector<PlacedLabel> place_labels(const std::vector<std::pair<double, double>>& anchors,
                                      const std::vector<std::string>& texts, double font_size,
                                      std::vector<SvgBox> obstacles, const SvgBox& frame) {
  std::vector<PlacedLabel> out;
  for (std::size_t i = 0; i < anchors.size() && i < texts.size(); ++i) {
    const double w = 0.6 * font_size * double(texts[i].size());
    PlacedLabel best;
    double best_cost = std::numeric_limits<double>::infinity();
    for (auto [x, y] : candidates(anchors[i].first, anchors[i].second, w, font_size)) {
      const SvgBox b = text_box(x, y, texts[i], font_size);
      double cost = inside(b, frame) ? 0 : 1e6;
      for (const SvgBox& o : obstacles) cost += b.overlap_area(o);
      if (cost < best_cost) best_cost = cost, best = {x, y, b};
      if (cost == 0) break;
    }
    obstacles.push_back(best.box);
    out.push_back(best);
  }
  return out;
}

}  // namespace constel
