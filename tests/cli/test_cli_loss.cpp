// `constel loss` from the command line (docs/loss.md): the JSON keys, the Hugging Face parameters, the
// relative bias, labels, bad input with exit 2; and the modality-gap statistics of `constel gap` and
// `verify --json` (docs/gap.md). (1332-1335)
#include <catch2/catch.hpp>
#include <cmath>
#include <nlohmann/json.hpp>

#include "support.hpp"

using constel::test::run_tool;
using constel::test::TempDir;

namespace {
const std::string kData = CONSTEL_TEST_DATA;
const std::string kUV = "--u '" + kData + "/embeddings/u_f4.npy' --v '" + kData + "/embeddings/v_f4.npy'";
}  // namespace

TEST_CASE("1332: constel loss --json: the enclosure, the margin, the sandwich and the optimal b", "[quick][cli][loss]") {
  auto r = run_tool("loss " + kUV + " --t 10 --b 2 --norm sum --json");
  REQUIRE(r.code == 0);
  auto j = nlohmann::json::parse(r.out);
  CHECK(j["N_u"] == 3);
  CHECK(j["loss_form"] == "softplus");
  CHECK(j["norm"] == "sum");
  CHECK(j["t"] == 10.0);
  CHECK(j["b_rel"] == 0.2);
  const double lo = j["loss"]["lo"], hi = j["loss"]["hi"];
  CHECK(lo <= hi);
  CHECK(j["loss"]["relative_accuracy"].get<double>() < 1e-12);
  CHECK(j["sandwich"]["lower"].get<double>() <= j["optimal_b"]["inf_loss"]["hi"].get<double>());
  CHECK(j["optimal_b"]["loss_at_b"]["hi"].get<double>() <= hi);  // the optimum is below L(t, 2)
  auto mean = nlohmann::json::parse(run_tool("loss " + kUV + " --t 10 --b 2 --json").out);
  CHECK(mean["norm"] == "mean");
  CHECK(mean["loss"]["value"].get<double>() == Approx(j["loss"]["value"].get<double>() / 9).epsilon(1e-12));
  auto rel = nlohmann::json::parse(run_tool("loss " + kUV + " --t 10 --b-rel 0.2 --norm sum --no-optimal-b --json").out);
  CHECK(rel["loss"]["value"].get<double>() == j["loss"]["value"].get<double>());
  CHECK(rel["optimal_b"].is_null());
  auto human = run_tool("loss " + kUV + " --t 10 --b 2");
  CHECK(human.out.find("certified sigmoid loss of") != std::string::npos);
  CHECK(human.out.find("optimal b (softplus):") != std::string::npos);
}

TEST_CASE("1333: constel loss with Hugging Face parameters: t = exp(S), b = -B", "[quick][cli][loss]") {
  auto hf = nlohmann::json::parse(run_tool("loss " + kUV + " --hf-logit-scale 2 --hf-logit-bias -3 --json").out);
  CHECK(hf["t"].get<double>() == Approx(std::exp(2.0)).epsilon(1e-15));
  CHECK(hf["b"] == 3.0);
  CHECK(hf["t_relative_error"].get<double>() > 0);
  auto paper = nlohmann::json::parse(run_tool("loss " + kUV + " --t 7.38905609893065 --b 3 --json").out);
  CHECK(hf["loss"]["value"].get<double>() == Approx(paper["loss"]["value"].get<double>()).epsilon(1e-12));
  auto bce = nlohmann::json::parse(run_tool("loss " + kUV + " --t 10 --b 0 --loss bce-eps --json").out);
  CHECK(bce["loss_form"] == "bce-eps");
}

TEST_CASE("1334: constel loss refuses bad input with exit 2 and says what is wrong", "[quick][cli][loss]") {
  auto check = [](const std::string& args, const std::string& message) {
    auto r = run_tool("loss " + args);
    CAPTURE(args, r.err);
    CHECK(r.code == 2);
    CHECK(r.err.find(message) != std::string::npos);
  };
  check(kUV, "give --t with --b or --b-rel");
  check(kUV + " --t 1 --b 0 --b-rel 0", "exactly one of --b and --b-rel");
  check(kUV + " --t -1 --b 0", "--t: the inverse temperature must be > 0");
  check(kUV + " --t 1 --b 0 --norm average", "--norm: expected sum or mean");
  check(kUV + " --t 1 --b 0 --loss hinge", "--loss: expected softplus or bce-eps");
  check(kUV + " --hf-logit-scale 1", "go together");
  check(kUV + " --hf-logit-scale 1 --hf-logit-bias 0 --t 2", "not both");
  check("--u '" + kData + "/embeddings/u_f4.npy' --v missing.npy --t 1 --b 0", "--v: ");
  TempDir dir;
  const std::string w = dir.write("w.csv", "1,0,0\n0,1,0\n0,0,1\n");
  check("--u '" + kData + "/embeddings/u_f4.npy' --v '" + w + "' --t 1 --b 0", "U has dimension 4 but V has 3");
  CHECK(run_tool("loss --help").out.find("--hf-logit-scale") != std::string::npos);
}

TEST_CASE("1335: gap and verify --json report the modality-gap statistics, with exact side counts", "[quick][cli][gap]") {
  TempDir dir;
  // U = (1,0), (0,1), (3/5,4/5); V = (-1,0), (0,-1), (3/5,4/5): h = mean U - mean V = (2/3, 2/3), the
  // midpoint (1/5, 4/15); every U is on its side, V row 2 is not.
  auto f = dir.write("g.cst",
                     "constel 1\nN 3\nd 2\nk 2\nscales 1 1\nmodality U\n1 0\n0 1\n3/5 4/5\nmodality V\n-1 0\n0 -1\n3/5 4/5\n");
  auto r = run_tool("gap '" + f + "' --json");
  CAPTURE(r.err);
  auto j = nlohmann::json::parse(r.out);
  const auto& s = j["statistics"];
  CHECK(s["u_on_side"] == 3);
  CHECK(s["v_on_side"] == 2);
  CHECK(s["v_fraction"].get<double>() == Approx(2.0 / 3));
  CHECK(s["centroid_distance"].get<double>() == Approx(std::sqrt(8.0 / 9)));
  CHECK(s["hyperplane"] == "exact means");
  CHECK(s["counts_exact"] == true);
  auto human = run_tool("gap '" + f + "'");
  CHECK(human.out.find("V on its side 2 of 3") != std::string::npos);
  auto v = nlohmann::json::parse(run_tool("verify " + kUV + " --json").out);
  REQUIRE(v.contains("modality_gap"));
  CHECK(v["modality_gap"]["hyperplane"] == "means in float64");
  CHECK(v["modality_gap"]["u_on_side"].get<int>() >= 0);
  CHECK(v["modality_gap"]["means_cosine"].get<double>() <= 1.0);
}
