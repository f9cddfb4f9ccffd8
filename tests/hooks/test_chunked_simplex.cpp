// GLPK's simplex in chunks (lib/constel/detail/glpk_simplex.hpp) and the stops inside a long LP solve
// and inside a float32 training step: the chunked solve reaches GLPK's optimum, is deterministic and
// the same with or without a stop hook; the hook is asked between chunks and its stop throws Cancelled
// with GLPK's terminal output restored; a large training step asks between its row tiles without
// changing the result. Tests 1500-1504.
#include <glpk.h>

#include <catch2/catch.hpp>

#include <cmath>
#include <cstddef>
#include <random>
#include <vector>

#include "constel/bounds/delsarte_lp.hpp"
#include "constel/detail/glpk_simplex.hpp"
#include "constel/error.hpp"
#include "constel/gap/lp.hpp"
#include "constel/run_hooks.hpp"
#include "constel/train/trainer.hpp"

using namespace constel;

namespace {

struct Questions {
  std::size_t asked = 0, stop_at = 0;  // stop_at: answer true from that question on (0: never)
  RunHooks hooks() {
    RunHooks h;
    h.stop = [this] { return ++asked >= stop_at && stop_at > 0; };
    return h;
  }
};

// A dense random LP, min c x with A x >= 1, 0 <= x <= 10 (feasible, bounded), that needs hundreds of
// dual simplex iterations.
struct RandomLp {
  glp_prob* lp = glp_create_prob();
  explicit RandomLp(int rows, int cols, unsigned seed) {
    std::mt19937 rng(seed);
    std::uniform_real_distribution<double> u(0.0, 1.0);
    glp_set_obj_dir(lp, GLP_MIN);
    glp_add_cols(lp, cols);
    for (int j = 1; j <= cols; ++j) {
      glp_set_col_bnds(lp, j, GLP_DB, 0.0, 10.0);
      glp_set_obj_coef(lp, j, 0.5 + u(rng));
    }
    glp_add_rows(lp, rows);
    std::vector<int> ind(cols + 1);
    std::vector<double> val(cols + 1);
    for (int i = 1; i <= rows; ++i) {
      for (int j = 1; j <= cols; ++j) ind[j] = j, val[j] = u(rng) - 0.3;
      glp_set_mat_row(lp, i, cols, ind.data(), val.data());
      glp_set_row_bnds(lp, i, GLP_LO, 1.0, 0.0);
    }
  }
  ~RandomLp() { glp_delete_prob(lp); }
  RandomLp(const RandomLp&) = delete;
  RandomLp& operator=(const RandomLp&) = delete;
  std::vector<double> x() const {
    std::vector<double> out;
    for (int j = 1; j <= glp_get_num_cols(lp); ++j) out.push_back(glp_get_col_prim(lp, j));
    return out;
  }
};

// The test LPs need a few hundred iterations: they are solved in chunks of 50 so that chunks matter.
constexpr int kChunk = 50;

glp_smcp dual_parameters() {
  glp_smcp parm;
  glp_init_smcp(&parm);
  parm.msg_lev = GLP_MSG_OFF;
  parm.meth = GLP_DUALP;
  return parm;
}

}  // namespace

TEST_CASE("1500: chunked simplex: GLPK's optimum in chunks, deterministic, the stop between chunks", "[quick][hooks]") {
  const glp_smcp parm = dual_parameters();
  RandomLp whole(300, 120, 7);
  REQUIRE(glp_simplex(whole.lp, &parm) == 0);
  REQUIRE(glp_get_status(whole.lp) == GLP_OPT);
  const int iterations = glp_get_it_cnt(whole.lp);
  INFO("iterations of the unchunked solve: " << iterations);
  REQUIRE(iterations > 2 * kChunk);  // so the chunks matter

  RandomLp a(300, 120, 7), b(300, 120, 7);
  Questions q;
  REQUIRE(detail::chunked_simplex(a.lp, parm, q.hooks(), "test LP", kChunk) == 0);
  REQUIRE(detail::chunked_simplex(b.lp, parm, {}, "test LP", kChunk) == 0);
  REQUIRE(glp_get_status(a.lp) == GLP_OPT);
  // the same optimum as one unlimited call, up to GLPK's tolerances
  CHECK(std::fabs(glp_get_obj_val(a.lp) - glp_get_obj_val(whole.lp)) <= 1e-9 * std::fabs(glp_get_obj_val(whole.lp)));
  // with or without hooks, bit for bit
  CHECK(glp_get_obj_val(a.lp) == glp_get_obj_val(b.lp));
  CHECK(a.x() == b.x());
  CHECK(glp_get_it_cnt(a.lp) == glp_get_it_cnt(b.lp));
  // asked once between two chunks: chunks - 1 questions
  const int chunks = (glp_get_it_cnt(a.lp) + kChunk - 1) / kChunk;
  CHECK(q.asked >= std::size_t(chunks - 1));
  CHECK(q.asked <= std::size_t(chunks));

  // a stop at the first question: Cancelled after exactly one chunk, GLPK's terminal output restored
  RandomLp c(300, 120, 7);
  Questions stop;
  stop.stop_at = 1;
  glp_term_out(GLP_ON);
  {
    detail::GlpkQuiet quiet;
    CHECK_THROWS_MATCHES(detail::chunked_simplex(c.lp, parm, stop.hooks(), "test LP", kChunk), Cancelled,
                         Catch::Message("test LP: stopped by the caller"));
  }
  CHECK(glp_term_out(GLP_OFF) == GLP_ON);  // the previous state was on again
  glp_term_out(GLP_ON);
  CHECK(glp_get_it_cnt(c.lp) == kChunk);
  // the basis left in the problem resumes to the same optimum as the uninterrupted chunked run
  REQUIRE(detail::chunked_simplex(c.lp, parm, {}, "test LP", kChunk) == 0);
  CHECK(glp_get_obj_val(c.lp) == glp_get_obj_val(b.lp));
  CHECK(c.x() == b.x());
}

TEST_CASE("1501: chunked simplex: the whole run's iteration and time limits, presolve refused", "[quick][hooks]") {
  glp_smcp parm = dual_parameters();
  parm.it_lim = kChunk + 17;
  RandomLp a(300, 120, 7);
  CHECK(detail::chunked_simplex(a.lp, parm, {}, "test LP", kChunk) == GLP_EITLIM);
  CHECK(glp_get_it_cnt(a.lp) == parm.it_lim);
  parm = dual_parameters();
  parm.tm_lim = 0;  // no time at all: GLPK is not even called
  RandomLp b(300, 120, 7);
  CHECK(detail::chunked_simplex(b.lp, parm, {}, "test LP", kChunk) == GLP_ETMLIM);
  CHECK(glp_get_it_cnt(b.lp) == 0);
  parm = dual_parameters();
  parm.presolve = GLP_ON;
  CHECK_THROWS_AS(detail::chunked_simplex(b.lp, parm, {}, "test LP", kChunk), InternalError);
  CHECK(detail::max_iterations(b.lp) >= 100000);
}

TEST_CASE("1502: Delsarte grid LP: the same solution with hooks, asked between chunks only", "[quick][hooks]") {
  const std::size_t n = 24, K = 30;
  const auto grid = bounds::detail::lp_grid(0.5);
  auto solve = [&](const RunHooks& h) {
    bounds::detail::GridLp lp(n, K);
    lp.add_points(grid);
    return lp.solve(h);
  };
  const auto plain = solve({});
  REQUIRE(plain.optimal);
  Questions q;
  const auto hooked = solve(q.hooks());
  CHECK(hooked.value == plain.value);
  CHECK(hooked.f == plain.f);
}

TEST_CASE("1503: gap LP: the same direction with hooks, asked between chunks only", "[quick][hooks]") {
  const std::size_t nu = 300, nv = 300, d = 20;
  std::mt19937 rng(3);
  std::normal_distribution<double> g;
  std::vector<double> coef((nu + nv) * d);
  for (std::size_t r = 0; r < nu + nv; ++r)
    for (std::size_t k = 0; k < d; ++k) coef[r * d + k] = g(rng) + (k == 0 ? (r < nu ? 0.3 : -0.3) : 0.0);
  auto run = [&](const RunHooks& h) {
    GapLp lp(coef, nu, nv, d, true, false);
    const bool ok = lp.solve(60000, h);
    return std::make_pair(ok, lp.g());
  };
  const auto plain = run({});
  REQUIRE(plain.first);
  Questions q;
  const auto hooked = run(q.hooks());
  CHECK(hooked == plain);
}

TEST_CASE("1504: train: a float32 step on threaded tiles asks between its tiles, the same result", "[quick][hooks]") {
  train::TrainOptions o;
  o.N = 700;  // past the small path: row tiles of 374 rows, two per edge
  o.d = 16;
  o.steps = 3;
  o.threads = 2;
  const train::TrainResult plain = train::train_constellation(o);
  Questions q;
  o.hooks = q.hooks();
  const train::TrainResult hooked = train::train_constellation(o);
  CHECK(hooked.loss == plain.loss);
  CHECK(hooked.embeddings.X == plain.embeddings.X);
  // before every step and inside it: 3 steps x (1 + one question per tile of thread 0 per edge)
  INFO("questions: " << q.asked);
  CHECK(q.asked > o.steps);
  for (std::size_t k : {std::size_t(2), q.asked - 1}) {
    INFO("stop at question " << k);
    Questions stop;
    stop.stop_at = k;
    o.hooks = stop.hooks();
    CHECK_THROWS_MATCHES(train::train_constellation(o), Cancelled, Catch::Message("train: stopped by the caller"));
    CHECK(stop.asked == k);
  }
}
