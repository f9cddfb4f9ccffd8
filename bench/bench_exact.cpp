// Benchmark of the exact verifier: an N x d configuration
// of +-1 entries with scale 1/d is verified exactly, and its time is printed beside a plain
// double-precision product U V^T of the same matrices (OpenBLAS dgemm, all threads, N^2 output). The
// configuration is also written as a .cst file (21 MB of text at 2048 x 2048), read back through the
// library (MB/s of the reader) and verified by the command `constel verify FILE.cst --json` as a user
// runs it, beside a numpy float64 product of the same matrices (from .npy files; /usr/bin/python3 with
// python3-numpy). Targets: library exact <= 2x dgemm; command <= 4x numpy.
// Usage: bench_exact [N] [d] [repeats]   (defaults 2048 2048 3; the best of the repeats is reported)
#include <chrono>
#include <cstdio>
#include <ctime>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <random>
#include <thread>
#include <vector>

#include "child_run.hpp"
#include "constel/io/atomic_file.hpp"
#include "constel/io/cst.hpp"
#include "constel/io/npy.hpp"
#include "constel/verify/exact.hpp"
#include "constel/verify/detail/integer_form.hpp"

#ifdef CONSTEL_HAVE_CBLAS
#include <cblas.h>
#else
#include <Eigen/Core>
#endif

using namespace constel;
using Clock = std::chrono::steady_clock;

static double cpu_seconds() {
  timespec t{};
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);
  return double(t.tv_sec) + 1e-9 * double(t.tv_nsec);
}

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
  namespace fs = std::filesystem;
  const fs::path dir = fs::temp_directory_path() / ("constel-bench-exact-" + std::to_string(N) + "-" + std::to_string(d));
  fs::create_directories(dir);
  const std::string cst = (dir / "h.cst").string(), up = (dir / "U.npy").string(), vp = (dir / "V.npy").string();
  write_cst_file(cst, c);
  const double cst_mb = double(fs::file_size(cst)) / 1e6;
  {
    FloatMatrix mu(N, d, FloatDType::F64, "U"), mv(N, d, FloatDType::F64, "V");
    std::copy(U.begin(), U.end(), mu.f64()), std::copy(V.begin(), V.end(), mv.f64());
    write_bytes_atomically(up, encode_npy(mu));
    write_bytes_atomically(vp, encode_npy(mv));
  }
  const std::string python = "/usr/bin/python3", script = (dir / "product.py").string(), out = (dir / "np.txt").string();
  const bool numpy = std::system((python + " -c 'import numpy' 2>/dev/null").c_str()) == 0;
  std::ofstream(script) << "import sys, time, numpy as np\n"
                           "U = np.load(sys.argv[1]); V = np.load(sys.argv[2])\n"
                           "t = time.time(); G = U @ V.T; print('%.6f %.9g' % (time.time() - t, G.max()))\n";
  double best_read = 1e300, best_cmd = 1e300, best_np = 1e300, best_np_total = 1e300;
  double read_cpu = 1e300, cmd_cpu = 1e300, cmd_rss = 0, best_back = 1e300;  // CPU seconds: steadier than wall time on a shared machine
  double best_exact = 1e300, best_plain = 1e300, best_form = 1e300;
  ExactReport report;
  std::vector<double> G(N * N);
  for (int r = 0; r < repeats; ++r) {
    auto t0 = Clock::now();
    report = exact_verify(c);
    best_exact = std::min(best_exact, seconds_since(t0));
    t0 = Clock::now();
    detail::IntegerForm form = detail::make_integer_form(c, threads);
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
    t0 = Clock::now();
    const double c0 = cpu_seconds();
    Configuration back = read_cst_file(cst);
    read_cpu = std::min(read_cpu, cpu_seconds() - c0);
    best_read = std::min(best_read, seconds_since(t0));
    if (back.N() != N) std::printf("  (read back N = %zu?)\n", back.N());
    t0 = Clock::now();
    const ExactReport back_report = exact_verify(back);  // on the compact entries the reader filled
    best_back = std::min(best_back, seconds_since(t0));
    if (back_report.margin != report.margin) std::printf("  (the file's report differs?)\n");
#ifdef CONSTEL_BIN
    bench::ChildRun cr = bench::timed_child(std::string("'") + CONSTEL_BIN + "' verify '" + cst + "' --json > /dev/null");
    best_cmd = std::min(best_cmd, cr.wall), cmd_cpu = std::min(cmd_cpu, cr.cpu);
    cmd_rss = std::max(cmd_rss, cr.rss_mib);
#endif
    if (numpy) {
      bench::ChildRun nr = bench::timed_child(python + " '" + script + "' '" + up + "' '" + vp + "' > '" + out + "'");
      double inner = 0, mx = 0;
      if (FILE* f = std::fopen(out.c_str(), "r")) {
        if (std::fscanf(f, "%lf %lf", &inner, &mx) != 2) inner = 0;
        std::fclose(f);
      }
      if (inner > 0) best_np = std::min(best_np, inner), best_np_total = std::min(best_np_total, nr.wall);
    }
  }
  const double gflop = 2.0 * N * N * d / 1e9;
  std::printf("exact verification benchmark: N = %zu pairs, d = %zu, +-1 entries, scale 1/%zu, %u threads, best of %d\n",
              N, d, d, threads, repeats);
  std::printf("  %-34s %9.3f s  %7.2f GFLOP/s\n", "plain double product U V^T", best_plain, gflop / best_plain);
  std::printf("  %-34s %9.3f s  %7.2f GFLOP/s\n", ("exact verify (" + report.arithmetic + " path)").c_str(), best_exact,
              gflop / best_exact);
  std::printf("    of which the integer form (conversion from rationals): %.3f s\n", best_form);
  std::printf("  ratio exact / plain: %.2f (target <= 2)\n", best_exact / best_plain);
  std::printf("  exact verify of the file read back (compact entries): %.3f s\n", best_back);
  std::printf("  read_cst_file of the %.1f MB .cst file: %.3f s (%.0f MB/s; target >= 150), CPU %.3f s (%.0f MB/s)\n",
              cst_mb, best_read, cst_mb / best_read, read_cpu, cst_mb / read_cpu);
#ifdef CONSTEL_BIN
  std::printf("  constel verify FILE.cst --json (command, reading included): %.3f s (CPU %.3f s), peak %.1f MiB = %.2fx the file\n",
              best_cmd, cmd_cpu, cmd_rss, cmd_rss * 1048576.0 / 1e6 / cst_mb);
#endif
  if (numpy && best_np < 1e300) {
    std::printf("  numpy float64 U @ V.T (same matrices from .npy): %.3f s compute, %.3f s with loading\n", best_np,
                best_np_total);
    std::printf("  ratio command / numpy compute: %.2f (target <= 4)\n", best_cmd / best_np);
  } else {
    std::printf("  numpy: not available (%s -c 'import numpy' failed), comparison skipped\n", python.c_str());
  }
  fs::remove_all(dir);
  std::printf("  result: margin %s, unit norm %s\n", report.margin ? to_string(*report.margin).c_str() : "none",
              report.unit_norm ? "yes" : "no");
  return 0;
}
