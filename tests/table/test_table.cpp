// constel table and plot bounds: grid parsing, the three formats, canonical (deterministic) output,
// the data/ tables regenerate from the tool, provenance headers, the bounds picture, bad input.
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>
#include <sstream>

#include "constel/error.hpp"
#include "constel/tables/bound_tables.hpp"
#include "constel/tables/bounds_plot.hpp"
#include "constel/report/grid.hpp"
#include "constel/report/table.hpp"
#include "support.hpp"

using namespace constel;
using nlohmann::json;

namespace {
using test::occurrences;
using test::svg_balanced;
std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> v;
  std::istringstream in(text);
  for (std::string l; std::getline(in, l);) v.push_back(l);
  return v;
}
// Every line of `sample` that is not a comment appears in `file`, and the column line is the same.
void check_rows_in_file(const std::string& sample, const std::string& path) {
  auto file = lines_of(test::read_file(path));
  std::vector<std::string> data;
  for (const auto& l : file)
    if (!l.empty() && l[0] != '#') data.push_back(l);
  REQUIRE(!data.empty());
  auto rows = lines_of(sample);
  REQUIRE(rows.size() >= 2);
  CHECK(rows[0] == data[0]);
  for (std::size_t i = 1; i < rows.size(); ++i) {
    INFO("regenerated row: " << rows[i]);
    CHECK(std::find(data.begin() + 1, data.end(), rows[i]) != data.end());
  }
}
}  // namespace

TEST_CASE("720: dimension grids: lists, arithmetic and geometric ranges, errors name the item", "[quick][table]") {
  CHECK(parse_dimension_grid("--d", "8:4096:x2") == std::vector<std::size_t>{8, 16, 32, 64, 128, 256, 512, 1024, 2048, 4096});
  CHECK(parse_dimension_grid("--d", "3:6").size() == 4);
  CHECK(parse_dimension_grid("--d", "10:40:+10") == std::vector<std::size_t>{10, 20, 30, 40});
  CHECK(parse_dimension_grid("--d", "16,8,8,768,8:32:x2") == std::vector<std::size_t>{8, 16, 32, 768});
  CHECK(parse_dimension_grid("--d", "8:20:x3") == std::vector<std::size_t>{8});
  CHECK_THROWS_WITH(parse_dimension_grid("--d", "8:4"), Catch::Contains("the range is empty"));
  CHECK_THROWS_WITH(parse_dimension_grid("--d", "8:4096:x1"), Catch::Contains("a factor >= 2"));
  CHECK_THROWS_WITH(parse_dimension_grid("--d", "8::x2"), Catch::Contains("'' is not a non-negative integer"));
  CHECK_THROWS_WITH(parse_dimension_grid("--d", "8,,16"), Catch::Contains("empty item"));
  CHECK_THROWS_WITH(parse_dimension_grid("--d", "1,8"), Catch::Contains("1 is outside [2,"));
  CHECK_THROWS_WITH(parse_dimension_grid("--d", "8:16:2:3"), Catch::Contains("expected FROM:TO"));
  CHECK_THROWS_WITH(parse_dimension_grid("--d", ""), Catch::Contains("empty list"));
  CHECK_THROWS_AS(parse_dimension_grid("--d", "2:100000000"), LimitError);
  CHECK(parse_rational_list("--m", "0.1,1/10,0.2").size() == 2);
  CHECK_THROWS_WITH(parse_rational_list("--m", "0.1,x"), Catch::Contains("--m"));
}

TEST_CASE("721: CSV quotes, Markdown escapes, JSON types", "[quick][table]") {
  Table t;
  t.columns = {"a", "b", "c"};
  t.add_row({text_cell("x, y"), log10_cell(1.23456), text_cell("")});
  t.add_row({text_cell("p|q \"r\""), log10_cell(HUGE_VAL), integer_cell(Integer(42))});
  CHECK(format_csv(t) == "a,b,c\n\"x, y\",1.2346,\n\"p|q \"\"r\"\"\",inf,42\n");
  CHECK(format_markdown(t) == "| a | b | c |\n|---|---|---|\n| x, y | 1.2346 |  |\n| p\\|q \"r\" | inf | 42 |\n");
  auto j = table_json(t);
  CHECK(j["columns"].size() == 3);
  CHECK(j["rows"][0]["b"] == 1.2346);
  CHECK(j["rows"][0]["c"].is_null());
  CHECK(j["rows"][1]["b"] == "inf");
  CHECK(j["rows"][1]["c"] == 42);
  CHECK_THROWS_AS(t.add_row({text_cell("1")}), InternalError);
  CHECK_THROWS_WITH(parse_table_format("xml"), Catch::Contains("not a table format"));
}

TEST_CASE("722: decimal cells round upper bounds up and lower bounds down, exactly", "[quick][table]") {
  CHECK(decimal_up_cell(Rational(93, 7)).text == "13.285715");
  CHECK(decimal_down_cell(Rational(93, 7)).text == "13.285714");
  CHECK(decimal_up_cell(Rational(240)).text == "240.000000");
  CHECK(decimal_up_cell(Rational(-1, 3)).text == "-0.333333");
  CHECK(decimal_down_cell(Rational(-1, 3)).text == "-0.333334");
  CHECK(decimal_up_cell(Rational(1, 3000000)).text == "0.000001");
  CHECK(decimal_cell(Rational(139, 2000)).text == "0.0695");
}

TEST_CASE("723: table output is canonical: two runs give the same bytes in every format", "[standard][table][cli]") {
  test::TempDir dir;
  for (std::string f : {"csv", "json"}) {
    std::string args = "table --d 64,256 --m 0.1 --b 0,line --point 0.0695,0.068 --format " + f;
    auto a = test::run_tool(args), b = test::run_tool(args);
    REQUIRE(a.code == 0);
    CHECK(a.out == b.out);
    auto c = test::run_tool(args + " -o '" + dir.file("t." + f) + "'");
    if (f == "json") CHECK(json::parse(a.out)["rows"].size() == 6);
    CHECK(c.code == 0);
    CHECK(test::read_file(dir.file("t." + f)) == a.out);
  }
  auto csv = test::run_tool("table --d 64,256 --m 0.1 --b 0,line --point 0.0695,0.068");
  auto rows = lines_of(csv.out);
  REQUIRE(rows.size() == 7);
  CHECK(rows[0].rfind("d,m,b,m_decimal,b_decimal,alpha,region,log10_lower,lower,lower_method,log10_upper,upper", 0) == 0);
  CHECK(rows[1].rfind("64,1/10,0,0.1,0,7/11,exponential,", 0) == 0);
  CHECK(rows[3].rfind("64,1/10,9/10,0.1,0.9,4/5,line,", 0) == 0);
  CHECK(rows[5].rfind("64,139/2000,17/250,", 0) == 0);
  auto md = test::run_tool("table --codes --n 8 --s 1/2 --format md");
  CHECK(md.out.find("| 8 | 1/2 |  | 240.000000 | 7 | 240.000000 |") != std::string::npos);
  auto j = json::parse(test::run_tool("table --codes --n 3,4 --s 0 --format json").out);
  CHECK(j["rows"].size() == 2);
  CHECK(j["rows"][0]["rankin"] == 6);
  CHECK(j["rows"][1]["best_upper"] == 8);
}

TEST_CASE("724: data/mrb_bounds.csv regenerates (sample rows)", "[standard][table][data]") {
  auto r = test::run_tool("table --d 64,1024 --m 0.01,0.2 --b 0,line");
  REQUIRE(r.code == 0);
  check_rows_in_file(r.out, std::string(CONSTEL_SOURCE_DIR) + "/data/mrb_bounds.csv");
  auto s = test::run_tool("table --d 768,1152 --point 0.0695,0.068 --point 0.0627,0.0322");
  REQUIRE(s.code == 0);
  check_rows_in_file(s.out, std::string(CONSTEL_SOURCE_DIR) + "/data/mrb_bounds.csv");
}

TEST_CASE("725: data/kissing_bounds.csv regenerates (sample rows, certified Delsarte included)", "[standard][table][data]") {
  // The file has the three-point columns (--sdp --sdp-max-n 10); the rows where the SDP did not run
  // (n > 10, s = 0) regenerate within seconds, the SDP rows are checked by test 1611.
  auto r = test::run_tool("table --codes --n 12,24 --s 1/2 --sdp --sdp-max-n 10");
  REQUIRE(r.code == 0);
  CHECK(r.out.find("24,1/2,,196560.000000,11,196560.000000,10,,,") != std::string::npos);
  check_rows_in_file(r.out, std::string(CONSTEL_SOURCE_DIR) + "/data/kissing_bounds.csv");
  auto z = test::run_tool("table --codes --n 3:6 --s 0 --sdp --sdp-max-n 10");
  REQUIRE(z.code == 0);
  check_rows_in_file(z.out, std::string(CONSTEL_SOURCE_DIR) + "/data/kissing_bounds.csv");
  auto q = test::run_tool("table --codes --n 11,16 --s 1/4 --sdp --sdp-max-n 10");
  REQUIRE(q.code == 0);
  check_rows_in_file(q.out, std::string(CONSTEL_SOURCE_DIR) + "/data/kissing_bounds.csv");
}

TEST_CASE("726: data tables start with their provenance", "[quick][table][data]") {
  for (std::string name : {"mrb_bounds.csv", "kissing_bounds.csv"}) {
    auto lines = lines_of(test::read_file(std::string(CONSTEL_SOURCE_DIR) + "/data/" + name));
    REQUIRE(lines.size() > 10);
    INFO(name);
    CHECK(lines[0].rfind("# constel 0.1.0: constel table ", 0) == 0);
    CHECK(lines[0].find("--header -o data/" + name) != std::string::npos);
    CHECK(lines[1].rfind("# generated 20", 0) == 0);
    CHECK(test::read_file(std::string(CONSTEL_SOURCE_DIR) + "/data/" + name).find("certified") != std::string::npos);
  }
  test::TempDir dir;
  auto r = test::run_tool("table --codes --n 3 --s 0 --header --format md");
  CHECK(r.out.rfind("<!-- constel 0.1.0: constel table --codes --n 3 --s 0 --format md --header -->", 0) == 0);
  auto j = json::parse(test::run_tool("table --codes --n 3 --s 0 --header --format json").out);
  CHECK(j["provenance"][0].get<std::string>().find("constel table --codes") != std::string::npos);
}

TEST_CASE("727: table refuses bad input with exit 2", "[quick][table][cli]") {
  auto check = [](const std::string& args, const std::string& msg) {
    auto r = test::run_tool("table " + args);
    INFO(args << " -> " << r.err);
    CHECK(r.code == 2);
    CHECK(r.err.find(msg) != std::string::npos);
  };
  check("--d 8:4 --m 0.1 --b 0", "the range is empty");
  check("--d 8:x2 --m 0.1 --b 0", "not a non-negative integer");
  check("--d 8 --m 0.6 --b 0.5", "infeasible");
  check("--d 8 --m -0.1 --b 0", "m");
  check("--d 8 --m 0.1", "give both --m and --b");
  check("--d 8", "give --m and --b");
  check("--d 8 --m 0.1 --b 0 --format xml", "not a table format");
  check("--codes --n 3 --s 1", "--s: the max inner product must lie in [-1, 1), got 1");
  check("--codes --n 1000 --s 0", "outside [2, 200]");
  check("--d 8 --point 0.1", "expected M,B");
}

TEST_CASE("728: plot bounds writes a well-formed SVG with the four series, region still works", "[quick][table][cli]") {
  test::TempDir dir;
  auto r = test::run_tool("plot bounds --m 0.1 --b 0 --d 8:512:x4 -o '" + dir.file("b.svg") + "' --json");
  REQUIRE(r.code == 0);
  CHECK(json::parse(r.out)["dimensions"] == 4);
  std::string svg = test::read_file(dir.file("b.svg"));
  CHECK(svg.rfind("<?xml", 0) == 0);
  CHECK(svg_balanced(svg));
  CHECK(occurrences(svg, "<polyline class=\"series\"") == 4);
  CHECK(occurrences(svg, "<circle class=\"point\"") == 12);  // upper, lower and the explicit code at each d
  CHECK(svg.find("log10 N_MRB(d, m = 0.1, b = 0)") != std::string::npos);
  CHECK(svg.find("Theorem 3.5 (paper)") != std::string::npos);
  CHECK(svg.find("dimension d (log scale)") != std::string::npos);
  CHECK(test::run_tool("plot region -o '" + dir.file("r.svg") + "'").code == 0);
  CHECK(svg_balanced(test::read_file(dir.file("r.svg"))));
  for (std::string bad : {"--m 0 --b 0", "--m 0.6 --b 0.5", "--m 0.1 --b 0 --d 8", "--m 0.1 --b 0 --d 8:4", "--m 0.1"}) {
    auto e = test::run_tool("plot bounds " + bad + " -o '" + dir.file("x.svg") + "'");
    INFO(bad << " -> " << e.err);
    CHECK(e.code == 2);
  }
}

TEST_CASE("729: the bounds series are the bounds of constel bound", "[quick][table]") {
  bounds::MrbOptions o;
  o.delsarte_max_dimension = 0;
  auto s = bounds_series({64, 256}, Rational(1, 10), 0, o);
  REQUIRE(s.size() == 2);
  auto r = bounds::mrb_bounds(256, Rational(1, 10), 0, o);
  CHECK(s[1].upper == r.upper.log10);
  CHECK(s[1].lower == r.lower.log10);
  CHECK(s[1].lower < s[1].upper);
  CHECK(s[1].upper <= s[1].theorem35);
  CHECK(s[1].explicit_code <= s[1].lower);
  CHECK_THROWS_WITH(bounds_series({64}, Rational(1, 10), 0, o), Catch::Contains("at least two dimensions"));
}
