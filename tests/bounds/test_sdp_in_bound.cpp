// The three-point SDP bound where the commands other than codebound use it (opt-in, --sdp): bound
// through the reduction N_MRB(d, m, b) <= N_SC(d, alpha) and on the line m + b = 1 (docs/math.md section 4),
// the note when the dimension is beyond its limit, the code table's sdp columns, choose-d (a tighter
// upper bound can only raise d_necessary), the stop hook, and the SDP columns of data/kissing_bounds.csv.
#include <catch2/catch.hpp>
#include <algorithm>
#include <nlohmann/json.hpp>
#include <sstream>

#include "constel/bounds/mrb_bounds.hpp"
#include "constel/choose/choose_d.hpp"
#include "constel/error.hpp"
#include "constel/tables/bound_tables.hpp"
#include "support.hpp"

using namespace constel;
using nlohmann::json;

namespace {

bool contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

bounds::MrbOptions with_sdp(std::size_t degree) {
  bounds::MrbOptions o;
  bounds::ThreePointOptions t;
  t.degree = degree;
  o.sdp = t;
  return o;
}

const bounds::SizeBound* find_method(const std::vector<bounds::SizeBound>& all, const std::string& part) {
  for (const auto& b : all)
    if (contains(b.method, part)) return &b;
  return nullptr;
}

std::vector<std::string> split(const std::string& line, char sep) {
  std::vector<std::string> out;
  std::string item;
  bool quoted = false;
  for (char c : line) {
    if (c == '"')
      quoted = !quoted;
    else if (c == sep && !quoted)
      out.push_back(item), item.clear();
    else
      item += c;
  }
  out.push_back(item);
  return out;
}

}  // namespace

TEST_CASE("1604: bound --sdp on the line m + b = 1: the certified three-point value beats Delsarte at d = 6",
          "[standard][bounds][sdp]") {
  // N_MRB(6, 1/4, 3/4) = N_SC(6, 1/2), the kissing configurations of R^6: Delsarte certifies 82.63,
  // the three-point SDP at degree 6 81.50 (docs/bounds.md).
  auto plain = bounds::mrb_bounds(6, Rational(1, 4), Rational(3, 4));
  CHECK(find_method(plain.upper_all, "three-point") == nullptr);  // opt-in: the default is unchanged
  auto r = bounds::mrb_bounds(6, Rational(1, 4), Rational(3, 4), with_sdp(6));
  const auto* sdp = find_method(r.upper_all, "three-point SDP (certified, degree 6)");
  const auto* delsarte = find_method(r.upper_all, "Delsarte LP (certified");
  REQUIRE(sdp);
  REQUIRE(delsarte);
  CHECK(sdp->rigorous);
  REQUIRE(sdp->value);
  REQUIRE(delsarte->value);
  CHECK(*sdp->value < *delsarte->value);
  CHECK(*sdp->value >= 72);  // E6 has 72 minimal vectors: no valid bound is below
  CHECK(contains(r.upper.method, "three-point SDP"));
  CHECK(*r.upper.value == *sdp->value);
  CHECK(*r.upper.value < *plain.upper.value);
  CHECK(r.lower.log10 == plain.lower.log10);  // the SDP touches upper bounds only
}

TEST_CASE("1605: bound --sdp --json through the reduction N_MRB <= N_SC(d, alpha) names the method",
          "[standard][bounds][sdp][cli]") {
  // (m, b) = (1/5, 2/5): alpha = (1 + b - 3m) / (1 + b + m) = 1/2, the exponential region.
  auto r = test::run_tool("bound --d 6 --m 1/5 --b 2/5 --sdp-degree 6 --json");
  REQUIRE(r.code == 0);
  auto j = json::parse(r.out);
  CHECK(j["region"] == "exponential");
  bool found = false;
  for (const auto& u : j["upper_all"])
    if (contains(u["method"].get<std::string>(),
                 "reduction N_MRB <= N_SC(d, alpha): three-point SDP (certified, degree 6)")) {
      found = true;
      CHECK(u["rigorous"] == true);
    }
  CHECK(found);
  CHECK(contains(j["upper"]["method"].get<std::string>(), "three-point SDP"));
  auto human = test::run_tool("bound --d 6 --m 1/5 --b 2/5 --sdp --sdp-degree 6");
  REQUIRE(human.code == 0);
  CHECK(contains(human.out, "three-point SDP (certified, degree 6)"));
}

TEST_CASE("1606: bound --sdp beyond its dimension limit is skipped with a note, and the result is the default one",
          "[standard][bounds][sdp]") {
  auto plain = bounds::mrb_bounds(30, Rational(1, 4), Rational(3, 4));
  auto r = bounds::mrb_bounds(30, Rational(1, 4), Rational(3, 4), with_sdp(6));
  CHECK(find_method(r.upper_all, "three-point") == nullptr);
  bool noted = false;
  for (const auto& n : r.notes)
    if (contains(n, "three-point SDP (degree 6) not run: d = 30 is above its limit 24")) noted = true;
  CHECK(noted);
  CHECK(r.upper.method == plain.upper.method);
  CHECK(r.upper.log10 == plain.upper.log10);
  auto j = json::parse(test::run_tool("bound --d 30 --m 1/4 --b 3/4 --sdp --json").out);
  bool in_json = false;
  for (const auto& n : j["notes"])
    if (contains(n.get<std::string>(), "above its limit 24")) in_json = true;
  CHECK(in_json);
}

TEST_CASE("1607: --sdp options refuse bad values with exit 2, naming the option", "[quick][bounds][sdp][cli]") {
  auto check = [](const std::string& args, const std::string& msg) {
    auto r = test::run_tool(args);
    INFO(args << " -> " << r.err);
    CHECK(r.code == 2);
    CHECK(contains(r.err, msg));
  };
  check("bound --d 6 --m 1/4 --b 3/4 --sdp-degree 1",
        "--sdp-degree: '1' is out of range; expected a whole number from 2 to 14");
  check("bound --d 6 --m 1/4 --b 3/4 --sdp-degree x", "--sdp-degree: 'x' is not a whole number");
  check("choose-d --N 10 --m 1/4 --b 3/4 --sdp-degree 15", "--sdp-degree: '15' is out of range");
  check("bound --d 6 --m 1/4 --b 3/4 --sdp-degree 8,3:6", "--sdp-degree: '8,3:6': expected one degree");
  check("table --codes --n 3 --s 1/2 --sdp-degree 8,3:15", "--sdp-degree: '15' is out of range");
  check("table --d 8 --m 1/4 --b line --sdp-degree 8,3:6", "expected one degree");
  check("table --codes --n 3 --s 1/2 --sdp-max-n 5", "--sdp-max-n: only with --sdp");
  check("table --codes --n 3 --s 1/2 --sdp --sdp-max-n 25", "--sdp-max-n");
  check("table --codes --n 3 --s 1/2 --sdp --sdp-max-n 2", "--sdp-max-n");
}

TEST_CASE("1608: table --codes --sdp adds the sdp columns, filled where the SDP ran and was certified",
          "[standard][table][sdp][cli]") {
  auto plain = test::run_tool("table --codes --n 3 --s 0");
  REQUIRE(plain.code == 0);
  CHECK(!contains(plain.out, "sdp"));  // the default columns are unchanged
  auto r = test::run_tool("table --codes --n 6,25 --s 0,1/2 --sdp --sdp-degree 6 --format json");
  REQUIRE(r.code == 0);
  auto j = json::parse(r.out);
  const auto& cols = j["columns"];
  REQUIRE(cols.size() == 19);
  CHECK(cols[7] == "sdp");
  CHECK(cols[8] == "sdp_degree");
  REQUIRE(j["rows"].size() == 4);
  for (const auto& row : j["rows"]) {
    INFO(row.dump());
    const bool ran = row["n"] == 6 && row["s"] == "1/2";
    CHECK(row["sdp"].is_null() != ran);
    if (!ran) continue;
    CHECK(row["sdp_degree"] == 6);
    CHECK(row["sdp"].get<double>() < row["delsarte"].get<double>());
    CHECK(row["best_upper_method"] == "three-point SDP (certified, degree 6)");
    CHECK(row["best_upper"].get<int>() <= 81);  // 81.50 at degree 6 today; a tighter SDP may go lower
    CHECK(row["best_upper"].get<int>() >= 72);  // E6
  }
  auto md = test::run_tool("table --codes --n 25 --s 1/2 --sdp --format md");
  REQUIRE(md.code == 0);
  CHECK(contains(md.out, "| delsarte_degree | sdp | sdp_degree | log10_volume |"));
}

TEST_CASE("1609: choose-d --sdp: the tighter upper bound raises d_necessary, never lowers it",
          "[standard][choose][sdp]") {
  // N = 82 pairs at (1/4, 3/4), the kissing line: Delsarte allows 82 in d = 6 (82.63), the SDP at degree 6
  // does not (81.50), so d_necessary goes from 6 to 7. max_dimension 7 keeps the probes few.
  bounds::MrbOptions plain;
  choose::BoundCache without(Rational(1, 4), Rational(3, 4), plain);
  choose::BoundCache with(Rational(1, 4), Rational(3, 4), with_sdp(6));
  auto a = choose::choose_d(without, Integer(82), "1/4", "3/4", 7);
  auto b = choose::choose_d(with, Integer(82), "1/4", "3/4", 7);
  REQUIRE(a.necessary.d);
  REQUIRE(b.necessary.d);
  CHECK(*a.necessary.d == 6);
  CHECK(*b.necessary.d == 7);
  REQUIRE(b.necessary.below_d);
  CHECK(contains(b.necessary.below_d->method, "three-point SDP"));
  CHECK(*b.necessary.below_d->value < 82);
  CHECK(b.sufficient.d == a.sufficient.d);  // lower bounds are not touched
}

TEST_CASE("1610: the three-point SDP in bound asks its stop hook and stops with Cancelled", "[standard][bounds][sdp]") {
  auto o = with_sdp(4);
  int asked = 0;
  o.sdp->stop = [&] {
    ++asked;
    return false;
  };
  auto r = bounds::mrb_bounds(5, Rational(1, 4), Rational(3, 4), o);
  CHECK(asked > 0);
  o.sdp->stop = [] { return true; };
  CHECK_THROWS_AS(bounds::mrb_bounds(5, Rational(1, 4), Rational(3, 4), o), Cancelled);
  // Without its own stop the SDP takes the call's (hooks.stop): a stop that answers true only once the
  // Delsarte LP is done (it asks first) still stops the SDP.
  auto h = with_sdp(4);
  int calls = 0, before_sdp = 0;
  h.hooks.stop = [&] {
    ++calls;
    return false;
  };
  bounds::mrb_bounds(5, Rational(1, 4), Rational(3, 4), h);
  before_sdp = calls;
  h.sdp.reset();
  calls = 0;
  bounds::mrb_bounds(5, Rational(1, 4), Rational(3, 4), h);
  CHECK(before_sdp > calls);  // the SDP asked the call's stop too
}

TEST_CASE("1611: data/kissing_bounds.csv has certified three-point values for n = 3..10 below Delsarte",
          "[quick][table][data][sdp]") {
  std::istringstream in(test::read_file(std::string(CONSTEL_SOURCE_DIR) + "/data/kissing_bounds.csv"));
  std::vector<std::string> cols;
  int checked = 0;
  bool provenance = false;
  for (std::string line; std::getline(in, line);) {
    if (line.empty()) continue;
    if (line[0] == '#') {
      if (contains(line, "--sdp") && contains(line, "--sdp-max-n 10")) provenance = true;
      continue;
    }
    auto v = split(line, ',');
    if (cols.empty()) {
      cols = v;
      continue;
    }
    REQUIRE(v.size() == cols.size());
    auto at = [&](const std::string& name) {
      auto it = std::find(cols.begin(), cols.end(), name);
      REQUIRE(it != cols.end());
      return v[std::size_t(it - cols.begin())];
    };
    const int n = std::stoi(at("n"));
    INFO(line);
    if (n > 10 || at("s") == "0") {
      CHECK(at("sdp").empty());
      continue;
    }
    if (at("s") != "1/2") continue;
    REQUIRE(!at("sdp").empty());
    const double sdp = std::stod(at("sdp")), delsarte = std::stod(at("delsarte"));
    if (n == 8) {
      CHECK(sdp >= 240);  // E8: 240 is the kissing number, no bound is below
      continue;
    }
    CHECK(sdp < delsarte);
    CHECK(contains(at("best_upper_method"), "three-point SDP (certified, degree " + at("sdp_degree") + ")"));
    if (n == 3) CHECK(sdp < 13);
    if (n == 4) CHECK(sdp < 25);
    ++checked;
  }
  CHECK(provenance);
  CHECK(checked == 7);
}
