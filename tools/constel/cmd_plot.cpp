// `constel plot region [-o FILE.svg] [--point LABEL:M,B ...] [--no-reference]`: the (m, b_rel) feasible
// region of Theorem 3.4 with user points (labels placed so that they do not overlap; --zoom M0:M1,B0:B1
// draws a part of it); the published SigLIP models are marked unless --no-reference.
// `constel plot bounds --m M --b B [--d 8:4096:x2] [--mark-N N] [-o FILE.svg]`: log10 N_MRB lower and
// upper bounds against d (log-x axis), with --mark-N the line N and the d where each bound crosses it. Writes SVG atomically (default region.svg / bounds.svg; '-' for
// stdout).
#include <cmath>
#include <memory>
#include <optional>

#include "command.hpp"
#include "constel/error.hpp"
#include "constel/io/atomic_file.hpp"
#include "constel/tables/bounds_plot.hpp"
#include "constel/report/grid.hpp"
#include "constel/report/plot_json.hpp"
#include "constel/report/region_plot.hpp"

namespace constel::tool {
namespace {

struct PlotArgs {
  std::string what;
  std::string out;
  std::string m, b, d = "8:4096:x2", zoom, mark_n;
  bool delsarte = false;
  std::vector<std::string> points;
  bool no_reference = false;
  bool json = false;
};

int run_bounds_plot(const PlotArgs& a) {
  if (a.m.empty() || a.b.empty()) throw InputError("plot bounds: give --m and --b");
  Rational m = parse_rational_option("--m", a.m), b = parse_rational_option("--b", a.b);
  auto dims = parse_dimension_grid("--d", a.d, 2, 1000000, 2000);
  bounds::MrbOptions options;
  if (!a.delsarte) options.delsarte_max_dimension = 0;
  with_option("--m", [&] { bounds::throw_if_bad_margin(m); });
  with_option("--b", [&] { bounds::throw_if_bad_relative_bias(b); });
  if (dims.size() < 2) with_option("--d", [&] { return bounds_series(dims, m, b, options); });
  std::optional<BoundsMark> mark;
  if (!a.mark_n.empty()) {
    const Rational n = parse_rational_option("--mark-N", a.mark_n);
    if (n < 1) throw InputError("--mark-N: expected a number of pairs N >= 1, got '" + a.mark_n + "'");
    mark = BoundsMark{bounds::log10_of(n), a.mark_n};
  }
  auto series = bounds_series(dims, m, b, options);
  std::string out = a.out.empty() ? "bounds.svg" : a.out;
  write_bytes_atomically(out, bounds_svg(series, a.m, a.b, mark ? &*mark : nullptr));
  if (a.json && out != "-") {
    PlotSummary summary{a.what, out, std::nullopt, dims.size()};
    if (mark) {
      summary.mark_N = a.mark_n;
      summary.crossings = crossings_json(bounds_crossings(series, mark->log10_N));
    }
    print_json_line(to_json(summary).dump(2));
  } else if (out != "-") {
    message("wrote " + out);
  }
  return 0;
}

int run_plot(PlotArgs a) {
  if (a.what == "bounds" && !a.zoom.empty()) throw InputError("plot bounds: --zoom goes with plot region");
  if (a.what == "bounds") return run_bounds_plot(a);
  if (a.what != "region") throw InputError("plot: unknown picture '" + a.what + "' (available: region, bounds)");
  if (!a.mark_n.empty()) throw InputError("plot region: --mark-N goes with plot bounds");
  if (a.out.empty()) a.out = "region.svg";
  RegionView view;
  if (!a.zoom.empty()) view = with_option("--zoom", [&] { return parse_region_view(a.zoom); });
  std::vector<LabeledPoint> pts;
  if (!a.no_reference) pts = siglip_reference_points();
  for (const auto& s : a.points) pts.push_back(parse_labeled_point(s));
  write_bytes_atomically(a.out, region_svg(pts, view));
  if (a.json && a.out != "-") {
    print_json_line(to_json(PlotSummary{a.what, a.out, pts.size(), std::nullopt}).dump(2));
  } else if (a.out != "-") {
    message("wrote " + a.out);
  }
  return 0;
}

const CommandRegistrar registrar("plot", "Draw pictures as SVG: the (m, b_rel) feasible region, bounds against d", [](CLI::App& app) -> RunFunction {
  auto a = std::make_shared<PlotArgs>();
  app.add_option("what", a->what, "Picture: region or bounds")->required();
  app.add_option("-o,--output", a->out, "Output SVG file (default region.svg or bounds.svg; '-' for stdout)");
  app.add_option("--m", a->m, "bounds: margin m > 0 (exact)");
  app.add_option("--b", a->b, "bounds: relative bias b_rel (exact)");
  app.add_option("--d", a->d, "bounds: dimensions, list or range (default 8:4096:x2)");
  app.add_flag("--delsarte", a->delsarte, "bounds: also use the certified Delsarte LP for d <= 24 (slower)");
  app.add_option("--mark-N", a->mark_n, "bounds: draw the line N (pairs) and the d where each bound crosses it");
  app.add_option("--point", a->points, "Mark a point LABEL:M,B (repeatable)");
  app.add_option("--zoom", a->zoom, "region: axis ranges M0:M1,B0:B1 (default 0:1,-1:1)");
  app.add_flag("--no-reference", a->no_reference, "Do not mark the published SigLIP models");
  app.add_flag("--json", a->json, "Print a JSON summary");
  return [a]() { return run_plot(*a); };
});

}  // namespace
}  // namespace constel::tool
