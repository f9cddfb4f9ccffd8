// Benchmark of certified embedding verification: random unit float32 U, V (N x d,
// fixed seed), in one run: the FMA peaks of the machine (register-only loops on every thread: AVX2
// fp32, AVX-512 fp32, AVX512_BF16 dot products, each where the processor has it), plain products with
// no reduction (one OpenBLAS sgemm per square tile, and the packed-panel kernel the verifier uses with
// each micro-kernel the processor runs), certified_verify through the library, and the command
// `constel verify --u U.npy --v V.npy --json --quiet` as a user runs it (reading included) with its
// peak resident memory. If /usr/bin/python3 has numpy, the usual blockwise numpy script (U @ V.T in row
// blocks, max reductions) runs on the same files, and if it has faiss (Debian python3-faiss), an exact
// IndexFlatIP k = 2 search of U against V (uncertified, the second neighbour stands for the largest
// negative).
// With AVX512_BF16 also the plain bfloat16 panel products, and certified_verify both with the bfloat16
// screen forced on and with it off (the command runs the default, which the processor's measured rates
// decide: certified.hpp ScreenMode::Auto).
// Usage: bench_verify [N=16384] [d=768] [threads=all] [tile=512] [rounds=3]. GFLOP/s = 2 N^2 d / time.
// Every round runs each contender once (interleaved, so that the slow phases of a shared machine hit
// all of them) and the best time of each is printed.
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>
#include <immintrin.h>

#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include "child_run.hpp"
#include "constel/io/atomic_file.hpp"
#include "constel/io/npy.hpp"
#include "constel/verify/certified.hpp"
#include "constel/verify/detail/bf16_screen.hpp"
#include "constel/verify/detail/panel_kernel.hpp"
#include "constel/verify/detail/tile_products.hpp"

namespace {

using Clock = std::chrono::steady_clock;
double seconds_since(Clock::time_point t) { return std::chrono::duration<double>(Clock::now() - t).count(); }
// CPU time of the whole process: on a shared machine a steadier measure than wall time.
double cpu_seconds() {
  timespec t{};
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);
  return double(t.tv_sec) + 1e-9 * double(t.tv_nsec);
}

// 10 independent chains of 8-wide FMAs: 160 flops per iteration.
__attribute__((target("avx2,fma"))) double fma_loop_avx2(long iters) {
  __m256 a[10];
  const __m256 x = _mm256_set1_ps(1.0000001f), y = _mm256_set1_ps(-1e-7f);
  for (int k = 0; k < 10; ++k) a[k] = _mm256_set1_ps(float(k));
  for (long i = 0; i < iters; ++i)
#pragma GCC unroll 10
    for (int k = 0; k < 10; ++k) a[k] = _mm256_fmadd_ps(a[k], x, y);
  float s = 0, t[8];
  for (int k = 0; k < 10; ++k) {
    _mm256_storeu_ps(t, a[k]);
    for (float v : t) s += v;
  }
  return s;
}

// 12 independent chains of 16-wide FMAs: 384 flops per iteration.
__attribute__((target("avx512f"))) double fma_loop_avx512(long iters) {
  __m512 a[12];
  const __m512 x = _mm512_set1_ps(1.0000001f), y = _mm512_set1_ps(-1e-7f);
  for (int k = 0; k < 12; ++k) a[k] = _mm512_set1_ps(float(k));
  for (long i = 0; i < iters; ++i)
#pragma GCC unroll 12
    for (int k = 0; k < 12; ++k) a[k] = _mm512_fmadd_ps(a[k], x, y);
  float s = 0;
  for (int k = 0; k < 12; ++k) s += _mm512_reduce_add_ps(a[k]);
  return s;
}

// 12 independent chains of vdpbf16ps (32 bf16 products added into 16 float lanes: 64 flops each): 768
// flops per iteration.
__attribute__((target("avx512f,avx512bf16"))) double bf16_loop(long iters) {
  __m512 a[12];
  const __m512bh x = _mm512_cvtne2ps_pbh(_mm512_set1_ps(1e-3f), _mm512_set1_ps(1e-3f));
  for (int k = 0; k < 12; ++k) a[k] = _mm512_set1_ps(float(k));
  for (long i = 0; i < iters; ++i)
#pragma GCC unroll 12
    for (int k = 0; k < 12; ++k) a[k] = _mm512_dpbf16_ps(a[k], x, x);
  float s = 0;
  for (int k = 0; k < 12; ++k) s += _mm512_reduce_add_ps(a[k]);
  return s;
}

enum class Peak { Avx2, Avx512, Bf16 };

bool has_peak(Peak p) {
  __builtin_cpu_init();
  if (p == Peak::Avx2) return __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma");
  if (p == Peak::Avx512) return __builtin_cpu_supports("avx512f");
  return __builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512bf16");
}

// GFLOP/s of the loop on `threads` threads at once (0 when the processor lacks it).
double peak_gflops(Peak p, unsigned threads) {
  if (!has_peak(p)) return 0;
  const long iters = 50000000;
  const double per_iter = p == Peak::Avx2 ? 160 : p == Peak::Avx512 ? 384 : 768;
  std::vector<std::thread> pool;
  std::vector<double> sink(threads);
  auto t = Clock::now();
  for (unsigned k = 0; k < threads; ++k)
    pool.emplace_back([&, k] {
      sink[k] = p == Peak::Avx2 ? fma_loop_avx2(iters) : p == Peak::Avx512 ? fma_loop_avx512(iters) : bf16_loop(iters);
    });
  for (auto& th : pool) th.join();
  double s = seconds_since(t);
  if (sink[0] == 12345.0) std::printf(" ");
  return per_iter * double(iters) * threads / s / 1e9;
}

constel::FloatMatrix random_unit(std::size_t n, std::size_t d, std::mt19937& rng, const char* name) {
  constel::FloatMatrix m(n, d, constel::FloatDType::F32, name);
  std::normal_distribution<float> g;
  for (std::size_t i = 0; i < n; ++i) {
    double s = 0;
    float* r = m.f32() + i * d;
    for (std::size_t k = 0; k < d; ++k) r[k] = g(rng), s += double(r[k]) * r[k];
    for (std::size_t k = 0; k < d; ++k) r[k] = float(r[k] / std::sqrt(s));
  }
  return m;
}

}  // namespace

// A python script run as a child; its first printed number is the time of its compute part.
struct Script {
  bool available = false;
  std::string path, out;
  double inner = 1e300, total = 1e300, cpu = 0, value = 0;  // value: its max negative; cpu: of the best total
  void run(const std::string& cmdline) {
    constel::bench::ChildRun c = constel::bench::timed_child(cmdline + " > '" + out + "'");
    double t = 0, v = 0;
    if (FILE* f = std::fopen(out.c_str(), "r")) {
      if (std::fscanf(f, "%lf %lf", &t, &v) != 2) t = 0;
      std::fclose(f);
    }
    if (t > 0 && t < inner) inner = t, value = v;
    if (t > 0 && c.wall < total) total = c.wall, cpu = c.cpu;
  }
};

const char* kNumpyScript =
    "import sys, time, numpy as np\n"
    "U = np.load(sys.argv[1]); V = np.load(sys.argv[2]); B = 2048\n"
    "t = time.time(); mn = np.inf; mx = -np.inf\n"
    "for i in range(0, U.shape[0], B):\n"
    "    S = U[i:i+B] @ V.T\n"
    "    r = np.arange(S.shape[0])\n"
    "    mn = min(mn, S[r, i + r].min())\n"
    "    S[r, i + r] = -np.inf\n"
    "    mx = max(mx, S.max())\n"
    "print('%.6f %.9g %.9g' % (time.time() - t, mx, (mn - mx) / 2))\n";

// Exact (brute-force) inner-product search, k = 2: the best neighbour other than the row's own pair is
// the row's largest negative (when the pair itself is not among the two, the first is).
const char* kFaissScript =
    "import sys, time, numpy as np, faiss\n"
    "U = np.load(sys.argv[1]); V = np.load(sys.argv[2]); faiss.omp_set_num_threads(int(sys.argv[3]))\n"
    "t = time.time(); index = faiss.IndexFlatIP(V.shape[1]); index.add(V); D, I = index.search(U, 2)\n"
    "r = np.arange(U.shape[0]); neg = np.where(I[:, 0] == r, D[:, 1], D[:, 0])\n"
    "print('%.6f %.9g' % (time.time() - t, neg.max()))\n";

int main(int argc, char** argv) {
  const std::size_t N = argc > 1 ? std::stoul(argv[1]) : 16384, d = argc > 2 ? std::stoul(argv[2]) : 768;
  const unsigned threads = argc > 3 ? unsigned(std::stoul(argv[3])) : std::max(1u, std::thread::hardware_concurrency());
  const std::size_t tile = argc > 4 ? std::stoul(argv[4]) : 512;
  const int rounds = argc > 5 ? std::max(1, std::stoi(argv[5])) : 3;
  const double flop = 2.0 * double(N) * double(N) * double(d);
  std::printf("certified verification benchmark: N = %zu pairs, d = %zu, random unit float32, %u threads, best of %d "
              "interleaved rounds\n",
              N, d, threads, rounds);
  std::mt19937 rng(2024);
  constel::FloatMatrix U = random_unit(N, d, rng, "U"), V = random_unit(N, d, rng, "V");
  const double input_mib = 2.0 * double(N) * double(d) * 4 / 1048576.0;

  namespace fs = std::filesystem;
  fs::path dir = fs::temp_directory_path() / ("constel-bench-verify-" + std::to_string(N) + "-" + std::to_string(d));
  fs::create_directories(dir);
  const std::string up = (dir / "U.npy").string(), vp = (dir / "V.npy").string();
  constel::write_bytes_atomically(up, constel::encode_npy(U));
  constel::write_bytes_atomically(vp, constel::encode_npy(V));
  const char* py = std::getenv("CONSTEL_BENCH_PYTHON");
  const std::string python = py ? py : "/usr/bin/python3";
  Script numpy, faiss;
  numpy.available = std::system((python + " -c 'import numpy' 2>/dev/null").c_str()) == 0;
  faiss.available = numpy.available && std::system((python + " -c 'import faiss' 2>/dev/null").c_str()) == 0;
  numpy.path = (dir / "numpy_blocks.py").string(), numpy.out = (dir / "numpy.txt").string();
  faiss.path = (dir / "faiss_knn.py").string(), faiss.out = (dir / "faiss.txt").string();
  std::ofstream(numpy.path) << kNumpyScript;
  std::ofstream(faiss.path) << kFaissScript;
  using constel::detail::PanelKernel;
  std::vector<PanelKernel> kernels;
  for (PanelKernel k : {PanelKernel::Avx512, PanelKernel::Avx2})
    if (constel::detail::panel_kernel_supported(k)) kernels.push_back(k);

  const double inf = 1e300;
  const Peak peaks[] = {Peak::Avx2, Peak::Avx512, Peak::Bf16};
  double peak[3] = {0, 0, 0}, blas = inf, cert = inf, cmd = inf, cmd_rss = 0, blas_cpu = 0, cert_cpu = 0, chk = 0;
  double cmd_cpu = 0, bf16 = inf, bf16_cpu = 0, off = inf, off_cpu = 0;
  const bool screen = constel::bf16_screen_supported();
  constel::CertifiedReport r_off;
  std::uint64_t screen_recomputed = 0, screen_tiles = 0, screen_fallback = 0;
  std::vector<double> panel(kernels.size(), inf), panel_cpu(kernels.size(), 0);
  constel::CertifiedReport r;
  const std::string ts = std::to_string(threads);
  for (int round = 0; round < rounds; ++round) {
    for (int p = 0; p < 3; ++p) peak[p] = std::max(peak[p], peak_gflops(peaks[p], threads));
    auto t = Clock::now();
    double c0 = cpu_seconds();
    chk += constel::detail::plain_tile_products(U.f32(), V.f32(), N, N, d, threads, tile);
    if (seconds_since(t) < blas) blas = seconds_since(t), blas_cpu = cpu_seconds() - c0;
    for (std::size_t k = 0; k < kernels.size(); ++k) {
      t = Clock::now();
      c0 = cpu_seconds();
      chk += constel::detail::plain_panel_products(U.f32(), V.f32(), N, N, d, threads, kernels[k]);
      if (seconds_since(t) < panel[k]) panel[k] = seconds_since(t), panel_cpu[k] = cpu_seconds() - c0;
    }
    if (screen) {
      t = Clock::now();
      c0 = cpu_seconds();
      chk += constel::detail::plain_bf16_panel_products(U.f32(), V.f32(), N, N, d, threads);
      if (seconds_since(t) < bf16) bf16 = seconds_since(t), bf16_cpu = cpu_seconds() - c0;
    }
    constel::CertifiedOptions opt;
    opt.threads = threads;
    opt.screen = screen ? constel::ScreenMode::On : constel::ScreenMode::Auto;
    constel::detail::ScreenCounters& sc = constel::detail::screen_counters();
    const std::uint64_t rc0 = sc.recomputed, tc0 = sc.tiles, fc0 = sc.fallback_tiles;
    t = Clock::now();
    c0 = cpu_seconds();
    r = constel::certified_verify(U, V, opt);
    if (seconds_since(t) < cert) cert = seconds_since(t), cert_cpu = cpu_seconds() - c0;
    screen_recomputed = sc.recomputed - rc0, screen_tiles = sc.tiles - tc0, screen_fallback = sc.fallback_tiles - fc0;
    if (screen) {
      opt.screen = constel::ScreenMode::Off;
      t = Clock::now();
      c0 = cpu_seconds();
      r_off = constel::certified_verify(U, V, opt);
      if (seconds_since(t) < off) off = seconds_since(t), off_cpu = cpu_seconds() - c0;
    }
#ifdef CONSTEL_BIN
    std::string cmdline = std::string("'") + CONSTEL_BIN + "' verify --u '" + up + "' --v '" + vp + "' --threads " +
                          ts + " --json --quiet > '" + (dir / "out.json").string() + "'";
    constel::bench::ChildRun c = constel::bench::timed_child(cmdline);
    if (c.wall < cmd) cmd = c.wall, cmd_cpu = c.cpu;
    cmd_rss = std::max(cmd_rss, c.rss_mib);
#endif
    const std::string env = "OPENBLAS_NUM_THREADS=" + ts + " OMP_NUM_THREADS=" + ts + " ";
    if (numpy.available) numpy.run(env + python + " '" + numpy.path + "' '" + up + "' '" + vp + "'");
    if (faiss.available) faiss.run(env + python + " '" + faiss.path + "' '" + up + "' '" + vp + "' " + ts);
  }
  auto gf = [&](double s) { return flop / s / 1e9; };
  const char* peak_names[] = {"AVX2 fp32 FMA", "AVX-512 fp32 FMA", "AVX512_BF16 dot (vdpbf16ps)"};
  for (int p = 0; p < 3; ++p) {
    if (peak[p] > 0)
      std::printf("  peak loop, %-28s (register only)           %8.2f GFLOP/s\n", peak_names[p], peak[p]);
    else
      std::printf("  peak loop, %-28s: not on this processor\n", peak_names[p]);
  }
  std::printf("  plain sgemm, one OpenBLAS call per %zu x %zu tile  %7.3f s %8.2f GFLOP/s  (CPU %.3f s)\n", tile,
              tile, blas, gf(blas), blas_cpu);
  for (std::size_t k = 0; k < kernels.size(); ++k) {
    const bool wide = kernels[k] == PanelKernel::Avx512;
    const double pk = peak[wide ? 1 : 0];
    std::printf("  plain %-7s panel products, 240 x 512 tiles  %7.3f s %8.2f GFLOP/s  (CPU %.3f s; no reduction; %.2f "
                "of the %s peak%s)\n",
                constel::detail::panel_kernel_name(kernels[k]), panel[k], gf(panel[k]), panel_cpu[k],
                pk > 0 ? gf(panel[k]) / pk : 0, wide ? "AVX-512" : "AVX2", wide ? ", target >= 0.8" : "");
  }
  if (screen)
    std::printf("  plain bf16 panel products (vdpbf16ps), 240 x 512 tiles  %7.3f s %8.2f GFLOP/s  (CPU %.3f s; no "
                "reduction, packing of V included; %.2f of the bf16 peak)\n",
                bf16, gf(bf16), bf16_cpu, peak[2] > 0 ? gf(bf16) / peak[2] : 0);
  std::printf("    (checksum %.3g)\n", chk);
  std::printf("  certified_verify (library, %-24s)  %7.3f s %8.2f GFLOP/s  (CPU %.3f s)\n", r.kernel.c_str(), cert,
              gf(cert), cert_cpu);
  std::printf("    certified / plain sgemm throughput: %.2f; certified / plain %s panels: %.2f\n", blas / cert,
              kernels.empty() ? "-" : constel::detail::panel_kernel_name(kernels[0]),
              kernels.empty() ? 0.0 : panel[0] / cert);
  std::printf("    margin %.9g, max negative %.9g at (%zu, %zu), %llu entries recomputed exactly\n", r.margin.approx,
              r.max_offdiag.approx, r.argmax_i, r.argmax_j, (unsigned long long)r.exact_evaluations);
  if (screen_tiles)
    std::printf("    screen: %llu tiles, %llu fell back to float32, %llu entries recomputed in float32; P95 neg %.6g "
                "+- %.2g (%s)\n",
                (unsigned long long)screen_tiles, (unsigned long long)screen_fallback,
                (unsigned long long)screen_recomputed, r.p95_neg, r.p95_neg_resolution, r.p95_neg_arithmetic.c_str());
  if (screen) {
    std::printf("  certified_verify (library, --no-screen, %-24s)  %7.3f s %8.2f GFLOP/s  (CPU %.3f s)\n",
                r_off.kernel.c_str(), off, gf(off), off_cpu);
    std::printf("    with / without the screen: %.2fx wall, %.2fx CPU; same certified answer: %s; P95 neg %.6g +- %.2g\n",
                off / cert, off_cpu / cert_cpu,
                r_off.max_offdiag.value == r.max_offdiag.value && r_off.argmax_i == r.argmax_i &&
                        r_off.argmax_j == r.argmax_j && r_off.min_diag.value == r.min_diag.value &&
                        r_off.u2v_correct == r.u2v_correct && r_off.v2u_correct == r.v2u_correct
                    ? "yes"
                    : "NO",
                r_off.p95_neg, r_off.p95_neg_resolution);
  }
#ifdef CONSTEL_BIN
  std::printf("  constel verify (command, reading included)         %7.3f s %8.2f GFLOP/s  (CPU %.3f s) peak RSS %.0f MiB "
              "(input %.0f MiB; target <= %.0f MiB)\n",
              cmd, gf(cmd), cmd_cpu, cmd_rss, input_mib, 2 * input_mib + 256);
#endif
  if (numpy.available && numpy.inner < inf) {
    std::printf("  numpy blockwise script (float32, uncertified)     %7.3f s %8.2f GFLOP/s  compute; %.3f s with "
                "loading (CPU %.3f s); max negative %.9g\n",
                numpy.inner, gf(numpy.inner), numpy.total, numpy.cpu, numpy.value);
  } else {
    std::printf("  numpy: not available (%s -c 'import numpy' failed), comparison skipped\n", python.c_str());
  }
  if (faiss.available && faiss.inner < inf) {
    std::printf("  FAISS IndexFlatIP k = 2 (float32, uncertified)    %7.3f s %8.2f GFLOP/s  search; %.3f s with "
                "loading (CPU %.3f s); max negative %.9g\n",
                faiss.inner, gf(faiss.inner), faiss.total, faiss.cpu, faiss.value);
  } else {
    std::printf("  FAISS: not available (%s -c 'import faiss' failed; Debian python3-faiss), comparison skipped\n",
                python.c_str());
  }
#ifdef CONSTEL_BIN
  if (numpy.total < inf)
    std::printf("    numpy (with loading) / command: %.2fx wall, %.2fx CPU (target >= 2.0)\n", numpy.total / cmd,
                numpy.cpu / cmd_cpu);
  if (faiss.total < inf)
    std::printf("    FAISS (with loading) / command: %.2fx wall, %.2fx CPU (target >= 1.8)\n", faiss.total / cmd,
                faiss.cpu / cmd_cpu);
#endif
  fs::remove_all(dir);
  return 0;
}
