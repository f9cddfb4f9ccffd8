// Drawing log10 N_MRB bounds against d (see bounds_plot.hpp).
#include "constel/tables/bounds_plot.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <limits>

#include "constel/bounds/region.hpp"
#include "constel/choose/explicit.hpp"
#include "constel/error.hpp"
#include "constel/report/svg.hpp"

namespace constel {
namespace {

double finite_or_nan(const bounds::SizeBound& b) {
  return b.infinite || !std::isfinite(b.log10) ? std::numeric_limits<double>::quiet_NaN() : b.log10;
}

std::vector<SvgPoint> points_of(const std::vector<BoundsSeriesPoint>& s, double BoundsSeriesPoint::*field) {
  std::vector<SvgPoint> p;
  for (const auto& x : s)
    if (std::isfinite(x.*field)) p.push_back({double(x.d), x.*field});
  return p;
}

}  // namespace

std::vector<BoundsSeriesPoint> bounds_series(const std::vector<std::size_t>& dims, const Rational& m, const Rational& b,
                                             const bounds::MrbOptions& options) {
  bounds::throw_if_bad_parameters(m, b);
  if (m == 0) throw InputError("plot bounds: m = 0 is degenerate (any N in any d); give m > 0");
  if (m + b > 1) throw InputError("plot bounds: (m, b) is infeasible: m + b = " + to_string(m + b) + " > 1 (Theorem 3.4)");
  if (dims.size() < 2) throw InputError("plot bounds: a curve needs at least two dimensions, got " + std::to_string(dims.size()));
  std::vector<BoundsSeriesPoint> s;
  const double nan = std::numeric_limits<double>::quiet_NaN();
  for (std::size_t d : dims) {
    auto r = bounds::mrb_bounds(d, m, b, options);
    BoundsSeriesPoint p{d, finite_or_nan(r.lower), finite_or_nan(r.upper), nan, nan};
    for (const auto& u : r.upper_all)
      if (u.method.find("3.5") != std::string::npos) p.theorem35 = finite_or_nan(u);
    if (auto c = choose::best_explicit_construction(d, m, b)) p.explicit_code = bounds::log10_of(Rational(c->N));
    s.push_back(p);
  }
  return s;
}

namespace {

struct SeriesStyle {
  const char* key;
  double BoundsSeriesPoint::*field;
  const char* color;
  double width;
  const char* dash;
  const char* legend;
};

// Drawn in this order: the explicit construction last, on top, in its own colour and dash.
const SeriesStyle kStyles[] = {
    {"theorem35", &BoundsSeriesPoint::theorem35, "#9e9ac8", 1.5, "6 4", "Theorem 3.5 (paper)"},
    {"upper", &BoundsSeriesPoint::upper, "#d62728", 2.5, "", "upper bound (best certified)"},
    {"lower", &BoundsSeriesPoint::lower, "#2ca02c", 2.5, "", "lower bound (CSW or code)"},
    {"explicit", &BoundsSeriesPoint::explicit_code, "#ff7f0e", 2.5, "9 4", "explicit code (generate)"},
};

}  // namespace

Json crossings_json(const std::vector<BoundsCrossing>& crossings) {
  Json c = Json::object();
  for (const auto& x : crossings)
    c[x.series] = std::isfinite(x.d) ? Json{{"d", x.d}, {"at_grid_start", x.at_grid_start}} : Json(nullptr);
  return c;
}

std::vector<BoundsCrossing> bounds_crossings(const std::vector<BoundsSeriesPoint>& series, double log10_N) {
  std::vector<BoundsCrossing> out;
  for (const auto& st : kStyles) {
    BoundsCrossing c{st.key, std::numeric_limits<double>::quiet_NaN(), false};
    const std::vector<SvgPoint> p = points_of(series, st.field);
    for (std::size_t k = 0; k < p.size(); ++k) {
      if (p[k].y < log10_N) continue;
      if (k == 0) {
        c.d = p[0].x, c.at_grid_start = true;
      } else {
        const double x0 = std::log10(p[k - 1].x), x1 = std::log10(p[k].x);
        c.d = std::pow(10.0, x0 + (log10_N - p[k - 1].y) / (p[k].y - p[k - 1].y) * (x1 - x0));
      }
      break;
    }
    out.push_back(c);
  }
  return out;
}

std::string bounds_svg(const std::vector<BoundsSeriesPoint>& series, const std::string& m_text, const std::string& b_text,
                       const BoundsMark* mark) {
  double y_max = 1;
  for (const auto& p : series)
    for (double v : {p.lower, p.upper, p.theorem35, p.explicit_code})
      if (std::isfinite(v)) y_max = std::max(y_max, v);
  if (mark) y_max = std::max(y_max, mark->log10_N);
  double x_min = double(series.front().d), x_max = double(series.back().d);
  SvgPlot plot(x_min, x_max, 0, y_max * 1.05, 860, 520);
  plot.set_log_x(true);
  plot.set_title("log10 N_MRB(d, m = " + m_text + ", b = " + b_text + ")");
  plot.set_labels("dimension d (log scale)", "log10 N (pairs)");
  for (const auto& st : kStyles) plot.polyline(points_of(series, st.field), st.color, st.width, st.dash, st.legend);
  for (const auto& p : points_of(series, &BoundsSeriesPoint::upper)) plot.point(p, "#d62728");
  for (const auto& p : points_of(series, &BoundsSeriesPoint::lower)) plot.point(p, "#2ca02c");
  for (const auto& p : points_of(series, &BoundsSeriesPoint::explicit_code)) plot.point(p, "#ff7f0e");
  if (mark) {
    plot.polyline({{x_min, mark->log10_N}, {x_max, mark->log10_N}}, "#555", 1.2, "3 3", "N = " + mark->text);
    const auto crossings = bounds_crossings(series, mark->log10_N);
    for (std::size_t k = 0; k < crossings.size(); ++k) {
      if (!std::isfinite(crossings[k].d)) continue;
      plot.point({crossings[k].d, mark->log10_N}, kStyles[k].color,
                 fmt::format("{}: d {} {:.4g}", crossings[k].series, crossings[k].at_grid_start ? "<=" : "=", crossings[k].d));
    }
  }
  return plot.str();
}

}  // namespace constel
