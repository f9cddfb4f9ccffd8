// `constel bound` and `constel codebound`: JSON keys, certificates written and re-checked, bad input.
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "support.hpp"

using constel::test::run_tool;
using constel::test::TempDir;

TEST_CASE("240: bound --json has the documented keys and the Theorem 3.5 entry", "[standard][bounds][cli]") {
  auto r = run_tool("bound --d 10 --m 0.1 --b 0 --json");
  REQUIRE(r.code == 0);
  auto j = nlohmann::json::parse(r.out);
  for (const char* key : {"d", "m", "b", "alpha", "region", "lower", "upper", "lower_all", "upper_all",
                          "exponent_lower", "exponent_upper"})
    CHECK(j.contains(key));
  CHECK(j["alpha"] == "7/11");
  CHECK(j["region"] == "exponential");
  for (const char* key : {"log10", "value", "method"}) {
    CHECK(j["lower"].contains(key));
    CHECK(j["upper"].contains(key));
  }
  CHECK(j["lower"]["value"] == "240");
  bool has35 = false;
  for (const auto& u : j["upper_all"]) has35 = has35 || u["method"].get<std::string>().find("3.5") != std::string::npos;
  CHECK(has35);
  auto big = run_tool("bound --d 768 --m 0.0695 --b 0.068 --json");
  REQUIRE(big.code == 0);
  auto jb = nlohmann::json::parse(big.out);
  CHECK(jb["upper"]["value"].is_null());  // beyond 2^63
  CHECK(jb["upper"]["log10"].get<double>() == Approx(225.4).margin(0.05));
}

TEST_CASE("241: bound rejects bad input with exit 2 and a message", "[quick][bounds][cli]") {
  auto r = run_tool("bound --d 1 --m 0.1 --b 0");
  CHECK(r.code == 2);
  CHECK(r.err.find("--d: the dimension must be >= 2") != std::string::npos);
  r = run_tool("bound --d 10 --m -0.1 --b 0");
  CHECK(r.code == 2);
  CHECK(r.err.find("--m: the margin must be >= 0") != std::string::npos);
  r = run_tool("bound --d 10 --m 0.1 --b 1.5");
  CHECK(r.code == 2);
  CHECK(r.err.find("--b: the relative bias must lie in [-1, 1]") != std::string::npos);
  r = run_tool("bound --d 10 --m x --b 0");
  CHECK(r.code == 2);
  CHECK(r.err.find("--m:") != std::string::npos);
  r = run_tool("bound --d 10 --m 0.1");
  CHECK(r.code == 2);
  CHECK(r.err.find("give --d, --m and --b") != std::string::npos);
}

TEST_CASE("242: codebound --json keys, Levenshtein, Delsarte and best_upper for E8", "[standard][bounds][cli]") {
  auto r = run_tool("codebound --n 8 --s 1/2 --json");
  REQUIRE(r.code == 0);
  auto j = nlohmann::json::parse(r.out);
  for (const char* key : {"levenshtein", "delsarte", "lower", "best_upper"}) CHECK(j.contains(key));
  CHECK(!j.contains("rankin"));
  CHECK(j["levenshtein"]["value"] == "240");
  CHECK(j["levenshtein"]["value_decimal"] == 240.0);
  CHECK(j["levenshtein"]["degree"] == 7);
  CHECK(j["delsarte"]["value"] == "240");
  CHECK(j["delsarte"]["degree"] == 6);
  CHECK(j["delsarte"]["grid_value"].get<double>() == Approx(240).epsilon(1e-9));
  CHECK(j["delsarte"]["certificate"].size() == 7);
  CHECK(j["best_upper"]["value"] == "240");
  auto neg = run_tool("codebound --n 5 --s -1/4 --json");
  REQUIRE(neg.code == 0);
  CHECK(nlohmann::json::parse(neg.out)["rankin"] == "5");
}

TEST_CASE("243: codebound --certificate writes a file that --check re-proves, tampering is caught", "[standard][bounds][cli]") {
  TempDir dir;
  std::string cert = dir.file("e8.txt");
  auto r = run_tool("codebound --n 8 --s 1/2 --degree 6 --certificate '" + cert + "'");
  REQUIRE(r.code == 0);
  std::string text = constel::test::read_file(cert);
  CHECK(text.find("constel-delsarte 1") != std::string::npos);
  auto ok = run_tool("codebound --check '" + cert + "' --json");
  CHECK(ok.code == 0);
  auto j = nlohmann::json::parse(ok.out);
  CHECK(j["verified"] == true);
  CHECK(j["bound"] == "240");
  // A stated bound below what the polynomial proves is refused.
  std::string lie = dir.write("lie.txt", "constel-delsarte 1\nn 8\ns 1/2\nbound 239\n"
                                         "f 3/320 3/40 15/64 39/80 399/640 9/16 33/128\n");
  auto bad = run_tool("codebound --check '" + lie + "'");
  CHECK(bad.code == 1);
  CHECK(bad.out.find("below the proved 240") != std::string::npos);
  // eps = 0 with s = 3/5: f is positive on (1/2, 3/5].
  std::string wrong_s = dir.write("s.txt", "constel-delsarte 1\nn 8\ns 3/5\neps 0\n"
                                           "f 3/320 3/40 15/64 39/80 399/640 9/16 33/128\n");
  auto bad2 = run_tool("codebound --check '" + wrong_s + "'");
  CHECK(bad2.code == 1);
  CHECK(bad2.out.find("f exceeds eps") != std::string::npos);
  auto mismatch = run_tool("codebound --check '" + cert + "' --n 9");
  CHECK(mismatch.code == 2);
  CHECK(mismatch.err.find("the certificate is for n = 8") != std::string::npos);
  std::string broken = dir.write("b.txt", "constel-delsarte 1\nn eight\n");
  auto parse = run_tool("codebound --check '" + broken + "'");
  CHECK(parse.code == 2);
  CHECK(parse.err.find("b.txt:2: n:") != std::string::npos);
}

TEST_CASE("244: codebound rejects bad input with exit 2", "[quick][bounds][cli]") {
  auto r = run_tool("codebound --n 8 --s 1");
  CHECK(r.code == 2);
  CHECK(r.err.find("--s: the max inner product must lie in [-1, 1)") != std::string::npos);
  r = run_tool("codebound --n 1 --s 0.5");
  CHECK(r.code == 2);
  CHECK(r.err.find("--n: the dimension must be >= 2") != std::string::npos);
  r = run_tool("codebound --n 8 --s -2");
  CHECK(r.code == 2);
  r = run_tool("codebound --n 8 --s 0.5 --degree 0");
  CHECK(r.code == 2);
  CHECK(r.err.find("--degree: the Delsarte LP degree must lie in 1..200, got 0") != std::string::npos);
  r = run_tool("codebound --n 8");
  CHECK(r.code == 2);
}
