// Benchmark of the exact verifier: an N x d configuration of +-1 entries
// with scale 1/d is verified exactly, and its time is printed beside a plain double-precision product
// U V^T of the same matrices (OpenBLAS dgemm, all threads, N^2 output). Target: exact <= 4x plain.
// Usage: bench_exact [N] [d] [repeats]   (defaults 2048 2048 3; the best of the repeats is reported)
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <random>
#include <thread>
#include <vector>

#include "constel/verify/exact.hpp"
#include "constel/verify/detail/integer_form.hpp"

#ifdef CONSTEL_HAVE_CBLAS
#include <cblas.h>
#else
#include <Eigen/Core>
#endif

using namespace constel;
using Clock = std::chrono::steady_clock;

static double seconds_since(Clock::time_point t0) {
  return std::chrono::duration<double>(Clock::now() - t0).count();
}

int main(int argc, char** argv) {
  const std::size_t N = argc > 1 ? std::strtoul(argv[1], nullptr, 10) : 2048;
  const std::size_t d = argc > 2 ? std::strtoul(argv[2], nullptr, 10) : 2048;
  const int repeats = argc > 3 ? std::atoi(argv[3]) : 3;
  const unsigned threads = std::max(1u, std::thread::hardware_concurrency());
  std::mt19937_64 rng(2048);
  Configuration c(N, d, 2);
  std::vector<double> U(N * d), V(N * d);
  for (std::size_t j = 0; j < d; ++j) c.set_scale(j, Rational(1, static_cast<long>(d)));
  for (std::size_t a = 0; a < 2; ++a)
    for (std::size_t p = 0; p < N * d; ++p) {
      int s = (rng() & 1) ? 1 : -1;
      c.modality(a)[p] = s;
      (a == 0 ? U : V)[p] = s / std::sqrt(static_cast<double>(d));
    }
  double best_exact = 1e300, best_plain = 1e300, best_form = 1e300;
  ExactReport report;
  std::vector<double> G(N * N);
  for (int r = 0; r < repeats; ++r) {
    auto t0 = Clock::now();
    report = exact_verify(c);
    best_exact = std::min(best_exact, seconds_since(t0));
    t0 = Clock::now();
    detail::IntegerForm form = detail::make_integer_form(c);
    best_form = std::min(best_form, seconds_since(t0));
    t0 = Clock::now();
#ifdef CONSTEL_HAVE_CBLAS
    openblas_set_num_threads(static_cast<int>(threads));
    cblas_dgemm(CblasRowMajor, CblasNoTrans, CblasTrans, static_cast<int>(N), static_cast<int>(N), static_cast<int>(d),
                1.0, U.data(), static_cast<int>(d), V.data(), static_cast<int>(d), 0.0, G.data(), static_cast<int>(N));
#else
    using Mat = Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;
    Eigen::Map<Mat>(G.data(), N, N).noalias() = Eigen::Map<Mat>(U.data(), N, d) * Eigen::Map<Mat>(V.data(), N, d).transpose();
#endif
    best_plain = std::min(best_plain, seconds_since(t0));
  }
  const double gflop = 2.0 * N * N * d / 1e9;
  std::printf("exact verification benchmark: N = %zu pairs, d = %zu, +-1 entries, scale 1/%zu, %u threads, best of %d\n",
              N, d, d, threads, repeats);
  std::printf("  %-34s %9.3f s  %7.2f GFLOP/s\n", "plain double product U V^T", best_plain, gflop / best_plain);
  std::printf("  %-34s %9.3f s  %7.2f GFLOP/s\n", ("exact verify (" + report.arithmetic + " path)").c_str(), best_exact,
              gflop / best_exact);
  std::printf("    of which the integer form (conversion from rationals): %.3f s\n", best_form);
  std::printf("  ratio exact / plain: %.2f (target <= 4)\n", best_exact / best_plain);
  std::printf("  result: margin %s, unit norm %s\n", report.margin ? to_string(*report.margin).c_str() : "none",
              report.unit_norm ? "yes" : "no");
  return 0;
}
