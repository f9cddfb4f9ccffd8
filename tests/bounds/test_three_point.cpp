// The three-point SDP bound (docs/math.md section 5.f): a small-degree SDP solved by SDPA and certified
// exactly, the certificate's re-check and its rejection when tampered with, bad input, the CLI, and
// (extreme) the kissing cases n = 3 and n = 4 below the Delsarte values 13 and 25.
#include <catch2/catch.hpp>
#include <fstream>
#include <nlohmann/json.hpp>

#include "constel/bounds/code_bounds.hpp"
#include "constel/bounds/delsarte.hpp"
#include "constel/bounds/three_point.hpp"
#include "support.hpp"

using namespace constel;
using namespace constel::bounds;

namespace {

const ThreePointResult& kissing3_degree3() {
  static const ThreePointResult r = [] {
    ThreePointOptions o;
    o.degree = 3;
    return three_point_bound(3, Rational(1, 2), o);
  }();
  return r;
}

bool contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

}  // namespace

TEST_CASE("1280: three-point SDP at degree 3 for n = 3, s = 1/2 is solved and certified", "[standard][bounds][sdp]") {
  const auto& r = kissing3_degree3();
  INFO("SDPA phase " << r.solver_status << ", note: " << r.note);
  REQUIRE(r.certified);
  double certified = to_double(r.certificate.bound);
  // A proved feasible point: its value is not below the solver's optimum (up to the solver's accuracy),
  // and close to it.
  CHECK(certified >= r.float_value * (1 - 1e-6));
  CHECK(certified <= r.float_value * (1 + 1e-4));
  CHECK(certified > 12);  // the kissing number is 12, so no valid bound is below it
  CHECK(certified < 30);
  std::string why;
  auto again = check_three_point(r.certificate, why);
  REQUIRE(again);
  CHECK(*again == r.certificate.bound);
}

TEST_CASE("1281: a three-point certificate round-trips through its file format", "[standard][bounds][sdp]") {
  const auto& r = kissing3_degree3();
  REQUIRE(r.certified);
  std::string text = format_three_point_certificate(r.certificate);
  CHECK(is_three_point_certificate(text));
  ThreePointCertificate c = parse_three_point_certificate(text, "k3.txt");
  CHECK(c.n == 3);
  CHECK(c.s == Rational(1, 2));
  CHECK(c.degree == 3);
  std::string why;
  auto b = check_three_point(c, why);
  REQUIRE(b);
  CHECK(*b == r.certificate.bound);
}

TEST_CASE("1282: a corrupted three-point certificate is rejected with the reason", "[standard][bounds][sdp]") {
  const auto& r = kissing3_degree3();
  REQUIRE(r.certified);
  std::string why;
  {
    auto c = r.certificate;
    c.G[0][1] += Rational(1, 1000);  // breaks symmetry of G_0
    CHECK_FALSE(check_three_point(c, why));
    CHECK(contains(why, "G_0"));
  }
  {
    auto c = r.certificate;
    std::size_t m = 1;
    while (m * m < c.G[0].size()) ++m;
    c.G[0][m + 1] += Rational(1, 1000);  // the diagonal (1,1): the identity fails
    CHECK_FALSE(check_three_point(c, why));
    CHECK(contains(why, "does not hold exactly"));
  }
  {
    auto c = r.certificate;
    c.F[0][0] += Rational(1, 10);  // stays PSD, but the identity must fail
    CHECK_FALSE(check_three_point(c, why));
    CHECK(contains(why, "does not hold exactly"));
  }
  {
    auto c = r.certificate;
    c.a[0] = -c.a[0] - 1;
    CHECK_FALSE(check_three_point(c, why));
    CHECK(contains(why, "a_1 is negative"));
  }
  {
    auto c = r.certificate;
    c.c2 = 2;  // g2 <= -2 is false
    CHECK_FALSE(check_three_point(c, why));
    CHECK(contains(why, "not <= -c2"));
  }
  {
    auto c = r.certificate;
    c.bound = 12;  // a claim below the proved value
    CHECK_FALSE(check_three_point(c, why));
    CHECK(contains(why, "below the proved"));
  }
}

TEST_CASE("1283: three-point input and certificate-file errors name the problem", "[quick][bounds][sdp]") {
  ThreePointOptions o;
  CHECK_THROWS_WITH(three_point_bound(2, Rational(1, 2), o), Catch::Contains("dimension n >= 3"));
  CHECK_THROWS_WITH(three_point_bound(3, Rational(1), o), Catch::Contains("[-1, 1)"));
  o.degree = 1;
  CHECK_THROWS_WITH(three_point_bound(3, Rational(1, 2), o), Catch::Contains("degree must lie in 2..14"));
  CHECK_THROWS_AS(parse_three_point_certificate("constel-sdp 2\n", "x.txt"), ParseError);
  CHECK_THROWS_WITH(parse_three_point_certificate("constel-sdp 1\nn 3\n", "x.txt"), Catch::Contains("x.txt:3"));
  CHECK_THROWS_WITH(parse_three_point_certificate("constel-sdp 1\na 1\n", "x.txt"),
                    Catch::Contains("'degree' must come before 'a'"));
  CHECK_THROWS_WITH(parse_three_point_certificate("constel-sdp 1\ndegree 99\n", "x.txt"), Catch::Contains("<= 14"));
  CHECK_FALSE(is_three_point_certificate("constel-delsarte 1\n"));
  ThreePointCertificate c;  // empty: the shape check answers before any arithmetic
  c.n = 3;
  c.degree = 3;
  std::string why;
  CHECK_FALSE(check_three_point(c, why));
  CHECK(contains(why, "a needs 3 coefficients"));
}

TEST_CASE("1284: codebound --sdp writes a certificate that --check re-verifies, and rejects a tampered one",
          "[standard][bounds][sdp][cli]") {
  constel::test::TempDir dir;
  std::string file = dir.file("k3.txt");
  auto r = constel::test::run_tool("codebound --n 3 --s 1/2 --sdp --sdp-degree 3 --sdp-certificate " + file + " --json");
  REQUIRE(r.code == 0);
  auto j = nlohmann::json::parse(r.out);
  REQUIRE(j.contains("sdp"));
  CHECK(j["sdp"]["certified"] == true);
  CHECK(j["sdp"]["degree"] == 3);
  CHECK(j["sdp"]["solver"] == "SDPA");
  CHECK(j["sdp"].contains("value_decimal"));
  auto c = constel::test::run_tool("codebound --check " + file + " --json");
  CHECK(c.code == 0);
  auto jc = nlohmann::json::parse(c.out);
  CHECK(jc["verified"] == true);
  CHECK(jc["bound"] == j["sdp"]["value"]);
  // Tamper: change the stated bound to 12.
  std::ifstream in(file);
  std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  auto at = text.find("\nbound ");
  REQUIRE(at != std::string::npos);
  auto end = text.find('\n', at + 1);
  text = text.substr(0, at) + "\nbound 12" + text.substr(end);
  std::string bad = dir.file("bad.txt");
  std::ofstream(bad) << text;
  auto b = constel::test::run_tool("codebound --check " + bad);
  CHECK(b.code == 1);
  CHECK(contains(b.out, "below the proved"));
  auto e = constel::test::run_tool("codebound --n 2 --s 1/2 --sdp");
  CHECK(e.code == 2);
  CHECK(contains(e.err, "n >= 3"));
}

TEST_CASE("1285: three-point bounds prove the kissing numbers 12 (n = 3) and 24 (n = 4) below Delsarte",
          "[extreme][bounds][sdp]") {
  ThreePointOptions o;
  o.degree = 6;
  auto r3 = three_point_bound(3, Rational(1, 2), o);
  REQUIRE(r3.certified);
  CHECK(to_double(r3.certificate.bound) < 13);
  o.degree = 7;  // 24.579867 (SDPA ends in pdFEAS there; the exact check decides)
  auto r4 = three_point_bound(4, Rational(1, 2), o);
  REQUIRE(r4.certified);
  auto d4 = certified_delsarte_bound(4, Rational(1, 2));
  REQUIRE(d4.certified);
  CHECK(r4.certificate.bound < d4.certificate.bound);
  CHECK(to_double(r4.certificate.bound) < 25);
}

TEST_CASE("1460: the solver writes format 2 (symmetrized identity, G_2 and G_3 empty) and the parser holds it to that",
          "[standard][bounds][sdp]") {
  ThreePointOptions o;  // the monomial basis (format 2); the default Chebyshev basis writes format 3
  o.degree = 3;
  o.chebyshev = false;
  const auto r = three_point_bound(3, Rational(1, 2), o);
  REQUIRE(r.certified);
  CHECK(r.certificate.version == 2);
  CHECK(r.certificate.G[2].empty());
  CHECK(r.certificate.G[3].empty());
  std::string text = format_three_point_certificate(r.certificate);
  CHECK(contains(text, "constel-sdp 2\n"));
  CHECK_FALSE(contains(text, "\nG 2"));
  std::string why;
  auto extra = parse_three_point_certificate(text + "G 2 1\n", "x.txt");
  CHECK_FALSE(check_three_point(extra, why));
  CHECK(contains(why, "G_2 must be empty in version 2"));
  std::string v1 = text;
  v1.replace(v1.find("constel-sdp 2"), 13, "constel-sdp 1");
  CHECK_THROWS_WITH(parse_three_point_certificate(v1, "x.txt"), Catch::Contains("G_2 is missing"));
  CHECK_THROWS_WITH(parse_three_point_certificate("constel-sdp 4\n", "x.txt"), Catch::Contains("constel-sdp 3"));
  auto c = r.certificate;
  c.version = 1;  // read as the full identity, the symmetrized certificate does not pass
  CHECK_FALSE(check_three_point(c, why));
}

TEST_CASE("1461: symmetry-reduced three-point SDP at degree 8 certifies n = 4 below 24.3 and n = 5 below 45.6",
          "[extreme][bounds][sdp]") {
  ThreePointOptions o;
  o.degree = 8;
  auto r4 = three_point_bound(4, Rational(1, 2), o);
  INFO("n = 4: " << r4.solver_status << " " << r4.note);
  REQUIRE(r4.certified);
  CHECK(r4.certificate.bound < Rational(243, 10));
  auto r5 = three_point_bound(5, Rational(1, 2), o);
  INFO("n = 5: " << r5.solver_status << " " << r5.note);
  REQUIRE(r5.certified);
  CHECK(r5.certificate.bound < Rational(456, 10));
}

namespace {
std::string to_crlf(const std::string& text) {
  std::string r;
  for (char ch : text) {
    if (ch == '\n') r += '\r';
    r += ch;
  }
  return r;
}
}  // namespace

TEST_CASE("1462: a three-point certificate with CRLF line ends is read like the LF one", "[standard][bounds][sdp]") {
  const auto& r = kissing3_degree3();
  REQUIRE(r.certified);
  std::string text = format_three_point_certificate(r.certificate);
  ThreePointCertificate c = parse_three_point_certificate(to_crlf(text), "crlf.txt");
  CHECK(format_three_point_certificate(c) == text);
  std::string why;
  auto b = check_three_point(c, why);
  REQUIRE(b);
  CHECK(*b == r.certificate.bound);
  CHECK_THROWS_WITH(parse_three_point_certificate("constel-sdp 2\r\nn 3\r\nzz 1\r\n", "x.txt"),
                    Catch::Contains("x.txt:3: unknown key 'zz'"));
}

TEST_CASE("1463: a Delsarte certificate with CRLF line ends is read like the LF one", "[quick][bounds][delsarte]") {
  const std::string text = "constel-delsarte 1\nn 8\ns 1/2\neps 0\nf 3/320 3/40 15/64 39/80 399/640 9/16 33/128\n";
  ParsedCertificate lf = parse_delsarte_certificate(text, "lf.txt");
  ParsedCertificate crlf = parse_delsarte_certificate(to_crlf(text), "crlf.txt");
  CHECK(crlf.n == 8);
  CHECK(crlf.s == lf.s);
  CHECK(crlf.coefficients == lf.coefficients);
  CHECK(check_delsarte_certificate(crlf).verified);
  CHECK_THROWS_WITH(parse_delsarte_certificate("constel-delsarte 1\r\nn 8\r\nzz 1\r\n", "x.txt"),
                    Catch::Contains("x.txt:3: unknown key 'zz'"));
}
