// Drawing of the feasible region (see region_plot.hpp). All boundaries are straight lines of docs/math.md section 2.
#include "constel/report/region_plot.hpp"

#include "constel/error.hpp"
#include "constel/number/rational.hpp"
#include "constel/report/svg.hpp"

namespace constel {

std::vector<LabeledPoint> siglip_reference_points() {
  return {{"so400m-patch14-384", 0.0695, 0.068}, {"base-patch16-224", 0.0627, 0.0322}};
}

LabeledPoint parse_labeled_point(const std::string& text) {
  auto colon = text.rfind(':');
  auto comma = text.rfind(',');
  if (colon == std::string::npos || comma == std::string::npos || comma < colon)
    throw InputError("point '" + text + "': expected LABEL:M,B (for example siglip:0.0695,0.068)");
  LabeledPoint p;
  p.label = text.substr(0, colon);
  p.m = to_double(parse_rational(text.substr(colon + 1, comma - colon - 1)));
  p.b = to_double(parse_rational(text.substr(comma + 1)));
  if (p.m < 0 || p.m > 1 || p.b < -1 || p.b > 1)
    throw InputError("point '" + text + "': needs 0 <= m <= 1 and -1 <= b <= 1");
  return p;
}

std::string region_svg(const std::vector<LabeledPoint>& points) {
  SvgPlot plot(0, 1, -1, 1, 860, 560);
  plot.set_title("Feasible (m, b_rel) for constellations (Theorem 3.4)");
  plot.set_labels("margin m", "relative bias b_rel");
  // Reachable for N = 2 (the loosest finite bound): m + b <= 1, m <= 1 + b.
  plot.polygon({{0, -1}, {0, 1}, {1, 0}}, "#c6dbef", 0.5, "feasible for N = 2 only");
  plot.polygon({{0, 0}, {0.5, 0.5}, {1, 0}, {0.5, -0.5}}, "#fdd0a2", 0.6, "modality gap: m > |b|");
  plot.polygon({{0, -1}, {0, 1}, {0.5, 0.5}}, "#74c476", 0.55, "exponential N: m+b<1, 3m<1+b");
  for (int N : {3, 4, 10}) {
    // (3 - 4/N) m = 1 + b, from b = -1 (m = 0) to the line m + b = 1 (m = 2 / (4 - 4/N)).
    double slope = 3.0 - 4.0 / N, m_end = 2.0 / (4.0 - 4.0 / N);
    plot.polyline({{0, -1}, {m_end, slope * m_end - 1}}, "#6baed6", 1.2, "4 3", "");
    plot.text({m_end + 0.01, slope * m_end - 1 - 0.04}, "N = " + std::to_string(N), "#3182bd");
  }
  plot.polyline({{0, 1}, {1, 0}}, "#08519c", 3, "", "line m + b = 1 (spherical codes)");
  plot.polyline({{0, -1}, {0.5, 0.5}}, "#238b45", 1.5, "", "3m = 1 + b (N -> infinity)");
  plot.point({0.5, 0.5}, "#000", "simplex limit (1/2, 1/2)");
  for (const auto& p : points) plot.point({p.m, p.b}, "#d62728", p.label);
  return plot.str();
}

}  // namespace constel
