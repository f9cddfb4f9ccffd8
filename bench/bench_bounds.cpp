// Benchmark of the capacity bounds (docs/bounds.md), every certified kissing bound in one run: the
// certified Delsarte LP for every n = 3..24 (per-n time, the grid optimum beside the certified value, the
// total), the whole of `codebound --n 1000000 --s 1/2` (interval Levenshtein, cap and volume bounds), then
// `bound` (mrb_bounds) at d = 768 and d = 4096 for margin 0.01 at b = 0 and b = 0.068, then the certified
// three-point SDP bound for n = 3..10 at one degree per n (default: 6 for n = 3, 8 for n = 4..10), with
// its total against the target of 5 minutes for n = 3..10.
// The degrees: $CONSTEL_BENCH_SDP_DEGREE or the first argument, either one degree for every n ("8") or
// a list "n:K,..." ("3:6,4:8,5:10"; the n not named keep the default; K = 0 skips that n; "6:11s" solves
// with the rows scaled, ThreePointOptions::scale_rows, marked "s" after the degree).
// Run: ./build/bench/bench_bounds [DEGREES]
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <map>
#include <set>
#include <stdexcept>
#include <string>

#include "constel/bounds/code_bounds.hpp"
#include "constel/bounds/delsarte.hpp"
#include "constel/bounds/mrb_bounds.hpp"
#include "constel/bounds/three_point.hpp"

using namespace constel;
using namespace constel::bounds;

namespace {

using clock_type = std::chrono::steady_clock;

double seconds_since(clock_type::time_point t0) {
  return std::chrono::duration<double>(clock_type::now() - t0).count();
}

// The SDP degree for each n = 3..10 from "K" or "n:K,n:K,..." over the defaults (see the file comment).
std::set<std::size_t> scaled;  // the n given as n:Ks

std::map<std::size_t, std::size_t> sdp_degrees(const char* spec) {
  std::map<std::size_t, std::size_t> deg;
  for (std::size_t n = 3; n <= 10; ++n) deg[n] = n == 3 ? 6 : 8;
  if (!spec || !*spec) return deg;
  std::string s = spec;
  if (s.find(':') == std::string::npos) {
    for (auto& [n, k] : deg) k = std::size_t(std::stoul(s));
    return deg;
  }
  std::size_t pos = 0;
  while (pos <= s.size()) {
    std::size_t comma = s.find(',', pos);
    std::string item = s.substr(pos, comma == std::string::npos ? std::string::npos : comma - pos);
    std::size_t colon = item.find(':');
    if (colon == std::string::npos) throw std::invalid_argument("expected n:K in '" + item + "'");
    const std::size_t n = std::size_t(std::stoul(item.substr(0, colon)));
    deg[n] = std::size_t(std::stoul(item.substr(colon + 1)));
    if (!item.empty() && item.back() == 's') scaled.insert(n);  // n:Ks: rows scaled (ThreePointOptions::scale_rows)
    if (comma == std::string::npos) break;
    pos = comma + 1;
  }
  return deg;
}

// delsarte: the certified Delsarte value of each n from the first rows (0 when not certified).
void sdp_rows(const std::map<std::size_t, std::size_t>& degrees, const std::map<std::size_t, double>& delsarte) {
  std::printf("\ncertified three-point SDP bound, kissing configurations (s = 1/2)\n");
  std::printf("%4s %7s %14s %14s %14s %10s %10s %10s  %s\n", "n", "degree", "SDPA value", "certified", "Delsarte",
              "solve s", "check s", "total s", "status");
  auto all = clock_type::now();
  for (const auto& [n, degree] : degrees) {
    if (degree == 0) continue;
    ThreePointOptions o;
    o.degree = degree;
    o.scale_rows = scaled.count(n) > 0;
    auto t0 = clock_type::now();
    auto r = three_point_bound(n, Rational(1, 2), o);
    double sec = seconds_since(t0);
    auto it = delsarte.find(n);
    std::printf("%4zu %6zu%s %14.6f %14.6f %14.6f %10.3f %10.3f %10.3f  %s\n", n, degree, o.scale_rows ? "s" : " ", r.float_value,
                r.certified ? to_double(r.certificate.bound) : 0.0, it == delsarte.end() ? 0.0 : it->second,
                r.solve_seconds, r.certify_seconds, sec, r.certified ? r.solver_status.c_str() : r.note.c_str());
  }
  double total = seconds_since(all);
  std::printf("total three-point rows (n = 3..10): %.3f s wall; target < 300 s: %s\n", total,
              total < 300 ? "met" : "NOT met");
}

}  // namespace

int main(int argc, char** argv) {
  const char* spec = argc > 1 ? argv[1] : std::getenv("CONSTEL_BENCH_SDP_DEGREE");
  const auto degrees = sdp_degrees(spec);  // parsed first: a bad list fails before the long rows
  std::printf("certified Delsarte LP, kissing configurations (s = 1/2)\n");
  std::printf("%4s %7s %18s %18s %10s %9s\n", "n", "degree", "grid optimum", "certified", "eps", "seconds");
  std::map<std::size_t, double> delsarte;
  auto all = clock_type::now();
  for (std::size_t n = 3; n <= 24; ++n) {
    auto t0 = clock_type::now();
    auto r = certified_delsarte_bound(n, Rational(1, 2));
    double sec = seconds_since(t0);
    delsarte[n] = r.certified ? to_double(r.certificate.bound) : 0.0;
    if (r.certified)
      std::printf("%4zu %7zu %18.6f %18.6f %10.2e %9.3f  rel. gap %.1e\n", n, r.degree, r.grid_value,
                  to_double(r.certificate.bound), to_double(r.certificate.eps), sec,
                  to_double(r.certificate.bound) / r.grid_value - 1);
    else
      std::printf("%4zu  not certified: %s (%.3f s)\n", n, r.note.c_str(), sec);
  }
  std::printf("total for n = 3..24: %.3f s\n\n", seconds_since(all));

  {
    auto t0 = clock_type::now();
    auto r = spherical_code_bounds(1000000, Rational(1, 2));
    double sec = seconds_since(t0);
    std::printf("codebound --n 1000000 --s 1/2: best upper 10^%.4f (%s), Levenshtein degree %zu, %.3f s\n\n",
                r.best_upper.log10, r.best_upper.method.c_str(), r.levenshtein ? r.levenshtein->degree : 0, sec);
  }

  std::printf("bound (N_MRB) at margin m = 0.01\n");
  std::printf("%6s %7s %12s %12s %12s  %s\n", "d", "b", "log10 lower", "log10 upper", "seconds", "upper method");
  for (std::size_t d : {768, 4096})
    for (const char* b : {"0", "0.068"}) {
      auto t0 = clock_type::now();
      auto r = mrb_bounds(d, parse_rational("0.01"), parse_rational(b));
      std::printf("%6zu %7s %12.4f %12.4f %12.3f  %s\n", d, b, r.lower.log10, r.upper.log10, seconds_since(t0),
                  r.upper.method.c_str());
    }
  sdp_rows(degrees, delsarte);
  return 0;
}
