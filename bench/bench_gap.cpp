// Benchmark of the modality-gap module: (1) the certified check of a direction over float32
// embeddings (double sums with an error bound, exact fallback) beside a plain double evaluation of the
// same dot products; (2) the LP search (GLPK, reweighting, repair) on random embeddings with a planted
// gap and on Construction 3 (construct::gap_tight). Prints seconds; nothing is asserted.
// Usage: bench_gap [N_check] [d_check]   (defaults 20000 512)
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <random>

#include "constel/construct/constructions.hpp"
#include "constel/gap/search.hpp"

using namespace constel;
using Clock = std::chrono::steady_clock;

static double seconds_since(Clock::time_point t0) { return std::chrono::duration<double>(Clock::now() - t0).count(); }

static FloatMatrix random_matrix(std::mt19937_64& rng, std::size_t n, std::size_t d, double shift, const char* name) {
  std::normal_distribution<double> g;
  FloatMatrix m(n, d, FloatDType::F32, name);
  std::vector<double> x(d);
  for (std::size_t i = 0; i < n; ++i) {
    double nn = 0;
    for (auto& v : x) v = g(rng), nn += v * v;
    for (std::size_t k = 0; k < d; ++k) m.set(i, k, x[k] / std::sqrt(nn) + (k == 0 ? shift : 0.0));
  }
  return m;
}

int main(int argc, char** argv) {
  const std::size_t N = argc > 1 ? std::strtoul(argv[1], nullptr, 10) : 20000;
  const std::size_t d = argc > 2 ? std::strtoul(argv[2], nullptr, 10) : 512;
  std::mt19937_64 rng(8);
  {
    GapPoints p = GapPoints::from_floats(random_matrix(rng, N, d, 0.1, "U"), random_matrix(rng, N, d, -0.1, "V"));
    GapDirection h;
    std::vector<double> g(d);
    std::uniform_int_distribution<int> coord(-1000, 1000);
    for (std::size_t k = 0; k < d; ++k) g[k] = coord(rng), h.g.push_back(Rational(int(g[k])));
    auto t0 = Clock::now();
    GapCheck c = certified_check_direction(p, h);
    double t_cert = seconds_since(t0);
    t0 = Clock::now();
    std::size_t pos = 0;
    for (GapSide s : {GapSide::U, GapSide::V}) {
      const float* x = p.floats(s)->f32();
      for (std::size_t i = 0; i < p.rows(s); ++i) {
        double sum = 0;
        for (std::size_t k = 0; k < d; ++k) sum += g[k] * double(x[i * d + k]);
        pos += sum > 0;
      }
    }
    double t_plain = seconds_since(t0);
    std::printf("certified check, %zu + %zu rows, d = %zu: %.3f s (exact fallbacks: %zu); plain double: %.3f s (%zu)\n",
                N, N, d, t_cert, c.exact_evaluations, t_plain, pos);
  }
  struct Size {
    std::size_t n, d;
  };
  for (Size s : {Size{500, 8}, Size{2000, 16}, Size{4000, 32}}) {
    GapPoints p = GapPoints::from_floats(random_matrix(rng, s.n, s.d, 0.2, "U"), random_matrix(rng, s.n, s.d, -0.2, "V"));
    for (bool affine : {false, true}) {
      GapSearchOptions opt;
      opt.affine = affine;
      auto t0 = Clock::now();
      GapSearchResult r = search_separating_direction(p, opt);
      std::printf("search, random planted gap, N = %zu, d = %zu, %s: %.3f s, %zu LP solves, U bad %zu, V wrong %zu\n",
                  s.n, s.d, affine ? "affine" : "homogeneous", seconds_since(t0), r.lp_solves, r.check.u_nonpositive,
                  r.check.v_nonnegative);
    }
  }
  for (std::size_t n : {50, 200, 1000}) {
    GapPoints p = GapPoints::from_configuration(construct::gap_tight(n));
    auto t0 = Clock::now();
    GapSearchResult r = search_separating_direction(p);
    std::printf("search, Construction 3 (gap-tight), N = %zu: %.3f s, %zu LP solves, V wrong %zu (forced: 2)\n", n,
                seconds_since(t0), r.lp_solves, r.check.v_nonnegative);
  }
  return 0;
}
