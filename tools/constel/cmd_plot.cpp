// `constel plot region [-o FILE.svg] [--point LABEL:M,B ...] [--no-reference]`: the (m, b_rel) feasible
// region of Theorem 3.4 with user points; the published SigLIP models are marked unless
// --no-reference. Writes SVG atomically (default region.svg; '-' for stdout).
#include <memory>

#include "command.hpp"
#include "constel/error.hpp"
#include "constel/io/atomic_file.hpp"
#include "constel/report/json.hpp"
#include "constel/report/region_plot.hpp"

namespace constel::tool {
namespace {

struct PlotArgs {
  std::string what;
  std::string out = "region.svg";
  std::vector<std::string> points;
  bool no_reference = false;
  bool json = false;
};

int run_plot(const PlotArgs& a) {
  if (a.what != "region") throw InputError("plot: unknown picture '" + a.what + "' (available: region)");
  std::vector<LabeledPoint> pts;
  if (!a.no_reference) pts = siglip_reference_points();
  for (const auto& s : a.points) pts.push_back(parse_labeled_point(s));
  write_bytes_atomically(a.out, region_svg(pts));
  if (a.json && a.out != "-") {
    Json o;
    o["picture"] = a.what;
    o["output"] = a.out;
    o["points"] = pts.size();
    print_json_line(o.dump(2));
  } else if (a.out != "-") {
    message("wrote " + a.out);
  }
  return 0;
}

const CommandRegistrar registrar("plot", "Draw pictures as SVG: the (m, b_rel) feasible region", [](CLI::App& app) -> RunFunction {
  auto a = std::make_shared<PlotArgs>();
  app.add_option("what", a->what, "Picture: region")->required();
  app.add_option("-o,--output", a->out, "Output SVG file (default region.svg; '-' for stdout)");
  app.add_option("--point", a->points, "Mark a point LABEL:M,B (repeatable)");
  app.add_flag("--no-reference", a->no_reference, "Do not mark the published SigLIP models");
  app.add_flag("--json", a->json, "Print a JSON summary");
  return [a]() { return run_plot(*a); };
});

}  // namespace
}  // namespace constel::tool
