// Hostile command lines (docs/reliability.md): zero matrices end to end, header modes, counts that
// once wrapped to huge unsigned values, ignored options that are now errors, diverged training, the
// unit-row rule, standard output failures and the messages of the list.
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "constel/io/npy.hpp"
#include "support.hpp"

using constel::test::run_tool;
using constel::test::TempDir;
using Catch::Matchers::Contains;

namespace {

std::string q(const std::string& p) { return "'" + p + "'"; }

std::string npy(const TempDir& dir, const std::string& name, std::size_t n, std::size_t d, double v,
                constel::FloatDType t = constel::FloatDType::F32) {
  constel::FloatMatrix m(n, d, t, name);
  for (std::size_t i = 0; i < n; ++i)
    for (std::size_t j = 0; j < d; ++j) m.set(i, j, v);
  return dir.write(name, constel::encode_npy(m));
}

}  // namespace

TEST_CASE("910: verify and gap on all-zero matrices: an answer, not a crash", "[standard][reliability]") {
  TempDir dir;
  for (std::size_t n : {1, 4}) {
    const std::string z = npy(dir, "z.npy", n, 3, 0.0), v = npy(dir, "v.npy", n, 3, 0.5);
    auto r = run_tool("verify --u " + q(z) + " --v " + q(v) + " --m 1/10 --b 0 --json --quiet");
    INFO(r.err);
    REQUIRE(r.code == 1);
    auto j = nlohmann::json::parse(r.out);
    CHECK(j["min_diag"] == "0");
    CHECK(j["norm_max_deviation"] == 1.0);
    CHECK(j["unit_within_tolerance"] == false);
    auto z8 = npy(dir, "z8.npy", n, 3, 0.0, constel::FloatDType::F64);
    CHECK(run_tool("verify --u " + q(z8) + " --v " + q(z8) + " --quiet").code == 0);
    auto g = run_tool("gap --u " + q(z) + " --v " + q(v) + " --json");
    INFO(g.err);
    CHECK((g.code == 0 || g.code == 1 || g.code == 2));
    CHECK(g.err.find("internal error") == std::string::npos);
  }
  const std::string csv = dir.write("z.csv", "0,0\n0,0\n");
  CHECK(run_tool("verify --u " + q(csv) + " --v " + q(csv) + " --quiet").code == 0);
}

TEST_CASE("911: --csv-header and BOMs on the command line", "[standard][reliability]") {
  TempDir dir;
  const std::string rows = "0.5,0.5,0.5,0.5\n0.5,-0.5,0.5,-0.5\n0.5,0.5,-0.5,-0.5\n0.5,-0.5,-0.5,0.5\n";
  const std::string bom = dir.write("bom.csv", "\xEF\xBB\xBF" + rows), plain = dir.write("p.csv", rows);
  auto a = run_tool("verify --u " + q(bom) + " --v " + q(plain) + " --json --quiet");
  REQUIRE(a.code == 0);
  CHECK(nlohmann::json::parse(a.out)["N_u"] == 4);  // the BOM line is data, not a header
  auto yes = run_tool("verify --u " + q(plain) + " --v " + q(plain) + " --csv-header yes --json --quiet");
  REQUIRE(yes.code == 0);
  CHECK(nlohmann::json::parse(yes.out)["N_u"] == 3);
  auto typo = run_tool("verify --u " + q(dir.write("t.csv", "0.5,0.5,O.5,0.5\n" + rows)) + " --v " + q(plain));
  CHECK(typo.code == 2);
  CHECK_THAT(typo.err, Contains("t.csv:1: column 2: 'O.5' is not a number"));
  auto bad = run_tool("verify --u " + q(plain) + " --v " + q(plain) + " --csv-header maybe");
  CHECK(bad.code == 2);
  CHECK_THAT(bad.err, Contains("expected yes, no or auto"));
}

TEST_CASE("912: negative and huge counts are refused before anything runs", "[standard][reliability]") {
  TempDir dir;
  const std::string out = " -o " + q(dir.file("t.npz"));
  struct Case {
    std::string args, message;
  };
  const Case cases[] = {
      {"train --steps -5" + out, "--steps: '-5' is negative; expected a whole number from 0 to 100000000"},
      {"train --steps 1e12" + out, "--steps: '1e12' is out of range"},
      {"train --steps 1.5" + out, "--steps: '1.5' is not a whole number"},
      {"train --seed -1" + out, "--seed: '-1' is negative"},
      {"train --log-every -1" + out, "--log-every: '-1' is negative"},
      {"train --k 1000000" + out, "--k: '1000000' is out of range; expected a whole number from 2 to 64"},
      {"train --sweep b-rel --seeds 1e9 -o " + q(dir.file("s.csv")), "--seeds: '1e9' is out of range"},
      {"train --threads -2" + out, "--threads: '-2' is negative"},
      {"gap --rounds -1 x.cst", "--rounds: '-1' is negative"},
      {"gap --max-lp-entries -1 x.cst", "--max-lp-entries: '-1' is negative"},
      {"verify x.cst --threads -1", "--threads: '-1' is negative"},
      {"generate gap-tight --N -3 -o " + q(dir.file("g.cst")), "--N: '-3' is negative"},
  };
  for (const Case& c : cases) {
    auto r = run_tool(c.args);
    INFO(c.args << "\n" << r.err);
    CHECK(r.code == 2);
    CHECK_THAT(r.err, Contains(c.message));
  }
  // --threads above 4 x the cores is lowered, not refused
  auto t = run_tool("train --N 4 --d 3 --steps 2 --threads 100000" + out + " --json");
  INFO(t.err);
  CHECK(t.code == 0);
}

TEST_CASE("913: options that were silently ignored are errors", "[quick][reliability]") {
  TempDir dir;
  const std::string out = " -o " + q(dir.file("t.npz"));
  auto fb = run_tool("train --param rb --fix-b" + out);
  CHECK(fb.code == 2);
  CHECK_THAT(fb.err, Contains("--fix-b: applies to --param bias"));
  auto fr = run_tool("train --param bias --fix-b-rel" + out);
  CHECK(fr.code == 2);
  CHECK_THAT(fr.err, Contains("--fix-b-rel: applies to --param rb"));
  auto npz = run_tool("verify --npz missing.npz --u a.npy --v b.npy");
  CHECK(npz.code == 2);
  CHECK_THAT(npz.err, Contains("--npz is not used when --u and --v are both given"));
}

TEST_CASE("914: a diverged training run says so and is never verified", "[standard][reliability]") {
  TempDir dir;
  auto r = run_tool("train --N 6 --d 3 --steps 30 --lr 1e300 -o " + q(dir.file("t.npz")) + " --json");
  INFO(r.err);
  REQUIRE(r.code == 1);
  auto j = nlohmann::json::parse(r.out);
  CHECK(j["diverged"] == true);
  CHECK(j["verified"] == false);
  CHECK(j["constellation"] == false);
  CHECK_THAT(r.err, Contains("training diverged"));
  // its file (zero or non-finite rows) is verified without a crash
  auto v = run_tool("verify --npz " + q(dir.file("t.npz")) + " --u-key U --v-key V --quiet");
  CHECK((v.code == 0 || v.code == 1 || v.code == 2));
}

TEST_CASE("915: one rule for non-unit rows: float files and .cst alike", "[standard][reliability]") {
  TempDir dir;
  // rows of norm 2 (0.5 * 4 coordinates... scaled): <U_i, V_i> = 4, others 4 as well for equal rows;
  // use e_i * 2 so that positives are 4 and negatives 0: (m, b) = (1, 1) holds for the products
  const std::string u = dir.write("u.csv", "2,0\n0,2\n");
  auto f = run_tool("verify --u " + q(u) + " --v " + q(u) + " --m 1 --b 1 --json --quiet");
  REQUIRE(f.code == 1);
  auto j = nlohmann::json::parse(f.out);
  CHECK(j["violations_pos"] == 0);
  CHECK(j["violations_neg"] == 0);
  CHECK(j["is_constellation"] == false);
  CHECK(j["unit_within_tolerance"] == false);
  auto human = run_tool("verify --u " + q(u) + " --v " + q(u) + " --m 1 --b 1 --quiet");
  CHECK_THAT(human.out, Contains("the rows are not unit vectors"));
  const std::string cst = dir.write("u.cst", "constel 1\nN 2\nd 2\nk 2\nscales 1 1\nmodality U\n2 0\n0 2\nmodality V\n2 0\n0 2\n");
  CHECK(run_tool("verify " + q(cst) + " --m 1 --b 1").code == 1);
  // --normalize verifies the cosines: the rule does not apply
  CHECK(run_tool("verify --u " + q(u) + " --v " + q(u) + " --normalize --m 1/2 --b 1/2 --quiet").code == 0);
}

TEST_CASE("916: standard output failures are exit 2 with a message", "[standard][reliability]") {
  const std::string bin = std::string("'") + CONSTEL_BIN + "'";
  auto status = [](const std::string& cmd) {
    int s = std::system(cmd.c_str());
    return WIFEXITED(s) ? WEXITSTATUS(s) : -1;
  };
  TempDir dir;
  const std::string err = " 2>" + q(dir.file("err"));
  for (const std::string& args : {std::string("bound --d 8 --m 1/10 --b 1/2"), std::string("bound --d 8 --m 1/10 --b 1/2 --json"),
                                  std::string("--help"), std::string("params --t 10 --b 5"),
                                  std::string("generate line --code simplex:4 -o -")}) {
    INFO(args);
    CHECK(status(bin + " " + args + " >/dev/full" + err) == 2);
    CHECK_THAT(constel::test::read_file(dir.file("err")), Contains("constel: cannot write to standard output"));
    CHECK(status(bin + " " + args + " >&-" + err) == 2);
    CHECK_THAT(constel::test::read_file(dir.file("err")), Contains("constel: standard output is closed"));
  }
  // under | head the pipe closes early: a quiet end (SIGPIPE), no message
  CHECK(status(bin + " generate --list | head -c 10 >/dev/null" + err) == 0);
  CHECK(constel::test::read_file(dir.file("err")).empty());
}

TEST_CASE("917: messages: unknown commands, folders, raw bytes", "[quick][reliability]") {
  auto u = run_tool("verfy x.cst");
  CHECK(u.code == 2);
  CHECK_THAT(u.err, Contains("unknown command 'verfy'; the commands are: "));
  TempDir dir;
  auto f = run_tool("verify " + q(dir.file("")));
  CHECK(f.code == 2);
  CHECK_THAT(f.err, Contains("it is a folder, not a file"));
  auto nul = run_tool("verify --u " + q(dir.write("n.csv", std::string("1,\x01\n", 4))) + " --v x.csv");
  CHECK(nul.code == 2);
  CHECK_THAT(nul.err, Contains("'\\x01'"));
}
