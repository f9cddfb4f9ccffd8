// The memory limit (lib/constel/memory_limit.hpp, docs/reliability.md section 4): sizes, the limit and
// its scoped override, the charges of the float matrices and the file buffers, and the checks of the
// .cst reader, the two verifiers' plans, training and generate, each refused before it allocates.
#include <catch2/catch.hpp>
#include <unistd.h>

#include <fstream>
#include <sstream>

#include "constel/construct/generate.hpp"
#include "constel/error.hpp"
#include "constel/io/cst.hpp"
#include "constel/io/npy.hpp"
#include "constel/io/npz.hpp"
#include "constel/io/zip_writer.hpp"
#include "constel/memory_limit.hpp"
#include "constel/train/trainer.hpp"
#include "constel/verify/certified.hpp"
#include "constel/verify/exact.hpp"
#include "support.hpp"

using namespace constel;
using Catch::Matchers::Contains;
using constel::test::TempDir;

namespace {

// N x d float32 rows, all e_0 (unit), as a matrix of the library.
FloatMatrix unit_rows(std::size_t N, std::size_t d, const std::string& name) {
  FloatMatrix m(N, d, FloatDType::F32, name);
  for (std::size_t i = 0; i < N; ++i) m.set(i, i % d, 1.0);
  return m;
}

}  // namespace

TEST_CASE("1540: memory sizes are parsed exactly and printed in their unit", "[quick][reliability]") {
  CHECK(parse_memory_size("100") == 100);
  CHECK(parse_memory_size("100B") == 100);
  CHECK(parse_memory_size("512M") == std::uint64_t(512) << 20);
  CHECK(parse_memory_size("512MiB") == std::uint64_t(512) << 20);
  CHECK(parse_memory_size("2gib") == std::uint64_t(2) << 30);
  CHECK(parse_memory_size("1.5GB") == 1500000000);
  CHECK(parse_memory_size("1.5G") == std::uint64_t(3) << 29);
  CHECK(parse_memory_size("1e3KB") == 1000000);
  CHECK(parse_memory_size("4 K") == 4096);
  CHECK(parse_memory_size("none") == kNoMemoryLimit);
  CHECK(parse_memory_size("Unlimited") == kNoMemoryLimit);
  for (const char* bad : {"0", "-1G", "0.5", "1.5", "12Q", "", "G", "1/3K", "1e99G", "x1M", "100000000000000000000"})
    CHECK_THROWS_AS(parse_memory_size(bad), InputError);
  CHECK_THROWS_WITH(parse_memory_size("12Q"), Contains("'12Q' is not a memory size: unknown unit 'q'"));
  CHECK(memory_text(614400000) == "614 MB");
  CHECK(memory_text(std::uint64_t(512) << 20) == "537 MB");
  CHECK(memory_limit_text(std::uint64_t(512) << 20) == "512 MiB");
  CHECK(memory_limit_text(std::uint64_t(3) << 29) == "1536 MiB");
  CHECK(memory_limit_text(1500000000) == "1.5 GB");
  CHECK(memory_text(1500000000) == "1.5 GB");
  CHECK(memory_text(20000) == "20 KB");
  CHECK(memory_text(1040) == "1.04 KB");
  CHECK(memory_text(900) == "900 bytes");
  CHECK(memory_text(kNoMemoryLimit) == "no limit");
  CHECK(memory_product(std::uint64_t(1) << 40, std::uint64_t(1) << 40) == kNoMemoryLimit);
  CHECK(memory_sum(kNoMemoryLimit, 1) == kNoMemoryLimit);
}

TEST_CASE("1541: the default limit is half the physical memory, and a scoped limit is restored", "[quick][reliability]") {
  const std::uint64_t before = memory_limit();
  CHECK(usable_physical_memory() > 0);
  CHECK(default_memory_limit() == usable_physical_memory() / 2);
  {
    ScopedMemoryLimit guard(12345);
    CHECK(memory_limit() == 12345);
    {
      ScopedMemoryLimit inner(kNoMemoryLimit);
      CHECK(memory_limit() == kNoMemoryLimit);
      check_memory(kNoMemoryLimit - 1, "anything");  // no limit: nothing is refused
    }
    CHECK(memory_limit() == 12345);
    CHECK_THROWS_AS(check_memory(12346, "x"), LimitError);
    check_memory(12345, "x");
  }
  CHECK(memory_limit() == before);
  CHECK_THROWS_AS(set_memory_limit(0), InputError);
  CHECK(memory_limit() == before);
}

TEST_CASE("1542: a float matrix over the limit is refused before its storage exists, and charges add up", "[quick][reliability]") {
  const std::uint64_t held = memory_charged();
  {
    ScopedMemoryLimit guard(std::uint64_t(512) << 20);
    CHECK_THROWS_WITH(FloatMatrix(200000, 768, FloatDType::F32, "U"),
                      "U: 200000 x 768 float32 needs 614 MB, over the memory limit of 512 MiB");
    CHECK_THROWS_AS(FloatMatrix(200000, 768, FloatDType::F32, "U"), LimitError);
    CHECK(memory_charged() == held);  // nothing was charged (or allocated)
    // Two matrices of 30 MB each under 50 MiB: the second one is over the limit with the first one held.
    ScopedMemoryLimit inner(std::uint64_t(50) << 20);
    FloatMatrix a(7500, 1000, FloatDType::F32, "A");
    CHECK(memory_charged() == held + 30000000);
    CHECK_THROWS_WITH(FloatMatrix(7500, 1000, FloatDType::F32, "B"),
                      "B: 7500 x 1000 float32 needs 30 MB, over the memory limit of 50 MiB with 30 MB already held");
    FloatMatrix moved = std::move(a);
    CHECK(memory_charged() == held + 30000000);
  }
  CHECK(memory_charged() == held);  // released with the matrices
  ScopedMemoryLimit guard(1000);
  CHECK_THROWS_WITH(FloatMatrix(10, 13, FloatDType::F64, "W"), "W: 10 x 13 float64 needs 1.04 KB, over the memory limit of 1 KB");
  FloatMatrix small(10, 12, FloatDType::F64, "W");
  FloatMatrix copy = small;  // a copy holds its bytes too (no check)
  CHECK(memory_charged() == held + 1920);
  // A view holds nothing: its storage is the caller's.
  std::vector<float> data(1000000);
  FloatMatrix view = FloatMatrix::view(data.data(), 1000, 1000, FloatDType::F32, "view");
  CHECK(memory_charged() == held + 1920);
}

TEST_CASE("1543: .npy and .npz over the limit: refused before the file is read or the member inflated", "[quick][reliability]") {
  TempDir dir;
  std::string bytes;
  {
    const FloatMatrix m = unit_rows(1000, 64, "m");  // 256,000 bytes
    bytes = encode_npy(m);
  }
  const std::string path = dir.write("U.npy", bytes);
  {
    ScopedMemoryLimit guard(100000);
    CHECK_THROWS_WITH(read_npy_matrix(path), path + ": reading the file needs 256 KB, over the memory limit of 100 KB");
  }
  {
    ScopedMemoryLimit guard(400000);  // the file (256 KB) fits; the file and the matrix do not
    CHECK_THROWS_WITH(read_npy_matrix(path), path + ": 1000 x 64 float32 needs 256 KB, over the memory limit of "
                                                    "400 KB with 256 KB already held");
  }
  {
    ScopedMemoryLimit guard(200000);
    CHECK_THROWS_AS(decode_npy_matrix(bytes, "bytes"), LimitError);
  }
  FloatMatrix limited;
  {
    ScopedMemoryLimit guard(600000);
    limited = read_npy_matrix(path);
  }
  const FloatMatrix whole = read_npy_matrix(path);
  CHECK(std::equal(limited.f32(), limited.f32() + 64000, whole.f32()));
  // An npz member is checked from its stated size before it is inflated (here: the bytes are the
  // caller's, not charged).
  const std::string zip = encode_zip({{"U.npy", bytes}}, true, false);
  ScopedMemoryLimit guard(200000);
  CHECK_THROWS_WITH(decode_npz_matrix(zip, "U", "m.npz"),
                    Contains("m.npz: member 'U.npy' (256128 bytes inflated) needs 256 KB, over the memory limit of "
                             "200 KB with 512 KB already held"));
}

TEST_CASE("1544: a .cst over the limit is refused after its header, before its entries", "[quick][reliability]") {
  // The header claims N d k = 2 * 10^8 entries; the file holds none of them.
  std::string header = "constel 1\nN 100000\nd 1000\nk 2\nscales";
  for (int j = 0; j < 1000; ++j) header += " 1";
  header += "\nmodality U\n";
  {
    ScopedMemoryLimit guard(std::uint64_t(512) << 20);
    std::istringstream in(header);
    CHECK_THROWS_WITH(read_cst(in, "big.cst"),
                      "big.cst: storing N d k = 200000000 entries (N = 100000, d = 1000, k = 2, at least 4 bytes "
                      "each) needs 800 MB, over the memory limit of 512 MiB");
  }
  std::istringstream in(header);
  CHECK_THROWS_AS(read_cst(in, "big.cst"), ParseError);  // under the default limit: the missing rows
  const std::string small = "constel 1\nN 2\nd 2\nk 2\nscales 1 1\nmodality U\n1 0\n0 1\nmodality V\n1 0\n0 1\n";
  ScopedMemoryLimit guard(100);
  std::istringstream s1(small);
  CHECK(read_cst(s1, "s.cst").N() == 2);
}

TEST_CASE("1545: the certified verifier's plan over the limit is refused before it is built", "[quick][reliability]") {
  std::vector<float> u(500 * 16, 0.0f);
  for (std::size_t i = 0; i < 500; ++i) u[i * 16 + i % 16] = 1.0f;
  const FloatMatrix U = FloatMatrix::view(u.data(), 500, 16, FloatDType::F32, "U");
  CertifiedOptions opt;
  opt.threads = 1;
  const CertifiedReport free_run = certified_verify(U, U, opt);
  {
    ScopedMemoryLimit guard(200000);
    CHECK_THROWS_WITH(certified_verify(U, U, opt),
                      Contains("the certified verifier's plan (N_u = 500, N_v = 500, d = 16, 1 threads) needs") &&
                          Contains("over the memory limit of 200 KB"));
    opt.force_float64_kernel = true;
    CHECK_THROWS_AS(certified_verify(U, U, opt), LimitError);
    opt.force_float64_kernel = false;
  }
  ScopedMemoryLimit guard(std::uint64_t(64) << 20);
  const CertifiedReport limited = certified_verify(U, U, opt);
  CHECK(limited.argmin_diag == free_run.argmin_diag);
  CHECK(limited.argmax_i == free_run.argmax_i);
  CHECK(limited.argmax_j == free_run.argmax_j);
  CHECK(limited.u2v_correct == free_run.u2v_correct);
  CHECK(limited.kernel == free_run.kernel);
}

TEST_CASE("1546: the exact verifier over the limit is refused before its integer form is built", "[quick][reliability]") {
  Configuration c(300, 8, 2);
  for (std::size_t a = 0; a < 2; ++a)
    for (std::size_t i = 0; i < 300; ++i) c.entry(a, i, i % 8) = 1;
  ExactVerifyOptions opt;
  opt.threads = 1;
  const ExactReport free_run = exact_verify(c, opt);
  {
    ScopedMemoryLimit guard(20000);
    CHECK_THROWS_WITH(exact_verify(c, opt), Contains("the exact verifier (N = 300, d = 8, k = 2") &&
                                                Contains("over the memory limit of 20 KB"));
  }
  ScopedMemoryLimit guard(std::uint64_t(16) << 20);
  const ExactReport limited = exact_verify(c, opt);
  CHECK(limited.min_diag == free_run.min_diag);
  CHECK(limited.max_offdiag == free_run.max_offdiag);
}

TEST_CASE("1547: training and generate over the limit are refused before they allocate", "[quick][reliability]") {
  ScopedMemoryLimit guard(std::uint64_t(10) << 20);
  train::TrainOptions o;
  o.N = 100000, o.d = 64, o.k = 2, o.threads = 1, o.steps = 1;
  CHECK_THROWS_WITH(train::train_constellation(o),
                    Contains("training (N = 100000, d = 64, k = 2: 12800000 entries") &&
                        Contains("needs 823 MB, over the memory limit of 10 MiB"));
  construct::GenerateRequest r;
  r.construction = "line", r.code = "leech";
  CHECK_THROWS_WITH(construct::generate(r), Contains("code 'leech': 196560 points in R^24 as exact entries needs") &&
                                               Contains("over the memory limit of 10 MiB"));
  CHECK_THROWS_WITH(Configuration(100000, 24, 2), Contains("a configuration of N = 100000, d = 24, k = 2") &&
                                                       Contains("over the memory limit"));
  o.N = 100, o.d = 10, o.steps = 5;
  CHECK(train::train_constellation(o).steps == 5);
}

namespace {

// Runs the shell script in `dir` with $CONSTEL set; returns the exit code, stdout and stderr.
test::ToolResult run_script(const TempDir& dir, const std::string& script) {
  auto q = [](const std::string& p) { return "'" + p + "'"; };
  const std::string cmd = "cd " + q(dir.file("")) + " && CONSTEL=" + q(CONSTEL_BIN) +
                          " OPENBLAS_NUM_THREADS=1 sh -c " + q(script) + " >" + q(dir.file("out")) + " 2>" +
                          q(dir.file("err"));
  const int status = std::system(cmd.c_str());
  test::ToolResult r;
  r.code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  r.out = test::read_file(dir.file("out"));
  r.err = test::read_file(dir.file("err"));
  return r;
}

}  // namespace

TEST_CASE("1548: --max-memory: verify of a .cst and of .npy files over the limit is exit 2, under it the same answer", "[standard][reliability]") {
  TempDir dir;
  REQUIRE(run_script(dir, "\"$CONSTEL\" generate line --code golay24 -o g.cst").code == 0);
  {
    const FloatMatrix m = unit_rows(2000, 64, "m");  // 512 KB a file
    dir.write("U.npy", encode_npy(m));
    dir.write("V.npy", encode_npy(m));
  }
  auto r = run_script(dir, "\"$CONSTEL\" verify g.cst --max-memory 100K");
  CHECK(r.code == 2);
  CHECK_THAT(r.err, Contains("constel: g.cst: storing N d k = 196608 entries (N = 4096, d = 24, k = 2, at least 4 "
                             "bytes each) needs 786 KB, over the memory limit of 100 KiB") &&
                        Contains("--max-memory SIZE sets the limit"));
  CHECK(r.out.empty());
  const auto free_run = run_script(dir, "\"$CONSTEL\" verify g.cst --json");
  const auto limited = run_script(dir, "\"$CONSTEL\" verify g.cst --json --max-memory 1G");
  CHECK(limited.code == free_run.code);
  CHECK(limited.out == free_run.out);
  CHECK(run_script(dir, "\"$CONSTEL\" verify g.cst --json --max-memory none").out == free_run.out);

  r = run_script(dir, "\"$CONSTEL\" verify --u U.npy --v V.npy --max-memory 300K");
  CHECK(r.code == 2);
  CHECK_THAT(r.err, Contains("U.npy: reading the file needs 512 KB, over the memory limit of 300 KiB"));
  r = run_script(dir, "\"$CONSTEL\" verify --u U.npy --v V.npy --max-memory 1200K");  // U fits, then V does not
  CHECK(r.code == 2);
  CHECK_THAT(r.err, Contains("V.npy") && Contains("already held"));
  const auto npy_free = run_script(dir, "\"$CONSTEL\" verify --u U.npy --v V.npy --json --threads 1");
  const auto npy_limited = run_script(dir, "\"$CONSTEL\" verify --u U.npy --v V.npy --json --threads 1 --max-memory 64MB");
  CHECK(npy_limited.code == npy_free.code);
  CHECK(npy_limited.out == npy_free.out);

  for (const char* bad : {"0", "-1G", "12Q", "x"}) {
    r = run_script(dir, std::string("\"$CONSTEL\" verify g.cst --max-memory ") + bad);
    CHECK(r.code == 2);
    CHECK_THAT(r.err, Contains("--max-memory") && Contains("is not a memory size"));
  }
}

TEST_CASE("1549: --max-memory refuses before allocating: train, generate and a 4 GiB .npy under ulimit -v", "[standard][reliability]") {
  TempDir dir;
  // 500,000 x 64 x 2 entries: about 4 GB of training state, in a 3 GB address space.
  auto r = run_script(dir, "ulimit -v 3000000 && \"$CONSTEL\" train --N 500000 --d 64 --steps 1 -o t.npz --max-memory 1G");
  CHECK(r.code == 2);
  CHECK_THAT(r.err, Contains("training (N = 500000, d = 64, k = 2: 64000000 entries") &&
                        Contains("over the memory limit of 1 GiB"));
  CHECK_THAT(r.err, !Contains("out of memory"));
  CHECK(!std::filesystem::exists(dir.file("t.npz")));
  r = run_script(dir, "ulimit -v 1000000 && \"$CONSTEL\" generate line --code leech -o l.cst --max-memory 100M");
  CHECK(r.code == 2);
  CHECK_THAT(r.err, Contains("code 'leech': 196560 points in R^24 as exact entries needs") &&
                        Contains("over the memory limit of 100 MiB"));
  CHECK(!std::filesystem::exists(dir.file("l.cst")));
  // A sparse .npy of 2^24 x 64 float32 (4 GiB of data that take no disk): refused before it is read.
  {
    std::ofstream(dir.file("big.npy"), std::ios::binary)
        << encode_npy_raw("<f4", {std::uint64_t(1) << 24, 64}, false, "");
  }
  const auto header = std::filesystem::file_size(dir.file("big.npy"));
  std::filesystem::resize_file(dir.file("big.npy"), header + (std::uint64_t(1) << 32));
  r = run_script(dir, "ulimit -v 2000000 && \"$CONSTEL\" verify --u big.npy --v big.npy --max-memory 1G");
  CHECK(r.code == 2);
  CHECK_THAT(r.err, Contains("big.npy: reading the file needs 4.29 GB, over the memory limit of 1 GiB"));
  // Small runs under the same limits work.
  CHECK(run_script(dir, "ulimit -v 3000000 && \"$CONSTEL\" train --N 50 --d 8 --steps 10 -o s.npz --max-memory 1G").code <= 1);
}
