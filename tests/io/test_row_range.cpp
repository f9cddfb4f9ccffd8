// Row-range readers (io/row_range.hpp): every range of every format that is read by offset gives
// exactly the rows of the whole-file reader, with the whole-file reader's messages (rows numbered in
// the whole file); formats that are not say so and still give the right rows.
#include <catch2/catch.hpp>

#include <cstring>

#include "constel/error.hpp"
#include "constel/io/embedding_file.hpp"
#include "constel/io/fvecs.hpp"
#include "constel/io/npy.hpp"
#include "constel/io/npz.hpp"
#include "constel/io/row_range.hpp"
#include "constel/io/safetensors.hpp"
#include "support.hpp"

using namespace constel;
using Catch::Matchers::Contains;

namespace {

FloatMatrix sample(std::size_t n, std::size_t d, FloatDType t) {
  FloatMatrix m(n, d, t, "sample");
  for (std::size_t i = 0; i < n; ++i)
    for (std::size_t j = 0; j < d; ++j) m.set(i, j, double(int(i * 7 + j * 3) % 11 - 5) / 8 + (t == FloatDType::F64 ? 1e-17 * double(i) : 0));
  return m;
}

// Raw little- or big-endian bytes of m's values as float16 (exact for these multiples of 1/8).
std::string f16_bytes(const FloatMatrix& m, bool fortran, bool big) {
  std::string out;
  const std::size_t n = m.rows(), d = m.cols();
  for (std::size_t k = 0; k < n * d; ++k) {
    std::size_t i = fortran ? k % n : k / d, j = fortran ? k / n : k % d;
    float f = float(m.value(i, j));
    std::uint32_t b;
    std::memcpy(&b, &f, 4);
    std::uint16_t h = f == 0 ? std::uint16_t((b >> 16) & 0x8000u)
                             : std::uint16_t(((b >> 16) & 0x8000u) | ((((b >> 23) & 0xff) - 112) << 10) | ((b >> 13) & 0x3ff));
    out.push_back(char(big ? h >> 8 : h & 0xff));
    out.push_back(char(big ? h & 0xff : h >> 8));
  }
  return out;
}

void require_same_rows(const FloatMatrix& whole, const FloatMatrix& part, std::size_t begin) {
  REQUIRE(part.cols() == whole.cols());
  REQUIRE(part.stored_type() == whole.stored_type());
  CHECK(part.source() == whole.source());
  for (std::size_t i = 0; i < part.rows(); ++i)
    for (std::size_t j = 0; j < part.cols(); ++j) {
      INFO("row " << begin + i << " column " << j);
      REQUIRE(part.value(i, j) == whole.value(begin + i, j));
    }
}

// Every range [b, e) of a small file.
void check_every_range(const std::string& path, const std::string& key, bool by_offset) {
  INFO(path << " " << key);
  FloatMatrix whole = read_embedding_matrix(path, key);
  EmbeddingLayout L = probe_embedding(path, key);
  CHECK(L.rows == whole.rows());
  CHECK(L.cols == whole.cols());
  CHECK(L.stored == whole.stored_type());
  CHECK(L.source == whole.source());
  CHECK(L.by_offset == by_offset);
  CHECK(embedding_readable_by_offset(path, key) == by_offset);
  for (std::size_t b = 0; b <= whole.rows(); ++b)
    for (std::size_t e = b; e <= whole.rows(); ++e) {
      FloatMatrix part = read_embedding_rows(path, key, b, e);
      REQUIRE(part.rows() == e - b);
      require_same_rows(whole, part, b);
    }
}

}  // namespace

TEST_CASE("1000: row ranges of npy (C and Fortran order, both byte orders, f2/f4/f8) equal the whole file", "[quick][io]") {
  test::TempDir dir;
  FloatMatrix m32 = sample(7, 5, FloatDType::F32), m64 = sample(7, 5, FloatDType::F64);
  check_every_range(dir.write("a.npy", encode_npy(m32)), "", true);
  check_every_range(dir.write("b.npy", encode_npy(m64, true)), "", true);
  check_every_range(dir.write("c.npy", encode_npy(m32, true, 2)), "", true);
  check_every_range(dir.write("d.npy", encode_npy_raw("<f2", {7, 5}, false, f16_bytes(m32, false, false))), "", true);
  check_every_range(dir.write("e.npy", encode_npy_raw(">f2", {7, 5}, true, f16_bytes(m32, true, true))), "", true);
  std::string big;  // big-endian float64, C order
  for (std::size_t k = 0; k < 35; ++k) {
    double v = m64.f64()[k];
    char b[8];
    std::memcpy(b, &v, 8);
    for (int q = 7; q >= 0; --q) big.push_back(b[q]);
  }
  check_every_range(dir.write("f.npy", encode_npy_raw(">f8", {7, 5}, false, big)), "", true);
  CHECK(read_embedding_rows(dir.file("d.npy"), "", 2, 4).stored_type() == FloatDType::F16);
}

TEST_CASE("1001: row ranges of stored npz members, safetensors and fvecs equal the whole file", "[quick][io]") {
  test::TempDir dir;
  FloatMatrix u = sample(6, 3, FloatDType::F32), v = sample(6, 3, FloatDType::F64);
  for (bool zip64 : {false, true}) {
    std::string z = dir.write(zip64 ? "s64.npz" : "s.npz", encode_zip({{"image.npy", encode_npy(u)}, {"text.npy", encode_npy(v, true)}}, false, zip64));
    check_every_range(z, "image", true);
    check_every_range(z, "text", true);
  }
  std::string raw32(reinterpret_cast<const char*>(u.f32()), 4 * 18), raw64(reinterpret_cast<const char*>(v.f64()), 8 * 18);
  std::string st = dir.write("p.safetensors", encode_safetensors({{"a", "F32", {6, 3}, raw32}, {"b", "F64", {6, 3}, raw64},
                                                                   {"h", "F16", {6, 3}, f16_bytes(u, false, false)}}));
  for (const char* k : {"a", "b", "h"}) check_every_range(st, k, true);
  check_every_range(dir.write("p.fvecs", encode_fvecs(u)), "", true);
}

TEST_CASE("1002: deflated npz and text are not read by offset but give the same rows", "[quick][io]") {
  test::TempDir dir;
  FloatMatrix u = sample(5, 2, FloatDType::F32);
  check_every_range(dir.write("d.npz", encode_zip({{"image.npy", encode_npy(u)}}, true, false)), "image", false);
  check_every_range(dir.write("u.csv", "0.5,1\n-0.25,2\n3,4\n"), "", false);
}

TEST_CASE("1003: a NaN is reported at its row in the whole file, as the whole-file reader does", "[quick][io]") {
  test::TempDir dir;
  FloatMatrix u = sample(9, 4, FloatDType::F32);
  u.set(7, 2, std::nan(""));
  std::string p = dir.write("bad.npy", encode_npy(u));
  std::string whole_message;
  try {
    read_embedding_matrix(p);
  } catch (const InputError& e) {
    whole_message = e.what();
  }
  REQUIRE_THAT(whole_message, Contains("row 7, column 2 is NaN"));
  REQUIRE_NOTHROW(read_embedding_rows(p, "", 0, 7));
  REQUIRE_NOTHROW(read_embedding_rows(p, "", 8, 9));
  REQUIRE_NOTHROW(read_embedding_rows(p, "", 5, 9, false));
  REQUIRE_THROWS_WITH(read_embedding_rows(p, "", 5, 9), whole_message);
  REQUIRE_THROWS_WITH(read_embedding_rows(p, "", 7, 8), whole_message);
}

TEST_CASE("1004: bad files and bad ranges are InputErrors naming the file", "[quick][io]") {
  test::TempDir dir;
  FloatMatrix u = sample(4, 3, FloatDType::F32);
  std::string p = dir.write("u.npy", encode_npy(u));
  REQUIRE_THROWS_WITH(read_embedding_rows(p, "", 2, 5), Contains("u.npy: rows 2..5 asked for, the array has 4"));
  REQUIRE_THROWS_WITH(read_embedding_rows(p, "", 3, 2), Contains("rows 3..2 asked for"));
  REQUIRE_THROWS_WITH(probe_embedding(dir.file("missing.npy")), Contains("missing.npy: cannot open"));
  REQUIRE_THROWS_WITH(probe_embedding(dir.write("e.npy", encode_npy(FloatMatrix(0, 3, FloatDType::F32, "e")))),
                      Contains("e.npy: empty array (0 rows, 3 columns)"));
  REQUIRE_THROWS_WITH(probe_embedding(dir.write("t.npy", encode_npy(u).substr(0, 100))), Contains("truncated .npy file"));
  REQUIRE_THROWS_WITH(probe_embedding(dir.write("i.npy", encode_npy_raw("<i4", {2, 2}, false, std::string(16, '\0')))),
                      Contains("wrong dtype '<i4'"));
  REQUIRE_THROWS_WITH(probe_embedding(p, "k"), Contains("holds one array, a key ('k') makes no sense"));
  std::string z = dir.write("s.npz", encode_zip({{"image.npy", encode_npy(u)}}, false, false));
  REQUIRE_THROWS_WITH(probe_embedding(z, "text"), Contains("no array 'text' (the archive holds: image)"));
  // an fvecs vector of the wrong dimension in the range read is named by its index in the file
  std::string fv = encode_fvecs(u);
  fv[2 * 16] = 2;  // vector 2 claims dimension 2
  std::string f = dir.write("u.fvecs", fv);
  REQUIRE_NOTHROW(read_embedding_rows(f, "", 0, 2));
  REQUIRE_THROWS_WITH(read_embedding_rows(f, "", 1, 4), Contains("u.fvecs: vector 2 has dimension 2, vector 0 has 3"));
}
