// How late a stop can come: the longest time between two questions of the stop hook (run_hooks.hpp)
// in long runs of training, the code bounds, a bound table and the gap search. The hook never stops;
// it only times the gaps between its calls (docs/library.md, "Stopping a long computation").
//   bench_hooks            all cases
//   bench_hooks codebound  one of: train, codebound, table, gap
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <random>
#include <string>

#include "constel/bounds/code_bounds.hpp"
#include "constel/gap/hypotheses.hpp"
#include "constel/gap/search.hpp"
#include "constel/io/float_matrix.hpp"
#include "constel/run_hooks.hpp"
#include "constel/tables/bound_tables.hpp"
#include "constel/train/trainer.hpp"

using namespace constel;
using Clock = std::chrono::steady_clock;

namespace {

struct Gaps {
  Clock::time_point start = Clock::now(), last = start;
  double worst = 0;
  std::size_t questions = 0;
  RunHooks hooks() {
    return RunHooks{[this] {
                      const auto now = Clock::now();
                      worst = std::max(worst, std::chrono::duration<double>(now - last).count());
                      last = now;
                      ++questions;
                      return false;
                    },
                    nullptr};
  }
  void print(const char* what) const {
    const double total = std::chrono::duration<double>(Clock::now() - start).count();
    std::printf("%-44s total %7.2f s  questions %8zu  longest gap %.3f s\n", what, total, questions, worst);
  }
};

FloatMatrix random_rows(std::size_t n, std::size_t d, std::uint64_t seed, double shift) {
  FloatMatrix m(n, d, FloatDType::F32, "rows");
  std::mt19937_64 rng(seed);
  std::normal_distribution<double> g;
  for (std::size_t i = 0; i < n; ++i)
    for (std::size_t k = 0; k < d; ++k) m.set(i, k, g(rng) + (k == 0 ? shift : 0.0));
  return m;
}

}  // namespace

int main(int argc, char** argv) {
  const std::string only = argc > 1 ? argv[1] : "";
  auto want = [&](const char* w) { return only.empty() || only == w; };
  if (want("train")) {
    Gaps g;
    train::TrainOptions o;
    o.N = 4096, o.d = 64, o.steps = 20, o.threads = 2, o.hooks = g.hooks();
    train::train_constellation(o);
    g.print("train N = 4096, d = 64, float32, 2 threads");
  }
  for (std::size_t n : {24, 100, 150}) {
    if (!want("codebound")) break;
    Gaps g;
    bounds::CodeBoundOptions o;
    o.hooks = g.hooks();
    bounds::spherical_code_bounds(n, Rational(1, 2), o);
    g.print(("codebound n = " + std::to_string(n) + ", s = 1/2").c_str());
  }
  if (want("table")) {
    Gaps g;
    code_bounds_table({3, 8, 16, 24}, {Rational(1, 2)}, true, g.hooks());
    g.print("table --codes --n 3,8,16,24 --s 1/2");
  }
  if (want("gap")) {
    GapPoints p = GapPoints::from_floats(random_rows(2000, 64, 1, 1.0), random_rows(2000, 64, 2, -1.0));
    Gaps h;
    exact_check_hypotheses(p, std::nullopt, 2, h.hooks());
    h.print("gap hypotheses N = 2000, d = 64");
    Gaps g;
    GapSearchOptions opt;
    opt.hooks = g.hooks();
    search_separating_direction(p, opt);
    g.print("gap search N = 2000, d = 64 (LP)");
  }
  return 0;
}
