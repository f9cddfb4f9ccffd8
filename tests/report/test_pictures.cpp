// The pictures a researcher puts in a paper (docs/gap.md, docs/bounds.md, docs/verify-embeddings.md,
// docs/training.md): point labels placed apart, extremes drawn in the legend as lines, the log-count
// histogram, the region's zoom, the bounds' --mark-N crossings, and training margins in distinguishable
// series (colour and dash, at most eight per panel, small multiples beyond). (1327-1331)
#include <catch2/catch.hpp>
#include <cmath>
#include <regex>
#include <set>

#include "constel/report/histogram_plot.hpp"
#include "constel/report/label_placer.hpp"
#include "constel/report/region_plot.hpp"
#include "constel/report/svg.hpp"
#include "constel/tables/bounds_plot.hpp"
#include "constel/train/sweep.hpp"
#include "support.hpp"

using namespace constel;

namespace {

// The boxes of the <text class="label"> elements of a document, estimated as the placer does.
std::vector<SvgBox> label_boxes(const std::string& svg) {
  std::vector<SvgBox> out;
  std::regex re("<text class=\"label\" x=\"([-0-9.]+)\" y=\"([-0-9.]+)\" font-size=\"11\"[^>]*>([^<]*)</text>");
  for (auto it = std::sregex_iterator(svg.begin(), svg.end(), re); it != std::sregex_iterator(); ++it)
    out.push_back(text_box(std::stod((*it)[1]), std::stod((*it)[2]), (*it)[3], 11));
  return out;
}

bool any_overlap(const std::vector<SvgBox>& b) {
  for (std::size_t i = 0; i < b.size(); ++i)
    for (std::size_t j = i + 1; j < b.size(); ++j)
      if (b[i].overlaps(b[j])) return true;
  return false;
}

}  // namespace

TEST_CASE("1327: point labels are placed apart: the SigLIP points and a user point beside them", "[quick][report]") {
  std::vector<LabeledPoint> pts = siglip_reference_points();
  pts.push_back({"my-model", 0.066, 0.066});  // between so400m (0.0695, 0.068) and base (0.0627, 0.0322)
  pts.push_back({"same-place", 0.066, 0.066});
  const std::string svg = region_svg(pts);
  CHECK(test::svg_balanced(svg));
  const std::vector<SvgBox> boxes = label_boxes(svg);
  REQUIRE(boxes.size() == 5);  // four points and the simplex limit
  CHECK_FALSE(any_overlap(boxes));
  // The placer itself: labels at one anchor go to different places, none over the marker.
  const SvgBox frame{0, 0, 400, 300};
  const SvgBox marker{195, 145, 205, 155};
  auto placed = place_labels({{200, 150}, {200, 150}, {200, 150}}, {"alpha", "beta", "gamma"}, 11, {marker}, frame);
  REQUIRE(placed.size() == 3);
  std::vector<SvgBox> b{placed[0].box, placed[1].box, placed[2].box, marker};
  CHECK_FALSE(any_overlap(b));
  // Before the placer, two labels at nearby points were printed on top of each other.
  CHECK(any_overlap({text_box(206, 100, "so400m-patch14-384", 11), text_box(203, 104, "my-model", 11)}));
}

TEST_CASE("1328: the histogram draws the extremes in the legend as lines, and has a log-count axis",
          "[quick][report]") {
  InnerProductHistogram h;
  h.positives = {0.5, 0.6, 0.6, 0.7};
  h.neg_counts = {0, 300, 5000, 20, 0};
  h.neg_lo = -0.5, h.neg_hi = 0.5;
  h.min_diag = 0.5, h.max_offdiag = 0.3, h.has_offdiag = true;
  const std::string linear = histogram_svg(h, 20);
  CHECK(test::occurrences(linear, "<line class=\"legend\"") == 2);
  CHECK(test::occurrences(linear, "<rect class=\"legend\"") == 2);
  CHECK(linear.find("fraction of pairs per bin") != std::string::npos);
  h.log_counts = true;
  const std::string log = histogram_svg(h, 20);
  CHECK(test::svg_balanced(log));
  CHECK(log.find("pairs per bin (log scale)") != std::string::npos);
  for (const char* tick : {">1</text>", ">10</text>", ">100</text>", ">1000</text>"}) CHECK(log.find(tick) != std::string::npos);
  CHECK(log.find(">0.5</text>") == std::string::npos);  // decades only over four decades
}

TEST_CASE("1329: training margins: colour and dash distinct in a panel, small multiples beyond eight series",
          "[quick][report][train]") {
  auto runs_of = [](std::size_t n) {
    std::vector<train::SweepRun> runs(n);
    for (std::size_t k = 0; k < n; ++k) {
      runs[k].experiment = "e", runs[k].variant = "v" + std::to_string(k), runs[k].seed = 50;
      runs[k].margin_trajectory = {{0, -0.1}, {10, 0.01 * double(k)}};
    }
    return runs;
  };
  const std::string one = train::sweep_svg(runs_of(8), "eight");
  std::regex series("<polyline class=\"series\" fill=\"none\" stroke=\"([^\"]+)\" stroke-width=\"[^\"]+\"( stroke-dasharray=\"([^\"]+)\")?");
  std::set<std::string> colors, dashes;
  std::size_t n = 0;
  for (auto it = std::sregex_iterator(one.begin(), one.end(), series); it != std::sregex_iterator(); ++it, ++n)
    colors.insert((*it)[1]), dashes.insert((*it)[3]);
  CHECK(n == 8);
  CHECK(colors.size() == 8);
  CHECK(dashes.size() == 8);
  CHECK(test::occurrences(one, "<svg ") == 1);
  const std::string many = train::sweep_svg(runs_of(19), "nineteen");
  CHECK(test::svg_balanced(many));
  CHECK(test::occurrences(many, "<svg ") == 4);  // the document and three panels of 8, 8, 3
  CHECK(many.find("nineteen (3/3)") != std::string::npos);
  CHECK(test::occurrences(many, "clipPath id=\"frame2\"") == 1);  // every panel its own clip id
}

TEST_CASE("1330: plot bounds --mark-N: where each series crosses N, interpolated in log d", "[quick][report]") {
  const double nan = std::nan("");
  std::vector<BoundsSeriesPoint> s{{10, 1, 2, 3, nan}, {100, 3, 4, 5, nan}, {1000, 5, 6, 7, 2}};
  auto c = bounds_crossings(s, 4);
  REQUIRE(c.size() == 4);
  CHECK(c[0].series == "theorem35");
  CHECK(c[0].d == Approx(std::pow(10.0, 1.5)));  // 3 -> 5 between d = 10 and 100
  CHECK(c[1].series == "upper");
  CHECK(c[1].d == Approx(100));
  CHECK(c[2].series == "lower");
  CHECK(c[2].d == Approx(std::pow(10.0, 2.5)));
  CHECK(std::isnan(c[3].d));  // the explicit code stays below
  auto early = bounds_crossings(s, 0.5);
  CHECK(early[1].at_grid_start);
  CHECK(early[1].d == 10);
  const BoundsMark mark{4, "1e4"};
  const std::string svg = bounds_svg(s, "1/10", "0", &mark);
  CHECK(test::svg_balanced(svg));
  CHECK(svg.find("N = 1e4") != std::string::npos);
  CHECK(svg.find("upper: d = 100") != std::string::npos);
  CHECK_FALSE(any_overlap(label_boxes(svg)));
  CHECK(svg.find("stroke=\"#ff7f0e\" stroke-width=\"2.5\" stroke-dasharray=\"9 4\"") != std::string::npos);
}

TEST_CASE("1331: plot region --zoom: axis ranges parsed exactly, points outside left out, bad ranges refused",
          "[quick][report]") {
  const RegionView v = parse_region_view("0:0.15,-1/20:0.15");
  CHECK(v.m_lo == 0);
  CHECK(v.m_hi == 0.15);
  CHECK(v.b_lo == -0.05);
  CHECK(v.b_hi == 0.15);
  const std::string svg = region_svg({{"inside", 0.1, 0.1}, {"outside", 0.4, 0.1}}, v);
  CHECK(svg.find(">inside</text>") != std::string::npos);
  CHECK(svg.find(">outside</text>") == std::string::npos);
  CHECK(svg.find("simplex limit") == std::string::npos);
  CHECK_THROWS_WITH(parse_region_view("0:0.1"), Catch::Contains("expected M0:M1,B0:B1"));
  CHECK_THROWS_WITH(parse_region_view("0.2:0.1,0:1"), Catch::Contains("needs 0 <= M0 < M1 <= 1"));
  CHECK_THROWS_AS(parse_region_view("a:0.1,0:1"), InputError);
  auto r = test::run_tool("plot region --zoom 0:2,0:1 -o -");
  CHECK(r.code == 2);
  CHECK(r.err.find("--zoom: zoom '0:2,0:1': needs") != std::string::npos);
}
