// The certified verifier's plan over row sources (certified_prepare_rows) with 2-D blocks of tiles
// (certified_process_block), as constel-mpi runs it: every block partition of the tile grid over
// P = 1..6 workers, merged, gives the JSON of certified_verify on the held matrices, key for key and
// bit for bit (exact_evaluations, a work count, aside), on inputs with exact ties across blocks,
// labels with empty classes, normalize, float16, the float64 kernel and N < P; a block reads only its
// own rows; the modality-gap statistics read in chunks equal the held ones.
#include <catch2/catch.hpp>

#include <algorithm>
#include <random>
#include <set>

#include "constel/error.hpp"
#include "constel/gap/statistics.hpp"
#include "constel/verify/block_partition.hpp"
#include "constel/verify/certified_json.hpp"
#include "constel/verify/certified_parts.hpp"
#include "row_source_fixtures.hpp"

using namespace constel;
using Catch::Matchers::Contains;

namespace {

using test::by_blocks;
using test::coarse;
using test::report_json;
using test::source_of;

void check_rows_plan(const FloatMatrix& U, const FloatMatrix& V, const CertifiedOptions& opt) {
  const CertifiedReport whole = certified_verify(U, V, opt);
  const std::string expect = report_json(whole, opt);
  const CertifiedRowSource su = source_of(U), sv = source_of(V);
  const CertifiedPlan rows_plan = certified_prepare_rows(su, sv, opt);
  const CertifiedPlan held_plan = certified_prepare(U, V, opt);
  for (std::size_t P = 1; P <= 6; ++P) {
    INFO("P = " << P);
    const CertifiedReport r = by_blocks(rows_plan, P);
    CHECK(report_json(r, opt) == expect);
    CHECK(r.positives == whole.positives);
    CHECK(r.neg_hist == whole.neg_hist);
    CHECK(r.xi == whole.xi);
    CHECK(report_json(by_blocks(held_plan, P), opt) == expect);
  }
}

}  // namespace

TEST_CASE("1560: a plan over row sources, in 2-D blocks for P = 1..6, gives the held report", "[standard][verify]") {
  std::mt19937_64 rng(1560);
  for (int variant = 0; variant < 6; ++variant) {
    INFO("variant " << variant);
    const FloatDType t = variant == 3 ? FloatDType::F16 : FloatDType::F32;
    const std::size_t nu = variant == 5 ? 3 : 70, nv = variant == 5 ? 3 : 50;
    const FloatMatrix U = coarse(nu, 5, t, rng, "u.npy"), V = coarse(nv, 5, t, rng, "v.npy");
    CertifiedOptions opt;
    opt.tile = 16;  // panel tiles 18 x 16, BLAS tiles 16 x 16: many tiles, cut by the blocks
    opt.threads = 2;
    if (variant != 5) {  // many-to-one labels; V rows 45.. are no row's label (empty classes)
      std::vector<std::int64_t> labels(nu);
      for (std::size_t i = 0; i < nu; ++i) labels[i] = std::int64_t(i % 45);
      opt.labels = labels;
    }
    opt.normalize = variant == 1 || variant == 3;
    opt.force_float64_kernel = variant == 2;
    opt.float32_blas_tiles = variant == 4;
    if (!opt.normalize) opt.m = Rational(1, 8), opt.b = Rational(1, 4);
    check_rows_plan(U, V, opt);
  }
}

TEST_CASE("1561: a block reads only the rows of U and V its tiles meet", "[quick][verify]") {
  std::mt19937_64 rng(1561);
  const FloatMatrix U = coarse(100, 4, FloatDType::F32, rng, "u"), V = coarse(100, 4, FloatDType::F32, rng, "v");
  CertifiedOptions opt;
  opt.tile = 16;
  opt.threads = 1;
  std::vector<std::pair<std::size_t, std::size_t>> lu, lv;
  const CertifiedPlan plan = certified_prepare_rows(source_of(U, &lu), source_of(V, &lv), opt);
  const CertifiedTileGrid g = certified_tile_grid(plan);
  REQUIRE(g.grid_rows >= 2);
  REQUIRE(g.grid_cols >= 2);
  for (const PairBlock& b : block_partition(g.grid_rows, g.grid_cols, 4)) {
    lu.clear(), lv.clear();
    certified_process_block(plan, b);
    const std::size_t u0 = b.row_begin * g.tile_rows, u1 = std::min<std::size_t>(100, b.row_end * g.tile_rows);
    const std::size_t v0 = b.col_begin * g.tile_cols, v1 = std::min<std::size_t>(100, b.col_end * g.tile_cols);
    REQUIRE((u1 - u0 < 100 || v1 - v0 < 100));  // a block, not the whole grid
    for (auto [a, e] : lu) CHECK((a >= u0 && e <= u1));
    for (auto [a, e] : lv) CHECK((a >= v0 && e <= v1));
  }
}

TEST_CASE("1562: the modality-gap statistics read in chunks equal the held ones", "[quick][verify]") {
  std::mt19937_64 rng(1562);
  const FloatMatrix U = coarse(40, 6, FloatDType::F32, rng, "u"), V = coarse(30, 6, FloatDType::F32, rng, "v");
  const ModalityGapStatistics held = modality_gap_statistics(GapPoints::from_floats(U, V));
  const ModalityGapStatistics rows =
      modality_gap_statistics_rows(40, 30, 6, [&](GapSide s, std::size_t a, std::size_t b) {
        return source_of(s == GapSide::U ? U : V).read(a, b);
      });
  CHECK(to_json(rows).dump() == to_json(held).dump());
}

TEST_CASE("1563: a plan over row sources refuses ranges of tiles and blocks beyond its grid", "[quick][verify]") {
  std::mt19937_64 rng(1563);
  const FloatMatrix U = coarse(20, 3, FloatDType::F32, rng, "u"), V = coarse(20, 3, FloatDType::F32, rng, "v");
  CertifiedOptions opt;
  opt.tile = 16;
  const CertifiedPlan plan = certified_prepare_rows(source_of(U), source_of(V), opt);
  CHECK_THROWS_WITH(certified_process(plan, 0, 1), Contains("certified_process_block"));
  PairBlock beyond;
  beyond.row_end = 99, beyond.col_end = 1;
  CHECK_THROWS_AS(certified_process_block(plan, beyond), InputError);
}
