// The JSON summaries that moved from the tools into the library (construct/generate_json.hpp,
// report/plot_json.hpp, train/train_json.hpp): their keys in order, exact numbers with `_decimal`
// twins, non-finite numbers of a diverged run as null, optional keys only when they apply. The golden
// cases tests/golden/{generate,plot,train} pin the same objects as the CLI prints them.
#include <catch2/catch.hpp>

#include <limits>
#include <vector>

#include "constel/codes/source.hpp"
#include "constel/construct/constructions.hpp"
#include "constel/construct/generate_json.hpp"
#include "constel/report/plot_json.hpp"
#include "constel/train/train_json.hpp"

using namespace constel;

namespace {

std::vector<std::string> keys(const Json& j) {
  std::vector<std::string> k;
  for (auto it = j.begin(); it != j.end(); ++it) k.push_back(it.key());
  return k;
}

}  // namespace

TEST_CASE("1206: generate, plot and sweep summaries and a diverged run as JSON", "[quick][report][train]") {
  Configuration c = construct::line(codes::build_code("simplex:3"));
  construct::GenerateSummary g{c, "line", "simplex:3", "s.cst", "cst", construct::LossParameters{Rational(10), Rational(1, 2)}};
  Json jg = construct::to_json(g);
  CHECK(keys(jg) == std::vector<std::string>{"construction", "code", "file", "format", "N", "d", "k", "m",
                                             "m_decimal", "b", "b_decimal", "adapted_t", "adapted_t_decimal",
                                             "adapted_b_rel", "adapted_b_rel_decimal", "source"});
  CHECK(jg["N"] == 3);
  CHECK(jg["m"] == to_string(c.claim()->m));
  CHECK(jg["adapted_b_rel"] == "1/2");
  g.code.clear();
  g.adapted.reset();
  CHECK_FALSE(construct::to_json(g).contains("code"));
  CHECK_FALSE(construct::to_json(g).contains("adapted_t"));

  CHECK(to_json(PlotSummary{"region", "r.svg", 3, std::nullopt}).dump() ==
        R"({"picture":"region","output":"r.svg","points":3})");
  CHECK(to_json(PlotSummary{"bounds", "b.svg", std::nullopt, 5}).dump() ==
        R"({"picture":"bounds","output":"b.svg","dimensions":5})");

  std::vector<train::SweepRun> runs(3);
  runs[1].constellation = true;
  CHECK(train::verified_constellations(runs) == 1);
  CHECK(train::to_json(train::SweepSummary{"b-rel", runs, "s.csv", ""}).dump() ==
        R"({"sweep":"b-rel","runs":3,"constellations":1,"output":"s.csv"})");
  CHECK(train::to_json(train::SweepSummary{"b-rel", runs, "s.csv", "s.svg"})["svg"] == "s.svg");

  train::TrainOptions o;
  train::TrainResult r;
  r.steps = 1;
  r.loss = 0.5;
  r.t = 0;
  r.b_rel = std::numeric_limits<double>::quiet_NaN();
  r.b = std::numeric_limits<double>::infinity();
  r.diverged = true;
  Json jd = train::to_json(train::DivergedTrainSummary{o, r, "t.npz"});
  CHECK(keys(jd) == std::vector<std::string>{"N", "d", "k", "seed", "steps", "diverged", "verified", "constellation",
                                             "loss", "t", "b", "b_rel", "output"});
  CHECK(jd["diverged"] == true);
  CHECK(jd["verified"] == false);
  CHECK(jd["loss"] == 0.5);
  CHECK(jd["b"].is_null());
  CHECK(jd["b_rel"].is_null());
}
