// Tests of training as the paper's experiments train (docs/math.md section 8): the fixed t = 200 stall of
// the authors' BCE loss against the stable softplus (through the command), mini-batches, the progress
// hook, option validation, the reproduction sweeps' plans, and the regeneration of a sample of
// data/training/. (455-463)
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <cmath>
#include <map>
#include <set>
#include <sstream>

#include "constel/error.hpp"
#include "constel/loss/elementwise.hpp"
#include "constel/train/rng.hpp"
#include "constel/train/sweep.hpp"
#include "constel/train/trained_output.hpp"
#include "constel/train/trainer.hpp"
#include "support.hpp"

using namespace constel;
using namespace constel::train;
using constel::test::run_tool;
using constel::test::TempDir;

namespace {

// Splits one CSV line (fields may be double-quoted, without embedded quotes).
std::vector<std::string> csv_fields(const std::string& line) {
  std::vector<std::string> out;
  std::string cur;
  bool quoted = false;
  for (char c : line) {
    if (c == '"') quoted = !quoted;
    else if (c == ',' && !quoted) out.push_back(cur), cur.clear();
    else cur += c;
  }
  out.push_back(cur);
  return out;
}

}  // namespace

TEST_CASE("455: fixed t = 200, b = 0: the authors' BCE loss stalls above 0.1, the softplus reaches below 1e-3",
          "[standard][train][cli]") {
  TempDir dir;
  const std::string common = "train --t 200 --fix-t --b 0 --fix-b --seed 0 --json -o '" + dir.file("o.npz") + "'";
  auto bce = run_tool(common + " --loss bce-eps");
  REQUIRE(bce.code == 0);
  auto jb = nlohmann::json::parse(bce.out);
  CHECK(jb["param"] == "bias");  // --b / --fix-b select the bias parameterisation
  CHECK(jb["loss_form"] == "bce-eps");
  CHECK(jb["rows"] == "normalized-in-loss");
  CHECK(jb["N"] == 100);
  CHECK(jb["loss"].get<double>() > 0.1);
  CHECK(jb["constellation"] == false);
  auto soft = run_tool(common + " --loss softplus");
  REQUIRE(soft.code == 0);
  auto js = nlohmann::json::parse(soft.out);
  CHECK(js["loss"].get<double>() < 1e-3);
  CHECK(js["constellation"] == true);
}

TEST_CASE("456: mini-batches: B distinct indices, only their rows move, the batch loss is the loss of the batch",
          "[quick][train]") {
  TrainRng rng(4);
  std::vector<std::size_t> perm(50);
  for (std::size_t i = 0; i < 50; ++i) perm[i] = i;
  std::vector<int> seen(50, 0);
  for (int rep = 0; rep < 200; ++rep) {
    rng.sample_distinct(perm, 7);
    std::set<std::size_t> batch(perm.begin(), perm.begin() + 7);
    CHECK(batch.size() == 7);
    for (std::size_t i : batch) ++seen[i];
  }
  std::multiset<std::size_t> all(perm.begin(), perm.end());
  CHECK(all.size() == 50);
  CHECK(std::set<std::size_t>(perm.begin(), perm.end()).size() == 50);  // still a permutation
  for (int c : seen) CHECK(c > 5);  // every index drawn (expected 28 times)

  TrainOptions o;
  o.N = 40;
  o.d = 5;
  o.batch = 6;
  o.steps = 1;
  o.seed = 2;
  loss::Embeddings start = initial_embeddings(o);
  TrainResult r = train_constellation(o);
  for (std::size_t a = 0; a < 2; ++a) {
    std::size_t moved = 0;
    for (std::size_t i = 0; i < 40; ++i)
      moved += !std::equal(start.X[a].begin() + i * 5, start.X[a].begin() + i * 5 + 5, r.embeddings.X[a].begin() + i * 5);
    CHECK(moved == 6);
  }
  CHECK(train_constellation(o).embeddings.X == r.embeddings.X);  // deterministic in the seed
  // The logged batch loss of step 0 is the loss of the six sampled pairs alone.
  o.log_every = 1;
  double logged = -1;
  o.on_log = [&](const TrainLogRow& row) {
    if (row.step == 0) logged = row.loss;
  };
  train_constellation(o);
  TrainRng batch_rng(2 ^ 0x9e3779b97f4a7c15ull);
  std::vector<std::size_t> p(40);
  for (std::size_t i = 0; i < 40; ++i) p[i] = i;
  batch_rng.sample_distinct(p, 6);
  loss::Embeddings sub{6, 5, {std::vector<double>(30), std::vector<double>(30)}};
  for (std::size_t a = 0; a < 2; ++a)
    for (std::size_t q = 0; q < 6; ++q) std::copy_n(start.X[a].begin() + p[q] * 5, 5, sub.X[a].begin() + q * 5);
  const double expect = loss::sigmoid_loss(sub, loss::complete_graph(2), {10, 0}, loss::LossNorm::Mean, false).loss;
  CHECK(logged == Approx(expect).epsilon(1e-5));  // float32 steps
  o.batch = 41;
  CHECK_THROWS_WITH(train_constellation(o), Catch::Contains("the batch size B = 41 exceeds the number of pairs N = 40"));
}

TEST_CASE("457: mini-batch training ends in a constellation verified over all N pairs", "[standard][train]") {
  TrainOptions o;
  o.N = 300;
  o.d = 16;
  o.batch = 64;
  o.steps = 4000;
  o.seed = 1;
  TrainResult r = train_constellation(o);
  VerifiedTraining v = verify_trained(r.embeddings, r.graph);
  INFO("loss " << r.loss << " t " << r.t << " b_rel " << r.b_rel);
  REQUIRE(v.margin);
  CHECK(v.constellation);
  CHECK(r.loss < 1e-2);
  CHECK(std::fabs(to_double(*v.margin) - r.margin) < 1e-12);  // the final margin is over all N
}

TEST_CASE("458: the progress hook reports loss, t, b_rel and margin during training", "[quick][train]") {
  TrainOptions o;
  o.N = 20;
  o.d = 4;
  o.steps = 50;
  o.progress_after_s = 0;
  o.progress_every_s = 0;
  std::vector<TrainLogRow> rows;
  o.on_progress = [&](const TrainLogRow& r) { rows.push_back(r); };
  TrainResult res = train_constellation(o);
  REQUIRE(rows.size() == 50);
  CHECK(rows[0].step == 0);
  CHECK(rows[49].step == 49);
  CHECK(std::isfinite(rows[10].loss));
  CHECK(rows[10].loss > 0);
  CHECK(rows[0].t == Approx(10).epsilon(1e-15));
  CHECK(std::fabs(rows[49].t - 10) > 0.05);  // t is trained
  CHECK(std::isfinite(rows[49].margin));
  o.progress_after_s = 1e9;  // never due
  rows.clear();
  train_constellation(o);
  CHECK(rows.empty());
}

namespace {

void check_refused(const std::vector<std::pair<std::string, std::string>>& cases) {
  TempDir dir;
  const std::string o = " -o '" + dir.file("o.npz") + "'";
  for (const auto& [args, msg] : cases) {
    auto r = run_tool("train " + args + o);
    INFO(args << " -> " << r.err);
    CHECK(r.code == 2);
    CHECK(r.err.find(msg) != std::string::npos);
  }
}

}  // namespace

TEST_CASE("459: train refuses bad values of the new options (exit 2, a message)", "[standard][train][cli]") {
  check_refused({
      {"--rows sphere", "--rows: expected normalized-in-loss or projected, got 'sphere'"},
      {"--loss bce", "--loss: expected softplus or bce-eps, got 'bce'"},
      {"--k 3 --edges max", "--edges: expected mean or sum, got 'max'"},
      {"--N 10 --batch 11", "--batch: B = 11 exceeds --N 10"},
  });
  auto r = run_tool("train --help");
  for (const char* opt : {"--rows", "--loss", "--edges", "--batch", "--quiet", "table1", "fig9"})
    CHECK(r.out.find(opt) != std::string::npos);
}

TEST_CASE("463: train refuses options the chosen mode would ignore (exit 2, a message)", "[standard][train][cli]") {
  check_refused({
      {"--param rb --b 1", "--b: applies to --param bias"},
      {"--param bias --b-rel 0.5", "--b-rel: applies to --param rb"},
      {"--b 1 --b-rel 0.5", "--b-rel: applies to --param rb"},
      {"--seeds 4", "--seeds: applies to --sweep only"},
      {"--svg x.svg", "--svg: applies to --sweep only"},
      {"--log-every 5", "--log-every: needs --log"},
      {"--adapter-x 1", "--adapter-x: needs --adapter"},
      {"--lock-u-random --fix-adapter", "--fix-adapter: needs --adapter"},
      {"--precision float64 --threads 2", "--threads: applies to float32 steps only"},
      {"--sweep table2 --k 4", "--k: does not apply to --sweep"},
      {"--sweep fig7 --batch 10", "--batch: does not apply to --sweep"},
  });
}

TEST_CASE("460: constel train --json names the semantics, --quiet and --batch run", "[standard][train][cli]") {
  TempDir dir;
  auto r = run_tool("train --N 30 --d 5 --steps 100 --batch 10 --k 3 --edges sum --rows projected --quiet --json -o '" +
                    dir.file("o.npz") + "'");
  REQUIRE(r.code == 0);
  auto j = nlohmann::json::parse(r.out);
  CHECK(j["rows"] == "projected");
  CHECK(j["loss_form"] == "softplus");
  CHECK(j["edges"] == "sum");
  CHECK(j["batch"] == 10);
  CHECK(j["k"] == 3);
  CHECK(r.err.empty());  // stderr is no terminal here: no progress line
}

TEST_CASE("461: the reproduction sweeps plan the authors' settings", "[standard][train]") {
  SweepOptions s;
  s.N = 6;
  s.d = 3;
  s.steps = 3;
  s.seeds = 1;
  s.log_every = 1;
  s.name = "fig7";
  auto runs = run_sweep(s);
  std::map<std::string, const SweepRun*> by;
  for (const auto& r : runs) by[r.variant] = &r;
  REQUIRE(by.count("adapter from x=0.5, t=10/delta^2, b_rel=-1"));
  const TrainOptions& ad = by["adapter from x=0.5, t=10/delta^2, b_rel=-1"]->options;
  CHECK(ad.adapter);
  CHECK(ad.lock_u);
  CHECK(ad.b_rel == -1);
  CHECK(ad.t == Approx(10 / (loss::sigmoid(0.5) * loss::sigmoid(0.5))));
  CHECK(ad.loss_form == loss::LossForm::BceEps);
  CHECK(ad.rows == RowMode::NormalizedInLoss);
  REQUIRE(by.count("t=200 fixed, b=0 fixed (softplus)"));
  CHECK(by["t=200 fixed, b=0 fixed (softplus)"]->options.loss_form == loss::LossForm::Softplus);
  CHECK(by["L_RB-Sig (t,b_rel) from (10,-1)"]->options.b_rel == -1);
  s.loss_form = loss::LossForm::Softplus;  // no twins when the suite already runs the softplus
  CHECK(run_sweep(s).size() == runs.size() - 1);
  s = SweepOptions{};
  s.N = 6;
  s.d = 3;
  s.seeds = 1;
  s.name = "table1";
  s.steps = 2;
  auto t1 = run_sweep(s);
  REQUIRE(t1.size() == 6);
  CHECK(t1[5].options.k == 20);
  CHECK(t1[5].result.graph.edges.size() == 190);
  CHECK(t1[5].options.edges_mean);
  s.name = "fig9";
  s.steps.reset();
  s.N = 3;
  s.d = 2;
  s.threads = 2;
  auto f9 = run_sweep(s);
  REQUIRE(f9.size() == 10);
  CHECK(f9[0].result.steps == 5000);
  CHECK(f9[9].options.b_rel == 1.0);
  std::ostringstream csv;
  write_sweep_csv(csv, f9);
  CHECK(csv.str().find(",loss_form,rows,t0,bias0\n") != std::string::npos);
  CHECK(csv.str().find(",bce-eps,normalized-in-loss,10,-1\n") != std::string::npos);
}

TEST_CASE("462: regeneration: seed-0 rows of data/training/paper.csv and fig9.csv are reproduced",
          "[standard][train][data]") {
  std::vector<std::string> header;
  std::map<std::string, std::vector<std::string>> rows;  // experiment|variant -> fields (seed 0)
  for (const char* file : {"paper.csv", "fig9.csv"}) {
    std::istringstream in(test::read_file(std::string(CONSTEL_SOURCE_DIR) + "/data/training/" + file));
    std::string line;
    bool first = true;
    while (std::getline(in, line)) {
      if (line.empty() || line[0] == '#') continue;
      auto f = csv_fields(line);
      if (first) {
        header = f, first = false;
        continue;
      }
      if (f.size() > 2 && f[2] == "0") rows[f[0] + "|" + f[1]] = f;
    }
  }
  REQUIRE(!header.empty());
  auto col = [&](const std::string& name) {
    return std::size_t(std::find(header.begin(), header.end(), name) - header.begin());
  };
  // The comparison rows (docs/training.md) at seed 0: L_RB-Sig from (10, 0) is table1's k = 2,
  // L_Sig from (10, 0) is d4's b = 0, fixed b_rel = 0.8 is table2's; the t = 200 stall and its twin; and
  // the locked-U run from b_rel = -1; one fixed b_rel of Figures 9-10.
  const std::set<std::string> sample = {"table1|k=2", "d4|L_Sig from b=0", "table2|b_rel=0.8",
                                        "ablation|t=200 fixed, b=0 fixed", "ablation|t=200 fixed, b=0 fixed (softplus)",
                                        "fig7|L_RB-Sig (t,b_rel) from (10,-1)", "fig9|b_rel=0.778"};
  SweepOptions s;
  s.name = "paper";
  s.seeds = 1;
  s.threads = 2;
  s.select = [&](const std::string& e, const std::string& v) { return sample.count(e + "|" + v) > 0; };
  auto runs = run_sweep(s);
  CHECK(runs.size() == 7);
  {
    for (const auto& r : runs) {
      const std::string key = r.experiment + "|" + r.variant;
      REQUIRE(rows.count(key));
      const auto& f = rows[key];
      INFO(key);
      CHECK(r.result.t == Approx(std::stod(f[col("t")])).epsilon(1e-3));
      CHECK(r.verified_margin == Approx(std::stod(f[col("margin_verified")])).margin(2e-3));
      CHECK(r.result.loss == Approx(std::stod(f[col("loss")])).epsilon(0.05).margin(1e-9));
      CHECK(int(r.constellation) == std::stoi(f[col("constellation")]));
    }
  }
}
