// Tests of the trainer (docs/math.md section 8): the paper's setting reaches zero loss with a verified
// positive margin, fixed (t, b = 0) does not or does worse, determinism, Adam, locked U and the adapter,
// k modalities, verification of trained doubles, .npz output, sweeps. (420-439)
#include <catch2/catch.hpp>
#include <cmath>
#include <fstream>
#include <sstream>
#include <algorithm>
#include <cstring>

#include "constel/error.hpp"
#include "constel/io/npz.hpp"
#include "constel/loss/elementwise.hpp"
#include "constel/train/adam.hpp"
#include "constel/train/rng.hpp"
#include "constel/train/sweep.hpp"
#include "constel/train/trained_output.hpp"
#include "constel/train/trainer.hpp"
#include "support.hpp"

using namespace constel;
using namespace constel::train;

namespace {
TrainOptions paper(std::uint64_t seed, std::size_t steps) {
  TrainOptions o;  // N = 100, d = 10, rb, t = 10, b_rel = 0, lr 1e-2, mean loss
  o.seed = seed;
  o.steps = steps;
  return o;
}
}  // namespace

TEST_CASE("420: trainable (t, b_rel) from t = 10, b_rel = 0 reaches mean loss < 1e-3 and a verified positive margin",
          "[standard][train]") {
  for (std::uint64_t seed : {0, 1, 2}) {
    TrainResult r = train_constellation(paper(seed, 2000));
    VerifiedTraining v = verify_trained(r.embeddings, r.graph);
    INFO("seed " << seed << " loss " << r.loss << " t " << r.t << " b_rel " << r.b_rel);
    CHECK(!r.diverged);
    CHECK(r.loss < 1e-3);
    REQUIRE(v.margin);
    CHECK(*v.margin > 0);
    CHECK(v.constellation);
    CHECK(v.verifier == "exact");
    CHECK(v.norm_max_deviation < 1e-14);
    // The float margin of the trainer is the exact one up to rounding.
    CHECK(std::fabs(to_double(*v.margin) - r.margin) < 1e-12);
  }
}

TEST_CASE("421: fixed t with b = 0: t = 10 stalls above 1e-3; t = 200 ends with a far smaller margin than (t, b_rel)",
          "[standard][train]") {
  for (std::uint64_t seed : {0, 1}) {
    TrainOptions o = paper(seed, 1000);
    o.param = Parameterisation::Bias;
    o.b = 0;
    o.train_b = false;
    o.train_t = false;
    o.t = 10;
    TrainResult t10 = train_constellation(o);
    CHECK(t10.t == 10);
    CHECK(t10.b == 0);
    CHECK(t10.loss > 1e-2);
    o.t = 200;
    TrainResult t200 = train_constellation(o);
    TrainResult rb = train_constellation(paper(seed, 1000));
    VerifiedTraining v200 = verify_trained(t200.embeddings, t200.graph), vrb = verify_trained(rb.embeddings, rb.graph);
    INFO("seed " << seed << ": t=200 margin " << to_double(*v200.margin) << ", rb margin " << to_double(*vrb.margin));
    CHECK(to_double(*v200.margin) < 0.5 * to_double(*vrb.margin));
  }
}

TEST_CASE("422: training is deterministic in the seed, and the seed matters", "[quick][train]") {
  TrainResult a = train_constellation(paper(5, 30)), b = train_constellation(paper(5, 30)), c = train_constellation(paper(6, 30));
  CHECK(a.embeddings.X == b.embeddings.X);
  CHECK(a.t == b.t);
  CHECK(a.b_rel == b.b_rel);
  CHECK(a.embeddings.X != c.embeddings.X);
  // Our own Gaussian: the first draws of seed 0 are fixed numbers (independent of the standard library).
  TrainRng r1(0), r2(0);
  double g1 = r1.gaussian();
  CHECK(g1 == r2.gaussian());
  std::vector<double> rows = TrainRng(3).unit_rows(50, 7);
  for (std::size_t i = 0; i < 50; ++i) {
    double s = 0;
    for (std::size_t j = 0; j < 7; ++j) s += rows[i * 7 + j] * rows[i * 7 + j];
    CHECK(s == Approx(1).epsilon(1e-15));
  }
  // Box-Muller moments over many draws.
  TrainRng r(9);
  double m1 = 0, m2 = 0;
  for (int i = 0; i < 200000; ++i) {
    double x = r.gaussian();
    m1 += x;
    m2 += x * x;
  }
  CHECK(std::fabs(m1 / 200000) < 0.01);
  CHECK(std::fabs(m2 / 200000 - 1) < 0.02);
}

TEST_CASE("423: Adam follows the bias-corrected update", "[quick][train]") {
  Adam adam(1);
  AdamSettings s{0.1, 0.9, 0.999, 1e-8};
  double p = 1, m = 0, v = 0;
  double expect = 1;
  for (std::size_t k = 1; k <= 3; ++k) {
    double g = 2 * p;  // gradient of p^2
    m = 0.9 * m + 0.1 * g;
    v = 0.999 * v + 0.001 * g * g;
    expect -= 0.1 * (m / (1 - std::pow(0.9, k))) / (std::sqrt(v / (1 - std::pow(0.999, k))) + 1e-8);
    adam.update(&p, &g, 1, k, s);
    CHECK(p == Approx(expect).epsilon(1e-14));
  }
  CHECK(std::fabs(p - 0.7) < 0.01);  // the first steps move by about lr each
}

TEST_CASE("424: a locked U stays fixed; the adapter trains delta and gives unit rows in d + 1", "[quick][train]") {
  TrainOptions o = paper(1, 300);
  o.N = 20;
  o.d = 4;
  o.lock_u = true;
  loss::Embeddings start = initial_embeddings(o);
  TrainResult r = train_constellation(o);
  CHECK(r.embeddings.X[0] == start.X[0]);
  CHECK(r.embeddings.X[1] != start.X[1]);
  o.adapter = true;
  o.adapter_x = 1;
  TrainResult ad = train_constellation(o);
  CHECK(ad.embeddings.d == 5);
  CHECK(ad.raw.X[0] == start.X[0]);
  CHECK(ad.delta != loss::sigmoid(1.0));
  CHECK(ad.delta > 0);
  CHECK(ad.delta < 1);
  for (std::size_t a = 0; a < 2; ++a)
    for (std::size_t i = 0; i < o.N; ++i) {
      double s = 0;
      for (std::size_t j = 0; j < 5; ++j) s += ad.embeddings.X[a][i * 5 + j] * ad.embeddings.X[a][i * 5 + j];
      CHECK(s == Approx(1).epsilon(1e-14));
    }
  // The adapted margin is delta^2 times the raw one (Observation 1).
  loss::LossResult raw = loss::sigmoid_loss(ad.raw, ad.graph, {1, 0, 1, 0}, loss::LossNorm::Mean, false);
  CHECK(ad.margin == Approx(ad.delta * ad.delta * raw.margin()).margin(1e-14));
  TrainOptions bad = paper(1, 1);
  bad.adapter = true;
  CHECK_THROWS_WITH(train_constellation(bad), Catch::Contains("--adapter needs a locked U"));
  bad.lock_u = true;
  bad.k = 3;
  CHECK_THROWS_WITH(train_constellation(bad), Catch::Contains("--adapter needs k = 2 modalities"));
  TrainOptions wrong = paper(1, 1);
  wrong.u0 = std::vector<double>(5, 0.0);
  CHECK_THROWS_WITH(train_constellation(wrong), Catch::Contains("the locked U has 5 entries, expected N * d = 1000"));
  wrong = paper(1, 1);
  wrong.adam.lr = 0;
  CHECK_THROWS_WITH(train_constellation(wrong), Catch::Contains("--lr must be positive"));
}

TEST_CASE("425: k = 4 modalities on the complete graph reach one common verified constellation", "[standard][train]") {
  TrainOptions o = paper(0, 1500);
  o.N = 40;
  o.d = 8;
  o.k = 4;
  TrainResult r = train_constellation(o);
  CHECK(r.graph.edges.size() == 6);
  CHECK(r.loss < 1e-3 * 6);
  VerifiedTraining v = verify_trained(r.embeddings, r.graph);
  CHECK(v.constellation);
  CHECK(std::fabs(to_double(*v.margin) - r.margin) < 1e-12);
}

TEST_CASE("426: verification of trained doubles is exact and rejects non-constellations", "[quick][train]") {
  // U_i = V_i = e_i: min_diag 1, max_off 0: m* = 1/2 exactly, unit norms exact.
  loss::Embeddings e{4, 4, {std::vector<double>(16, 0.0), std::vector<double>(16, 0.0)}};
  for (std::size_t i = 0; i < 4; ++i) e.X[0][i * 4 + i] = e.X[1][i * 4 + i] = 1;
  VerifiedTraining v = verify_trained(e, loss::complete_graph(2));
  CHECK(*v.margin == Rational(1, 2));
  CHECK(*v.relative_bias == Rational(1, 2));
  CHECK(v.constellation);
  CHECK(v.unit_norm_exact);
  // All rows equal: m* = 0 is no constellation with a positive margin.
  loss::Embeddings flat{3, 2, {{0.6, 0.8, 0.6, 0.8, 0.6, 0.8}, {0.6, 0.8, 0.6, 0.8, 0.6, 0.8}}};
  VerifiedTraining f = verify_trained(flat, loss::complete_graph(2));
  CHECK(*f.margin == 0);
  CHECK(!f.constellation);
  CHECK(!f.unit_norm_exact);  // 0.6 and 0.8 are not binary fractions
  // The exact value of the doubles, not of the decimals: <0.6, 0.8>^2 sums to 1 only approximately.
  CHECK(f.min_diag == from_double(0.6) * from_double(0.6) + from_double(0.8) * from_double(0.8));
  flat.X[0][0] = std::nan("");
  CHECK_THROWS_WITH(verify_trained(flat, loss::complete_graph(2)), Catch::Contains("non-finite entry"));
}

TEST_CASE("427: the .npz output holds U, V, t, b, b_rel as float64", "[quick][train]") {
  TrainResult r = train_constellation(paper(2, 20));
  test::TempDir dir;
  std::string path = dir.file("out.npz");
  write_trained_npz(path, r);
  std::string bytes = test::read_file(path);
  auto keys = npz_keys(bytes, path);
  CHECK(keys == std::vector<std::string>{"U", "V", "t", "b", "b_rel"});
  FloatMatrix V = read_npz_matrix(path, "V");
  CHECK(V.rows() == 100);
  CHECK(V.cols() == 10);
  CHECK(!V.is_single());
  CHECK(V.value(17, 3) == r.embeddings.X[1][17 * 10 + 3]);
  // The scalar t: shape () and the stored double.
  for (const auto& m : list_zip_members(bytes, path))
    if (m.name == "t.npy") {
      std::string npy = extract_zip_member(bytes, m, path);
      CHECK(npy.find("'shape': ()") != std::string::npos);
      double t = 0;
      std::memcpy(&t, npy.data() + npy.size() - 8, 8);
      CHECK(t == r.t);
    }
}

TEST_CASE("428: sweeps write one CSV row per run and reject unknown names", "[quick][train]") {
  SweepOptions s;
  s.name = "losses";
  s.seeds = 1;
  s.N = 12;
  s.d = 4;
  s.steps = 100;
  s.log_every = 10;
  auto runs = run_sweep(s);
  REQUIRE(runs.size() == 2);
  CHECK(runs[0].variant == "L_Sig (t,b)");
  CHECK(runs[1].variant == "L_RB-Sig (t,b_rel)");
  CHECK(runs[0].margin_trajectory.size() == 11);
  // Same initial rows for both losses: the first logged margin agrees.
  CHECK(runs[0].margin_trajectory[0].second == runs[1].margin_trajectory[0].second);
  std::ostringstream csv;
  write_sweep_csv(csv, runs);
  std::string text = csv.str();
  CHECK(text.rfind("experiment,variant,seed,N,d,k,param,fixed,steps,loss,", 0) == 0);
  CHECK(std::count(text.begin(), text.end(), '\n') == 3);
  CHECK(sweep_svg(runs, "t").find("<svg") != std::string::npos);
  s.name = "nope";
  CHECK_THROWS_WITH(run_sweep(s), Catch::Contains("unknown sweep 'nope'"));
}
