// HDF5 reader (io/hdf5.hpp): fixtures written by Debian's python3-h5py (tests/data/embeddings/
// make_hdf5_fixtures.py) read to exactly the values of the .npy fixtures in every layout (float32,
// chunked + gzip float16, big-endian shuffled gzip float64), row ranges equal to the whole read, the
// messages for every dataset the reader refuses, labels, the layout checks on their own, and a file
// larger than one read block written by h5py at test time.
#include <catch2/catch.hpp>

#include <cstdlib>

#include "constel/error.hpp"
#include "constel/io/embedding_file.hpp"
#include "constel/io/hdf5.hpp"
#include "constel/io/row_range.hpp"
#include "support.hpp"

using namespace constel;
using Catch::Matchers::Contains;

namespace {

std::string fixture(const std::string& name) {
  return std::string(CONSTEL_SOURCE_DIR) + "/tests/data/embeddings/" + name;
}

void require_equal(const FloatMatrix& a, const FloatMatrix& b) {
  REQUIRE(a.rows() == b.rows());
  REQUIRE(a.cols() == b.cols());
  for (std::size_t i = 0; i < a.rows(); ++i)
    for (std::size_t j = 0; j < a.cols(); ++j) REQUIRE(a.value(i, j) == b.value(i, j));
}

Hdf5TypeInfo ieee(std::size_t size) {
  Hdf5TypeInfo t;
  t.type_class = Hdf5TypeInfo::Float, t.size = size, t.class_name = "float";
  t.sign_pos = 8 * size - 1, t.mant_pos = 0;
  t.exp_size = size == 2 ? 5 : size == 4 ? 8 : 11;
  t.mant_size = t.exp_pos = size == 2 ? 10 : size == 4 ? 23 : 52;
  t.exp_bias = size == 2 ? 15 : size == 4 ? 127 : 1023;
  return t;
}

}  // namespace

TEST_CASE("1300 HDF5: float32, chunked gzip float16 and big-endian shuffled float64 read exactly", "[quick]") {
  const FloatMatrix U = read_embedding_matrix(fixture("u_f4.npy")), V = read_embedding_matrix(fixture("v_f4.npy"));
  const std::string h5 = fixture("pairs.h5");
  FloatMatrix a = read_embedding_matrix(h5, "train"), b = read_embedding_matrix(h5, "/test");
  require_equal(a, U);
  require_equal(b, V);
  CHECK(a.stored_type() == FloatDType::F32);
  CHECK(a.source() == h5 + "[train]");
  FloatMatrix h = read_embedding_matrix(h5, "group/u16"), w = read_embedding_matrix(h5, "/group/v64");
  CHECK(h.stored_type() == FloatDType::F16);
  CHECK(w.stored_type() == FloatDType::F64);
  require_equal(h, U);
  require_equal(w, V);
  const std::vector<std::string> names = hdf5_dataset_names(h5);
  CHECK(std::find(names.begin(), names.end(), "/group/u16") != names.end());
  CHECK(std::find(names.begin(), names.end(), "/group") == names.end());  // a group, not a dataset
}

TEST_CASE("1301 HDF5: every row range equals the whole read, by hyperslab", "[quick]") {
  const std::string h5 = fixture("pairs.h5");
  for (const char* key : {"train", "/group/u16", "/group/v64"}) {
    INFO(key);
    const FloatMatrix whole = read_embedding_matrix(h5, key);
    const EmbeddingLayout L = probe_embedding(h5, key);
    CHECK(L.rows == 3);
    CHECK(L.cols == 4);
    CHECK(L.by_offset);
    CHECK(L.stored == whole.stored_type());
    CHECK(embedding_readable_by_offset(h5, key));
    for (std::size_t b = 0; b <= 3; ++b)
      for (std::size_t e = b; e <= 3; ++e) {
        FloatMatrix part = read_embedding_rows(h5, key, b, e);
        REQUIRE(part.rows() == e - b);
        for (std::size_t i = 0; i < part.rows(); ++i)
          for (std::size_t j = 0; j < 4; ++j) REQUIRE(part.value(i, j) == whole.value(b + i, j));
      }
  }
  CHECK_THROWS_WITH(read_embedding_rows(h5, "train", 2, 5), Contains("[train]: rows 2..5 asked for, the array has 3"));
  CHECK_THROWS_WITH(read_embedding_rows(h5, "nan", 0, 3), Contains("[nan]: row 1, column 1 is NaN"));
  CHECK(read_embedding_rows(h5, "nan", 2, 3).rows() == 1);  // the NaN row is not in the range
}

TEST_CASE("1302 HDF5: refused datasets and files name the file and the dataset path", "[quick]") {
  const std::string h5 = fixture("pairs.h5");
  auto msg = [&](const std::string& key) {
    try {
      read_embedding_matrix(h5, key);
    } catch (const InputError& e) {
      return std::string(e.what());
    }
    return std::string("no error");
  };
  CHECK_THAT(msg("names"), Contains(h5 + "[names]: wrong type: the dataset holds string values"));
  CHECK_THAT(msg("ints"), Contains("[ints]: wrong type: the dataset holds integer values"));
  CHECK_THAT(msg("rank3"), Contains("[rank3]: expected a 2-D dataset (N, d), got shape (2, 2, 2)"));
  CHECK_THAT(msg("labels"), Contains("[labels]: wrong type"));
  CHECK_THAT(msg("empty"), Contains("[empty]: empty array (0 rows, 4 columns)"));
  CHECK_THAT(msg("nan"), Contains("[nan]: row 1, column 1 is NaN"));
  CHECK_THAT(msg("nope"), Contains("[nope]: no dataset 'nope' (datasets in the file: /empty, /group/u16"));
  CHECK_THAT(msg("group"), Contains("[group]: no dataset 'group'"));
  CHECK_THROWS_WITH(read_embedding_matrix(h5), Contains("an array name (key) is needed"));
  test::TempDir dir;
  const std::string fake = dir.write("fake.h5", "\x93NUMPY not hdf5 at all");
  CHECK_THROWS_WITH(read_embedding_matrix(fake, "train"), Contains(fake + ": not an HDF5 file"));
  CHECK_THROWS_WITH(read_embedding_matrix(dir.file("missing.hdf5"), "train"), Contains("missing.hdf5: cannot open"));
  CHECK_THROWS_AS(probe_embedding(fake, "x"), InputError);
}

TEST_CASE("1303 HDF5: labels from 1-D and 2-D integer datasets", "[quick]") {
  const std::string h5 = fixture("pairs.h5");
  CHECK(read_labels(h5, "labels") == std::vector<std::int64_t>{0, 0, 1});
  CHECK(read_labels(h5, "neighbors") == std::vector<std::int64_t>{0, 1, 2});  // the first column
  CHECK_THROWS_WITH(read_labels(h5, "train"), Contains("[train]: labels must be integers, the dataset holds float"));
  CHECK_THROWS_WITH(read_labels(h5, ""), Contains("the labels' dataset path (key) is needed"));
  CHECK_THROWS_WITH(read_labels(h5, "empty"), Contains("[empty]: labels must be integers"));
}

TEST_CASE("1304 HDF5 layout checks: IEEE layouts only, rank 2, non-empty", "[quick]") {
  CHECK(hdf5_float_layout({3, 4}, ieee(2), "f") == FloatDType::F16);
  CHECK(hdf5_float_layout({3, 4}, ieee(4), "f") == FloatDType::F32);
  CHECK(hdf5_float_layout({3, 4}, ieee(8), "f") == FloatDType::F64);
  Hdf5TypeInfo bf = ieee(2);
  bf.exp_size = 8, bf.mant_size = bf.exp_pos = 7, bf.exp_bias = 127;
  CHECK(hdf5_float_layout({1, 1}, bf, "f") == FloatDType::BF16);
  Hdf5TypeInfo odd = ieee(4);
  odd.exp_bias = 100;
  CHECK_THROWS_WITH(hdf5_float_layout({3, 4}, odd, "f[x]"),
                    Contains("f[x]: a 32-bit float of a layout that is not IEEE"));
  Hdf5TypeInfo explicit_one = ieee(4);
  explicit_one.implied_norm = false;
  CHECK_THROWS_WITH(hdf5_float_layout({3, 4}, explicit_one, "f"), Contains("not IEEE"));
  Hdf5TypeInfo f80 = ieee(8);
  f80.size = 10;
  CHECK_THROWS_WITH(hdf5_float_layout({3, 4}, f80, "f"), Contains("80-bit float"));
  CHECK_THROWS_WITH(hdf5_float_layout({12}, ieee(4), "f"), Contains("expected a 2-D dataset (N, d), got shape (12,)"));
  CHECK_THROWS_WITH(hdf5_float_layout({4, 0}, ieee(4), "f"), Contains("empty array (4 rows, 0 columns)"));
  CHECK_THROWS_AS(hdf5_float_layout({std::uint64_t(1) << 32, std::uint64_t(1) << 32}, ieee(4), "f"), LimitError);
  Hdf5TypeInfo i4;
  i4.type_class = Hdf5TypeInfo::Integer, i4.size = 4, i4.class_name = "integer";
  CHECK(hdf5_label_layout({5}, i4, "l") == 5);
  CHECK(hdf5_label_layout({5, 3}, i4, "l") == 5);
  CHECK_THROWS_WITH(hdf5_label_layout({5, 3, 1}, i4, "l"), Contains("labels must be a 1-D dataset"));
  CHECK_THROWS_WITH(hdf5_label_layout({0}, i4, "l"), Contains("no labels"));
  CHECK_THROWS_WITH(hdf5_float_layout({3, 4}, i4, "l"), Contains("holds integer values"));
}

TEST_CASE("1305 HDF5 written by h5py at test time: several read blocks, chunked gzip float16", "[standard]") {
  test::TempDir dir;
  const std::string path = dir.file("big.h5");
  // 3000 x 800 float16 is 4.8 MB: more than one 4 MiB read block; values are multiples of 1/64 in [-2, 2]
  const std::string script =
      "import h5py, numpy as np\n"
      "a = ((np.arange(3000 * 800) * 7919) % 257 - 128).astype(np.float64) / 64\n"
      "with h5py.File('" +
      path +
      "', 'w') as f:\n"
      "    f.create_dataset('/emb/x', data=a.reshape(3000, 800).astype('<f2'), chunks=(100, 800),"
      " compression='gzip')\n";
  const std::string py = dir.write("make.py", script);
  if (std::system(("/usr/bin/python3 '" + py + "' 2>/dev/null").c_str()) != 0) {
    WARN("python3-h5py is not installed: the test at test time is skipped (scripts/install-deps.sh installs it)");
    return;
  }
  FloatMatrix m = read_embedding_matrix(path, "/emb/x");
  REQUIRE(m.rows() == 3000);
  REQUIRE(m.cols() == 800);
  CHECK(m.stored_type() == FloatDType::F16);
  for (std::size_t k = 0; k < 3000 * 800; k += 997) {
    const double want = double(std::int64_t((std::uint64_t(k) * 7919) % 257) - 128) / 64;
    REQUIRE(m.value(k / 800, k % 800) == want);
  }
  FloatMatrix part = read_embedding_rows(path, "emb/x", 2700, 3000);
  for (std::size_t j = 0; j < 800; ++j) REQUIRE(part.value(299, j) == m.value(2999, j));
}

TEST_CASE("1306 Torch files: the message names the conversion and the Python module", "[quick]") {
  for (const char* name : {"emb.pt", "EMB.PTH"}) {
    INFO(name);
    CHECK_THROWS_WITH(read_embedding_matrix(name), Contains("Torch files are not read by the command line"));
    CHECK_THROWS_WITH(read_embedding_matrix(name), Contains("numpy.save('U.npy', torch.load('"));
    CHECK_THROWS_WITH(read_embedding_matrix(name), Contains("Python module"));
  }
}
