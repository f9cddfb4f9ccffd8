// constel-mpi against constel, run by ctest as mpi_equal_P1..6, mpi_fault_input and mpi_fault_kill
// (a program of its own rather than Catch2 cases: each check starts mpirun several times, about a
// second each). `mpirun -np P constel-mpi verify ...` must print byte for byte what `constel verify
// ...` prints, apart from the run-dependent keys of docs/distributed.md, with the same exit code and
// the same constel lines on stderr (a warning printed once, by rank 0),
// for P = 1..6 on the adversarial cases of the certified tests (ties across blocks, labels with
// empty classes, --normalize on float16, N not divisible by P, N < P, files not readable by offset,
// k = 3 .cst; the retrieval options --recall-k, --hardest, -o and --class-stats, whose files must
// be byte for byte those of constel); bad input (a file bad only in its last rows, a missing file, a bad option, a .cst that
// ends early) gives constel's message, exit 2 and nothing on stdout; a rank killed mid-run makes
// mpirun fail and nothing is printed, at the products and at the retrieval pass.
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <iostream>
#include <regex>
#include <sstream>

#include "constel/io/fvecs.hpp"
#include "constel/io/npy.hpp"
#include "constel/io/npz.hpp"
#include "constel/io/safetensors.hpp"
#include "support.hpp"

using namespace constel;
using constel::test::run_tool;
using constel::test::ToolResult;

int failures = 0;

#define CHECK_MPI(cond, what)                                                 \
  do {                                                                        \
    if (!(cond)) {                                                            \
      ++failures;                                                             \
      std::cerr << "FAILED: " << #cond << "\n" << what << "\n\n";          \
    }                                                                         \
  } while (0)

bool contains(const std::string& s, const std::string& part) { return s.find(part) != std::string::npos; }

// The report with its run-dependent keys (docs/distributed.md) blanked: `"exact_evaluations": N`,
// `"retrieval_exact_evaluations": N`.
std::string canonical(const std::string& out) {
  return std::regex_replace(out, std::regex("exact_evaluations\": [0-9]+"), "exact_evaluations\": _");
}

// The output files of a case: `@O@name` in its arguments, written at `prefix`name by each run.
std::vector<std::string> output_names(const std::string& args) {
  std::vector<std::string> names;
  const std::regex re("@O@([A-Za-z0-9_.]+)");
  for (auto it = std::sregex_iterator(args.begin(), args.end(), re); it != std::sregex_iterator(); ++it)
    names.push_back((*it)[1]);
  return names;
}

std::string with_outputs(const std::string& args, const std::string& prefix) {
  return std::regex_replace(args, std::regex("@O@"), prefix);
}

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

// A matrix as CSV text (the grid values are short binary fractions: exact in %g).
std::string csv_text(const FloatMatrix& m) {
  std::string out;
  char buf[32];
  for (std::size_t i = 0; i < m.rows(); ++i)
    for (std::size_t j = 0; j < m.cols(); ++j) {
      std::snprintf(buf, sizeof buf, "%g", m.value(i, j));
      out += buf;
      out += j + 1 < m.cols() ? "," : "\n";
    }
  return out;
}

// The cases, written into dir; each is the argument text after `verify`.
std::vector<std::string> write_cases(const test::TempDir& dir) {
  std::vector<std::string> cases;
  // ties across tiles and ranks: 1301 pairs in R^3 (18 float32 tiles of 240 x 512; 1301 is divisible
  // by no P > 1), the largest negative value attained many times all over the grid
  FloatMatrix u = grid_matrix(1301, 3, 1), v = grid_matrix(1301, 3, 2);
  cases.push_back("--u " + q(dir.write("u.npy", encode_npy(u))) + " --v " + q(dir.write("v.npy", encode_npy(v, true))) +
                  " --m 1/16 --b 0 --json --quiet");
  // the retrieval pass over them: counts with ties across ranks, the hardest pairs a k-best merge
  cases.push_back("--u " + q(dir.file("u.npy")) + " --v " + q(dir.file("v.npy")) +
                  " --recall-k 1,2,5 --hardest 7 -o @O@ties.csv --json --quiet");
  // labels with empty classes: 1100 U rows onto 700 V rows, only classes 0 mod 3 used; safetensors
  // and fvecs
  FloatMatrix lu = grid_matrix(1100, 4, 3), lv = grid_matrix(700, 4, 4);
  std::vector<std::int64_t> labels(1100);
  for (std::size_t i = 0; i < labels.size(); ++i) labels[i] = std::int64_t((i * 7) % 700 / 3 * 3);
  cases.push_back("--u " + q(dir.write("lu.safetensors", encode_safetensors({{"img", "F32", {1100, 4}, raw(lu)}}))) +
                  " --u-key img --v " + q(dir.write("lv.fvecs", encode_fvecs(lv))) + " --labels " +
                  q(dir.write("l.npy", labels_npy(labels))) + " --json --quiet");
  cases.push_back("--u " + q(dir.file("lu.safetensors")) + " --u-key img --v " + q(dir.file("lv.fvecs")) + " --labels " +
                  q(dir.file("l.npy")) + " --recall-k 1,3 --hardest 4 -o @O@hard.csv --class-stats @O@classes.csv --json --quiet");
  // --normalize on float16: npy and a stored npz member, rows far from unit length, no zero row
  FloatMatrix nu = grid_matrix(600, 5, 5), nv = grid_matrix(600, 5, 6);
  for (std::size_t i = 0; i < 600; ++i) nu.set(i, 1, 0.375), nv.set(i, 2, -0.25);
  cases.push_back("--u " + q(dir.write("nu.npy", encode_npy_raw("<f2", {600, 5}, false, f16_bytes(nu)))) + " --npz " +
                  q(dir.write("nv.npz", encode_zip({{"text.npy", encode_npy_raw("<f2", {600, 5}, false, f16_bytes(nv))}}, false, false))) +
                  " --v-key text --normalize --json --quiet");
  cases.push_back("--u " + q(dir.file("nu.npy")) + " --npz " + q(dir.file("nv.npz")) +
                  " --v-key text --normalize --recall-k 1,4 --hardest 3 --quiet");
  // N < P: 3 pairs, U in CSV and V in a deflated npz (both read whole by rank 0), human output
  cases.push_back("--u " + q(dir.write("t.csv", "0.5,0.5,0\n-0.5,0.5,0.5\n0,-1,0.25\n")) + " --npz " +
                  q(dir.write("d.npz", encode_zip({{"v.npy", encode_npy(grid_matrix(3, 3, 7))}}, true, false))) +
                  " --v-key v --m 0 --b 0 --quiet");
  cases.push_back("--u " + q(dir.file("t.csv")) + " --npz " + q(dir.file("d.npz")) +
                  " --v-key v --csv-header no --recall-k 1,2 --hardest 2 -o @O@small.csv --quiet");
  // rows handed out by rank 0 (files not read by offset): 1203 pairs (divisible by no P in 2..6), U in
  // CSV and V in a deflated npz member, ties across the ranks' blocks; then labels with empty classes
  // (1001 CSV rows onto 650 deflated rows) with the retrieval options
  cases.push_back("--u " + q(dir.write("su.csv", csv_text(grid_matrix(1203, 3, 12)))) + " --npz " +
                  q(dir.write("sv.npz", encode_zip({{"v.npy", encode_npy(grid_matrix(1203, 3, 13))}}, true, false))) +
                  " --v-key v --csv-header no --m 1/16 --b 0 --json --quiet");
  std::vector<std::int64_t> slabels(1001);
  for (std::size_t i = 0; i < slabels.size(); ++i) slabels[i] = std::int64_t((i * 11) % 650 / 2 * 2);
  cases.push_back("--u " + q(dir.write("lsu.csv", csv_text(grid_matrix(1001, 4, 14)))) + " --npz " +
                  q(dir.write("lsv.npz", encode_zip({{"v.npy", encode_npy(grid_matrix(650, 4, 15))}}, true, false))) +
                  " --v-key v --csv-header no --labels " + q(dir.write("sl.npy", labels_npy(slabels))) +
                  " --recall-k 1,3 --hardest 5 -o @O@shard.csv --class-stats @O@sclasses.csv --json --quiet");
  // k = 3 modalities, exact: 300 rows (4 tiles of 256 per pair of modalities, 12 in all)
  std::ostringstream cst;
  cst << "constel 1\nN 300\nd 3\nk 3\nscales 1 1 1/2\nclaim 0 0\n";
  for (int a = 0; a < 3; ++a) {
    cst << "modality M" << a << "\n";
    for (int i = 0; i < 300; ++i) cst << (i + a) % 3 - 1 << " " << (i * a) % 2 << " " << (i % 7 == a ? "1/2" : "-1/3") << "\n";
  }
  cases.push_back(q(dir.write("k3.cst", cst.str())) + " --json");
  cases.push_back(q(dir.file("k3.cst")) + " --m 1/7 --b -1/3");
  return cases;
}

// The lines of a stderr that constel wrote (mpirun adds lines of its own when a rank exits non-zero).
std::string constel_lines(const std::string& err) {
  std::istringstream in(err);
  std::string line, out;
  while (std::getline(in, line))
    if (line.rfind("constel: ", 0) == 0) out += line + "\n";
  return out;
}

// Every case at P ranks: the same exit code and the same stdout as constel.
void check_equal(int P) {
  test::TempDir dir;
  for (const auto& args : write_cases(dir)) {
    const std::string c = with_outputs(args, dir.file("mpi_"));
    ToolResult ref = run_tool("verify " + with_outputs(args, dir.file("ref_")));
    CHECK_MPI((ref.code == 0 || ref.code == 1) && !ref.out.empty(), "constel verify " << c << ": exit " << ref.code << "\n" << ref.err);
    ToolResult r = run_mpi(P, "verify " + c);
    // the files of -o and --class-stats, written by rank 0 alone: those of constel
    for (const std::string& name : output_names(args)) {
      const std::string want = test::read_file(dir.file("ref_" + name)), got = test::read_file(dir.file("mpi_" + name));
      CHECK_MPI(!want.empty() && got == want, "P = " << P << ", verify " << c << ": " << name << " differs\n--- constel\n"
                                                  << want << "--- constel-mpi\n" << got);
    }
    CHECK_MPI(r.code == ref.code, "P = " << P << ", verify " << c << ": exit " << r.code << " (constel: " << ref.code << ")\n" << r.err);
    CHECK_MPI(canonical(r.out) == canonical(ref.out),
              "P = " << P << ", verify " << c << ": output differs\n--- constel\n" << ref.out << "--- constel-mpi\n" << r.out << r.err);
    // the same constel lines on stderr (warnings), each once: only rank 0 prints
    CHECK_MPI(constel_lines(r.err) == constel_lines(ref.err),
              "P = " << P << ", verify " << c << ": stderr differs\n--- constel\n" << ref.err << "--- constel-mpi\n" << r.err);
  }
}

// Seconds of wall time of f().
template <class F>
double seconds(F f) {
  const auto t0 = std::chrono::steady_clock::now();
  f();
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
}

// Bad input: a file bad only in its last rows, a missing file, a bad option: constel's message, exit
// 2, nothing on stdout, and every rank gone within 10 s (the job's start included).
void check_fault_input() {
  test::TempDir dir;
  FloatMatrix u = grid_matrix(12, 3, 8), v = grid_matrix(12, 3, 9);
  u.set(11, 1, std::nan(""));  // the last row
  const std::string good_u = q(dir.write("u_good.npy", encode_npy(grid_matrix(12, 3, 8))));
  const std::vector<std::string> bad = {
      "verify --u " + q(dir.write("u.npy", encode_npy(u))) + " --v " + q(dir.write("v.npy", encode_npy(v))) +
          " --json --quiet",
      "verify --u " + good_u + " --v " + q(dir.file("none.npy")),
      "verify --u " + good_u + " --v " + good_u + " --m x --b 0",
      "verify --u " + good_u + " --v " + q(dir.write("v5.npy", encode_npy(grid_matrix(12, 5, 9)))),
      "verify " + q(dir.write("bad.cst", "constel 1\nN 2\nd 1\nk 2\nscales 1\nmodality U\n1\n1\nmodality V\n1\n")),
      // read by rank 0 alone: a deflated member bad only in its last row, a CSV whose last line is bad
      "verify --u " + q(dir.write("uc.csv", csv_text(grid_matrix(12, 3, 8)))) + " --npz " +
          q(dir.write("vd.npz", encode_zip({{"v.npy", encode_npy(u)}}, true, false))) + " --v-key v --csv-header no",
      "verify --u " + q(dir.write("ub.csv", csv_text(grid_matrix(11, 3, 8)) + "0.5,x,0\n")) + " --v " + good_u +
          " --csv-header no",
  };
  for (const std::string& args : bad) {
    ToolResult ref = run_tool(args);
    CHECK_MPI(ref.code == 2 && !ref.err.empty(), "constel " << args << ": exit " << ref.code);
    for (int P : {2, 4}) {
      ToolResult r;
      const double wall = seconds([&] { r = run_mpi(P, args); });
      CHECK_MPI(wall < 10, "P = " << P << ", " << args << ": the job took " << wall << " s (limit 10 s)");
      CHECK_MPI(r.code == 2 && r.out.empty() && contains(r.err, ref.err),
                "P = " << P << ", " << args << ": exit " << r.code << "\n--- constel\n" << ref.err << "--- constel-mpi\n" << r.out << r.err);
    }
  }
  ToolResult ref = run_tool("verify --u " + q(dir.file("u.npy")) + " --v " + q(dir.file("v.npy")));
  CHECK_MPI(contains(ref.err, "u.npy: row 11, column 1 is NaN"), ref.err);
}

// A rank killed as the products start: mpirun fails, nothing on stdout. A rank whose products fail:
// exit 3 with its message.
void check_fault_kill() {
  test::TempDir dir;
  const std::string args = "verify --u " + q(dir.write("u.npy", encode_npy(grid_matrix(20, 3, 10)))) + " --v " +
                           q(dir.write("v.npy", encode_npy(grid_matrix(20, 3, 11)))) + " --json --quiet";
  for (int killed : {0, 2}) {
    ToolResult r;
    const double wall = seconds([&] { r = run_mpi(3, args, "CONSTEL_MPI_TEST_KILL_RANK=" + std::to_string(killed)); });
    CHECK_MPI(wall < 10, "rank " << killed << " killed: the job took " << wall << " s (limit 10 s)");
    CHECK_MPI(r.code != 0 && r.out.empty(), "rank " << killed << " killed: exit " << r.code << "\n" << r.out << r.err);
  }
  // a rank whose part fails: the others stop, rank 0 prints that rank's message, exit 3
  for (int failed : {0, 1}) {
    ToolResult r;
    const double wall = seconds([&] { r = run_mpi(3, args, "CONSTEL_MPI_TEST_FAIL_RANK=" + std::to_string(failed)); });
    CHECK_MPI(wall < 10, "rank " << failed << " failed: the job took " << wall << " s (limit 10 s)");
    CHECK_MPI(r.code == 3 && r.out.empty() &&
                  contains(r.err, "constel: internal error: test failure requested on rank " + std::to_string(failed) + "\n"),
              "rank " << failed << " failed: exit " << r.code << "\n" << r.out << r.err);
  }
  // the same at the retrieval pass (a stage of its own): nothing printed, no -o file written
  const std::string out = dir.file("hard.csv");
  const std::string retrieval = args + " --recall-k 1,2 --hardest 3 -o " + q(out);
  for (const std::string& hook : {"CONSTEL_MPI_TEST_KILL_RANK=2", "CONSTEL_MPI_TEST_FAIL_RANK=1"}) {
    ToolResult r;
    const double wall = seconds([&] { r = run_mpi(3, retrieval, "CONSTEL_MPI_TEST_STAGE=retrieval " + hook); });
    const bool killed = contains(hook, "KILL");
    CHECK_MPI(wall < 10, hook << " at the retrieval pass: the job took " << wall << " s (limit 10 s)");
    CHECK_MPI(r.out.empty() && test::read_file(out).empty() && (killed ? r.code != 0 : r.code == 3),
              hook << " at the retrieval pass: exit " << r.code << "\n" << r.out << r.err);
    if (!killed)
      CHECK_MPI(contains(r.err, "constel: internal error: test failure requested on rank 1\n"), r.err);
  }
  // rows handed out by rank 0 (CSV, deflated npz): a rank killed, or failing, as the products start
  const std::string scattered =
      "verify --u " + q(dir.write("u.csv", csv_text(grid_matrix(20, 3, 10)))) + " --npz " +
      q(dir.write("v.npz", encode_zip({{"v.npy", encode_npy(grid_matrix(20, 3, 11))}}, true, false))) +
      " --v-key v --csv-header no --json --quiet";
  for (const std::string& hook :
       {"CONSTEL_MPI_TEST_KILL_RANK=0", "CONSTEL_MPI_TEST_KILL_RANK=2", "CONSTEL_MPI_TEST_FAIL_RANK=2"}) {
    ToolResult r;
    const double wall = seconds([&] { r = run_mpi(3, scattered, hook); });
    const bool killed = contains(hook, "KILL");
    CHECK_MPI(wall < 10, hook << ", scattered rows: the job took " << wall << " s (limit 10 s)");
    CHECK_MPI(r.out.empty() && (killed ? r.code != 0 : r.code == 3), hook << ", scattered rows: exit " << r.code << "\n"
                                                                          << r.out << r.err);
  }
  ToolResult fine = run_mpi(3, retrieval);  // and without a hook the file is written
  CHECK_MPI(fine.code == 0 && !test::read_file(out).empty(), "retrieval: exit " << fine.code << "\n" << fine.err);
}

}  // namespace

int main(int argc, char** argv) {
  const std::string what = argc > 1 ? argv[1] : "";
  if (what == "equal" && argc > 2)
    check_equal(std::atoi(argv[2]));
  else if (what == "fault-input")
    check_fault_input();
  else if (what == "fault-kill")
    check_fault_kill();
  else {
    std::cerr << "usage: constel_mpi_checks equal P | fault-input | fault-kill\n";
    return 2;
  }
  std::cerr << (failures ? "constel_mpi_checks: FAILED " : "constel_mpi_checks: passed ") << what << "\n";
  return failures ? 1 : 0;
}
