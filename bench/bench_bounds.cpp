// Benchmark of the capacity bounds (docs/bounds.md): certified Delsarte LP kissing bounds for every
// n = 3..24 in one run (per-n time, the grid optimum beside the certified value, the total), the whole
// of `codebound --n 1000000 --s 1/2` (interval Levenshtein at degree ~155000, cap and volume bounds),
// then `bound` (mrb_bounds) at d = 768 and d = 4096 for margin 0.01 at b = 0 and b = 0.068, then the
// certified three-point SDP bound for n = 3..10 at degrees 3..D (D = $CONSTEL_BENCH_SDP_DEGREE, default 5;
// the time per degree: SDPA's solve and the exact check).
// Run: ./build/bench/bench_bounds
#include <chrono>
#include <cstdio>
#include <cstdlib>

#include "constel/bounds/code_bounds.hpp"
#include "constel/bounds/delsarte.hpp"
#include "constel/bounds/mrb_bounds.hpp"
#include "constel/bounds/three_point.hpp"

using namespace constel;
using namespace constel::bounds;

namespace {

void sdp_rows() {
  std::size_t max_degree = 5;
  if (const char* e = std::getenv("CONSTEL_BENCH_SDP_DEGREE")) max_degree = std::size_t(std::atoi(e));
  std::printf("\ncertified three-point SDP bound, kissing configurations (s = 1/2)\n");
  std::printf("%4s %7s %14s %14s %10s %10s  %s\n", "n", "degree", "SDPA value", "certified", "solve s", "check s",
              "status");
  auto all = std::chrono::steady_clock::now();
  for (std::size_t n = 3; n <= 10; ++n)
    for (std::size_t d = 3; d <= max_degree; ++d) {
      ThreePointOptions o;
      o.degree = d;
      auto r = three_point_bound(n, Rational(1, 2), o);
      std::printf("%4zu %7zu %14.6f %14.6f %10.3f %10.3f  %s\n", n, d, r.float_value,
                  r.certified ? to_double(r.certificate.bound) : 0.0, r.solve_seconds, r.certify_seconds,
                  r.certified ? "certified" : r.note.c_str());
    }
  std::printf("total three-point rows: %.3f s\n",
              std::chrono::duration<double>(std::chrono::steady_clock::now() - all).count());
}

}  // namespace

int main() {
  using clock = std::chrono::steady_clock;
  std::printf("certified Delsarte LP, kissing configurations (s = 1/2)\n");
  std::printf("%4s %7s %18s %18s %10s %9s\n", "n", "degree", "grid optimum", "certified", "eps", "seconds");
  auto all = clock::now();
  for (std::size_t n = 3; n <= 24; ++n) {
    auto t0 = clock::now();
    auto r = certified_delsarte_bound(n, Rational(1, 2));
    double sec = std::chrono::duration<double>(clock::now() - t0).count();
    if (r.certified)
      std::printf("%4zu %7zu %18.6f %18.6f %10.2e %9.3f  rel. gap %.1e\n", n, r.degree, r.grid_value,
                  to_double(r.certificate.bound), to_double(r.certificate.eps), sec,
                  to_double(r.certificate.bound) / r.grid_value - 1);
    else
      std::printf("%4zu  not certified: %s (%.3f s)\n", n, r.note.c_str(), sec);
  }
  std::printf("total for n = 3..24: %.3f s\n\n", std::chrono::duration<double>(clock::now() - all).count());

  {
    auto t0 = clock::now();
    auto r = spherical_code_bounds(1000000, Rational(1, 2));
    double sec = std::chrono::duration<double>(clock::now() - t0).count();
    std::printf("codebound --n 1000000 --s 1/2: best upper 10^%.4f (%s), Levenshtein degree %zu, %.3f s\n\n",
                r.best_upper.log10, r.best_upper.method.c_str(), r.levenshtein ? r.levenshtein->degree : 0, sec);
  }

  std::printf("bound (N_MRB) at margin m = 0.01\n");
  std::printf("%6s %7s %12s %12s %12s  %s\n", "d", "b", "log10 lower", "log10 upper", "seconds", "upper method");
  for (std::size_t d : {768, 4096})
    for (const char* b : {"0", "0.068"}) {
      auto t0 = clock::now();
      auto r = mrb_bounds(d, parse_rational("0.01"), parse_rational(b));
      double sec = std::chrono::duration<double>(clock::now() - t0).count();
      std::printf("%6zu %7s %12.4f %12.4f %12.3f  %s\n", d, b, r.lower.log10, r.upper.log10, sec,
                  r.upper.method.c_str());
    }
  sdp_rows();
  return 0;
}
