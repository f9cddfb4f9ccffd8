// CLI tests of `constel train`: JSON keys, the per-step log, the .npz, a locked U from
// a .cst file, sweeps, and exit code 2 with a clear message for bad options. (440-449)
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "constel/config/configuration.hpp"
#include "constel/io/cst.hpp"
#include "constel/io/npz.hpp"
#include "support.hpp"

using constel::test::run_tool;
using constel::test::TempDir;

TEST_CASE("440: constel train --json reports the verified margin and writes the npz and the log", "[quick][train][cli]") {
  TempDir dir;
  auto r = run_tool("train --N 20 --d 6 --steps 200 --seed 4 -o '" + dir.file("o.npz") + "' --log '" + dir.file("l.csv") +
                    "' --log-every 50 --json");
  REQUIRE(r.code == 0);
  auto j = nlohmann::json::parse(r.out);
  for (const char* key : {"loss", "t", "b", "b_rel", "margin", "margin_decimal", "relative_bias", "steps", "verified",
                          "verifier", "constellation", "norm_max_deviation"})
    CHECK(j.contains(key));
  CHECK(j["steps"] == 200);
  CHECK(j["verified"] == true);
  CHECK(j["verifier"] == "exact");
  CHECK(j["step_precision"] == "float32");  // the default
  CHECK(j["margin"].get<std::string>().find('/') != std::string::npos);  // an exact fraction
  std::string log = constel::test::read_file(dir.file("l.csv"));
  CHECK(log.rfind("step,loss,t,b,b_rel,margin,relative_bias,delta\n", 0) == 0);
  CHECK(std::count(log.begin(), log.end(), '\n') == 6);  // header + steps 0, 50, 100, 150, 200
  CHECK(log.find("\n200,") != std::string::npos);
  constel::FloatMatrix U = constel::read_npz_matrix(dir.file("o.npz"), "U");
  CHECK(U.rows() == 20);
  CHECK(U.cols() == 6);
}

TEST_CASE("441: constel train rejects bad options with exit 2 and a message", "[standard][train][cli]") {
  TempDir dir;
  std::string o = " -o '" + dir.file("o.npz") + "'";
  auto r = run_tool("train --param cosine" + o);
  CHECK(r.code == 2);
  CHECK(r.err.find("--param: expected bias or rb, got 'cosine'") != std::string::npos);
  r = run_tool("train --lr 0.x" + o);
  CHECK(r.code == 2);
  CHECK(r.err.find("--lr") != std::string::npos);
  r = run_tool("train --k 3 --graph 0-3" + o);
  CHECK(r.code == 2);
  CHECK(r.err.find("modality 3 is out of range (k = 3)") != std::string::npos);
  r = run_tool("train --adapter" + o);
  CHECK(r.code == 2);
  CHECK(r.err.find("--adapter needs a locked U") != std::string::npos);
  r = run_tool("train --N 5");
  CHECK(r.code == 2);
  CHECK(r.err.find("-o OUT.npz is required") != std::string::npos);
  r = run_tool("train --sweep everything -o '" + dir.file("s.csv") + "'");
  CHECK(r.code == 2);
  CHECK(r.err.find("unknown sweep 'everything'") != std::string::npos);
  r = run_tool("train --precision auto" + o);
  CHECK(r.code == 2);
  CHECK(r.err.find("--precision: expected float32 or float64, got 'auto'") != std::string::npos);
  r = run_tool("train --help");
  CHECK(r.code == 0);
  CHECK(r.out.find("--fix-b-rel") != std::string::npos);
  CHECK(r.out.find("--sweep") != std::string::npos);
}

TEST_CASE("442: --lock-u FILE.cst trains V against the file's U, and a wrong shape is refused", "[quick][train][cli]") {
  TempDir dir;
  constel::Configuration c(4, 4, 2);
  for (std::size_t i = 0; i < 4; ++i) c.entry(0, i, i) = c.entry(1, i, i) = 1;
  constel::write_cst_file(dir.file("u.cst"), c);
  auto r = run_tool("train --N 4 --d 4 --steps 100 --lock-u '" + dir.file("u.cst") + "' -o '" + dir.file("o.npz") + "' --json");
  REQUIRE(r.code == 0);
  constel::FloatMatrix U = constel::read_npz_matrix(dir.file("o.npz"), "U");
  for (std::size_t i = 0; i < 4; ++i)
    for (std::size_t j = 0; j < 4; ++j) CHECK(U.value(i, j) == (i == j ? 1.0 : 0.0));
  CHECK(nlohmann::json::parse(r.out)["constellation"] == true);
  r = run_tool("train --N 5 --d 4 --lock-u '" + dir.file("u.cst") + "' -o '" + dir.file("o.npz") + "'");
  CHECK(r.code == 2);
  CHECK(r.err.find("has N = 4, d = 4, but --N 5 --d 4 were asked") != std::string::npos);
}

TEST_CASE("443: constel train --sweep writes the CSV and the SVG", "[quick][train][cli]") {
  TempDir dir;
  auto r = run_tool("train --sweep modalities --seeds 1 --N 10 --d 4 --steps 60 -o '" + dir.file("s.csv") + "' --svg '" +
                    dir.file("s.svg") + "' --json");
  REQUIRE(r.code == 0);
  auto j = nlohmann::json::parse(r.out);
  CHECK(j["runs"] == 2);
  std::string csv = constel::test::read_file(dir.file("s.csv"));
  CHECK(csv.find("modalities,\"k=4 complete\",0,10,4,4,rb,none,60,") != std::string::npos);
  CHECK(csv.find("modalities,\"k=4 star\",0,10,4,4,rb,none,60,") != std::string::npos);
  CHECK(constel::test::read_file(dir.file("s.svg")).find("k=4 star") != std::string::npos);
}
