// Hostile input at the library level (docs/reliability.md): zero matrices in the certified kernel,
// the text header rule, ZIP and safetensors tricks, exponent and degree limits, code files. Each case
// reproduces a failure that once crashed, hung or misread, and checks the located answer.
#include <catch2/catch.hpp>

#include <cstring>
#include <filesystem>
#include <fstream>
#include <thread>

#include <sys/stat.h>

#include "constel/bounds/delsarte.hpp"
#include "constel/bounds/mrb_bounds.hpp"
#include "constel/codes/source.hpp"
#include "constel/error.hpp"
#include "constel/io/csv_matrix.hpp"
#include "constel/io/cst.hpp"
#include "constel/io/npy.hpp"
#include "constel/io/npz.hpp"
#include "constel/io/safetensors.hpp"
#include "constel/verify/certified.hpp"
#include "support.hpp"

using namespace constel;
using Catch::Matchers::Contains;

namespace {

FloatMatrix filled(std::size_t n, std::size_t d, FloatDType t, double v) {
  FloatMatrix m(n, d, t, "m");
  for (std::size_t i = 0; i < n; ++i)
    for (std::size_t j = 0; j < d; ++j) m.set(i, j, v);
  return m;
}

}  // namespace

TEST_CASE("900: all-zero and zero-row matrices run through the certified kernel (no crash)", "[quick][reliability]") {
  for (FloatDType t : {FloatDType::F32, FloatDType::F64})
    for (std::size_t n : {1, 2, 7}) {
      INFO("dtype " << dtype_name(t) << ", N = " << n);
      FloatMatrix Z = filled(n, 5, t, 0.0), V = filled(n, 5, t, 0.25);
      CertifiedOptions opt;
      opt.m = Rational(1, 10), opt.b = Rational(0);
      CertifiedReport r = certified_verify(Z, V, opt);
      CHECK(r.min_diag.value == 0);
      if (n > 1) CHECK(r.max_offdiag.value == 0);
      CHECK(r.norm_max_deviation == 1.0);  // the norm check reports the zero rows
      CHECK_FALSE(*r.is_constellation);
      CertifiedReport both = certified_verify(Z, Z, {});
      CHECK(both.min_diag.value == 0);
      CHECK(both.u2v_total == n);
    }
  // one zero row among unit rows, with labels
  FloatMatrix U = filled(3, 2, FloatDType::F32, 0.0), V = filled(2, 2, FloatDType::F32, 0.0);
  U.set(0, 0, 1), U.set(2, 1, 1), V.set(0, 0, 1), V.set(1, 1, 1);
  CertifiedOptions opt;
  opt.labels = std::vector<std::int64_t>{0, 0, 1};
  CertifiedReport r = certified_verify(U, V, opt);
  CHECK(r.min_diag.value == 0);
  CHECK(r.argmin_diag == 1);
  CHECK(r.norm_max_where == "U row 1");
}

TEST_CASE("901: the CSV header rule: BOM skipped, a bad first line is an error with its location", "[quick][reliability]") {
  const std::string data = "0.5,0.5,0.5,0.5\n0.5,-0.5,0.5,-0.5\n";
  CHECK(decode_csv_matrix("\xEF\xBB\xBF" + data, "b.csv").rows() == 2);  // BOM: not a header
  CHECK(decode_csv_matrix("\xEF\xBB\xBFu0,u1,u2,u3\n" + data, "h.csv").rows() == 2);
  CHECK(decode_csv_matrix("# c\nu0,u1,u2,u3\n" + data, "h.csv").rows() == 2);
  REQUIRE_THROWS_WITH(decode_csv_matrix("0.5,0.5x,0.5,0.5\n" + data, "t.csv"),
                      Contains("t.csv:1: column 1: '0.5x' is not a number"));
  REQUIRE_THROWS_WITH(decode_csv_matrix("x,1e999\n1,2\n", "x.csv"), Contains("x.csv:1: column 0: 'x' is not a number"));
  REQUIRE_THROWS_WITH(decode_csv_matrix("1e999,0,0,0\n" + data, "o.csv"),
                      Contains("o.csv:1: column 0: '1e999' is outside the float64 range"));
  REQUIRE_THROWS_WITH(decode_csv_matrix("1e-400,0,0,0\n" + data, "u.csv"),
                      Contains("u.csv:1: column 0: '1e-400' is outside the float64 range"));
  REQUIRE_THROWS_WITH(decode_csv_matrix(std::string("0.5,0.5,0\0,0.5\n", 15) + data, "z.csv"),
                      Contains("z.csv:1: column 2: '0\\x00' is not a number"));
  // a header with a number in it is data under auto; yes drops it, no keeps even a text line
  REQUIRE_THROWS_WITH(decode_csv_matrix("u0,1,u2,u3\n" + data, "n.csv"), Contains("n.csv:1: column 0: 'u0'"));
  CHECK(decode_csv_matrix("u0,1,u2,u3\n" + data, "n.csv", CsvHeader::Yes).rows() == 2);
  CHECK(decode_csv_matrix(data + data, "y.csv", CsvHeader::Yes).rows() == 3);
  REQUIRE_THROWS_WITH(decode_csv_matrix("a,b,c,d\n" + data, "n.csv", CsvHeader::No), Contains("n.csv:1: column 0"));
  // a lone text line is not a header (no data line follows)
  REQUIRE_THROWS_WITH(decode_csv_matrix("a,b\n", "one.csv"), Contains("one.csv:1: column 0: 'a' is not a number"));
  // labels: same rule
  CHECK(decode_text_integers("\xEF\xBB\xBF" "0\n1\n", "l.txt") == std::vector<std::int64_t>{0, 1});
  CHECK(decode_text_integers("label\n0\n1\n", "l.txt") == std::vector<std::int64_t>{0, 1});
  REQUIRE_THROWS_WITH(decode_text_integers("O\n1\n", "l.txt", CsvHeader::No), Contains("l.txt:1: expected one integer"));
  REQUIRE_THROWS_WITH(decode_text_integers("1x\n1\n", "l.txt"), Contains("l.txt:1: expected one integer label, got '1x'"));
  CHECK(parse_csv_header("auto") == CsvHeader::Auto);
  REQUIRE_THROWS_WITH(parse_csv_header("maybe"), Contains("expected yes, no or auto"));
}

TEST_CASE("902: npz: duplicate members, disagreeing directories and lying sizes are refused", "[quick][reliability]") {
  const std::string a = encode_npy_raw("<f8", {1, 2}, false, std::string(16, '\0'));
  std::string dup = encode_zip({{"U.npy", a}, {"U.npy", a}}, false, false);
  REQUIRE_THROWS_WITH(list_zip_members(dup, "d.npz"), Contains("d.npz: bad .npz/ZIP archive: member 'U.npy' appears twice"));
  std::string mismatch = encode_zip({{"U.npy", a}}, false, false);
  mismatch[30] = 'X';  // the local header's name: "X.npy"
  REQUIRE_THROWS_WITH(decode_npz_matrix(mismatch, "U", "m.npz"), Contains("the local header names it 'X.npy'"));
  // a member that inflates past its stated size stops at once, without allocating the rest
  std::string zeros(std::size_t(4) << 20, '\0'), z = encode_zip({{"U.npy", zeros}}, true, false);
  auto members = list_zip_members(z, "l.npz");
  REQUIRE(members.size() == 1);
  ZipMember lie = members[0];
  lie.uncompressed = 1000;
  REQUIRE_THROWS_WITH(extract_zip_member(z, lie, "l.npz"), Contains("inflates to more than the stated 1000 bytes"));
}

TEST_CASE("903: safetensors: overlapping data_offsets and deep nesting refused, many keys parse in n log n", "[standard][reliability]") {
  std::string d(32, '\0');
  std::string overlap = encode_safetensors({{"a", "F32", {2, 2}, d.substr(0, 16)}, {"b", "F32", {2, 2}, d.substr(0, 16)}});
  // rewrite b's offsets to [8, 24): overlaps a = [0, 16)
  auto p = overlap.find("[16,32]");
  REQUIRE(p != std::string::npos);
  overlap.replace(p, 7, "[8,24] ");
  REQUIRE_THROWS_WITH(decode_safetensors_matrix(overlap, "a", "o.safetensors"),
                      Contains("tensors 'a' and 'b' have overlapping data_offsets"));
  std::string deep = std::string(40, '[') + std::string(40, ']');
  std::string header = "{\"x\":" + deep + "}";
  std::string file(8, '\0');
  for (int k = 0; k < 8; ++k) file[k] = char((header.size() >> (8 * k)) & 0xff);
  REQUIRE_THROWS_WITH(decode_safetensors_matrix(file + header, "x", "n.safetensors"), Contains("nested deeper than 16"));
  // 200000 metadata keys (about 4 MB of header): quadratic parsing took minutes here
  std::string keys = "{\"__metadata__\":{";
  for (int k = 0; k < 200000; ++k) keys += (k ? ",\"" : "\"") + std::to_string(k) + "\":\"v\"";
  keys += "},\"t\":{\"dtype\":\"F32\",\"shape\":[1,1],\"data_offsets\":[0,4]}}";
  std::string big(8, '\0');
  for (int k = 0; k < 8; ++k) big[k] = char((keys.size() >> (8 * k)) & 0xff);
  FloatMatrix m = decode_safetensors_matrix(big + keys + std::string(4, '\0'), "t", "k.safetensors");
  CHECK(m.rows() == 1);
}

TEST_CASE("904: exponent limits: a 7-byte token cannot become a 41 KB integer in a file", "[quick][reliability]") {
  const std::string head = "constel 1\nN 1\nd 1\nk 2\nscales 1\nmodality U\n";
  std::istringstream big(head + "1e99999\nmodality V\n1\n");
  REQUIRE_THROWS_WITH(read_cst(big, "e.cst"), Contains("e.cst:7: number '1e99999': exponent out of range (at most 400"));
  std::istringstream tiny(head + "1e-401\nmodality V\n1\n");
  REQUIRE_THROWS_WITH(read_cst(tiny, "t.cst"), Contains("t.cst:7:"));
  std::istringstream ok(head + "1e-300\nmodality V\n1\n");
  CHECK(read_cst(ok, "ok.cst").N() == 1);
  // the command line keeps its wider limit
  CHECK(parse_rational("1e-1000") == Rational(Integer(1), boost::multiprecision::pow(Integer(10), 1000)));
  REQUIRE_THROWS_AS(parse_rational("1e-400", kMaxFileExponent - 1), LimitError);
  // bytes that are not printable ASCII are never echoed raw
  REQUIRE_THROWS_WITH(parse_rational(std::string("\xEF\xBB\xBF" "1\0", 5)), Contains("'\\xef\\xbb\\xbf1\\x00' is not a number"));
}

TEST_CASE("905: Delsarte certificates: degree capped, the cheap refusal before the proof", "[quick][reliability]") {
  std::string f = "constel-delsarte 1\nn 8\ns 1/2\neps 5\nf";
  for (int k = 0; k <= 1000; ++k) f += " 1";
  REQUIRE_THROWS_WITH(bounds::parse_delsarte_certificate(f + "\n", "c.txt"), Contains("c.txt:5: degree 1000 is above the limit 200"));
  // degree 200 with eps >= f_0: refused at once (the Sturm proof at this degree takes seconds)
  std::vector<Rational> c(201, Rational(1));
  std::string why;
  CHECK_FALSE(bounds::certify_delsarte(8, Rational(1, 2), c, Rational(5), why));
  CHECK(why == "eps >= f_0: the polynomial proves nothing");
  REQUIRE_THROWS_AS(bounds::certify_delsarte(8, Rational(1, 2), std::vector<Rational>(202, Rational(1)), Rational(5), why),
                    LimitError);
}

TEST_CASE("906: a margin of 1e-300: bounds through a rounded alpha, a finite exponent", "[standard][reliability]") {
  Rational m = Rational(Integer(1), boost::multiprecision::pow(Integer(10), 300));
  auto r = bounds::mrb_bounds(10, m, Rational(1, 2), {});
  REQUIRE(r.exponent_upper);
  CHECK(std::isfinite(*r.exponent_upper));
  CHECK((r.upper.infinite || std::isfinite(r.upper.log10)));  // never "10^inf"
  bool noted = false;
  for (const auto& n : r.notes) noted |= n.find("rounded to a multiple of 2^-128") != std::string::npos;
  CHECK(noted);
}

TEST_CASE("909: a margin of 1e-17 on the line m + b = 1 gives a finite exponent", "[standard][reliability]") {
  Rational m17 = Rational(Integer(1), boost::multiprecision::pow(Integer(10), 17));
  auto line = bounds::mrb_bounds(10, m17, 1 - m17, {});
  REQUIRE(line.exponent_upper);
  CHECK(std::isfinite(*line.exponent_upper));
  CHECK(*line.exponent_upper > 18);  // -ln(2e-17)/2 = 19.2
}

TEST_CASE("907: coords: code files refuse duplicate points and accept tiny finite values", "[quick][reliability]") {
  test::TempDir dir;
  REQUIRE_THROWS_WITH(codes::build_code("coords:" + dir.write("d.txt", "1 0\n0 1\n2 0\n")),
                      Contains("points 0 and 2 are the same direction"));
  codes::PointSet p = codes::build_code("coords:" + dir.write("t.txt", "1e-200 0\n0 1e-200\n"));
  CHECK(p.N == 2);
  CHECK(p.alpha == 0);
  REQUIRE_THROWS_WITH(codes::build_code("coords:" + dir.write("z.txt", "0 0\n1 0\n")), Contains("point 0 is zero"));
}

TEST_CASE("908: files are read whole with read/pread: a FIFO and an empty device work, a folder is refused", "[quick][reliability]") {
  test::TempDir dir;
  const std::string fifo = dir.file("u.csv");
  REQUIRE(::mkfifo(fifo.c_str(), 0600) == 0);
  std::thread writer([&] { std::ofstream(fifo) << "1,0\n0,1\n"; });
  FloatMatrix m = read_csv_matrix(fifo);
  writer.join();
  CHECK(m.rows() == 2);
  REQUIRE_THROWS_WITH(read_csv_matrix("/dev/null"), Contains("/dev/null: empty CSV file"));
  REQUIRE_THROWS_WITH(read_csv_matrix(dir.file("")), Contains("is a folder, not a file"));
}
