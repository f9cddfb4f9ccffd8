// .fvecs and CSV/TSV readers: fixtures, round trips, and malformed files.
#include <catch2/catch.hpp>

#include "constel/error.hpp"
#include "constel/io/csv_matrix.hpp"
#include "constel/io/embedding_file.hpp"
#include "constel/io/fvecs.hpp"
#include "constel/io/npy.hpp"
#include "support.hpp"

using namespace constel;
using Catch::Matchers::Contains;

namespace {
std::string fixture(const std::string& name) { return std::string(CONSTEL_TEST_DATA) + "/embeddings/" + name; }
}  // namespace

TEST_CASE("140: fvecs fixture and writer agree with the npy fixture", "[quick][io]") {
  FloatMatrix f = read_fvecs(fixture("u.fvecs")), n = read_npy_matrix(fixture("u_f4.npy"));
  REQUIRE(f.rows() == 3);
  REQUIRE(f.cols() == 4);
  for (std::size_t i = 0; i < 3; ++i)
    for (std::size_t j = 0; j < 4; ++j) CHECK(f.value(i, j) == n.value(i, j));
  CHECK(encode_fvecs(n) == test::read_file(fixture("u.fvecs")));
}

TEST_CASE("141: malformed fvecs files are rejected", "[quick][io]") {
  std::string good = test::read_file(fixture("u.fvecs"));
  REQUIRE_THROWS_WITH(decode_fvecs(good.substr(0, good.size() - 3), "t.fvecs"),
                      Contains("57 bytes is not a whole number of vectors of dimension 4 (20 bytes each)"));
  std::string mixed = good;
  mixed[40] = 5;
  REQUIRE_THROWS_WITH(decode_fvecs(mixed, "m.fvecs"), Contains("vector 2 has dimension 5, vector 0 has 4"));
  std::string neg = good;
  neg[3] = '\x80';
  REQUIRE_THROWS_WITH(decode_fvecs(neg, "n.fvecs"), Contains("is not in 1..2^24"));
  REQUIRE_THROWS_WITH(decode_fvecs("", "e.fvecs"), Contains("empty .fvecs file"));
}

TEST_CASE("142: CSV and TSV fixtures read as the nearest doubles, bad rows name the line", "[quick][io]") {
  FloatMatrix v = read_csv_matrix(fixture("v.csv")), u = read_embedding_matrix(fixture("u.tsv"));
  CHECK(v.stored_type() == FloatDType::F64);
  REQUIRE(v.rows() == 3);
  REQUIRE(u.cols() == 4);
  CHECK(v.value(2, 3) == -0.125);
  CHECK(u.value(1, 1) == -0.5);
  CHECK(decode_csv_matrix("0.1 0.2\n", "s").value(0, 0) == 0.1);
  REQUIRE_THROWS_WITH(decode_csv_matrix("1,2\n3\n", "r.csv"), Contains("r.csv:2: 1 values where the first row has 2"));
  REQUIRE_THROWS_WITH(decode_csv_matrix("1,2\n3,x\n", "x.csv"), Contains("x.csv:2: column 1: 'x' is not a number"));
  REQUIRE_THROWS_WITH(decode_csv_matrix("# nothing\n\n", "e.csv"), Contains("empty CSV file"));
  test::TempDir dir;
  REQUIRE_THROWS_WITH(read_embedding_matrix(dir.write("n.csv", "1,2\n3,nan\n")), Contains("row 1, column 1 is NaN"));
  CHECK(decode_text_integers("label\n3\n1\n", "l.txt") == std::vector<std::int64_t>{3, 1});
  REQUIRE_THROWS_WITH(decode_text_integers("3\n1.5\n", "l.txt"), Contains("l.txt:2: expected one integer label"));
}
