// constel-mpi: `mpirun -np P constel-mpi verify [every option of constel verify]` verifies on P ranks
// and prints, on rank 0 only, what `constel verify` prints (docs/distributed.md). The options are
// those of constel verify (verify_cli.hpp, compiled into both executables); parse errors, --help and
// failures are printed once, by rank 0, and every rank exits with the same code: 0 the property holds,
// 1 it does not, 2 bad input, 3 internal error.
#include <CLI/CLI.hpp>
#include <fmt/format.h>
#include <sys/resource.h>

#include <cstdlib>
#include <iostream>
#include <sstream>

#include "mpi_verify.hpp"
#include "session.hpp"
#include "verify_cli.hpp"

namespace {

using namespace constel::tool;

int run(Session& s, int argc, char** argv) {
  CLI::App app{"constel-mpi: constel verify on the ranks of an MPI job (mpirun -np P constel-mpi verify ...)",
               "constel-mpi"};
  app.require_subcommand(1);
  app.set_version_flag("--version", "constel-mpi 0.1.0");
  CLI::App* verify = app.add_subcommand("verify", "Verify a .cst file exactly or embedding files certified, on P ranks");
  VerifyArgs args;
  EmbeddingArgs emb;
  add_verify_options(*verify, args, emb);
  add_max_memory_option(*verify);
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {  // help and version too: the same on every rank
    if (!s.root()) return e.get_exit_code() == 0 ? 0 : 2;
    if (e.get_exit_code() == 0) return app.exit(e);
    message(e.what());
    std::cerr << "Run 'constel-mpi --help' or 'constel-mpi verify --help' for usage." << std::endl;
    return 2;
  }
  try {
    bool embedding = false;
    s.stage([&](std::uint64_t&) { embedding = select_embedding_mode(args, emb); });
    return embedding ? mpi_verify_embeddings(s, emb) : mpi_verify_cst(s, args);
  } catch (const StageFailed& f) {
    if (s.root()) message(f.failure.message);
    return f.failure.code;
  }
}

// CONSTEL_MPI_STATS=1: rank 0 prints, on stderr, what each rank sent (payload bytes of the messages
// it started: its partial, its broadcasts, its reductions) and its peak resident memory (bench_mpi).
void print_stats(Session& s) {
  const char* want = std::getenv("CONSTEL_MPI_STATS");
  if (!want || std::string(want) != "1") return;
  struct rusage ru {};
  getrusage(RUSAGE_SELF, &ru);
  std::string mine = std::to_string(s.bytes_sent()) + " " + std::to_string(ru.ru_maxrss);
  std::vector<std::string> all = s.gather(mine);
  for (std::size_t r = 0; r < all.size(); ++r) {
    std::uint64_t bytes = 0, kib = 0;
    std::istringstream(all[r]) >> bytes >> kib;
    message(fmt::format("rank {}: sent {} bytes, peak memory {:.1f} MiB", r, bytes, double(kib) / 1024));
  }
}

}  // namespace

int main(int argc, char** argv) {
  Session s(&argc, &argv);
  int code = 3;
  try {
    code = run(s, argc, argv);
  } catch (...) {  // outside any stage: a bug; say it on the rank that met it
    Failure f = describe_failure(std::current_exception());
    message(f.message);
    return f.code;
  }
  print_stats(s);
  return code;
}
