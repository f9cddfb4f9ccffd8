// `constel verify` with --hdf5, --recall-k, --hardest, -o, --class-stats and the norm warning: exit
// codes, the JSON keys, the CSV files, the warning line and the usage errors (docs/verify-embeddings.md).
#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>

#include "support.hpp"

using Catch::Matchers::Contains;
using constel::test::occurrences;
using constel::test::read_file;
using constel::test::run_tool;

namespace {

std::string fixture(const std::string& name) {
  return "'" + std::string(CONSTEL_TEST_DATA) + "/embeddings/" + name + "'";
}

}  // namespace

TEST_CASE("1315 verify --hdf5 with --recall-k and --hardest: JSON keys, CSV, warnings", "[quick]") {
  constel::test::TempDir dir;
  const std::string csv = dir.file("hard.csv");
  auto r = run_tool("verify --hdf5 " + fixture("pairs.h5") +
                    " --u-key /group/u16 --v-key test --recall-k 1,2 --hardest 2 -o '" + csv + "' --json");
  INFO(r.err);
  REQUIRE(r.code == 0);
  const auto j = nlohmann::json::parse(r.out);
  CHECK(j["dtype_u"] == "float16");
  CHECK(j["recall_at_k"]["u2v"][1]["k"] == 2);
  CHECK(j["recall_at_k"]["u2v"][1]["correct"] == 3);
  CHECK(j["recall_at_k"]["v2u"][0]["recall"] == "1");
  CHECK(j["hardest_negatives"][0]["value"] == "9/32");
  CHECK(j["hardest_negatives"][0]["i"] == 2);
  CHECK(j["hardest_negatives"][0]["j"] == 0);
  CHECK(j["weakest_positives"][0]["value"] == "55/64");
  REQUIRE(j["warnings"].size() == 1);
  CHECK_THAT(j["warnings"][0].get<std::string>(), Contains("V row 0 has | |x| - 1 | = 0.0986"));
  CHECK(occurrences(r.err, "constel: warning: rows are far from unit norm") == 1);
  CHECK_THAT(r.err, Contains("--normalize"));
  CHECK(read_file(csv) ==
        "kind,rank,i,j,value,value_decimal,value_lo,value_hi\n"
        "hardest_negative,1,2,0,9/32,0.28125,,\n"
        "hardest_negative,2,0,2,3/16,0.1875,,\n"
        "weakest_positive,1,2,2,55/64,0.859375,,\n"
        "weakest_positive,2,0,0,7/8,0.875,,\n");
  // with --normalize: no warning, the JSON array is empty
  auto n = run_tool("verify --hdf5 " + fixture("pairs.h5") + " --u-key train --v-key test --normalize --json");
  REQUIRE(n.code == 0);
  CHECK(nlohmann::json::parse(n.out)["warnings"].empty());
  CHECK(n.err.empty());
}

TEST_CASE("1316 verify --labels from HDF5 and --class-stats CSV (ann-benchmarks layout)", "[quick]") {
  constel::test::TempDir dir;
  const std::string cls = dir.file("classes.csv");
  const std::string ann = fixture("ann.hdf5");
  auto r = run_tool("verify --hdf5 " + ann + " --u-key test --v-key train --labels " + ann +
                    " --labels-key neighbors --normalize --recall-k 1,5 --class-stats '" + cls + "' --json");
  INFO(r.err);
  REQUIRE(r.code == 0);
  const auto j = nlohmann::json::parse(r.out);
  CHECK(j["N_u"] == 12);
  CHECK(j["N_v"] == 60);
  // the labels are the exact cosine nearest neighbours: recall@1 U->V is 12/12
  CHECK(j["recall_at_k"]["u2v"][0]["correct"] == 12);
  CHECK(j["recall_at_k"]["u2v"][0]["ties"] == 0);
  const std::string text = read_file(cls);
  CHECK_THAT(text,
             Contains("label,rows,min_positive,min_positive_decimal,min_positive_lo,min_positive_hi,min_positive_row"));
  CHECK(occurrences(text, "\n") == 1 + j["classes"].get<std::size_t>());
}

TEST_CASE("1317 verify retrieval options: usage errors exit 2 with the flag named", "[standard]") {
  const std::string pair = "--u " + fixture("u_f4.npy") + " --v " + fixture("v_f4.npy");
  auto bad = [&](const std::string& args, const std::string& what) {
    auto r = run_tool("verify " + args);
    INFO(args << "\n" << r.err);
    CHECK(r.code == 2);
    CHECK_THAT(r.err, Contains(what));
  };
  bad(pair + " --recall-k 1,x", "--recall-k: expected a comma-separated list of integers >= 1");
  bad(pair + " --recall-k 0", "--recall-k: expected");
  bad(pair + " --recall-k ''", "--recall-k");
  bad(pair + " --hardest 0", "--hardest");
  bad(pair + " -o x.csv", "-o writes the --hardest lists: give --hardest K too");
  bad(pair + " --class-stats c.csv", "--class-stats needs --labels");
  bad("--hdf5 " + fixture("pairs.h5") + " --u-key nope --v-key test", "pairs.h5[nope]: no dataset 'nope'");
  bad("--hdf5 " + fixture("pairs.h5") + " --u-key train", "--hdf5 needs --u-key and --v-key");
  bad("--hdf5 " + fixture("pairs.h5") + " --npz x.npz --u-key a --v-key b",
      "give one of --npz, --safetensors and --hdf5");
  bad("--u model.pt --v " + fixture("v_f4.npy"), "Torch files are not read by the command line");
}
