// `constel generate`: written files are re-read by `constel verify` and the verified margin and bias
// must equal (or imply) the claim; npz output, --list, --json, and exit 2 with clear messages.
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "constel/io/npz.hpp"
#include "support.hpp"

using constel::test::run_tool;
using constel::test::TempDir;

namespace {

nlohmann::json verify_json(const std::string& file) {
  auto r = run_tool("verify '" + file + "' --json");
  INFO(r.err);
  REQUIRE(r.code == 0);
  return nlohmann::json::parse(r.out);
}

}  // namespace

TEST_CASE("360: generate writes files whose verified margin and bias equal the claim", "[standard][cli][construct]") {
  TempDir dir;
  struct Case {
    std::string args, m, b;
  };
  for (const Case& c : {Case{"line --code e8", "1/4", "3/4"}, Case{"line --code nr", "3/8", "5/8"},
                        Case{"lift --code e8 --m 1/5 --b 0.4", "1/5", "2/5"},
                        Case{"lift --code cross:6 --m 1/3 --b 0", "1/3", "0"},
                        Case{"multimodal --code e8 --k 4 --delta2 1/2", "1/8", "5/24"},
                        Case{"construction1 --code nr288 --delta2 2/3 --phi2 1/6", "1/4", "5/12"},
                        Case{"adapter --code simplex:5 --delta2 1/2", "5/16", "-5/16"}}) {
    INFO(c.args);
    auto f = dir.file("g.cst");
    auto r = run_tool("generate " + c.args + " -o '" + f + "' --json");
    INFO(r.err);
    REQUIRE(r.code == 0);
    auto s = nlohmann::json::parse(r.out);
    CHECK(s["m"] == c.m);
    CHECK(s["b"] == c.b);
    auto v = verify_json(f);
    CHECK(v["unit_norm"] == true);
    CHECK(v["claim_holds"] == true);
    CHECK(v["margin"] == c.m);
    CHECK(v["relative_bias"] == c.b);
  }
}

TEST_CASE("361: a lift whose code has slack verifies with a larger margin (the claim is implied)", "[standard][cli][construct]") {
  TempDir dir;
  auto f = dir.file("g.cst");
  auto r = run_tool("generate lift --code golay24 --m 1/10 --b 0 -o '" + f + "'");
  REQUIRE(r.code == 0);
  CHECK(r.out.find("N = 4096, d = 25, k = 2, claim (m, b) = (1/10, 0)") != std::string::npos);
  auto v = verify_json(f);
  CHECK(v["claim_holds"] == true);
  CHECK(v["min_diag"] == "1/10");       // b + m exactly
  CHECK(v["max_offdiag"] == "-4/15");   // (11/20)(1/3) - 9/20 < b - m = -1/10
  auto g = run_tool("generate gap-tight --N 12 -o '" + f + "' --json");
  REQUIRE(g.code == 0);
  auto s = nlohmann::json::parse(g.out);
  auto w = verify_json(f);
  CHECK(w["margin"] == s["m"]);
  CHECK(w["relative_bias"] == s["b"]);
}

TEST_CASE("362: infeasible targets and bad parameters exit 2 with clear messages", "[standard][cli][construct]") {
  TempDir dir;
  auto o = " -o '" + dir.file("x.cst") + "'";
  struct Case {
    std::string args, message;
  };
  for (const Case& c : {Case{"lift --code e8 --m 1/2 --b 0", "3m <= 1 + b fails by 1/2"},
                        Case{"lift --code e8 --m 0.6 --b 0.5", "m + b <= 1 fails by 1/10"},
                        Case{"lift --code e8 --m 1/4 --b 0", "max inner product 1/2 > alpha(m, b) = 1/5"},
                        Case{"lift --code e8 --m 1/10", "--b is required"},
                        Case{"lift --code e8 --m x --b 0", "--m:"},
                        Case{"line --code foo", "unknown code 'foo'"},
                        Case{"line --code rm:5,2", "out of range [0, 2]"},
                        Case{"line --code simplex:1", "out of range [2,"},
                        Case{"line --code e8 --k 3", "option --k does not apply"},
                        Case{"multimodal --code e8 --k 1 --delta2 1/2", "--k must be in [2, 1024]"},
                        Case{"multimodal --code e8 --k 3 --delta2 2", "0 < delta^2 < 1 fails"},
                        Case{"gap-tight --N 3", "N must be in [5, 1000000]"},
                        Case{"construction1 --code e8 --delta2 1 --phi2 1", "delta^2 + phi^2 <= 1 fails by 1"},
                        Case{"adapter --input '" + dir.file("none.cst") + "' --delta2 1/2", "none.cst"},
                        Case{"spiral --code e8", "unknown construction 'spiral'"},
                        Case{"line --code e8 --format csv", "--format: expected cst or npz"},
                        Case{"line --code linear:" + dir.file("nofile"), "cannot open"}}) {
    INFO(c.args);
    auto r = run_tool("generate " + c.args + o);
    CHECK(r.code == 2);
    CHECK(r.err.find(c.message) != std::string::npos);
    CHECK(r.err.rfind("constel: ", 0) == 0);
  }
  auto r = run_tool("generate line --code e8");
  CHECK(r.code == 2);
  CHECK(r.err.find("-o FILE is required") != std::string::npos);
}

TEST_CASE("363: --format npz writes float64 arrays U and V (M0..M3 for k = 4)", "[standard][cli][construct]") {
  TempDir dir;
  auto f = dir.file("e8.npz");
  REQUIRE(run_tool("generate lift --code e8 --m 1/5 --b 2/5 -o '" + f + "' --format npz").code == 0);
  std::string bytes = constel::test::read_file(f);
  auto keys = constel::npz_keys(bytes, f);
  CHECK(keys == std::vector<std::string>{"U", "V"});
  auto U = constel::decode_npz_matrix(bytes, "U", f);
  auto V = constel::decode_npz_matrix(bytes, "V", f);
  REQUIRE(U.rows() == 240);
  REQUIRE(U.cols() == 9);
  REQUIRE_FALSE(U.is_single());
  double max_norm_err = 0, min_diag = 2;
  for (std::size_t i = 0; i < 240; ++i) {
    double nu = 0, uv = 0;
    for (std::size_t j = 0; j < 9; ++j) {
      nu += U.f64()[i * 9 + j] * U.f64()[i * 9 + j];
      uv += U.f64()[i * 9 + j] * V.f64()[i * 9 + j];
    }
    max_norm_err = std::max(max_norm_err, std::abs(nu - 1));
    min_diag = std::min(min_diag, uv);
  }
  CHECK(max_norm_err < 1e-14);
  CHECK(std::abs(min_diag - 0.6) < 1e-14);  // b + m = 3/5
  auto g = dir.file("mm.npz");
  REQUIRE(run_tool("generate multimodal --code nr --k 4 --delta2 1/3 -o '" + g + "' --format npz").code == 0);
  CHECK(constel::npz_keys(constel::test::read_file(g), g) == std::vector<std::string>{"M0", "M1", "M2", "M3"});
}

TEST_CASE("364: --list names every construction and code with formulas, --json summary", "[standard][cli][construct]") {
  auto r = run_tool("generate --list");
  REQUIRE(r.code == 0);
  for (const char* s : {"line --code SPEC", "lift --code SPEC --m M --b B", "construction1", "multimodal", "gap-tight",
                        "adapter", "simplex:N", "cross:n", "simplex-code:r", "rm1:r", "rm:r,mu", "golay24", "golay23",
                        "nr288", "dn:n", "e8", "leech", "linear:FILE", "words:FILE", "coords:FILE", "(1 + alpha)/2",
                        "2n(n-1)", "196560", "k12", "bw16", "e7star", "lambda:n"})
    CHECK(r.out.find(s) != std::string::npos);
  auto j = run_tool("generate --list --json");
  REQUIRE(j.code == 0);
  auto o = nlohmann::json::parse(j.out);
  CHECK(o["constructions"].size() == 6);
  CHECK(o["codes"].size() == 26);  // 15 + a2, e6, e7, e7star, bw16, k12, lambda + 4 linear-code families of codes/algebraic.hpp
  TempDir dir;
  auto s = run_tool("generate adapter --code e8 --delta2 1/2 --t 10 --b-rel 1/2 -o '" + dir.file("a.cst") + "' --json");
  REQUIRE(s.code == 0);
  auto sj = nlohmann::json::parse(s.out);
  CHECK(sj["N"] == 240);
  CHECK(sj["d"] == 9);
  CHECK(sj["k"] == 2);
  CHECK(sj["m"] == "1/8");
  CHECK(sj["b"] == "-1/8");
  CHECK(sj["adapted_t"] == "20");
  CHECK(sj["adapted_b_rel"] == "-1/4");
  CHECK(sj["source"].get<std::string>().find("Observation 1") != std::string::npos);
}
