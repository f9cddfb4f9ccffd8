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

RegionView parse_region_view(const std::string& text) {
  const auto comma = text.find(',');
  const auto c1 = text.find(':'), c2 = text.find(':', comma == std::string::npos ? 0 : comma);
  if (comma == std::string::npos || c1 == std::string::npos || c1 > comma || c2 == std::string::npos)
    throw InputError("zoom '" + text + "': expected M0:M1,B0:B1 (for example 0:0.2,-0.1:0.2)");
  auto num = [&](std::size_t a, std::size_t b) { return to_double(parse_rational(text.substr(a, b - a))); };
  RegionView v{num(0, c1), num(c1 + 1, comma), num(comma + 1, c2), num(c2 + 1, text.size())};
  if (!(0 <= v.m_lo && v.m_lo < v.m_hi && v.m_hi <= 1 && -1 <= v.b_lo && v.b_lo < v.b_hi && v.b_hi <= 1))
    throw InputError("zoom '" + text + "': needs 0 <= M0 < M1 <= 1 and -1 <= B0 < B1 <= 1");
  return v;
}

std::string region_svg(const std::vector<LabeledPoint>& points, const RegionView& view) {
  SvgPlot plot(view.m_lo, view.m_hi, view.b_lo, view.b_hi, 860, 560);
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
  auto shown = [&](double m, double b) { return m >= view.m_lo && m <= view.m_hi && b >= view.b_lo && b <= view.b_hi; };
  if (shown(0.5, 0.5)) plot.point({0.5, 0.5}, "#000", "simplex limit (1/2, 1/2)");
  for (const auto& p : points)
    if (shown(p.m, p.b)) plot.point({p.m, p.b}, "#d62728", p.label);
  return plot.str();
}

}  // namespace constel
