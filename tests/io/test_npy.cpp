// .npy reader: fixtures written by numpy's rules (tests/data/embeddings/make_fixtures.py), round trips
// through our writer, every dtype and order, and every kind of bad file.
#include <catch2/catch.hpp>
#include <cstring>

#include "constel/error.hpp"
#include "constel/io/embedding_file.hpp"
#include "constel/io/npy.hpp"
#include "support.hpp"

using namespace constel;
using Catch::Matchers::Contains;

namespace {
std::string fixture(const std::string& name) { return std::string(CONSTEL_TEST_DATA) + "/embeddings/" + name; }
const double kU[3][4] = {{0.5, 0.5, 0.5, 0.5}, {0.5, -0.5, 0.5, -0.5}, {0.75, 0.25, -0.5, 0.125}};
const double kV[3][4] = {{0.5, 0.5, 0.5, 0.25}, {0.5, -0.5, 0.25, -0.5}, {0.75, 0.25, -0.5, -0.125}};
template <class M>
void require_equal(const FloatMatrix& m, const M& ref) {
  REQUIRE(m.rows() == 3);
  REQUIRE(m.cols() == 4);
  for (std::size_t i = 0; i < 3; ++i)
    for (std::size_t j = 0; j < 4; ++j) REQUIRE(m.value(i, j) == ref[i][j]);
}
std::string f4_bytes(const std::vector<float>& v) {
  return std::string(reinterpret_cast<const char*>(v.data()), v.size() * 4);
}
}  // namespace

TEST_CASE("100: npy fixtures of every version, dtype and order read exactly", "[quick][io]") {
  FloatMatrix u = read_npy_matrix(fixture("u_f4.npy"));
  CHECK(u.stored_type() == FloatDType::F32);
  require_equal(u, kU);
  FloatMatrix v = read_npy_matrix(fixture("v_f8_fortran_v2.npy"));
  CHECK(v.stored_type() == FloatDType::F64);
  require_equal(v, kV);
  FloatMatrix h = read_npy_matrix(fixture("u_f2_v3.npy"));
  CHECK(h.stored_type() == FloatDType::F16);
  CHECK(h.is_single());
  require_equal(h, kU);
  require_equal(read_npy_matrix(fixture("u_f4_big.npy")), kU);
  CHECK(read_npy_integers(fixture("labels_i8.npy")) == std::vector<std::int64_t>{0, 1, 2});
  CHECK(read_npy_integers(fixture("labels_many.npy")) == std::vector<std::int64_t>{0, 0, 1});
}

TEST_CASE("101: npy writer follows numpy's header rules and round-trips", "[quick][io]") {
  FloatMatrix m(2, 3, FloatDType::F32, "m");
  float vals[6] = {1.0f, -2.5f, 0x1p-30f, 3.0f, 0.1f, -0.0f};
  std::memcpy(m.f32(), vals, sizeof vals);
  for (int major : {1, 2, 3})
    for (bool fortran : {false, true}) {
      std::string b = encode_npy(m, fortran, major);
      NpyHeader h = parse_npy_header(b, "x.npy");
      CHECK(h.data_offset % 64 == 0);
      CHECK(b[h.data_offset - 1] == '\n');
      CHECK(h.fortran == fortran);
      FloatMatrix r = decode_npy_matrix(b, "x.npy");
      for (std::size_t k = 0; k < 6; ++k) CHECK(std::memcmp(&r.f32()[k], &vals[k], 4) == 0);
    }
  std::string b = encode_npy(m);
  CHECK(b.substr(10, 59) == "{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), }");
  // our writer gives the fixture's exact bytes
  test::TempDir dir;
  FloatMatrix u = read_npy_matrix(fixture("u_f4.npy"));
  CHECK(encode_npy(u) == test::read_file(fixture("u_f4.npy")));
}

TEST_CASE("102: half precision widens exactly, including subnormals, Inf and NaN", "[quick][io]") {
  CHECK(widen_f16(0x3c00) == 1.0f);
  CHECK(widen_f16(0xc000) == -2.0f);
  CHECK(widen_f16(0x0001) == 0x1p-24f);
  CHECK(widen_f16(0x03ff) == 1023 * 0x1p-24f);
  CHECK(widen_f16(0x7bff) == 65504.0f);
  CHECK(std::isinf(widen_f16(0x7c00)));
  CHECK(std::isnan(widen_f16(0x7e00)));
  CHECK(widen_bf16(0x3f80) == 1.0f);
  CHECK(widen_bf16(0xbf40) == -0.75f);
  CHECK(widen_bf16(0x0001) == 0x1p-133f);
}

TEST_CASE("103: truncated npy files and lying headers are rejected", "[quick][io]") {
  std::string good = test::read_file(fixture("u_f4.npy"));
  REQUIRE_THROWS_WITH(decode_npy_matrix(good.substr(0, good.size() - 4), "t.npy"),
                      Contains("truncated .npy file: shape (3, 4) of '<f4' needs 48 data bytes, the file has 44"));
  REQUIRE_THROWS_WITH(decode_npy_matrix(good.substr(0, 40), "t.npy"), Contains("truncated .npy file: the header says"));
  REQUIRE_THROWS_WITH(decode_npy_matrix(good + "xxxx", "t.npy"), Contains("the header lies about the shape"));
  std::string lie = encode_npy_raw("<f4", {4, 4}, false, f4_bytes(std::vector<float>(12, 1.0f)));
  REQUIRE_THROWS_WITH(decode_npy_matrix(lie, "lie.npy"), Contains("needs 64 data bytes, the file has 48"));
  std::string huge = encode_npy_raw("<f4", {1000000000000ull, 1000000000ull}, false, "");
  REQUIRE_THROWS_AS(decode_npy_matrix(huge, "huge.npy"), LimitError);
  REQUIRE_THROWS_WITH(decode_npy_matrix(huge, "huge.npy"), Contains("beyond the limit of 2^40 entries"));
  REQUIRE_THROWS_WITH(decode_npy_matrix("", "e.npy"), Contains("the file is empty"));
  REQUIRE_THROWS_WITH(decode_npy_matrix("PK\x03\x04 not npy at all", "z.npy"), Contains("not a .npy file"));
}

TEST_CASE("104: absurd header sizes and malformed header dicts are rejected", "[quick][io]") {
  std::string v2 = encode_npy_raw("<f4", {1, 1}, false, f4_bytes({1.0f}), 2);
  std::string absurd = v2;
  absurd[8] = '\xf0', absurd[9] = '\xff', absurd[10] = '\xff', absurd[11] = '\xff';
  REQUIRE_THROWS_AS(decode_npy_matrix(absurd, "a.npy"), LimitError);
  REQUIRE_THROWS_WITH(decode_npy_matrix(absurd, "a.npy"), Contains(".npy header length 4294967280 is absurd"));
  std::string bad_version = v2;
  bad_version[6] = 9;
  REQUIRE_THROWS_WITH(decode_npy_matrix(bad_version, "v.npy"), Contains("unsupported .npy format version 9.0"));
  auto with_dict = [](const std::string& dict) {
    std::string d = dict + "\n";
    std::string out("\x93NUMPY\x01\x00", 8);
    out.push_back(char(d.size())), out.push_back(0);
    return out + d;
  };
  REQUIRE_THROWS_WITH(decode_npy_matrix(with_dict("{'descr': '<f4', 'shape': (1, 1), }"), "d.npy"),
                      Contains("lacks one of 'descr', 'fortran_order', 'shape'"));
  REQUIRE_THROWS_WITH(decode_npy_matrix(with_dict("{'descr': [('a', '<f4')], 'fortran_order': False, 'shape': (0,)}"), "d.npy"),
                      Contains("structured dtypes"));
  REQUIRE_THROWS_WITH(decode_npy_matrix(with_dict("{'descr': '<f4', 'fortran_order': Maybe, 'shape': (1,)}"), "d.npy"),
                      Contains("fortran_order must be True or False"));
  REQUIRE_THROWS_WITH(decode_npy_matrix(with_dict("{'descr': '<f4', 'fortran_order': False, 'shape': (-1, 2)}"), "d.npy"),
                      Contains("shape must be a tuple of non-negative integers"));
  REQUIRE_THROWS_WITH(decode_npy_matrix(with_dict("{'descr': '<f4', 'fortran_order': False, 'shape': (99999999999999999999999, 2)}"), "d.npy"),
                      Contains("shape dimension too large"));
  REQUIRE_THROWS_WITH(decode_npy_matrix(with_dict("{'descr': '<f4', 'fortran_order': False, 'shape': (1, 1), 'x': 1}"), "d.npy"),
                      Contains("unexpected key 'x'"));
}

TEST_CASE("105: wrong dtypes and shapes are rejected with the dtype named", "[quick][io]") {
  REQUIRE_THROWS_WITH(read_npy_matrix(fixture("ints_i4.npy")),
                      Contains("wrong dtype '<i4': embeddings must be float16, float32 or float64"));
  REQUIRE_THROWS_WITH(read_npy_matrix(fixture("labels_i8.npy")), Contains("wrong dtype '<i8'"));
  REQUIRE_THROWS_WITH(read_npy_integers(fixture("u_f4.npy")), Contains("wrong dtype '<f4': labels must be integers"));
  std::string oned = encode_npy_raw("<f4", {3}, false, f4_bytes({1, 2, 3}));
  REQUIRE_THROWS_WITH(decode_npy_matrix(oned, "o.npy"), Contains("expected a 2-D array (N, d), got shape (3,)"));
  std::string c8 = encode_npy_raw("<c8", {1, 1}, false, std::string(8, '\0'));
  REQUIRE_THROWS_WITH(decode_npy_matrix(c8, "c.npy"), Contains("wrong dtype '<c8'"));
}

TEST_CASE("106: NaN and Inf are reported with row and column, empty arrays are rejected", "[quick][io]") {
  test::TempDir dir;
  std::vector<float> v(6, 0.5f);
  v[4] = std::numeric_limits<float>::quiet_NaN();
  std::string p = dir.write("nan.npy", encode_npy_raw("<f4", {2, 3}, false, f4_bytes(v)));
  REQUIRE_THROWS_WITH(read_embedding_matrix(p), Contains("nan.npy: row 1, column 1 is NaN"));
  v[4] = 0.5f, v[2] = -std::numeric_limits<float>::infinity();
  p = dir.write("inf.npy", encode_npy_raw("<f4", {2, 3}, false, f4_bytes(v)));
  REQUIRE_THROWS_WITH(read_embedding_matrix(p), Contains("inf.npy: row 0, column 2 is infinite"));
  p = dir.write("empty.npy", encode_npy_raw("<f4", {0, 768}, false, ""));
  REQUIRE_THROWS_WITH(read_embedding_matrix(p), Contains("empty.npy: empty array (0 rows, 768 columns)"));
  // Zero columns with trailing bytes (found by fuzz_npy): no copy from an empty buffer, a clear message.
  p = dir.write("nocols.npy", encode_npy_raw("<f4", {3, 0}, false, ""));
  REQUIRE_THROWS_WITH(read_embedding_matrix(p), Contains("nocols.npy: empty array (3 rows, 0 columns)"));
  REQUIRE_THROWS_WITH(read_embedding_matrix(dir.file("missing.npy")), Contains("missing.npy: cannot open"));
  REQUIRE_THROWS_WITH(read_embedding_matrix(dir.write("x.bin", "abc")), Contains("unknown embedding format"));
}
