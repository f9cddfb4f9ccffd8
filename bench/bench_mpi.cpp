// bench_mpi: verification spread over MPI ranks against the threaded single process, on one input
// (docs/distributed.md). Prints, in one run, the pairs per second of `constel verify` (threaded,
// all cores), of `mpirun -np 1` and `-np 2 constel-mpi verify --threads 1`, the bytes each rank sends
// and its peak memory (from CONSTEL_MPI_STATS), and the same at P = 4 against the single-process peak;
// and the time of the plan: certified_prepare (the whole plan), and what a rank of P = 2 spends on it
// (its share of the rows, certified_plan_share, then certified_prepare_shared); then the threaded
// single process and P = 2 again with the retrieval pass (--recall-k 10).
// A benchmark, not a test: the figures depend on the machine and its load.
//
// Usage: bench_mpi [N] [d]        (default N = 16384, d = 768; float32 .npy files in a temp folder of its own)
// mpirun's transport options: $CONSTEL_BENCH_MPI_OPTIONS, default "--mca pml ob1 --mca btl self,vader"
// (shared memory on one node: Open MPI then skips probing UCX/OFI fabrics, which this machine lacks and
// which cost about 0.2 s of every job's start); set it to "" for Open MPI's own choice.
#include <unistd.h>

#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <random>
#include <regex>
#include <string>

#include "child_run.hpp"
#include "constel/io/float_matrix.hpp"
#include "constel/io/npy.hpp"
#include "constel/io/row_range.hpp"
#include "constel/verify/certified_parts.hpp"
#include "constel/verify/certified_share.hpp"

#if defined(CONSTEL_MPI_BIN) && defined(CONSTEL_BIN)

namespace {

using constel::bench::timed_child;

void write_pairs(const std::string& dir, std::size_t n, std::size_t d) {
  constel::FloatMatrix U(n, d, constel::FloatDType::F32, "U"), V(n, d, constel::FloatDType::F32, "V");
  std::mt19937_64 rng(17);
  std::normal_distribution<double> g;
  for (std::size_t i = 0; i < n; ++i) {
    double nu = 0, nv = 0;
    std::vector<double> a(d), b(d);
    for (std::size_t k = 0; k < d; ++k) a[k] = g(rng), b[k] = a[k] + 0.5 * g(rng), nu += a[k] * a[k], nv += b[k] * b[k];
    for (std::size_t k = 0; k < d; ++k) U.set(i, k, a[k] / std::sqrt(nu)), V.set(i, k, b[k] / std::sqrt(nv));
  }
  std::ofstream(dir + "/u.npy", std::ios::binary) << constel::encode_npy(U);
  std::ofstream(dir + "/v.npy", std::ios::binary) << constel::encode_npy(V);
}

struct Stats {
  double max_sent = 0, max_peak = 0;
  std::string lines;
};

Stats read_stats(const std::string& path) {
  Stats s;
  std::ifstream in(path);
  std::string line;
  std::regex re("rank (\\d+): sent (\\d+) bytes, peak memory ([0-9.]+) MiB");
  std::smatch m;
  while (std::getline(in, line))
    if (std::regex_search(line, m, re)) {
      s.max_sent = std::max(s.max_sent, std::stod(m[2])), s.max_peak = std::max(s.max_peak, std::stod(m[3]));
      s.lines += "      " + line + "\n";
    }
  return s;
}

}  // namespace

int main(int argc, char** argv) {
  const std::size_t n = argc > 1 ? std::stoul(argv[1]) : 16384, d = argc > 2 ? std::stoul(argv[2]) : 768;
  // a folder of this process's own: two benchmarks at once (other jobs on a shared machine) must not
  // write each other's inputs while the other's ranks read them
  const std::string dir =
      (std::filesystem::temp_directory_path() / ("constel-bench-mpi-" + std::to_string(getpid()))).string();
  std::filesystem::create_directories(dir);
  write_pairs(dir, n, d);
  const std::string files = " verify --u " + dir + "/u.npy --v " + dir + "/v.npy --json --quiet >/dev/null";
  const char* env_options = std::getenv("CONSTEL_BENCH_MPI_OPTIONS");
  const std::string options = env_options ? env_options : "--mca pml ob1 --mca btl self,vader";
  const std::string mpi = std::string("OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1 CONSTEL_MPI_STATS=1 ") +
                          CONSTEL_MPIEXEC + " --oversubscribe --bind-to none " + options + " -np ";
  const double pairs = double(n) * double(n);
  std::printf("bench_mpi: N = %zu, d = %zu, float32 (%s); pairs per second = N^2 / wall seconds of the command\n", n, d,
              std::getenv("OPENBLAS_CORETYPE") ? std::getenv("OPENBLAS_CORETYPE") : "no OPENBLAS_CORETYPE");
  std::printf("  mpirun options: --oversubscribe --bind-to none %s\n", options.c_str());
  {  // the work every rank repeats: the plan (exact positives and norms, packed V), one thread
    constel::FloatMatrix U = constel::read_npy_matrix(dir + "/u.npy"), V = constel::read_npy_matrix(dir + "/v.npy");
    constel::CertifiedOptions opt;
    opt.threads = 1;
    const auto t = std::chrono::steady_clock::now();
    constel::CertifiedPlan plan = constel::certified_prepare(U, V, opt);
    const double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t).count();
    std::printf("  certified_prepare (the whole plan), 1 thread: %.3f s, %.3g s per N d; %llu tiles\n", s,
                s / (double(n) * double(d)), static_cast<unsigned long long>(plan.tiles()));
  }
  {  // what a rank of P = 2 does for the plan over the files (one thread): its share, then the build
    const constel::EmbeddingRowReader fu(dir + "/u.npy"), fv(dir + "/v.npy");
    auto source = [](const constel::EmbeddingRowReader& f) {
      constel::CertifiedRowSource src;
      src.rows = f.layout().rows, src.cols = f.layout().cols, src.stored = f.layout().stored,
      src.source = f.layout().source;
      src.read = [f](std::size_t a, std::size_t b) { return f.rows(a, b); };
      return src;
    };
    const constel::CertifiedRowSource su = source(fu), sv = source(fv);
    constel::CertifiedOptions opt;
    opt.threads = 1;
    auto t = std::chrono::steady_clock::now();
    const constel::CertifiedPlan rows = constel::certified_prepare_rows(su, sv, opt);
    const double whole = std::chrono::duration<double>(std::chrono::steady_clock::now() - t).count();
    double share[2];
    constel::CertifiedPlanShare part[2];
    for (int k = 0; k < 2; ++k) {
      t = std::chrono::steady_clock::now();
      part[k] = constel::certified_plan_share(su, sv, opt, constel::certified_share_rows(n, std::size_t(k), 2),
                                              constel::certified_share_rows(n, std::size_t(k), 2));
      share[k] = std::chrono::duration<double>(std::chrono::steady_clock::now() - t).count();
    }
    const std::size_t bytes = constel::encode(part[0]).size();
    constel::merge(part[0], part[1]);
    t = std::chrono::steady_clock::now();
    const constel::CertifiedPlan shared = constel::certified_prepare_shared(su, sv, opt, part[0]);
    const double build = std::chrono::duration<double>(std::chrono::steady_clock::now() - t).count();
    std::printf(
        "  plan over the files, 1 thread: certified_prepare_rows %.3f s; per rank at P = 2: its share %.3f / %.3f s"
        " (%zu bytes) + certified_prepare_shared %.3f s\n",
        whole, share[0], share[1], bytes, build);
    // rank 0's finish over the files: the float statistics read every row again (in row order)
    const constel::CertifiedTileGrid g = constel::certified_tile_grid(shared);
    const constel::CertifiedPartial all = constel::certified_process_block(shared, {0, g.grid_rows, 0, g.grid_cols});
    t = std::chrono::steady_clock::now();
    const constel::CertifiedReport rep = constel::certified_finish(shared, all);
    const double finish = std::chrono::duration<double>(std::chrono::steady_clock::now() - t).count();
    std::printf(
        "  certified_finish over the files (rank 0 alone, float statistics in row order), 1 thread: %.3f s"
        " (mean_neg %.6g)\n",
        finish, rep.mean_neg);
  }
  auto single = timed_child(std::string(CONSTEL_BIN) + files);
  std::printf("  constel verify (threaded):            %8.2f s  %10.3g pairs/s  peak %7.1f MiB\n", single.wall,
              pairs / single.wall, single.rss_mib);
  double p2_rate = 0;
  for (int P : {1, 2, 4}) {
    const std::string err = dir + "/stats" + std::to_string(P) + ".txt";
    auto r = timed_child(mpi + std::to_string(P) + " " + CONSTEL_MPI_BIN + files + " --threads 1 2>" + err);
    Stats s = read_stats(err);
    std::printf("  constel-mpi, P = %d, 1 thread each:   %8.2f s  %10.3g pairs/s  per rank: sent <= %.0f bytes, peak <= %.1f MiB\n",
                P, r.wall, pairs / r.wall, s.max_sent, s.max_peak);
    std::fputs(s.lines.c_str(), stdout);
    if (P == 2) p2_rate = pairs / r.wall;
    if (P == 4)
      std::printf("  peak memory per rank at P = 4 / single-process peak: %.2f (target <= 0.6)\n", s.max_peak / single.rss_mib);
  }
  std::printf("  P = 2 throughput / threaded single process: %.2f (target >= 0.9)\n", p2_rate / (pairs / single.wall));
  {  // the retrieval pass (a second product pass): the same commands with --recall-k 10
    const std::string recall = files + " --recall-k 10";
    auto rs = timed_child(std::string(CONSTEL_BIN) + recall);
    std::printf("  with --recall-k 10: constel verify (threaded): %8.2f s  %10.3g pairs/s  peak %7.1f MiB\n", rs.wall,
                pairs / rs.wall, rs.rss_mib);
    const std::string err = dir + "/stats-recall.txt";
    auto r2 = timed_child(mpi + "2 " + CONSTEL_MPI_BIN + recall + " --threads 1 2>" + err);
    Stats s = read_stats(err);
    std::printf(
        "  with --recall-k 10: constel-mpi, P = 2:      %8.2f s  %10.3g pairs/s  per rank: sent <= %.0f bytes, peak <= "
        "%.1f MiB\n",
        r2.wall, pairs / r2.wall, s.max_sent, s.max_peak);
    std::printf("  with --recall-k 10: P = 2 throughput / threaded single process: %.2f\n", rs.wall / r2.wall);
  }
  std::filesystem::remove_all(dir);
  return 0;
}

#else

int main() {
  std::printf("bench_mpi: constel-mpi was not built (no MPI found at configure time)\n");
  return 0;
}

#endif
