// `constel gap` end to end: files written by `constel generate` (Construction 3, lifts, as .cst and as
// float64 .npz), random CSV embeddings whose certificate is re-checked here independently, the
// certificate round trip, exit codes and bad input.
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <cstdio>
#include <random>
#include <sstream>

#include "constel/number/rational.hpp"
#include "support.hpp"

using constel::test::run_tool;
using constel::test::TempDir;
using Json = nlohmann::json;

namespace {

std::string q(const std::string& s) { return "'" + s + "'"; }

// Parses the 'g' and 'offset' lines of a certificate by hand (independent of the library reader).
std::pair<std::vector<constel::Rational>, constel::Rational> parse_certificate_by_hand(const std::string& text) {
  std::istringstream in(text);
  std::string line;
  std::vector<constel::Rational> g;
  constel::Rational c = 0;
  while (std::getline(in, line)) {
    std::istringstream l(line);
    std::string head, tok;
    l >> head;
    if (head == "g")
      while (l >> tok) g.push_back(constel::parse_rational(tok));
    if (head == "offset" && (l >> tok)) c = constel::parse_rational(tok);
  }
  return {g, c};
}

std::string csv_rows(const std::vector<std::vector<double>>& rows) {
  std::string s;
  char buf[40];
  for (const auto& r : rows) {
    for (std::size_t k = 0; k < r.size(); ++k) {
      std::snprintf(buf, sizeof buf, "%.17g", r[k]);
      s += (k ? "," : "") + std::string(buf);
    }
    s += "\n";
  }
  return s;
}

std::vector<std::vector<double>> random_rows(std::mt19937_64& rng, std::size_t n, std::size_t d, double shift) {
  std::normal_distribution<double> g;
  std::vector<std::vector<double>> rows(n, std::vector<double>(d));
  for (auto& r : rows) {
    double nn = 0;
    for (auto& v : r) v = g(rng), nn += v * v;
    for (auto& v : r) v /= std::sqrt(nn);
    r[0] += shift;
  }
  return rows;
}

}  // namespace

TEST_CASE("620: gap on Construction 3 finds the forced 2, writes a certificate that re-checks", "[standard][gap][cli]") {
  TempDir dir;
  auto f = dir.file("tight.cst"), cert = dir.file("h.txt");
  REQUIRE(run_tool("generate gap-tight --N 9 -o " + q(f)).code == 0);
  auto r = run_tool("gap " + q(f) + " --json --certificate " + q(cert));
  REQUIRE(r.code == 0);
  auto j = Json::parse(r.out);
  for (const char* key : {"N", "d", "hypotheses_hold", "all_u_positive", "wrong_side_v", "guarantee_max_wrong",
                          "separable_all", "affine", "certified", "direction", "wrong_side_v_is"})
    CHECK(j.contains(key));
  CHECK(j["N"] == 9);
  CHECK(j["d"] == 3);
  CHECK(j["hypotheses_hold"] == true);
  CHECK(j["guarantee_max_wrong"] == 3);
  CHECK(j["all_u_positive"] == true);
  CHECK(j["wrong_side_v"] == 2);
  CHECK(j["wrong_side_v_indices"] == Json::array({7, 8}));
  CHECK(j["within_guarantee"] == true);
  CHECK(j["separable_all"] == false);
  CHECK(j["affine"] == false);
  CHECK(j["certified"] == true);
  CHECK(j["wrong_side_v_is"] == "an upper bound on the optimum");
  std::string text = constel::test::read_file(cert);
  CHECK(text.find("constel-gap-certificate 1\nd 3\ng ") != std::string::npos);
  auto again = run_tool("gap " + q(f) + " --check-certificate " + q(cert) + " --json");
  REQUIRE(again.code == 0);
  auto k = Json::parse(again.out);
  CHECK(k["mode"] == "check-certificate");
  CHECK(k["wrong_side_v"] == 2);
  CHECK(k["direction"]["g"] == j["direction"]["g"]);
  auto human = run_tool("gap " + q(f));
  CHECK(human.code == 0);
  CHECK(human.out.find("hypotheses of Theorem 3.6: hold") != std::string::npos);
  CHECK(human.out.find("V on the wrong side (<h,V_j> >= 0): 2 of 9: 7, 8") != std::string::npos);
  CHECK(human.out.find("upper bound on the optimum, within the theorem's guarantee d = 3") != std::string::npos);
}

TEST_CASE("621: lifts with m > |b| are separable_all with a certified h, from .cst and from float64 .npz", "[standard][gap][cli]") {
  TempDir dir;
  auto f = dir.file("lift.cst"), z = dir.file("lift.npz"), cert = dir.file("h.txt");
  REQUIRE(run_tool("generate lift --code cross:4 --m 1/4 --b -1/8 -o " + q(f)).code == 0);
  REQUIRE(run_tool("generate lift --code cross:4 --m 1/4 --b -1/8 --format npz -o " + q(z)).code == 0);
  for (const std::string& input : {q(f), "--u " + q(z) + " --u-key U --v " + q(z) + " --v-key V"}) {
    for (const std::string& affine : {"", " --affine"}) {
      INFO(input << affine);
      auto r = run_tool("gap " + input + affine + " --json --certificate " + q(cert));
      REQUIRE(r.code == 0);
      auto j = Json::parse(r.out);
      CHECK(j["separable_all"] == true);
      CHECK(j["wrong_side_v"] == 0);
      CHECK(j["all_u_positive"] == true);
      CHECK(j["certified"] == true);
      CHECK(j["wrong_side_v_is"] == "optimal (zero)");
      CHECK(j["affine"] == !affine.empty());
      CHECK(j["hypotheses_hold"] == true);
      CHECK((constel::test::read_file(cert).find("offset") != std::string::npos) == !affine.empty());
      auto c = run_tool("gap " + input + " --check-certificate " + q(cert) + " --json");
      CHECK(c.code == 0);
      CHECK(Json::parse(c.out)["separable_all"] == true);
    }
  }
}

TEST_CASE("622: random CSV embeddings, N >> d: reported counts match an independent check of the certificate", "[standard][gap][cli]") {
  std::mt19937_64 rng(622);
  TempDir dir;
  for (double shift : {0.0, 0.4}) {
    auto U = random_rows(rng, 150, 5, shift), V = random_rows(rng, 150, 5, -shift);
    auto fu = dir.write("u.csv", csv_rows(U)), fv = dir.write("v.csv", csv_rows(V)), cert = dir.file("h.txt");
    for (const std::string& affine : {"", " --affine"}) {
      INFO("shift " << shift << affine);
      auto r = run_tool("gap --u " + q(fu) + " --v " + q(fv) + affine + " --json --certificate " + q(cert));
      REQUIRE((r.code == 0 || r.code == 1));
      auto j = Json::parse(r.out);
      CHECK(j["hypotheses_hold"] == false);
      CHECK(j["guarantee_max_wrong"].is_null());
      auto [g, c] = parse_certificate_by_hand(constel::test::read_file(cert));
      REQUIRE(g.size() == 5);
      std::size_t bad_u = 0, wrong_v = 0;
      for (int side = 0; side < 2; ++side)
        for (const auto& row : side == 0 ? U : V) {
          constel::Rational s = c;
          for (std::size_t k = 0; k < 5; ++k) s += g[k] * constel::from_double(row[k]);  // %.17g round-trips
          if (side == 0 && s <= 0) ++bad_u;
          if (side == 1 && s >= 0) ++wrong_v;
        }
      CHECK(j["u_nonpositive"] == bad_u);
      CHECK(j["wrong_side_v"] == wrong_v);
      CHECK(j["all_u_positive"] == (bad_u == 0));
      CHECK(j["separable_all"] == (bad_u == 0 && wrong_v == 0));
      CHECK(r.code == (bad_u == 0 && wrong_v == 0 ? 0 : 1));
    }
  }
}

TEST_CASE("623: gap bad input: shapes, NaN, N < d + 2 with --require-hypotheses, certificates", "[standard][gap][cli]") {
  TempDir dir;
  auto a = dir.write("a.csv", "1,2\n3,4\n"), b3 = dir.write("b.csv", "1,2,3\n3,4,5\n"), n = dir.write("n.csv", "1,2\nnan,3\n");
  auto r = run_tool("gap --u " + q(a) + " --v " + q(b3));
  CHECK(r.code == 2);
  CHECK(r.err.find("has 2 columns but V") != std::string::npos);
  CHECK(r.err.find("the dimensions must agree") != std::string::npos);
  r = run_tool("gap --u " + q(n) + " --v " + q(a));
  CHECK(r.code == 2);
  CHECK(r.err.find("row 1, column 0 is NaN") != std::string::npos);
  auto s = dir.file("s.cst");
  REQUIRE(run_tool("generate line --code simplex:3 -o " + q(s)).code == 0);  // N = 3 pairs in R^2
  r = run_tool("gap " + q(s) + " --require-hypotheses");
  CHECK(r.code == 2);
  CHECK(r.err.find("constel: gap: --require-hypotheses: the hypotheses of Theorem 3.6 do not hold: N = 3 < d + 2 = 4") != std::string::npos);
  r = run_tool("gap " + q(s) + " --json");  // without the flag: reported, not an error
  CHECK(r.code != 2);
  CHECK(Json::parse(r.out)["hypotheses"]["failure"] == "N = 3 < d + 2 = 4");
  auto bad = dir.write("bad.txt", "constel-gap-certificate 1\nd 2\ng 1 x\n");
  r = run_tool("gap " + q(s) + " --check-certificate " + q(bad));
  CHECK(r.code == 2);
  CHECK(r.err.find("bad.txt:3: 'x' is not a number") != std::string::npos);
  auto wrongd = dir.write("w.txt", "constel-gap-certificate 1\nd 3\ng 1 2 3\n");
  r = run_tool("gap " + q(s) + " --check-certificate " + q(wrongd));
  CHECK(r.code == 2);
  CHECK(r.err.find("the direction has 3 coordinates but the points live in R^2") != std::string::npos);
  r = run_tool("gap " + q(s) + " --check-certificate " + q(wrongd) + " --affine");
  CHECK(r.code == 2);
  CHECK(r.err.find("--affine does not go with --check-certificate") != std::string::npos);
  auto labels = dir.write("l.txt", "0\n1\n2\n");
  r = run_tool("gap " + q(s) + " --labels " + q(labels));
  CHECK(r.code == 2);
  CHECK(r.err.find("--labels: labels work with float embeddings only") != std::string::npos);
  r = run_tool("gap");
  CHECK(r.code == 2);
  CHECK(r.err.find("give a .cst file, or --u and --v") != std::string::npos);
  r = run_tool("gap " + q(s) + " --certificate " + q(dir.file("no/such/folder/h.txt")));
  CHECK(r.code == 2);
}

TEST_CASE("624: a poor certificate is re-checked honestly and exits 1", "[quick][gap][cli]") {
  TempDir dir;
  auto f = dir.file("tight.cst");
  REQUIRE(run_tool("generate gap-tight --N 7 -o " + q(f)).code == 0);
  auto down = dir.write("down.txt", "# h = -e_z: every U negative\nconstel-gap-certificate 1\nd 3\ng 0 0 -1\n");
  auto r = run_tool("gap " + q(f) + " --check-certificate " + q(down) + " --json");
  CHECK(r.code == 1);
  auto j = Json::parse(r.out);
  CHECK(j["all_u_positive"] == false);
  CHECK(j["u_nonpositive"] == 7);  // the 5 upper pairs are negative, the 2 equator pairs are 0
  CHECK(j["wrong_side_v"] == 7);   // every V has <h, V> >= 0: the upper ones > 0, the equator ones = 0
  CHECK(j["separable_all"] == false);
  auto affine = dir.write("aff.txt", "constel-gap-certificate 1\nd 3\ng 0 0 1\noffset 1/1000000\n");
  r = run_tool("gap " + q(f) + " --check-certificate " + q(affine) + " --json");
  CHECK(r.code == 0);  // all U positive, only the 2 equator V wrong: within d = 3
  j = Json::parse(r.out);
  CHECK(j["affine"] == true);
  CHECK(j["wrong_side_v"] == 2);
}

TEST_CASE("625: labels (many U per V): sign pattern reported, no guarantee claimed, separable found", "[quick][gap][cli]") {
  TempDir dir;
  auto u = dir.write("u.csv", "1,1\n0.5,1\n2,1\n-1,1\n-0.5,1\n-2,1\n");
  auto v = dir.write("v.csv", "1,-0.2\n-1,-0.2\n");
  auto l = dir.write("l.txt", "0\n0\n0\n1\n1\n1\n");
  auto r = run_tool("gap --u " + q(u) + " --v " + q(v) + " --labels " + q(l) + " --json");
  CHECK(r.code == 0);
  auto j = Json::parse(r.out);
  CHECK(j["labels"] == true);
  CHECK(j["N_u"] == 6);
  CHECK(j["N_v"] == 2);
  CHECK(j["hypotheses_hold"] == false);
  CHECK(j["guarantee_max_wrong"].is_null());
  CHECK(j["hypotheses"]["failure"] == "labels given: Theorem 3.6 is stated for one-to-one pairs");
  CHECK(j["separable_all"] == true);
  auto bad = dir.write("bad.txt", "0\n0\n0\n1\n1\n2\n");
  r = run_tool("gap --u " + q(u) + " --v " + q(v) + " --labels " + q(bad));
  CHECK(r.code == 2);
}

TEST_CASE("626: --no-lp still reports exactly checked counts", "[quick][gap][cli]") {
  TempDir dir;
  auto f = dir.file("tight.cst");
  REQUIRE(run_tool("generate gap-tight --N 9 -o " + q(f)).code == 0);
  auto r = run_tool("gap " + q(f) + " --no-lp --json");
  REQUIRE((r.code == 0 || r.code == 1));
  auto j = Json::parse(r.out);
  CHECK(j["search"]["lp_ran"] == false);
  // never fewer than the construction forces: all U positive implies at least 2 wrong-side V
  CHECK((j["all_u_positive"] == false || j["wrong_side_v"] >= 2));
  CHECK(j["search"]["note"] == "LP skipped (turned off: max_lp_entries = 0)");
  CHECK(j["certified"] == true);
  auto help = run_tool("gap --help");
  CHECK(help.code == 0);
  CHECK(help.out.find("--check-certificate") != std::string::npos);
}
