// The float32 loss pass (lib/constel/loss/sigmoid_loss_f32.hpp): its exp and log1p against libm, the
// loss and every gradient against the float64 version (several tiles, two threads, k = 3 with an
// adapter's affine map), and training in float32 steps on the paper's setting. (408-410)
#include <catch2/catch.hpp>
#include <cmath>
#include <random>

#include "constel/loss/sigmoid_loss.hpp"
#include "constel/loss/sigmoid_loss_f32.hpp"
#include "constel/train/rng.hpp"
#include "constel/train/trained_output.hpp"
#include "constel/train/trainer.hpp"

using namespace constel;
using namespace constel::loss;

TEST_CASE("408: float32 exp and log1p are within a few float ulp of libm", "[quick][loss]") {
  double worst_exp = 0, worst_log = 0;
  for (int i = 0; i <= 20000; ++i) {
    const float x = -87.0f * float(i) / 20000.0f;
    const double want = std::exp(double(x));
    worst_exp = std::max(worst_exp, std::fabs(double(exp_nonpositive_f32(x)) - want) / want);
    const float e = float(i) / 20000.0f;
    const double lw = std::log1p(double(e));
    if (e > 0) worst_log = std::max(worst_log, std::fabs(double(log1p_unit_f32(e)) - lw) / lw);
  }
  CHECK(worst_exp < 8 * 0x1p-24);
  CHECK(worst_log < 8 * 0x1p-24);
  CHECK(exp_nonpositive_f32(0.0f) == 1.0f);
  CHECK(exp_nonpositive_f32(-1000.0f) > 0.0f);  // clamped, never zero or NaN
}

TEST_CASE("409: the float32 loss and gradients agree with float64", "[standard][loss]") {
  // N = 700: row tiles of 374 rows, so two tiles and two threads per edge; N = 131: the small-problem
  // path (row by row, no BLAS), with a partial group of 3 lanes at the end of every row
  for (std::size_t n : {std::size_t(700), std::size_t(131)}) {
  train::TrainRng rng(9);
  Embeddings e;
  e.N = n, e.d = 12;
  for (int a = 0; a < 3; ++a) e.X.push_back(rng.unit_rows(e.N, e.d));
  const SyncGraph g = complete_graph(3);
  for (LogitParams p : {LogitParams{10.0, 2.0, 1.0, 0.0}, LogitParams{60.0, -5.0, 0.81, -0.19}}) {
    for (LossNorm norm : {LossNorm::Mean, LossNorm::Sum}) {
      INFO("N " << n << " t " << p.t << " b " << p.b << " norm " << int(norm));
      LossResult d = sigmoid_loss(e, g, p, norm, true, true);
      LossWorkspaceF32 ws;
      ws.portable = norm == LossNorm::Sum;  // the portable code on one of the two normalisations
      LossResult f = sigmoid_loss_f32(e, g, p, norm, true, true, &ws, 2);
      CHECK(std::fabs(f.loss - d.loss) <= 1e-4 * std::fabs(d.loss));
      const double tol_scalar = 1e-4 * (std::fabs(d.d_t) + std::fabs(d.d_b) + 1e-30);
      CHECK(std::fabs(f.d_t - d.d_t) <= tol_scalar + 1e-4 * std::fabs(d.d_t));
      CHECK(std::fabs(f.d_b - d.d_b) <= 1e-4 * std::fabs(d.d_b));
      CHECK(std::fabs(f.d_alpha - d.d_alpha) <= 1e-4 * (std::fabs(d.d_alpha) + std::fabs(p.t * d.d_b)));
      CHECK(std::fabs(f.min_diag - d.min_diag) < 1e-6);
      CHECK(std::fabs(f.max_off - d.max_off) < 1e-6);
      for (int a = 0; a < 3; ++a) {
        double norm_d = 0, diff = 0;
        for (std::size_t x = 0; x < e.N * e.d; ++x)
          norm_d = std::max(norm_d, std::fabs(d.grad[a][x])), diff = std::max(diff, std::fabs(f.grad[a][x] - d.grad[a][x]));
        CHECK(diff <= 1e-4 * norm_d);
      }
    }
  }
  // one thread gives the same sums up to float rounding, and a run is repeatable
  LossResult one = sigmoid_loss_f32(e, g, {10.0, 2.0}, LossNorm::Mean, true, true, nullptr, 1);
  LossResult two = sigmoid_loss_f32(e, g, {10.0, 2.0}, LossNorm::Mean, true, true, nullptr, 2);
  LossResult again = sigmoid_loss_f32(e, g, {10.0, 2.0}, LossNorm::Mean, true, true, nullptr, 2);
  CHECK(std::fabs(one.loss - two.loss) <= 1e-5 * one.loss);
  CHECK(two.loss == again.loss);
  CHECK(two.grad == again.grad);
  }
}

TEST_CASE("410: float32 steps train the paper's setting to a verified constellation", "[standard][loss][train]") {
  train::TrainOptions o;  // N = 100, d = 10, rb, t = 10, b_rel = 0
  o.steps = 2000;
  o.precision = train::StepPrecision::Float32;
  for (std::uint64_t seed : {0, 1}) {
    o.seed = seed;
    train::TrainResult r = train::train_constellation(o);
    train::VerifiedTraining v = train::verify_trained(r.embeddings, r.graph);
    INFO("seed " << seed << " loss " << r.loss);
    CHECK(r.float32_steps);
    CHECK(r.loss < 1e-3);
    REQUIRE(v.margin);
    CHECK(*v.margin > 0);
  }
  CHECK(train::train_constellation([&] { auto q = train::TrainOptions{}; q.steps = 1; return q; }()).float32_steps);
  o.precision = train::StepPrecision::Float64;
  CHECK_FALSE(train::train_constellation([&] { auto q = o; q.steps = 1; return q; }()).float32_steps);
}
