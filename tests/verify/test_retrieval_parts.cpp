// The retrieval pass in parts (verify/retrieval.hpp), as constel-mpi runs it: the partials of every
// 2-D block partition of the tile grid over P = 1..6 workers, merged in any order and grouping, give
// the report of the one-call pass (certified_retrieval), field for field and bit for bit
// (exact_evaluations, a work count, aside), on data with exact ties across blocks, labels with empty
// classes, normalize, float16, the float64 kernel, N < P, and plans over row sources; the partials
// round-trip through their bytes, bad bytes and bad merges are refused, the counts saturate without
// changing an answer, the bytes of a partial do not grow with N when no negative reaches a positive,
// and the stop hook cancels a block.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <random>

#include "constel/error.hpp"
#include "constel/verify/block_partition.hpp"
#include "constel/verify/certified_parts.hpp"
#include "constel/verify/retrieval.hpp"
#include "row_source_fixtures.hpp"

using namespace constel;
using Catch::Matchers::Contains;

namespace {

using test::coarse;
using test::source_of;

std::string show(const CertifiedValue& v) {
  char b[96];
  std::snprintf(b, sizeof b, "%a [%a, %a]", v.approx, v.lo, v.hi);
  return (v.exact ? to_string(v.value) : std::string("~")) + " " + b;
}

// Every field of the report but exact_evaluations.
std::string key(const RetrievalReport& r) {
  std::string s;
  for (const auto* list : {&r.u2v, &r.v2u})
    for (const RecallCount& c : *list)
      s += "@" + std::to_string(c.k) + " " + std::to_string(c.correct) + "/" + std::to_string(c.ties) + "/" +
           std::to_string(c.total) + "\n";
  for (const auto* list : {&r.hardest_negatives, &r.weakest_positives})
    for (const RankedPair& p : *list) s += std::to_string(p.i) + "," + std::to_string(p.j) + " " + show(p.value) + "\n";
  for (const ClassStatistics& c : r.classes)
    s += std::to_string(c.label) + ": " + std::to_string(c.rows) + " " + show(c.min_positive) + " @" +
         std::to_string(c.min_positive_row) + (c.has_negative ? " neg " : " none ") + show(c.max_negative) + " @" +
         std::to_string(c.max_negative_i) + "," + std::to_string(c.max_negative_j) + " " +
         std::to_string(c.recall1_correct) + "/" + std::to_string(c.recall1_ties) + "\n";
  return s;
}

std::vector<RetrievalPartial> parts_of(const CertifiedPlan& plan, std::size_t P, const RetrievalOptions& q) {
  const CertifiedTileGrid g = certified_tile_grid(plan);
  std::vector<RetrievalPartial> parts;
  for (const PairBlock& b : block_partition(g.grid_rows, g.grid_cols, P))
    parts.push_back(decode_retrieval_partial(encode(certified_retrieval_block(plan, b, q))));
  return parts;
}

// order 0: first to last, 1: last to first, 2: a tree of pairs.
RetrievalPartial merged(const CertifiedPlan& plan, std::vector<RetrievalPartial> parts, const RetrievalOptions& q,
                        int order) {
  if (order == 1) std::reverse(parts.begin(), parts.end());
  if (order == 2) {
    while (parts.size() > 1) {
      std::vector<RetrievalPartial> next;
      for (std::size_t k = 0; k + 1 < parts.size(); k += 2) merge(plan, parts[k], parts[k + 1]), next.push_back(parts[k]);
      if (parts.size() % 2) next.push_back(parts.back());
      parts = std::move(next);
    }
  }
  RetrievalPartial all = certified_retrieval_empty(plan, q);
  for (const RetrievalPartial& p : parts) merge(plan, all, p);
  return all;
}

RetrievalOptions full_options(bool per_class) {
  RetrievalOptions q;
  q.recall_k = {1, 2, 5, 40};
  q.hardest = 9;
  q.per_class = per_class;
  return q;
}

// Every P and merge order on `plan` against the one-call pass of `held`.
void check_parts(const CertifiedPlan& plan, const CertifiedPlan& held, const RetrievalOptions& q) {
  const std::string want = key(certified_retrieval(held, q));
  for (std::size_t P = 1; P <= 6; ++P) {
    INFO("P = " << P);
    const std::vector<RetrievalPartial> parts = parts_of(plan, P, q);
    const RetrievalPartial first = merged(plan, parts, q, 0);
    CHECK(key(certified_retrieval_finish(plan, q, first)) == want);
    for (int order : {1, 2}) CHECK(merged(plan, parts, q, order) == first);
  }
}

std::vector<std::int64_t> many_to_one(std::size_t nu, std::size_t classes) {
  std::vector<std::int64_t> labels(nu);
  for (std::size_t i = 0; i < nu; ++i) labels[i] = std::int64_t(i * 7 % classes / 3 * 3);  // only 0 mod 3 used
  return labels;
}

}  // namespace

TEST_CASE("1564: retrieval partials of every block partition, merged in any order, give the one-call pass",
          "[quick][verify]") {
  std::mt19937_64 rng(1564);
  for (int variant = 0; variant < 3; ++variant) {
    INFO("variant " << variant);
    const std::size_t nu = 70, nv = variant == 1 ? 45 : 70;
    const FloatMatrix U = coarse(nu, 4, FloatDType::F32, rng, "u"), V = coarse(nv, 4, FloatDType::F32, rng, "v");
    CertifiedOptions opt;
    opt.tile = 16;  // tiles of 18 x 16: a grid of 4 x 5, cut by the blocks
    opt.threads = 1 + variant;
    if (variant == 1) opt.labels = many_to_one(nu, nv);
    opt.float32_blas_tiles = variant == 2;
    const CertifiedPlan plan = certified_prepare(U, V, opt);
    REQUIRE(certified_tile_grid(plan).grid_rows >= 3);
    const RetrievalReport whole = certified_retrieval(plan, full_options(variant == 1));
    std::size_t ties = 0;
    for (const RecallCount& c : whole.u2v) ties += c.ties;
    CHECK(ties > 0);  // the data does tie
    check_parts(plan, plan, full_options(variant == 1));
    RetrievalOptions hardest_only;
    hardest_only.hardest = 200;  // more than some blocks have
    check_parts(plan, plan, hardest_only);
  }
}

TEST_CASE("1565: retrieval blocks over row sources give the held pass: normalize, float16, float64, labels",
          "[quick][verify]") {
  std::mt19937_64 rng(1565);
  for (int variant = 0; variant < 4; ++variant) {
    INFO("variant " << variant);
    const FloatDType t = variant == 1 ? FloatDType::F16 : FloatDType::F32;
    const FloatMatrix U = coarse(60, 5, t, rng, "u.npy"), V = coarse(50, 5, t, rng, "v.npy");
    CertifiedOptions opt;
    opt.tile = 16;
    opt.threads = 2;
    opt.labels = many_to_one(60, 50);
    opt.normalize = variant <= 1;
    opt.force_float64_kernel = variant == 2;
    const CertifiedRowSource su = source_of(U), sv = source_of(V);
    const CertifiedPlan rows = certified_prepare_rows(su, sv, opt), held = certified_prepare(U, V, opt);
    check_parts(rows, held, full_options(true));
  }
}

TEST_CASE("1566: a retrieval block reads only its rows, and N < P leaves empty blocks that merge",
          "[quick][verify]") {
  std::mt19937_64 rng(1566);
  const FloatMatrix U = coarse(100, 4, FloatDType::F32, rng, "u"), V = coarse(100, 4, FloatDType::F32, rng, "v");
  CertifiedOptions opt;
  opt.tile = 16;
  opt.threads = 1;
  std::vector<std::pair<std::size_t, std::size_t>> lu, lv;
  const CertifiedPlan plan = certified_prepare_rows(source_of(U, &lu), source_of(V, &lv), opt);
  const CertifiedTileGrid g = certified_tile_grid(plan);
  for (const PairBlock& b : block_partition(g.grid_rows, g.grid_cols, 4)) {
    lu.clear(), lv.clear();
    certified_retrieval_block(plan, b, full_options(false));
    const std::size_t u0 = b.row_begin * g.tile_rows, u1 = std::min<std::size_t>(100, b.row_end * g.tile_rows);
    const std::size_t v0 = b.col_begin * g.tile_cols, v1 = std::min<std::size_t>(100, b.col_end * g.tile_cols);
    REQUIRE((u1 - u0 < 100 || v1 - v0 < 100));
    CHECK(!lu.empty());
    for (auto [a, e] : lu) CHECK((a >= u0 && e <= u1));
    for (auto [a, e] : lv) CHECK((a >= v0 && e <= v1));
  }
  const FloatMatrix u3 = coarse(3, 3, FloatDType::F32, rng, "u"), v3 = coarse(3, 3, FloatDType::F32, rng, "v");
  const CertifiedPlan small = certified_prepare(u3, v3, CertifiedOptions{});
  REQUIRE(small.tiles() == 1);
  check_parts(small, small, full_options(true));  // P = 2..6: every block but one is empty
}

TEST_CASE("1567: retrieval partials round-trip through their bytes and bad bytes are refused", "[quick][verify]") {
  std::mt19937_64 rng(1567);
  const FloatMatrix U = coarse(50, 4, FloatDType::F32, rng, "u"), V = coarse(40, 4, FloatDType::F32, rng, "v");
  CertifiedOptions opt;
  opt.tile = 16;
  opt.labels = many_to_one(50, 40);
  const CertifiedPlan plan = certified_prepare(U, V, opt);
  const RetrievalOptions q = full_options(true);
  const CertifiedTileGrid g = certified_tile_grid(plan);
  for (const PairBlock& b : block_partition(g.grid_rows, g.grid_cols, 3)) {
    const RetrievalPartial p = certified_retrieval_block(plan, b, q);
    CHECK(decode_retrieval_partial(encode(p)) == p);
  }
  const std::string bytes = encode(merged(plan, parts_of(plan, 3, q), q, 0));
  CHECK_THROWS_WITH(decode_retrieval_partial(bytes.substr(0, bytes.size() - 3)), Contains("truncated"));
  CHECK_THROWS_WITH(decode_retrieval_partial(bytes + "x"), Contains("trailing"));
  CHECK_THROWS_WITH(decode_retrieval_partial("constel certified partial 2\n" + bytes),
                    Contains("not an encoded partial of this kind"));
  CHECK_THROWS_AS(decode_retrieval_partial(encode(CertifiedPartial{})), InputError);
}

TEST_CASE("1568: merging a retrieval part twice, other options or plans, and incomplete partials are refused",
          "[quick][verify]") {
  std::mt19937_64 rng(1568);
  const FloatMatrix U = coarse(40, 3, FloatDType::F32, rng, "u"), V = coarse(40, 3, FloatDType::F32, rng, "v");
  CertifiedOptions opt;
  opt.tile = 16;
  const CertifiedPlan plan = certified_prepare(U, V, opt);
  const RetrievalOptions q = full_options(false);
  const std::vector<RetrievalPartial> parts = parts_of(plan, 2, q);
  RetrievalPartial all = certified_retrieval_empty(plan, q);
  merge(plan, all, parts[0]);
  CHECK_THROWS_AS(merge(plan, all, parts[0]), InputError);
  CHECK_THROWS_WITH(certified_retrieval_finish(plan, q, all), Contains("every tile must be processed once"));
  RetrievalOptions other = q;
  other.hardest = 3;
  CHECK_THROWS_WITH(merge(plan, all, certified_retrieval_empty(plan, other)), Contains("different options"));
  merge(plan, all, parts[1]);
  CHECK_THROWS_WITH(certified_retrieval_finish(plan, other, all), Contains("other options"));
  const FloatMatrix u20 = coarse(20, 3, FloatDType::F32, rng, "u"), v20 = coarse(20, 3, FloatDType::F32, rng, "v");
  const CertifiedPlan small = certified_prepare(u20, v20, opt);
  CHECK_THROWS_WITH(merge(small, all, certified_retrieval_empty(small, q)), Contains("another plan"));
  CHECK_THROWS_WITH(certified_retrieval_finish(small, q, all), Contains("another plan"));
  CHECK(key(certified_retrieval_finish(plan, q, all)) == key(certified_retrieval(plan, q)));
}

TEST_CASE("1569: saturated counts answer every k exactly and the bytes do not grow with N", "[quick][verify]") {
  std::mt19937_64 rng(1569);
  const FloatMatrix U = coarse(60, 3, FloatDType::F32, rng, "u"), V = coarse(60, 3, FloatDType::F32, rng, "v");
  CertifiedOptions opt;
  opt.tile = 16;
  const CertifiedPlan plan = certified_prepare(U, V, opt);
  RetrievalOptions q;
  q.recall_k = {1, 3};
  const RetrievalPartial p = merged(plan, parts_of(plan, 4, q), q, 0);
  CHECK(p.cap == 3);
  CHECK(*std::max_element(p.row_reach.begin(), p.row_reach.end()) == 3);  // saturated (coarse data ties a lot)
  for (std::size_t k = 0; k < 60; ++k) CHECK(p.row_above[k] <= p.row_reach[k]);
  // the same k = 1, 3 answers as with a cap far above every count
  RetrievalOptions wide = q;
  wide.recall_k.push_back(1000);
  RetrievalReport a = certified_retrieval_finish(plan, q, p), b = certified_retrieval(plan, wide);
  b.u2v.pop_back(), b.v2u.pop_back();
  CHECK(key(a) == key(b));
  // points on a circle, each its own nearest: no negative reaches a positive, no count travels
  auto circle = [](std::size_t n) {
    FloatMatrix m(n, 2, FloatDType::F32, "c");
    for (std::size_t i = 0; i < n; ++i) m.set(i, 0, std::cos(6.283185307 * double(i) / double(n))),
                                          m.set(i, 1, std::sin(6.283185307 * double(i) / double(n)));
    return m;
  };
  RetrievalOptions h = q;
  h.hardest = 4;
  std::vector<std::size_t> sizes;
  for (std::size_t n : {64, 256}) {
    const FloatMatrix c = circle(n);
    const CertifiedPlan cp = certified_prepare(c, c, CertifiedOptions{});
    const RetrievalPartial part = merged(cp, parts_of(cp, 1, h), h, 0);
    CHECK(*std::max_element(part.row_reach.begin(), part.row_reach.end()) == 0);
    sizes.push_back(encode(part).size());
  }
  CHECK(sizes[0] == sizes[1]);
}

TEST_CASE("1570: the stop hook cancels a retrieval block, and bad blocks and k are refused", "[quick][verify]") {
  std::mt19937_64 rng(1570);
  const FloatMatrix U = coarse(40, 3, FloatDType::F32, rng, "u"), V = coarse(40, 3, FloatDType::F32, rng, "v");
  CertifiedOptions opt;
  opt.tile = 16;
  opt.stop = [] { return true; };
  const CertifiedPlan plan = certified_prepare(U, V, opt);
  const CertifiedTileGrid g = certified_tile_grid(plan);
  const PairBlock whole{0, g.grid_rows, 0, g.grid_cols, 0};
  CHECK_THROWS_WITH(certified_retrieval_block(plan, whole, full_options(false)), Contains("stopped by the caller"));
  const PairBlock beyond{0, g.grid_rows + 1, 0, 1, 0};
  CHECK_THROWS_WITH(certified_retrieval_block(plan, beyond, full_options(false)), Contains("is beyond the"));
  RetrievalOptions bad;
  bad.recall_k = {0};
  CHECK_THROWS_WITH(certified_retrieval_block(plan, whole, bad), Contains("k must be at least 1"));
  const CertifiedPlan rows = certified_prepare_rows(source_of(U), source_of(V), CertifiedOptions{});
  CHECK_THROWS_WITH(certified_retrieval_block(rows, beyond, full_options(false)), Contains("is beyond the"));
}

TEST_CASE("1571: retrieval blocks over the float32 panels' 240 x 512 tiles, ties across blocks, P = 1..6",
          "[standard][verify]") {
  std::mt19937_64 rng(1571);
  const FloatMatrix U = coarse(500, 3, FloatDType::F32, rng, "u"), V = coarse(1100, 3, FloatDType::F32, rng, "v");
  CertifiedOptions opt;
  opt.threads = 2;
  opt.labels = many_to_one(500, 1100);
  const CertifiedRowSource su = source_of(U), sv = source_of(V);
  const CertifiedPlan rows = certified_prepare_rows(su, sv, opt), held = certified_prepare(U, V, opt);
  REQUIRE(certified_tile_grid(held).grid_rows >= 3);
  REQUIRE(certified_tile_grid(held).grid_cols >= 2);
  check_parts(rows, held, full_options(true));
}
