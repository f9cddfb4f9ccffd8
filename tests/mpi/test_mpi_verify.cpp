// constel-mpi against constel: `mpirun -np P constel-mpi verify ... ` prints byte for byte what
// `constel verify ...` prints, with the same exit code, for P = 1..6 on the adversarial cases of the
// certified tests (ties across blocks, labels with empty classes, --normalize on float16, N not
// divisible by P, N < P, files not readable by offset, k = 3 .cst); a file bad only in its last rows
// gives constel's message and exit 2 and prints nothing on stdout; a rank killed mid-run makes mpirun
// fail and nothing is printed. Built only where MPI is (CONSTEL_MPI_BIN); CI installs Open MPI.
#include <catch2/catch.hpp>

#ifdef CONSTEL_MPI_BIN

#include <cmath>
#include <cstring>
#include <sstream>

#include "constel/io/fvecs.hpp"
#include "constel/io/npy.hpp"
#include "constel/io/npz.hpp"
#include "constel/io/safetensors.hpp"
#include "support.hpp"

using namespace constel;
using constel::test::run_tool;
using constel::test::ToolResult;
using Catch::Matchers::Contains;

namespace {

// mpirun as root, oversubscribed (P > cores), shared memory only.
ToolResult run_mpi(int P, const std::string& args, const std::string& env = "") {
  test::TempDir dir;
  std::string cmd = "OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1 OMPI_MCA_btl=self,vader "
                    "OMPI_MCA_plm_rsh_agent= OMPI_MCA_btl_vader_single_copy_mechanism=none " + env + " '" +
                    std::string(CONSTEL_MPIEXEC) + "' --oversubscribe -np " + std::to_string(P) + " '" +
                    CONSTEL_MPI_BIN + "' " + args + " </dev/null >'" + dir.file("out") + "' 2>'" + dir.file("err") + "'";
  int status = std::system(cmd.c_str());
  ToolResult r;
  r.code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  r.out = test::read_file(dir.file("out"));
  r.err = test::read_file(dir.file("err"));
  return r;
}

// Values k/8 - 1/2 and friends: small binary fractions, so that many inner products tie exactly.
FloatMatrix grid_matrix(std::size_t n, std::size_t d, unsigned seed, FloatDType t = FloatDType::F32) {
  FloatMatrix m(n, d, t, "m");
  std::uint32_t x = seed * 2654435761u + 1;
  for (std::size_t i = 0; i < n; ++i)
    for (std::size_t j = 0; j < d; ++j) {
      x = x * 1664525u + 1013904223u;
      m.set(i, j, double(int(x >> 29) - 4) / 8);
    }
  return m;
}

std::string f16_bytes(const FloatMatrix& m) {  // exact for the grid values
  std::string out;
  for (std::size_t k = 0; k < m.rows() * m.cols(); ++k) {
    float f = m.f32()[k];
    std::uint32_t b;
    std::memcpy(&b, &f, 4);
    std::uint16_t h = f == 0 ? std::uint16_t((b >> 16) & 0x8000u)
                             : std::uint16_t(((b >> 16) & 0x8000u) | ((((b >> 23) & 0xff) - 112) << 10) | ((b >> 13) & 0x3ff));
    out.push_back(char(h & 0xff)), out.push_back(char(h >> 8));
  }
  return out;
}

std::string raw(const FloatMatrix& m) { return std::string(reinterpret_cast<const char*>(m.f32()), 4 * m.rows() * m.cols()); }

std::string labels_npy(const std::vector<std::int64_t>& l) {
  return encode_npy_raw("<i8", {l.size()}, false, std::string(reinterpret_cast<const char*>(l.data()), 8 * l.size()));
}

std::string q(const std::string& p) { return "'" + p + "'"; }

// The cases, written into dir; each is the argument text after `verify`.
std::vector<std::string> write_cases(const test::TempDir& dir) {
  std::vector<std::string> cases;
  // ties across blocks: 13 pairs in R^3 (13 is divisible by no P > 1), many equal inner products
  FloatMatrix u = grid_matrix(13, 3, 1), v = grid_matrix(13, 3, 2);
  cases.push_back("--u " + q(dir.write("u.npy", encode_npy(u))) + " --v " + q(dir.write("v.npy", encode_npy(v, true))) +
                  " --m 1/16 --b 0 --json --quiet");
  // labels with empty classes: 11 U rows onto 7 V rows, classes 1, 4 and 6 empty; safetensors and fvecs
  FloatMatrix lu = grid_matrix(11, 4, 3), lv = grid_matrix(7, 4, 4);
  cases.push_back("--u " + q(dir.write("lu.safetensors", encode_safetensors({{"img", "F32", {11, 4}, raw(lu)}}))) +
                  " --u-key img --v " + q(dir.write("lv.fvecs", encode_fvecs(lv))) + " --labels " +
                  q(dir.write("l.npy", labels_npy({0, 2, 3, 5, 0, 2, 3, 5, 5, 0, 2}))) + " --json --quiet");
  // --normalize on float16: npy and a stored npz member, rows far from unit length
  FloatMatrix nu = grid_matrix(10, 5, 5), nv = grid_matrix(10, 5, 6);
  nu.set(0, 0, 0.5), nv.set(0, 0, 0.5);  // no zero row
  for (std::size_t i = 0; i < 10; ++i) nu.set(i, 1, 0.375), nv.set(i, 2, -0.25);
  cases.push_back("--u " + q(dir.write("nu.npy", encode_npy_raw("<f2", {10, 5}, false, f16_bytes(nu)))) + " --npz " +
                  q(dir.write("nv.npz", encode_zip({{"text.npy", encode_npy_raw("<f2", {10, 5}, false, f16_bytes(nv))}}, false, false))) +
                  " --v-key text --normalize --json --quiet");
  // N < P: 3 pairs, U in CSV and V in a deflated npz (both read whole by rank 0), human output
  cases.push_back("--u " + q(dir.write("t.csv", "0.5,0.5,0\n-0.5,0.5,0.5\n0,-1,0.25\n")) + " --npz " +
                  q(dir.write("d.npz", encode_zip({{"v.npy", encode_npy(grid_matrix(3, 3, 7))}}, true, false))) +
                  " --v-key v --m 0 --b 0 --quiet");
  // k = 3 modalities, exact
  std::ostringstream cst;
  cst << "constel 1\nN 5\nd 3\nk 3\nscales 1 1 1/2\nclaim 0 0\n";
  for (int a = 0; a < 3; ++a) {
    cst << "modality M" << a << "\n";
    for (int i = 0; i < 5; ++i) cst << (i + a) % 3 - 1 << " " << (i * a) % 2 << " " << (i == a ? "1/2" : "-1/3") << "\n";
  }
  cases.push_back(q(dir.write("k3.cst", cst.str())) + " --json");
  cases.push_back(q(dir.file("k3.cst")) + " --m 1/7 --b -1/3");
  return cases;
}

}  // namespace

TEST_CASE("1020: constel-mpi verify prints what constel verify prints, for P = 1..6", "[standard][mpi][cli]") {
  test::TempDir dir;
  const std::vector<std::string> cases = write_cases(dir);
  for (const auto& c : cases) {
    ToolResult ref = run_tool("verify " + c);
    INFO("case: verify " << c << "\nconstel: exit " << ref.code << "\n" << ref.out << ref.err);
    REQUIRE((ref.code == 0 || ref.code == 1));
    REQUIRE(!ref.out.empty());
    for (int P = 1; P <= 6; ++P) {
      ToolResult r = run_mpi(P, "verify " + c);
      INFO("P = " << P << ": exit " << r.code << "\n" << r.err);
      CHECK(r.code == ref.code);
      CHECK(r.out == ref.out);
    }
  }
}

TEST_CASE("1021: a file bad only in its last rows: constel's message, exit 2, nothing on stdout", "[standard][mpi][cli]") {
  test::TempDir dir;
  FloatMatrix u = grid_matrix(12, 3, 8), v = grid_matrix(12, 3, 9);
  u.set(11, 1, std::nan(""));  // the last row: only the last band reads it
  const std::string args = "verify --u " + q(dir.write("u.npy", encode_npy(u))) + " --v " +
                           q(dir.write("v.npy", encode_npy(v))) + " --json --quiet";
  ToolResult ref = run_tool(args);
  REQUIRE(ref.code == 2);
  REQUIRE_THAT(ref.err, Contains("u.npy: row 11, column 1 is NaN"));
  for (int P : {2, 4}) {
    ToolResult r = run_mpi(P, args);
    INFO("P = " << P << "\n" << r.err);
    CHECK(r.code == 2);
    CHECK(r.out.empty());
    CHECK_THAT(r.err, Contains(ref.err));  // the line constel prints (mpirun adds its own lines)
  }
  // a V file missing altogether, and a bad option value: the same messages as constel
  for (const std::string& bad : {"verify --u " + q(dir.file("u.npy")) + " --v " + q(dir.file("none.npy")),
                                 "verify --u " + q(dir.file("v.npy")) + " --v " + q(dir.file("v.npy")) + " --m x --b 0"}) {
    ToolResult ref2 = run_tool(bad), r = run_mpi(3, bad);
    INFO(bad << "\n" << r.err);
    CHECK(ref2.code == 2);
    CHECK(r.code == 2);
    CHECK(r.out.empty());
    CHECK_THAT(r.err, Contains(ref2.err));
  }
}

TEST_CASE("1022: a rank killed mid-run: mpirun fails and nothing is printed", "[standard][mpi][cli]") {
  test::TempDir dir;
  FloatMatrix u = grid_matrix(20, 3, 10), v = grid_matrix(20, 3, 11);
  const std::string args = "verify --u " + q(dir.write("u.npy", encode_npy(u))) + " --v " +
                           q(dir.write("v.npy", encode_npy(v))) + " --json --quiet";
  ToolResult r = run_mpi(3, args, "CONSTEL_MPI_TEST_KILL_RANK=2");
  INFO(r.err);
  CHECK(r.code != 0);
  CHECK(r.out.empty());
}

#endif  // CONSTEL_MPI_BIN
