// Tests of what the paper's training optimises (docs/math.md section 8): the loss of the row-normalised
// embeddings and its gradient through the normalisation, checked against 50-digit central differences
// on unnormalised rows; the authors' BCE-with-epsilon form, its gradient and its saturation in float32;
// the explicit adapter with normalised rows; the mean over edges. (450-454, 464)
#include <boost/multiprecision/cpp_bin_float.hpp>
#include <catch2/catch.hpp>
#include <cmath>

#include "constel/error.hpp"
#include "constel/loss/elementwise.hpp"
#include "constel/loss/normalized.hpp"
#include "constel/loss/sigmoid_loss.hpp"
#include "constel/loss/sigmoid_loss_f32.hpp"
#include "constel/train/rng.hpp"
#include "constel/train/step_loss.hpp"

using namespace constel;
using namespace constel::loss;
using HP = boost::multiprecision::cpp_bin_float_50;

namespace {

// k modalities of N rows with norms between 0.5 and 2 (not on the sphere).
Embeddings raw_embeddings(std::size_t N, std::size_t d, std::size_t k, std::uint64_t seed) {
  train::TrainRng rng(seed);
  Embeddings e{N, d, {}};
  for (std::size_t a = 0; a < k; ++a) {
    std::vector<double> X = rng.unit_rows(N, d);
    for (std::size_t i = 0; i < N; ++i) {
      const double scale = 0.5 + 1.5 * rng.uniform01();
      for (std::size_t j = 0; j < d; ++j) X[i * d + j] *= scale;
    }
    e.X.push_back(X);
  }
  return e;
}

// The loss straight from its definition in 50 digits, of the rows X normalised first; form Softplus or BceEps.
HP reference(const std::vector<std::vector<HP>>& X, std::size_t N, std::size_t d, const SyncGraph& g, HP t, HP b,
             LossForm form, bool mean_over_edges) {
  using boost::multiprecision::exp, boost::multiprecision::log, boost::multiprecision::sqrt;
  std::vector<std::vector<HP>> U = X;
  for (auto& M : U)
    for (std::size_t i = 0; i < N; ++i) {
      HP s = 0;
      for (std::size_t j = 0; j < d; ++j) s += M[i * d + j] * M[i * d + j];
      s = sqrt(s);
      for (std::size_t j = 0; j < d; ++j) M[i * d + j] /= s;
    }
  HP total = 0;
  for (auto [a, c] : g.edges)
    for (std::size_t i = 0; i < N; ++i)
      for (std::size_t j = 0; j < N; ++j) {
        HP ip = 0;
        for (std::size_t l = 0; l < d; ++l) ip += U[a][i * d + l] * U[c][j * d + l];
        const HP z = t * ip - b;
        if (form == LossForm::Softplus) {
          const HP y = i == j ? HP(-z) : z;
          total += log(HP(1) + exp(y));
        } else {
          const HP sig = HP(1) / (HP(1) + exp(-z));
          total -= log((i == j ? sig : HP(1) - sig) + HP(kBceEpsilon));
        }
      }
  total /= HP(N * N);
  if (mean_over_edges) total /= HP(g.edges.size());
  return total;
}

std::vector<std::vector<HP>> to_hp(const Embeddings& e) {
  std::vector<std::vector<HP>> X(e.k());
  for (std::size_t a = 0; a < e.k(); ++a)
    for (double x : e.X[a]) X[a].push_back(HP(x));
  return X;
}

bool close(double analytic, double numeric, double rel) {
  return std::fabs(analytic - numeric) <= rel * std::max(1e-3, std::fabs(numeric));
}

}  // namespace

TEST_CASE("450: the normalised loss's gradient on unnormalised rows matches 50-digit central differences",
          "[standard][loss]") {
  Embeddings e = raw_embeddings(5, 3, 3, 21);
  SyncGraph g = parse_sync_graph("0-1,2-1", 3);
  const double t = 6.5, b = 1.25;
  for (bool mean_edges : {false, true}) {
    LogitParams p{t, b, 1, 0, LossForm::Softplus, mean_edges};
    LossResult r = normalized_sigmoid_loss(e, g, p, LossNorm::Mean, true);
    auto X = to_hp(e);
    const HP h("1e-20");
    const HP L0 = reference(X, 5, 3, g, t, b, LossForm::Softplus, mean_edges);
    CHECK(std::fabs(r.loss - double(L0)) <= 1e-14 * double(L0));
    for (std::size_t a = 0; a < 3; ++a)
      for (std::size_t i = 0; i < X[a].size(); ++i) {
        const HP keep = X[a][i];
        X[a][i] = keep + h;
        const HP lp = reference(X, 5, 3, g, t, b, LossForm::Softplus, mean_edges);
        X[a][i] = keep - h;
        const HP lm = reference(X, 5, 3, g, t, b, LossForm::Softplus, mean_edges);
        X[a][i] = keep;
        INFO("modality " << a << " entry " << i << " mean over edges " << mean_edges);
        CHECK(close(r.grad[a][i], double((lp - lm) / (2 * h)), 1e-12));
      }
    // No radial component: each row of the gradient is orthogonal to its row.
    for (std::size_t a = 0; a < 3; ++a)
      for (std::size_t i = 0; i < 5; ++i) {
        double radial = 0, size = 0;
        for (std::size_t j = 0; j < 3; ++j) {
          radial += r.grad[a][i * 3 + j] * e.X[a][i * 3 + j];
          size += std::fabs(r.grad[a][i * 3 + j]);
        }
        CHECK(std::fabs(radial) <= 1e-15 * size);
      }
    // t and b partials are those of the loss at the unit rows.
    CHECK(close(r.d_t, double((reference(X, 5, 3, g, t + h, b, LossForm::Softplus, mean_edges) -
                               reference(X, 5, 3, g, t - h, b, LossForm::Softplus, mean_edges)) / (2 * h)), 1e-12));
  }
  Embeddings zero = e;
  std::fill(zero.X[2].begin() + 3, zero.X[2].begin() + 6, 0.0);
  CHECK_THROWS_WITH(normalized_sigmoid_loss(zero, g, {t, b}, LossNorm::Mean, true),
                    Catch::Contains("row 1 of modality 2 has norm 0"));
}

TEST_CASE("451: the BCE-with-epsilon loss and its gradient match 50-digit arithmetic where nothing saturates",
          "[standard][loss]") {
  Embeddings e = raw_embeddings(6, 4, 2, 5);
  SyncGraph g = complete_graph(2);
  const double t = 3, b = 0.5;
  LossWorkspace ws;
  for (LossPath path : {LossPath::Small, LossPath::Tiles}) {
    ws.path = path;
    LossResult r = normalized_sigmoid_loss(e, g, {t, b, 1, 0, LossForm::BceEps, false}, LossNorm::Mean, true, true, &ws);
    auto X = to_hp(e);
    const HP h("1e-20");
    const HP L0 = reference(X, 6, 4, g, t, b, LossForm::BceEps, false);
    INFO("path " << (path == LossPath::Small ? "small" : "tiles"));
    CHECK(std::fabs(r.loss - double(L0)) <= 1e-13 * double(L0));
    for (std::size_t a = 0; a < 2; ++a)
      for (std::size_t i = 0; i < X[a].size(); ++i) {
        const HP keep = X[a][i];
        X[a][i] = keep + h;
        const HP lp = reference(X, 6, 4, g, t, b, LossForm::BceEps, false);
        X[a][i] = keep - h;
        const HP lm = reference(X, 6, 4, g, t, b, LossForm::BceEps, false);
        X[a][i] = keep;
        INFO("modality " << a << " entry " << i);
        CHECK(close(r.grad[a][i], double((lp - lm) / (2 * h)), 1e-10));
      }
    CHECK(close(r.d_b, double((reference(X, 6, 4, g, t, b + h, LossForm::BceEps, false) -
                               reference(X, 6, 4, g, t, b - h, LossForm::BceEps, false)) / (2 * h)), 1e-10));
  }
  // Far from saturation the two forms differ by the epsilon only.
  LossResult soft = normalized_sigmoid_loss(e, g, {t, b}, LossNorm::Mean, false);
  LossResult bce = normalized_sigmoid_loss(e, g, {t, b, 1, 0, LossForm::BceEps, false}, LossNorm::Mean, false);
  CHECK(std::fabs(soft.loss - bce.loss) < 1e-6);
}

TEST_CASE("452: BCE with epsilon saturates in float32 at z > ~17 (term 18.42, gradient 0), float64 later",
          "[quick][loss]") {
  // One row: the positive pair (column 0) at g = 0.9 and three negatives at g = 1 (z = t = 25), 0 and -1.
  for (bool portable : {false, true}) {
    float G32[8] = {0.9f, 1.0f, 0.0f, -1.0f};
    double G64[4] = {0.9, 1.0, 0.0, -1.0};
    TileSums s32, s64;
    sigmoid_tile(G32, 1, 4, 4, 0, 25.0f, 0.0f, 1.0f, true, s32, portable, LossForm::BceEps);
    sigmoid_tile(G64, 1, 4, 4, 0, 25.0, 0.0, 1.0, true, s64, portable, LossForm::BceEps);
    INFO("portable " << portable);
    CHECK(G32[1] == 0.0f);  // saturated: sigmoid(25) rounds to 1 in float
    CHECK(G64[1] > 1e-4);   // not yet in double: sigmoid(25) (1 - sigmoid(25)) / (1 - sigmoid(25) + 1e-8)
    CHECK(G64[1] == Approx(std::exp(-25.0) / (std::exp(-25.0) + 1e-8)).epsilon(1e-4));  // 1 - sigma cancels
    // In float32 the saturated negative contributes -log(1e-8) = 18.4207 (the cap).
    const double pos = -std::log(1.0 / (1.0 + std::exp(-22.5)) + 1e-8);
    const double neg0 = -std::log(1.0 - 0.5 + 1e-8), negm1 = -std::log(1.0 - 1.0 / (1.0 + std::exp(25.0)) + 1e-8);
    CHECK(s32.loss == Approx(pos + 18.420680743952367 + neg0 + negm1).epsilon(1e-6));
    CHECK(s64.loss == Approx(pos - std::log(std::exp(-25.0) + 1e-8) + neg0 + negm1).epsilon(1e-8));
    CHECK(G32[2] == Approx(0.5f * 0.5f / (0.5f + 1e-8f)).epsilon(1e-6));
    // the softplus form does not saturate: its derivative at z = 25 is sigmoid(25) ~ 1
    float S32[4] = {0.9f, 1.0f, 0.0f, -1.0f};
    TileSums ss;
    sigmoid_tile(S32, 1, 4, 4, 0, 25.0f, 0.0f, 1.0f, true, ss, portable, LossForm::Softplus);
    CHECK(S32[1] == Approx(1.0f).epsilon(1e-6));
  }
  // Every term of the float32 form stays below -log(1e-8) (the cap), and at z = 200 the gradient is 0.
  Embeddings e = raw_embeddings(40, 6, 2, 9);
  LossResult r = sigmoid_loss_f32(e, complete_graph(2), {200, 0, 1, 0, LossForm::BceEps, false}, LossNorm::Mean, true);
  CHECK(r.loss <= 18.4207 + 1e-4);
  CHECK(r.loss > 1);
}

TEST_CASE("453: the explicit adapter with normalised rows: dL/dV and dL/dx match 50-digit differences",
          "[standard][loss][train]") {
  const std::size_t N = 4, d = 3;
  Embeddings x = raw_embeddings(N, d, 2, 31);
  train::TrainOptions o;
  o.N = N;
  o.d = d;
  o.lock_u = true;
  o.adapter = true;
  o.precision = train::StepPrecision::Float64;
  SyncGraph g = complete_graph(2);
  train::StepLoss step(o, g);
  const double xa = 0.3, delta = sigmoid(xa), t = 7, b = -2;
  double d_x = 0;
  LossResult r = step.evaluate(x, {t, b, delta * delta, delta * delta - 1}, delta, true, &d_x);
  using boost::multiprecision::sqrt, boost::multiprecision::exp;
  auto ext_loss = [&](const std::vector<std::vector<HP>>& X, HP xx) {
    const HP dl = HP(1) / (HP(1) + exp(-xx)), s = sqrt(HP(1) - dl * dl);
    std::vector<std::vector<HP>> E(2, std::vector<HP>(N * (d + 1)));
    for (std::size_t a = 0; a < 2; ++a)
      for (std::size_t i = 0; i < N; ++i) {
        for (std::size_t j = 0; j < d; ++j) E[a][i * (d + 1) + j] = dl * X[a][i * d + j];
        E[a][i * (d + 1) + d] = a == 0 ? s : HP(-s);
      }
    return reference(E, N, d + 1, g, t, b, LossForm::Softplus, false);
  };
  auto X = to_hp(x);
  const HP h("1e-20");
  CHECK(close(r.loss, double(ext_loss(X, xa)), 1e-13));
  CHECK(close(d_x, double((ext_loss(X, HP(xa) + h) - ext_loss(X, HP(xa) - h)) / (2 * h)), 1e-11));
  for (std::size_t i = 0; i < N * d; ++i) {
    const HP keep = X[1][i];
    X[1][i] = keep + h;
    const HP lp = ext_loss(X, xa);
    X[1][i] = keep - h;
    const HP lm = ext_loss(X, xa);
    X[1][i] = keep;
    INFO("entry " << i);
    CHECK(close(r.grad[1][i], double((lp - lm) / (2 * h)), 1e-11));
  }
}

TEST_CASE("454: rows normalised in the loss have no radial gradient, projected rows do", "[quick][loss][train]") {
  train::TrainOptions o;
  o.N = 30;
  o.d = 5;
  Embeddings x = raw_embeddings(30, 5, 2, 3);
  SyncGraph g = complete_graph(2);
  for (auto precision : {train::StepPrecision::Float32, train::StepPrecision::Float64}) {
    o.precision = precision;
    double radial[2] = {0, 0}, size[2] = {0, 0};
    for (auto rows : {train::RowMode::NormalizedInLoss, train::RowMode::Projected}) {
      o.rows = rows;
      train::StepLoss step(o, g);
      LossResult r = step.evaluate(x, {10, 2}, 1, false, nullptr);
      const int m = rows == train::RowMode::Projected;
      for (std::size_t i = 0; i < 30; ++i) {
        double dot = 0;
        for (std::size_t j = 0; j < 5; ++j) {
          dot += r.grad[1][i * 5 + j] * x.X[1][i * 5 + j];
          size[m] += std::fabs(r.grad[1][i * 5 + j]);
        }
        radial[m] += std::fabs(dot);
      }
    }
    CHECK(radial[0] <= 1e-6 * size[0]);  // float32 steps: the projection is in double after the float pass
    CHECK(radial[1] >= 0.05 * size[1]);
  }
}

TEST_CASE("464: the mean over edges is the sum divided by the number of edges, the BCE pass agrees with libm",
          "[quick][loss]") {
  Embeddings e = raw_embeddings(12, 4, 4, 8);
  for (auto& X : e.X) train::normalize_rows(X, 12, 4);
  SyncGraph g = complete_graph(4);
  for (auto form : {LossForm::Softplus, LossForm::BceEps}) {
    LossResult sum = sigmoid_loss(e, g, {9, 1, 1, 0, form, false}, LossNorm::Mean, true);
    LossResult mean = sigmoid_loss(e, g, {9, 1, 1, 0, form, true}, LossNorm::Mean, true);
    CHECK(mean.loss == Approx(sum.loss / 6).epsilon(1e-14));
    CHECK(mean.d_t == Approx(sum.d_t / 6).epsilon(1e-13));
    CHECK(mean.grad[3][7] == Approx(sum.grad[3][7] / 6).epsilon(1e-13));
  }
  // The BCE pass over z from -40 to 40 (positive and negative pairs) against std::log / std::exp.
  for (bool portable : {false, true}) {
    std::vector<double> G(2001);
    double expect = 0;
    for (std::size_t j = 0; j < G.size(); ++j) {
      G[j] = -1 + 2.0 * double(j) / 2000;
      const double z = 40 * G[j], sig = 1 / (1 + std::exp(-z));
      expect -= std::log((j == 0 ? sig : 1 - sig) + 1e-8);
    }
    TileSums s;
    sigmoid_tile(G.data(), 1, G.size(), G.size(), 0, 40.0, 0.0, 1.0, true, s, portable, LossForm::BceEps);
    CHECK(s.loss == Approx(expect).epsilon(1e-9));
    // float32: the same expression rounded in float (sigmoid, 1 - sigmoid, + 1e-8f, log).
    std::vector<float> F(2001);
    double expect32 = 0;
    for (std::size_t j = 0; j < F.size(); ++j) {
      F[j] = float(-1 + 2.0 * double(j) / 2000);
      const float z = 40.0f * F[j], e = std::exp(-std::fabs(z));
      const float sig = z >= 0 ? 1.0f / (1.0f + e) : e / (1.0f + e), oms = 1.0f - sig;
      expect32 -= std::log((j == 0 ? sig : oms) + 1e-8f);
    }
    TileSums f;
    sigmoid_tile(F.data(), 1, F.size(), F.size(), 0, 40.0f, 0.0f, 1.0f, true, f, portable, LossForm::BceEps);
    CHECK(f.loss == Approx(expect32).epsilon(1e-3));
    CHECK(f.loss > expect + 50);  // the float32 cap is reached from z ~ 16.6 on, double's only near z ~ 37
  }
}
