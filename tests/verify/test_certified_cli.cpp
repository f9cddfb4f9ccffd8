// `constel verify` in embedding mode: JSON keys and exact values, exit codes, the container and
// labels options, --normalize, and bad input (exit 2 with the message).
#include <catch2/catch.hpp>

#include <algorithm>
#include <nlohmann/json.hpp>

#include "constel/io/npy.hpp"
#include "support.hpp"

using constel::test::run_tool;
using Catch::Matchers::Contains;

namespace {
std::string fixture(const std::string& name) { return std::string(CONSTEL_TEST_DATA) + "/embeddings/" + name; }
}  // namespace

TEST_CASE("180: verify --u --v --json prints the exact answer under the issue's keys", "[quick][cli][verify]") {
  auto r = run_tool("verify --u '" + fixture("u_f4.npy") + "' --v '" + fixture("v_f4.npy") + "' --json --quiet");
  REQUIRE(r.code == 0);
  auto j = nlohmann::json::parse(r.out);
  for (const char* k : {"N_u", "N_v", "d", "certified", "min_diag", "argmin_diag", "max_offdiag", "argmax_offdiag",
                        "margin", "relative_bias", "norm_max_deviation", "recall_at_1_u2v", "recall_at_1_v2u",
                        "mean_pos", "mean_neg", "p5_pos", "p95_neg", "xi"})
    CHECK(j.contains(k));
  CHECK(j["certified"] == true);
  CHECK(j["min_diag"] == "55/64");
  CHECK(j["min_diag_decimal"] == 0.859375);
  CHECK(j["max_offdiag"] == "9/32");
  CHECK(j["argmax_offdiag"] == nlohmann::json::array({2, 0}));
  CHECK(j["margin"] == "37/128");
  CHECK(j["relative_bias"] == "73/128");
  CHECK(j["recall_at_1_u2v"] == "1");
  // the fixture's rows are not unit vectors: the one line on stderr is that warning
  CHECK(r.err.rfind("constel: warning: rows are far from unit norm: V row 0", 0) == 0);
  CHECK(std::count(r.err.begin(), r.err.end(), '\n') == 1);
  CHECK(j["warnings"].size() == 1);
}

TEST_CASE("181: --m/--b: exit 1 with exact violation counts when the target fails or the rows are not unit", "[standard][cli][verify]") {
  const std::string files = " --u '" + fixture("u_f4.npy") + "' --v '" + fixture("v_f4.npy") + "'";
  auto bad = run_tool("verify" + files + " --m 0 --b 0 --json");
  REQUIRE(bad.code == 1);
  auto j = nlohmann::json::parse(bad.out);
  CHECK(j["is_constellation"] == false);
  CHECK(j["violations_pos"] == 0);
  CHECK(j["violations_neg"] == 5);  // every negative but <U_0, V_1> = -1/8 is > 0
  // no pair violates (37/128, 73/128), but row 2 of U has |x|^2 = 57/64: not an (m, b)-constellation
  auto good = run_tool("verify" + files + " --m 37/128 --b 73/128 --json");
  REQUIRE(good.code == 1);
  auto g = nlohmann::json::parse(good.out);
  CHECK(g["is_constellation"] == false);
  CHECK(g["violations_pos"] == 0);
  CHECK(g["violations_neg"] == 0);
  CHECK(g["unit_within_tolerance"] == false);
  auto human = run_tool("verify" + files + " --m 0.3 --b 0.5");
  CHECK(human.code == 1);
  CHECK_THAT(human.out, Contains("min positive:       0.859375 (exactly 55/64) at row 2"));
  CHECK_THAT(human.out, Contains("is NOT an (m, b)-constellation"));
}

TEST_CASE("182: --npz and --safetensors with keys, and --labels for many-to-one pairs", "[standard][cli][verify]") {
  auto z = run_tool("verify --npz '" + fixture("pairs_deflated.npz") + "' --u-key image --v-key text --json");
  REQUIRE(z.code == 0);
  CHECK(nlohmann::json::parse(z.out)["margin"] == "37/128");
  auto s = run_tool("verify --safetensors '" + fixture("pairs.safetensors") + "' --u-key image --v-key wide --json");
  REQUIRE(s.code == 0);
  CHECK(nlohmann::json::parse(s.out)["dtype_v"] == "float64");
  CHECK(nlohmann::json::parse(s.out)["max_offdiag"] == "9/32");
  // labels (0, 0, 1): positives <U_0,V_0> = 7/8, <U_1,V_0> = 1/8, <U_2,V_1> = 3/8 - 1/8 - 1/8 - 1/16 = 1/16
  auto l = run_tool("verify --u '" + fixture("u_f4.npy") + "' --v '" + fixture("v_f4.npy") + "' --labels '" +
                    fixture("labels_many.npy") + "' --json");
  REQUIRE(l.code == 0);
  auto j = nlohmann::json::parse(l.out);
  CHECK(j["labels"] == true);
  CHECK(j["min_diag"] == "1/16");
  CHECK(j["argmin_diag"] == 2);
  CHECK(j["argmin_diag_v"] == 1);
  CHECK(j["recall_at_1_v2u_total"] == 2);  // V_2 has no positive
}

TEST_CASE("183: --normalize reports certified intervals", "[quick][cli][verify]") {
  auto r = run_tool("verify --u '" + fixture("u_f4.npy") + "' --v '" + fixture("v_f4.npy") + "' --normalize --json");
  REQUIRE(r.code == 0);
  auto j = nlohmann::json::parse(r.out);
  CHECK(j["exact"] == false);
  CHECK(j["certified"] == true);
  double lo = j["min_diag_interval"][0], hi = j["min_diag_interval"][1];
  CHECK(lo <= hi);
  // min cosine is row 2: (55/64) / sqrt(|U_2|^2 |V_2|^2) with |U_2|^2 = |V_2|^2 = 57/64, so 55/57
  CHECK(lo <= 55.0 / 57.0);
  CHECK(hi >= 55.0 / 57.0);
  CHECK(hi - lo < 1e-15);
}

TEST_CASE("184: bad input exits 2 and says what and where", "[standard][cli][verify]") {
  constel::test::TempDir dir;
  const std::string u = fixture("u_f4.npy");
  auto mismatch = run_tool("verify --u '" + u + "' --v '" + fixture("ints_i4.npy") + "'");
  CHECK(mismatch.code == 2);
  CHECK_THAT(mismatch.err, Contains("wrong dtype '<i4'"));
  std::string v5 = dir.write("v5.npy", constel::encode_npy_raw("<f4", {3, 5}, false, std::string(60, '\0')));
  auto d = run_tool("verify --u '" + u + "' --v '" + v5 + "'");
  CHECK(d.code == 2);
  CHECK_THAT(d.err, Contains("constel: U has d = 4 columns but V has d = 5"));
  std::string nan = std::string(48, '\0');
  nan[4 * 6 + 2] = '\xc0', nan[4 * 6 + 3] = '\x7f';
  auto n = run_tool("verify --u '" + u + "' --v '" + dir.write("nan.npy", constel::encode_npy_raw("<f4", {3, 4}, false, nan)) + "'");
  CHECK(n.code == 2);
  CHECK_THAT(n.err, Contains("nan.npy: row 1, column 2 is NaN"));
  auto key = run_tool("verify --npz '" + fixture("pairs.npz") + "' --u-key image");
  CHECK(key.code == 2);
  CHECK_THAT(key.err, Contains("--npz needs --u-key and --v-key"));
  auto missing = run_tool("verify --npz '" + fixture("pairs.npz") + "' --u-key image --v-key audio");
  CHECK(missing.code == 2);
  CHECK_THAT(missing.err, Contains("no array 'audio' (the archive holds: names, image, text, labels)"));
  auto labels = run_tool("verify --u '" + u + "' --v '" + fixture("v_f4.npy") + "' --labels '" +
                         dir.write("l.txt", "0\n1\n3\n") + "'");
  CHECK(labels.code == 2);
  CHECK_THAT(labels.err, Contains("labels: entry 2 is 3, out of range 0..2"));
  auto both = run_tool("verify x.cst --u '" + u + "' --v '" + u + "'");
  CHECK(both.code == 2);
  CHECK_THAT(both.err, Contains("not both"));
  auto trunc = run_tool("verify --u '" + dir.write("t.npy", constel::read_npy_matrix(u).rows() ? std::string("\x93NUMPY\x01\x00", 8) : "") + "' --v '" + u + "'");
  CHECK(trunc.code == 2);
  CHECK_THAT(trunc.err, Contains("not a .npy file"));
  auto help = run_tool("verify --help");
  CHECK(help.code == 0);
  CHECK_THAT(help.out, Contains("--safetensors"));
  CHECK_THAT(help.out, Contains("--normalize"));
}
