// Tests of the sigmoid loss (docs/math.md section 1): the stable elementwise functions, the loss against a naive
// long-double evaluation, analytic gradients against central differences in 50-digit arithmetic, the
// exact sandwich, the Observation 1 adapter identity, tiling, sync graphs and input errors. (400-419)
#include <boost/multiprecision/cpp_bin_float.hpp>
#include <catch2/catch.hpp>
#include <cmath>
#include <random>

#include "constel/error.hpp"
#include "constel/loss/elementwise.hpp"
#include "constel/loss/sigmoid_loss.hpp"
#include "constel/train/rng.hpp"
#include "constel/train/trainer.hpp"
#include "support.hpp"

using namespace constel;
using namespace constel::loss;
using HP = boost::multiprecision::cpp_bin_float_50;

namespace {

Embeddings random_embeddings(std::size_t N, std::size_t d, std::size_t k, std::uint64_t seed) {
  train::TrainRng rng(seed);
  Embeddings e;
  e.N = N;
  e.d = d;
  for (std::size_t a = 0; a < k; ++a) e.X.push_back(rng.unit_rows(N, d));
  return e;
}

// The loss straight from its definition, in type T (softplus(y) = log(1 + exp(y)) evaluated stably).
template <class T>
T reference_loss(const Embeddings& e, const SyncGraph& g, T t, T b, T alpha, T beta, LossNorm norm,
                 const std::vector<std::vector<T>>* X = nullptr) {
  using std::exp, std::log, std::fabs;
  T total = 0;
  for (auto [a, c] : g.edges) {
    T sum = 0;
    for (std::size_t i = 0; i < e.N; ++i)
      for (std::size_t j = 0; j < e.N; ++j) {
        T ip = 0;
        for (std::size_t l = 0; l < e.d; ++l)
          ip += (X ? (*X)[a][i * e.d + l] : T(e.X[a][i * e.d + l])) * (X ? (*X)[c][j * e.d + l] : T(e.X[c][j * e.d + l]));
        T z = t * (alpha * ip + beta) - b;
        T y = i == j ? T(-z) : z;
        sum += (y > 0 ? y : T(0)) + log(T(1) + exp(-fabs(y)));
      }
    total += norm == LossNorm::Mean ? T(sum / T(e.N * e.N)) : sum;
  }
  return total;
}

}  // namespace

TEST_CASE("400: exp, log1p, softplus and sigmoid are accurate and stable", "[quick][loss]") {
  double worst = 0;
  for (double x = -707; x <= 0; x += 0.0731) worst = std::max(worst, std::fabs(exp_nonpositive(x) / std::exp(x) - 1));
  CHECK(worst < 1e-15);
  worst = 0;
  for (double e = 1e-300; e <= 1; e *= 1.7) worst = std::max(worst, std::fabs(log1p_unit(e) / std::log1p(e) - 1));
  CHECK(worst < 1e-15);
  CHECK(log1p_unit(0) == 0);
  CHECK(softplus(1000) == 1000);
  CHECK(softplus(-1000) >= 0);
  CHECK(softplus(-1000) < 1e-300);
  CHECK(softplus(0) == Approx(std::log(2.0)).epsilon(1e-15));
  CHECK(sigmoid(800) == 1);
  CHECK(sigmoid(-800) < 1e-300);
  CHECK(sigmoid(0) == 0.5);
}

TEST_CASE("401: the loss equals a long-double evaluation of its definition", "[quick][loss]") {
  for (auto norm : {LossNorm::Sum, LossNorm::Mean}) {
    Embeddings e = random_embeddings(13, 5, 2, 7);
    SyncGraph g = complete_graph(2);
    for (double t : {0.5, 10.0, 300.0})
      for (double b : {-3.0, 0.0, 2.5}) {
        LossResult r = sigmoid_loss(e, g, {t, b, 1, 0}, norm, false);
        long double ref = reference_loss<long double>(e, g, t, b, 1, 0, norm);
        INFO("t " << t << " b " << b);
        CHECK(std::fabs(r.loss - double(ref)) <= 1e-13 * std::max(1.0, double(ref)));
      }
    Embeddings e3 = random_embeddings(9, 4, 3, 8);
    SyncGraph star = star_graph(3);
    LossResult r3 = sigmoid_loss(e3, star, {7, 1, 1, 0}, norm, false);
    CHECK(r3.loss == Approx(double(reference_loss<long double>(e3, star, 7, 1, 1, 0, norm))).epsilon(1e-13));
  }
}

TEST_CASE("402: analytic gradients match central differences in 50-digit arithmetic", "[standard][loss]") {
  Embeddings e = random_embeddings(5, 3, 3, 11);
  SyncGraph g = parse_sync_graph("0-1,2-1", 3);
  const double t = 6.5, b = 1.25, alpha = 0.8, beta = -0.3;
  for (auto norm : {LossNorm::Sum, LossNorm::Mean}) {
    LossResult r = sigmoid_loss(e, g, {t, b, alpha, beta}, norm, true);
    const HP h("1e-20");
    auto L = [&](HP tt, HP bb, HP aa, HP be) { return reference_loss<HP>(e, g, tt, bb, aa, be, norm); };
    auto fd = [&](HP plus, HP minus) { return double((plus - minus) / (2 * h)); };
    auto close = [](double analytic, double numeric) {
      return std::fabs(analytic - numeric) <= 1e-12 * std::max(1.0, std::fabs(numeric));
    };
    CHECK(close(r.d_t, fd(L(t + h, b, alpha, beta), L(t - h, b, alpha, beta))));
    CHECK(close(r.d_b, fd(L(t, b + h, alpha, beta), L(t, b - h, alpha, beta))));
    CHECK(close(r.d_alpha, fd(L(t, b, alpha + h, beta), L(t, b, alpha - h, beta))));
    CHECK(close(r.d_beta, fd(L(t, b, alpha, beta + h), L(t, b, alpha, beta - h))));
    // Every embedding entry of every modality.
    std::vector<std::vector<HP>> X(3);
    for (std::size_t a = 0; a < 3; ++a)
      for (double x : e.X[a]) X[a].push_back(HP(x));
    for (std::size_t a = 0; a < 3; ++a)
      for (std::size_t i = 0; i < X[a].size(); ++i) {
        HP keep = X[a][i];
        X[a][i] = keep + h;
        HP lp = reference_loss<HP>(e, g, t, b, alpha, beta, norm, &X);
        X[a][i] = keep - h;
        HP lm = reference_loss<HP>(e, g, t, b, alpha, beta, norm, &X);
        X[a][i] = keep;
        INFO("modality " << a << " entry " << i);
        CHECK(close(r.grad[a][i], fd(lp, lm)));
      }
    // The relative-bias partials: L_RB(t, b_rel) = L(t, t b_rel).
    const double b_rel = 0.4;
    LossResult rr = rb_sigmoid_loss(e, g, t, b_rel, norm, false);
    RbGradient rg = rb_gradient(rr, t, b_rel);
    auto LR = [&](HP tt, HP br) { return reference_loss<HP>(e, g, tt, tt * br, HP(1), HP(0), norm); };
    CHECK(close(rg.d_t, fd(LR(t + h, b_rel), LR(t - h, b_rel))));
    CHECK(close(rg.d_b_rel, fd(LR(t, b_rel + h), LR(t, b_rel - h))));
  }
}

TEST_CASE("403: the loss lies inside the exact sandwich of docs/math.md section 1", "[quick][loss]") {
  SyncGraph g = complete_graph(2);
  for (std::uint64_t seed = 0; seed < 4 * test::test_multiplier(); ++seed) {
    INFO("seed " << seed << " (random_embeddings(6, 4, 2, seed); odd seeds: the planted constellation)");
    // Random rows (m* < 0) and a planted constellation U_i = V_i = e_i (m* = 1/2, b*_rel = 1/2).
    Embeddings e = random_embeddings(6, 4, 2, seed);
    if (seed % 2) {
      e = Embeddings{6, 6, {std::vector<double>(36, 0.0), std::vector<double>(36, 0.0)}};
      for (std::size_t i = 0; i < 6; ++i) e.X[0][i * 6 + i] = e.X[1][i * 6 + i] = 1;
    }
    LossResult probe = sigmoid_loss(e, g, {1, 0, 1, 0}, LossNorm::Sum, false);
    const double m = probe.margin(), brel = probe.relative_bias();
    if (seed % 2) CHECK(m == 0.5);
    else CHECK(m < 0);
    for (double t : {0.1, 1.0, 5.0, 40.0}) {
      Sandwich s = sandwich_bounds(e.N, m, t);
      double at_star = sigmoid_loss(e, g, {t, t * brel, 1, 0}, LossNorm::Sum, false).loss;
      CHECK(at_star <= s.upper * (1 + 1e-12));
      for (double b = -3 * t; b <= 3 * t; b += t / 8)
        CHECK(sigmoid_loss(e, g, {t, b, 1, 0}, LossNorm::Sum, false).loss >= s.lower * (1 - 1e-12));
    }
  }
  // m* = 0: every row the same unit vector u = v: L >= log 2 for every (t, b).
  Embeddings flat{5, 2, {std::vector<double>(10, 0.0), std::vector<double>(10, 0.0)}};
  for (std::size_t i = 0; i < 5; ++i) flat.X[0][2 * i] = flat.X[1][2 * i] = 1;
  for (double t : {1.0, 100.0})
    for (double b : {-50.0, 0.0, 0.999 * t, t, 50.0})
      CHECK(sigmoid_loss(flat, g, {t, b, 1, 0}, LossNorm::Sum, false).loss >= std::log(2.0) * (1 - 1e-15));
}

TEST_CASE("404: Observation 1: the adapter is the loss at (delta^2 t, (b_rel + 1 - delta^2) / delta^2)", "[quick][loss]") {
  Embeddings e = random_embeddings(11, 4, 2, 21);
  SyncGraph g = complete_graph(2);
  for (double delta : {0.3, 0.75, 0.98})
    for (double b_rel : {-0.5, 0.0, 0.6}) {
      const double t = 12;
      Embeddings adapted{e.N, e.d + 1,
                         {train::adapt_rows(e.X[0], e.N, e.d, delta, 1.0), train::adapt_rows(e.X[1], e.N, e.d, delta, -1.0)}};
      // <A U_i, A' V_j> = delta^2 <U_i, V_j> - (1 - delta^2)
      for (std::size_t i = 0; i < 3; ++i) {
        double ip = 0, ipa = 0;
        for (std::size_t l = 0; l < e.d; ++l) ip += e.X[0][i * e.d + l] * e.X[1][(i + 1) * e.d + l];
        for (std::size_t l = 0; l <= e.d; ++l) ipa += adapted.X[0][i * (e.d + 1) + l] * adapted.X[1][(i + 1) * (e.d + 1) + l];
        CHECK(ipa == Approx(delta * delta * ip - (1 - delta * delta)).margin(1e-15));
      }
      double explicit_loss = rb_sigmoid_loss(adapted, g, t, b_rel, LossNorm::Mean, false).loss;
      double d2 = delta * delta;
      double identity = rb_sigmoid_loss(e, g, d2 * t, (b_rel + 1 - d2) / d2, LossNorm::Mean, false).loss;
      double affine = sigmoid_loss(e, g, {t, t * b_rel, d2, d2 - 1}, LossNorm::Mean, false).loss;
      CHECK(explicit_loss == Approx(identity).epsilon(1e-12));
      CHECK(affine == Approx(identity).epsilon(1e-12));
    }
}

TEST_CASE("405: the tiled evaluation (several row tiles) equals the long-double definition", "[standard][loss]") {
  Embeddings e = random_embeddings(1100, 3, 2, 5);  // 524288 / 1100 = 476 rows per tile: 3 tiles
  SyncGraph g = complete_graph(2);
  LossResult r = sigmoid_loss(e, g, {4, 0.5, 1, 0}, LossNorm::Mean, true);
  CHECK(r.loss == Approx(double(reference_loss<long double>(e, g, 4, 0.5, 1, 0, LossNorm::Mean))).epsilon(1e-12));
  // Gradient row 1000 of V (in the last tile's columns and rows) by a direct sum.
  const std::size_t j = 1000;
  for (std::size_t l = 0; l < e.d; ++l) {
    long double gv = 0;
    for (std::size_t i = 0; i < e.N; ++i) {
      long double ip = 0;
      for (std::size_t q = 0; q < e.d; ++q) ip += (long double)e.X[0][i * e.d + q] * e.X[1][j * e.d + q];
      long double z = 4 * ip - 0.5L;
      long double w = i == j ? -1 / (1 + std::exp(z)) : 1 / (1 + std::exp(-z));
      gv += 4 * w * e.X[0][i * e.d + l];
    }
    CHECK(r.grad[1][j * e.d + l] == Approx(double(gv / (1100.0L * 1100.0L))).epsilon(1e-10));
  }
}

TEST_CASE("406: sync graphs parse complete, star and edge lists and reject bad ones", "[quick][loss]") {
  CHECK(parse_sync_graph("complete", 4).edges.size() == 6);
  CHECK(parse_sync_graph("star", 4).edges == std::vector<std::pair<std::size_t, std::size_t>>{{0, 1}, {0, 2}, {0, 3}});
  CHECK(parse_sync_graph("2-1,0-3", 4).edges == std::vector<std::pair<std::size_t, std::size_t>>{{1, 2}, {0, 3}});
  CHECK_THROWS_WITH(parse_sync_graph("0-4", 4), Catch::Contains("modality 4 is out of range (k = 4)"));
  CHECK_THROWS_WITH(parse_sync_graph("1-1", 4), Catch::Contains("joins a modality to itself"));
  CHECK_THROWS_WITH(parse_sync_graph("0-1,1-0", 4), Catch::Contains("edge 1-0 is given twice"));
  CHECK_THROWS_WITH(parse_sync_graph("ring", 4), Catch::Contains("is not complete, star or an edge list"));
  CHECK_THROWS_WITH(parse_sync_graph("0-x", 4), Catch::Contains("bad index 'x'"));
  CHECK_THROWS_WITH(parse_sync_graph("complete", 1), Catch::Contains("need at least 2 modalities"));
}

TEST_CASE("407: the loss rejects mismatched shapes and edges", "[quick][loss]") {
  Embeddings e = random_embeddings(4, 3, 2, 1);
  e.X[1].pop_back();
  CHECK_THROWS_AS(sigmoid_loss(e, complete_graph(2), {}, LossNorm::Mean, true), InputError);
  CHECK_THROWS_WITH(sigmoid_loss(e, complete_graph(2), {}, LossNorm::Mean, true),
                    Catch::Contains("modality 1 has 11 entries, expected N * d = 12"));
  Embeddings f = random_embeddings(4, 3, 2, 1);
  CHECK_THROWS_WITH(sigmoid_loss(f, complete_graph(3), {}, LossNorm::Mean, true),
                    Catch::Contains("edge 0-2 does not fit k = 2"));
}
