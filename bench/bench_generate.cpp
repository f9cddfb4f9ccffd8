// Benchmark of the explicit constructions (docs/constructions.md): building the Leech shell and lifting
// it (plus writing the lifted .cst and .npz), and for E8, Nordstrom-Robinson, nr288, the extended Golay
// code and the Golay code: build + lift + exact verification, each timed separately. Optionally
// (argument "--verify-leech") the exact verification of the lifted Leech configuration (minutes).
// Run: ./build/bench/bench_generate [--verify-leech]
#include <chrono>
#include <cstdio>
#include <cstring>
#include <filesystem>

#include "constel/codes/source.hpp"
#include "constel/construct/constructions.hpp"
#include "constel/io/cst.hpp"
#include "constel/io/npz_writer.hpp"
#include "constel/verify/exact.hpp"

using namespace constel;
using clock_type = std::chrono::steady_clock;

namespace {
double since(clock_type::time_point t0) { return std::chrono::duration<double>(clock_type::now() - t0).count(); }
}  // namespace

int main(int argc, char** argv) {
  bool verify_leech = argc > 1 && std::strcmp(argv[1], "--verify-leech") == 0;
  const Rational m(1, 10), b(0);
  auto tmp = std::filesystem::temp_directory_path() / "constel-bench-generate";
  std::filesystem::create_directories(tmp);

  std::printf("Leech lattice minimal vectors, lifted to (m, b) = (1/10, 0)\n");
  auto t0 = clock_type::now();
  auto leech = codes::build_code("leech");
  double t_build = since(t0);
  t0 = clock_type::now();
  Configuration lifted = construct::lift(leech, m, b);
  double t_lift = since(t0);
  t0 = clock_type::now();
  write_cst_file((tmp / "leech.cst").string(), lifted);
  double t_cst = since(t0);
  t0 = clock_type::now();
  write_npz_file((tmp / "leech.npz").string(), configuration_arrays(lifted));
  double t_npz = since(t0);
  std::printf("%10s %10s %12s %12s %12s %12s\n", "N", "d", "build s", "lift s", "write cst s", "write npz s");
  std::printf("%10zu %10zu %12.3f %12.3f %12.3f %12.3f\n\n", lifted.N(), lifted.d(), t_build, t_lift, t_cst, t_npz);
  if (verify_leech) {
    t0 = clock_type::now();
    ExactReport r = exact_verify(lifted);
    std::printf("exact verification of the lifted Leech shell: %.1f s (%s), margin %s, claim %s\n\n", since(t0),
                r.arithmetic.c_str(), to_string(*r.margin).c_str(), *r.claim_holds ? "holds" : "FAILS");
  }

  std::printf("lift to (1/10, 0) and exact verification\n");
  std::printf("%10s %8s %6s %10s %10s %10s %10s  %s\n", "code", "N", "d", "build s", "lift s", "verify s", "total s",
              "verified m*");
  for (const char* spec : {"e8", "nr", "nr288", "golay24", "golay23"}) {
    auto all = clock_type::now();
    t0 = clock_type::now();
    auto code = codes::build_code(spec);
    double tb = since(t0);
    t0 = clock_type::now();
    Configuration c = construct::lift(code, m, b);
    double tl = since(t0);
    t0 = clock_type::now();
    ExactReport r = exact_verify(c);
    double tv = since(t0);
    std::printf("%10s %8zu %6zu %10.4f %10.4f %10.4f %10.4f  %s%s\n", spec, c.N(), c.d(), tb, tl, tv, since(all),
                to_string(*r.margin).c_str(), *r.claim_holds ? "" : "  CLAIM FAILS");
  }
  std::filesystem::remove_all(tmp);
  return 0;
}
