// SVG pictures: well-formed XML (a small tag-balance checker), the expected elements, escaping.
#include <catch2/catch.hpp>
#include <vector>

#include "constel/error.hpp"
#include "constel/report/region_plot.hpp"
#include "constel/report/svg.hpp"
#include "support.hpp"

using namespace constel;

namespace {
bool balanced(const std::string& s) { return test::svg_balanced(s); }
std::size_t count(const std::string& s, const std::string& what) { return test::occurrences(s, what); }
}  // namespace

TEST_CASE("060: the region picture is well-formed SVG with its regions, lines and points", "[quick][report]") {
  std::string svg = region_svg({{"a<b", 0.1, 0.2}, {"c", 0.3, -0.1}});
  CHECK(svg.rfind("<?xml", 0) == 0);
  CHECK(balanced(svg));
  CHECK(count(svg, "<polygon class=\"region\"") == 3);
  CHECK(count(svg, "<circle class=\"point\"") == 3);  // the simplex limit and two user points
  CHECK(svg.find("a&lt;b") != std::string::npos);
  CHECK(svg.find("line m + b = 1") != std::string::npos);
  CHECK_FALSE(balanced("<svg><g></svg>"));
}

TEST_CASE("061: labelled points parse exactly and bad ones are refused", "[quick][report]") {
  auto p = parse_labeled_point("siglip:0.0695,0.068");
  CHECK(p.label == "siglip");
  CHECK(p.m == 0.0695);
  CHECK(p.b == 0.068);
  CHECK_THROWS_WITH(parse_labeled_point("nolabel"), Catch::Contains("expected LABEL:M,B"));
  CHECK_THROWS_WITH(parse_labeled_point("x:2,0"), Catch::Contains("needs 0 <= m <= 1"));
  CHECK_THROWS_AS(parse_labeled_point("x:a,0"), InputError);
  CHECK_THROWS_AS(SvgPlot(1, 1, 0, 1), InputError);
}

TEST_CASE("062: constel plot region writes the SVG file", "[quick][cli][report]") {
  test::TempDir dir;
  auto r = test::run_tool("plot region -o '" + dir.file("r.svg") + "' --point me:1/4,1/8 --json");
  REQUIRE(r.code == 0);
  std::string svg = test::read_file(dir.file("r.svg"));
  CHECK(balanced(svg));
  CHECK(svg.find(">me</text>") != std::string::npos);
  CHECK(test::run_tool("plot region --point bad").code == 2);
  CHECK(test::run_tool("plot nothing").code == 2);
}

#include "constel/report/histogram_plot.hpp"

TEST_CASE("063: the inner-product histogram has both distributions and the exact extremes", "[quick][report]") {
  InnerProductHistogram h;
  h.positives = {0.5, 0.6, 0.6, 0.7};
  h.neg_counts = {0, 3, 5, 2, 0};
  h.neg_lo = -0.5, h.neg_hi = 0.5;
  h.min_diag = 0.5, h.max_offdiag = 0.3, h.has_offdiag = true;
  std::string svg = histogram_svg(h, 20);
  CHECK(balanced(svg));
  CHECK(svg.find("negatives (10)") != std::string::npos);
  CHECK(svg.find("positives (4)") != std::string::npos);
  CHECK(count(svg, "<rect class=\"bar\"") == 3 + 3);  // 3 positive bins (0.5, 0.6, 0.7), 3 negative bins
  CHECK(svg.find("max negative (exact)") != std::string::npos);
  h.positives.clear();
  CHECK_THROWS_AS(histogram_svg(h), InputError);
}

TEST_CASE("064: constel verify --plot writes the histogram of an embedding file", "[quick][cli][report]") {
  test::TempDir dir;
  const std::string data = CONSTEL_TEST_DATA;
  auto r = test::run_tool("verify --u '" + data + "/embeddings/u_f4.npy' --v '" + data + "/embeddings/v_f4.npy' --plot '" +
                          dir.file("h.svg") + "' --quiet --json");
  REQUIRE(r.code == 0);
  std::string svg = test::read_file(dir.file("h.svg"));
  CHECK(balanced(svg));
  CHECK(svg.find("positives (") != std::string::npos);
  CHECK(test::run_tool("verify --u '" + data + "/embeddings/u_f4.npy' --v '" + data + "/embeddings/v_f4.npy' --plot '" +
                       dir.file("no/such/dir/h.svg") + "' --quiet").code == 2);
}
