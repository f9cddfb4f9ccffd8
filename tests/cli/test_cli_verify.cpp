// `constel verify` on .cst files: output, JSON keys, exit codes, and bad input.
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "support.hpp"

using constel::test::run_tool;
using constel::test::TempDir;

namespace {
const char* kSimplex =
    "constel 1\nN 3\nd 2\nk 2\nscales 1 3/4\nclaim 3/4 1/4\nsource simplex N=3\nmodality U\n1 0\n-1/2 1\n-1/2 -1\n"
    "modality V\n1 0\n-1/2 1\n-1/2 -1\n";
}

TEST_CASE("050: verify prints the exact margin and exits 0", "[quick][cli]") {
  TempDir dir;
  auto f = dir.write("s.cst", kSimplex);
  auto r = run_tool("verify '" + f + "'");
  CHECK(r.code == 0);
  CHECK(r.out.find("margin m*:          3/4") != std::string::npos);
  CHECK(r.out.find("claim (m, b) = (3/4, 1/4): holds") != std::string::npos);
}

TEST_CASE("051: verify --json has the documented keys", "[quick][cli]") {
  TempDir dir;
  auto f = dir.write("s.cst", kSimplex);
  auto r = run_tool("verify '" + f + "' --m 3/4 --b 0.25 --json");
  REQUIRE(r.code == 0);
  auto j = nlohmann::json::parse(r.out);
  for (const char* key : {"N", "d", "k", "exact", "unit_norm", "min_diag", "argmin_diag", "max_offdiag", "argmax_offdiag",
                          "margin", "relative_bias", "zero_loss_infimum", "is_constellation", "violations"})
    CHECK(j.contains(key));
  CHECK(j["margin"] == "3/4");
  CHECK(j["margin_decimal"] == 0.75);
  CHECK(j["relative_bias"] == "1/4");
  CHECK(j["exact"] == true);
  CHECK(j["argmax_offdiag"] == nlohmann::json::array({0, 1}));
  CHECK(j["is_constellation"] == true);
  CHECK(j["violations"]["negative"] == 0);
}

TEST_CASE("052: verify exits 1 when the asked property fails", "[quick][cli]") {
  TempDir dir;
  auto f = dir.write("s.cst", kSimplex);
  auto r = run_tool("verify '" + f + "' --m 0.8 --b 0.1 --json");
  CHECK(r.code == 1);
  auto j = nlohmann::json::parse(r.out);
  CHECK(j["is_constellation"] == false);
  CHECK(j["violations"]["negative"] == 6);
  std::string bad_claim = kSimplex;
  bad_claim.replace(bad_claim.find("claim 3/4"), 9, "claim 4/5");
  CHECK(run_tool("verify '" + dir.write("c.cst", bad_claim) + "'").code == 1);
}

TEST_CASE("053: bad input exits 2 with a message naming the place", "[quick][cli]") {
  TempDir dir;
  std::string s = kSimplex;
  s.replace(s.find("-1/2 1\n"), 7, "-1/2 1/0\n");
  auto r = run_tool("verify '" + dir.write("bad.cst", s) + "'");
  CHECK(r.code == 2);
  CHECK(r.err.find("constel: ") == 0);
  CHECK(r.err.find("bad.cst:10:") != std::string::npos);
  CHECK(run_tool("verify '" + dir.file("missing.cst") + "'").code == 2);
  CHECK(run_tool("verify '" + dir.write("s.cst", kSimplex) + "' --m 1/2").code == 2);
  CHECK(run_tool("verify '" + dir.file("s.cst") + "' --m 1/2 --b x").err.find("--b: 'x' is not a number") !=
        std::string::npos);
  CHECK(run_tool("verify --bogus").code == 2);
  CHECK(run_tool("").code == 2);
}

TEST_CASE("054: every command has --help", "[quick][cli]") {
  auto r = run_tool("--help");
  CHECK(r.code == 0);
  CHECK(r.out.find("verify") != std::string::npos);
  auto v = run_tool("verify --help");
  CHECK(v.code == 0);
  CHECK(v.out.find("--m") != std::string::npos);
}

TEST_CASE("055: verify reads standard input", "[quick][cli]") {
  auto r = run_tool("verify - --json", kSimplex);
  CHECK(r.code == 0);
  CHECK(nlohmann::json::parse(r.out)["margin"] == "3/4");
}
