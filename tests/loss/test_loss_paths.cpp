// The loss has two code paths per precision: BLAS-free small problems (small_edge.hpp, d <= 12) and
// row tiles of BLAS products, each with an AVX2 + FMA and a portable variant. They must agree. (411)
#include <catch2/catch.hpp>
#include <cmath>

#include "constel/loss/sigmoid_loss.hpp"
#include "constel/loss/sigmoid_loss_f32.hpp"
#include "constel/train/rng.hpp"

using namespace constel;
using namespace constel::loss;

namespace {

double max_abs(const std::vector<double>& v) {
  double m = 0;
  for (double x : v) m = std::max(m, std::fabs(x));
  return m;
}

double max_diff(const std::vector<double>& a, const std::vector<double>& b) {
  double m = 0;
  for (std::size_t i = 0; i < a.size(); ++i) m = std::max(m, std::fabs(a[i] - b[i]));
  return m;
}

// Every field of two results within rel (relative to the field's size; gradients to their largest entry).
void check_close(const LossResult& x, const LossResult& y, double rel) {
  CHECK(std::fabs(x.loss - y.loss) <= rel * std::fabs(y.loss));
  CHECK(std::fabs(x.d_t - y.d_t) <= rel * (std::fabs(y.d_t) + std::fabs(y.d_b)));
  CHECK(std::fabs(x.d_b - y.d_b) <= rel * std::fabs(y.d_b));
  CHECK(std::fabs(x.min_diag - y.min_diag) <= 1e3 * rel);
  CHECK((x.max_off == y.max_off || std::fabs(x.max_off - y.max_off) <= 1e3 * rel));
  REQUIRE(x.grad.size() == y.grad.size());
  for (std::size_t a = 0; a < x.grad.size(); ++a) CHECK(max_diff(x.grad[a], y.grad[a]) <= rel * max_abs(y.grad[a]));
}

}  // namespace

TEST_CASE("411: small-problem and tiled loss paths agree, AVX2 and portable, both precisions", "[quick][loss]") {
  train::TrainRng rng(3);
  for (std::size_t N : {std::size_t(1), std::size_t(5), std::size_t(37), std::size_t(131)}) {
    for (std::size_t d : {std::size_t(1), std::size_t(3), std::size_t(12), std::size_t(21)}) {
      Embeddings e;
      e.N = N, e.d = d;
      for (int a = 0; a < 3; ++a) e.X.push_back(rng.unit_rows(N, d));
      const SyncGraph g = complete_graph(3);
      const LogitParams p{12.0, 3.0, 0.81, -0.19};
      INFO("N " << N << " d " << d);
      LossWorkspace tiles, portable;
      tiles.path = LossPath::Tiles;
      portable.portable = true;  // the small path where Auto takes it (d <= 12), then the tiles
      const LossResult ref = sigmoid_loss(e, g, p, LossNorm::Sum, true, true, &tiles);
      check_close(sigmoid_loss(e, g, p, LossNorm::Sum, true, true), ref, 1e-13);
      LossWorkspace small;
      small.path = LossPath::Small;
      check_close(sigmoid_loss(e, g, p, LossNorm::Sum, true, true, &small), ref, 1e-13);
      check_close(sigmoid_loss(e, g, p, LossNorm::Sum, true, true, &portable), ref, 1e-13);
      portable.path = LossPath::Tiles;
      check_close(sigmoid_loss(e, g, p, LossNorm::Sum, true, true, &portable), ref, 1e-13);
      LossWorkspaceF32 ftiles, fsmall, fportable;
      ftiles.path = LossPath::Tiles;
      fportable.portable = true;
      const LossResult fref = sigmoid_loss_f32(e, g, p, LossNorm::Sum, true, true, &ftiles, 1);
      check_close(fref, ref, 1e-4);
      fsmall.path = LossPath::Small;
      check_close(sigmoid_loss_f32(e, g, p, LossNorm::Sum, true, true, &fsmall, 1), fref, 1e-5);
      check_close(sigmoid_loss_f32(e, g, p, LossNorm::Sum, true, true, &fportable, 1), fref, 1e-5);
      fportable.path = LossPath::Tiles;
      check_close(sigmoid_loss_f32(e, g, p, LossNorm::Sum, true, true, &fportable, 1), fref, 1e-5);
      // the gradient-only pass gives the same gradient
      const LossResult nolog = sigmoid_loss(e, g, p, LossNorm::Sum, true, false);
      CHECK(std::isnan(nolog.loss));
      for (int a = 0; a < 3; ++a) CHECK(max_diff(nolog.grad[a], ref.grad[a]) <= 1e-13 * max_abs(ref.grad[a]));
    }
  }
}
