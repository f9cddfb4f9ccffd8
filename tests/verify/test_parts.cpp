// The verifiers' prepare / process a part / merge / finish split: any cut of the tile grid into parts
// (one, many, uneven), merged in any order and grouping, gives exactly the report of the one-call
// verifier on inputs full of exact ties across parts; partials round-trip through their bytes; bad
// merges, incomplete partials and foreign bytes are refused with a message; the stop hook cancels.
#include <catch2/catch.hpp>
#include <algorithm>
#include <random>

#include "constel/blas_threads.hpp"
#include "constel/error.hpp"
#include "constel/verify/certified_parts.hpp"
#include "constel/verify/exact_parts.hpp"

using namespace constel;
using Catch::Matchers::Contains;

namespace {

// Coarse entries in {-1, -1/2, 0, 1/2, 1}: many exactly equal inner products in different tiles.
Configuration tied_config(std::mt19937_64& rng, std::size_t N, std::size_t d, std::size_t k) {
  Configuration c(N, d, k);
  std::uniform_int_distribution<int> num(-2, 2);
  for (std::size_t a = 0; a < k; ++a)
    for (auto& x : c.modality(a)) x = Rational(num(rng), 2);
  return c;
}

// Random cut points: parts of uneven sizes, some empty.
std::vector<std::pair<std::uint64_t, std::uint64_t>> random_parts(std::uint64_t tiles, std::size_t cuts,
                                                                 std::mt19937_64& rng) {
  std::vector<std::uint64_t> at{0, tiles};
  std::uniform_int_distribution<std::uint64_t> pick(0, tiles);
  for (std::size_t c = 0; c < cuts; ++c) at.push_back(pick(rng));
  std::sort(at.begin(), at.end());
  std::vector<std::pair<std::uint64_t, std::uint64_t>> parts;
  for (std::size_t p = 0; p + 1 < at.size(); ++p) parts.push_back({at[p], at[p + 1]});
  return parts;
}

// Merges the partials in a random order and a random grouping (a random binary tree).
template <class P>
P merge_randomly(std::vector<P> parts, std::mt19937_64& rng) {
  std::shuffle(parts.begin(), parts.end(), rng);
  while (parts.size() > 1) {
    std::uniform_int_distribution<std::size_t> pick(0, parts.size() - 2);
    const std::size_t k = pick(rng);
    merge(parts[k], parts[k + 1]);
    parts.erase(parts.begin() + std::ptrdiff_t(k) + 1);
  }
  return parts[0];
}

void check_same(const ExactReport& a, const ExactReport& b) {
  REQUIRE(a.pairs.size() == b.pairs.size());
  for (std::size_t q = 0; q < a.pairs.size(); ++q) {
    const PairExtremes &x = a.pairs[q], &y = b.pairs[q];
    CHECK(x.min_diag == y.min_diag);
    CHECK(x.argmin_diag == y.argmin_diag);
    CHECK(x.max_offdiag == y.max_offdiag);
    CHECK(x.argmax_i == y.argmax_i);
    CHECK(x.argmax_j == y.argmax_j);
    CHECK(x.violations_pos == y.violations_pos);
    CHECK(x.violations_neg == y.violations_neg);
  }
  CHECK(a.arithmetic == b.arithmetic);
  CHECK(a.unit_norm == b.unit_norm);
  CHECK(a.non_unit_rows == b.non_unit_rows);
  CHECK(a.min_diag == b.min_diag);
  CHECK(a.worst_diag_pair == b.worst_diag_pair);
  CHECK(a.max_offdiag == b.max_offdiag);
  CHECK(a.worst_offdiag_pair == b.worst_offdiag_pair);
  CHECK(a.margin == b.margin);
  CHECK(a.is_constellation == b.is_constellation);
  CHECK(a.violations_pos == b.violations_pos);
  CHECK(a.violations_neg == b.violations_neg);
}

// Everything but exact_evaluations (a work count that depends on the split).
void check_same(const CertifiedReport& a, const CertifiedReport& b) {
  CHECK(a.kernel == b.kernel);
  CHECK(a.min_diag.value == b.min_diag.value);
  CHECK(a.min_diag.lo == b.min_diag.lo);
  CHECK(a.min_diag.hi == b.min_diag.hi);
  CHECK(a.argmin_diag == b.argmin_diag);
  REQUIRE(a.has_offdiag == b.has_offdiag);
  CHECK(a.max_offdiag.value == b.max_offdiag.value);
  CHECK(a.max_offdiag.lo == b.max_offdiag.lo);
  CHECK(a.max_offdiag.hi == b.max_offdiag.hi);
  CHECK(a.margin.value == b.margin.value);
  CHECK(a.margin.lo == b.margin.lo);
  CHECK(a.argmax_i == b.argmax_i);
  CHECK(a.argmax_j == b.argmax_j);
  CHECK(a.u2v_correct == b.u2v_correct);
  CHECK(a.u2v_ties == b.u2v_ties);
  CHECK(a.v2u_correct == b.v2u_correct);
  CHECK(a.v2u_ties == b.v2u_ties);
  CHECK(a.v2u_total == b.v2u_total);
  CHECK(a.is_constellation == b.is_constellation);
  CHECK(a.violations_pos == b.violations_pos);
  CHECK(a.violations_neg == b.violations_neg);
  CHECK(a.negatives == b.negatives);
  CHECK(a.neg_hist == b.neg_hist);
  CHECK(a.p95_neg == b.p95_neg);
  CHECK(a.mean_neg == b.mean_neg);
  CHECK(a.positives == b.positives);
}

FloatMatrix coarse_matrix(std::size_t n, std::size_t d, std::mt19937_64& rng) {
  FloatMatrix m(n, d, FloatDType::F32, "coarse");
  std::uniform_int_distribution<int> q(0, 3);  // +-1/4, +-1/2: no zero row, many exact ties
  const float values[4] = {-0.5f, -0.25f, 0.25f, 0.5f};
  for (std::size_t k = 0; k < n * d; ++k) m.f32()[k] = values[q(rng)];
  return m;
}

}  // namespace

TEST_CASE("850: exact parts, any split and merge order, give the one-call report, every arithmetic",
          "[standard][verify]") {
  std::mt19937_64 rng(850);
  const Configuration c = tied_config(rng, 520, 4, 3);  // 3 x 3 tiles (the last ones thin) per pair
  for (ExactArithmetic arith : {ExactArithmetic::Double, ExactArithmetic::Int128, ExactArithmetic::Gmp}) {
    ExactVerifyOptions opt;
    opt.arithmetic = arith;
    opt.m = Rational(1, 4), opt.b = Rational(1, 8);
    opt.threads = 2;
    const ExactReport whole = exact_verify(c, opt);
    const ExactPlan plan = exact_prepare(c, opt);
    REQUIRE(plan.tiles() == 27);
    // the maximum is tied across parts: several tiles of pair (0, 1) attain it
    std::size_t tiles_at_max = 0;
    for (std::uint64_t t = 0; t < 9; ++t) {
      const ExactPartial part = exact_process(plan, t, t + 1);
      const ExactPairPartial& p = part.pairs[0];
      if (p.has_off && Rational(p.max_off, part.C) == *whole.pairs[0].max_offdiag) ++tiles_at_max;
    }
    REQUIRE(tiles_at_max >= 2);
    for (std::size_t cuts : {0, 5, 40}) {
      std::vector<ExactPartial> parts;
      for (auto [a, b] : random_parts(plan.tiles(), cuts, rng)) parts.push_back(exact_process(plan, a, b));
      check_same(exact_finish(plan, merge_randomly(parts, rng)), whole);
    }
    if (arith != ExactArithmetic::Double) continue;
    // one tile per part, and the empty partial as identity
    std::vector<ExactPartial> single;
    for (std::uint64_t t = 0; t < plan.tiles(); ++t) single.push_back(exact_process(plan, t, t + 1));
    single.push_back(exact_empty_partial(plan));
    check_same(exact_finish(plan, merge_randomly(single, rng)), whole);
  }
}

TEST_CASE("851: exact partials round-trip through their bytes and bad bytes are refused", "[quick][verify]") {
  std::mt19937_64 rng(851);
  const Configuration c = tied_config(rng, 300, 3, 2);
  ExactVerifyOptions opt;
  opt.m = Rational(1, 4), opt.b = Rational(0);
  const ExactPlan plan = exact_prepare(c, opt);
  const ExactPartial p = exact_process(plan, 1, 3);
  const std::string bytes = encode(p);
  const ExactPartial back = decode_exact_partial(bytes);
  CHECK(back == p);
  CHECK(encode(back) == bytes);
  CHECK(back.covered.ranges() == std::vector<std::pair<std::uint64_t, std::uint64_t>>{{1, 3}});
  CHECK_THROWS_WITH(decode_exact_partial(bytes.substr(0, bytes.size() - 3)), Contains("exact partial: truncated"));
  CHECK_THROWS_WITH(decode_exact_partial(bytes + "x"), Contains("1 trailing bytes"));
  CHECK_THROWS_WITH(decode_exact_partial("constel certified partial 1\n"), Contains("not an encoded partial"));
}

TEST_CASE("852: merging a part twice, foreign plans and incomplete partials are refused", "[quick][verify]") {
  std::mt19937_64 rng(852);
  const Configuration c = tied_config(rng, 300, 3, 2), other = tied_config(rng, 200, 3, 2);
  const ExactPlan plan = exact_prepare(c), plan2 = exact_prepare(other);
  ExactPartial a = exact_process(plan, 0, 2);
  const ExactPartial b = exact_process(plan, 1, 4);
  CHECK_THROWS_WITH(merge(a, b), Contains("tile 1 is in both partials"));
  CHECK_THROWS_WITH(merge(a, exact_process(plan2, 0, 1)), Contains("different plans"));
  CHECK_THROWS_WITH(exact_finish(plan, exact_process(plan, 0, 3)), Contains("covers 3 of the 4 tiles"));
  CHECK_THROWS_WITH(exact_process(plan, 0, 5), Contains("beyond the 4 tiles"));
  CHECK_THROWS_AS(exact_process(plan, 3, 2), InputError);
}

TEST_CASE("853: certified parts, any split and merge order, give the one-call report", "[standard][verify]") {
  std::mt19937_64 rng(853);
  const FloatMatrix U = coarse_matrix(70, 3, rng), V = coarse_matrix(50, 3, rng);
  std::vector<std::int64_t> labels(70);
  for (std::size_t i = 0; i < 70; ++i) labels[i] = std::int64_t(i % 50);
  for (int variant = 0; variant < 4; ++variant) {
    CertifiedOptions opt;
    opt.labels = labels;
    opt.tile = 16;  // BLAS tiles 16 x 16, panel tiles 18 x 16: many tiles
    opt.threads = 2;
    opt.normalize = variant == 1;
    opt.force_float64_kernel = variant == 2;
    opt.float32_blas_tiles = variant == 3;
    if (variant != 1) opt.m = Rational(1, 8), opt.b = Rational(1, 4);
    const CertifiedReport whole = certified_verify(U, V, opt);
    REQUIRE(whole.u2v_ties + whole.v2u_ties > 0);  // ties are there to be counted
    const CertifiedPlan plan = certified_prepare(U, V, opt);
    REQUIRE(plan.tiles() >= 12);
    for (std::size_t cuts : {0, 2, 7, 30}) {
      std::vector<CertifiedPartial> parts;
      for (auto [a, b] : random_parts(plan.tiles(), cuts, rng)) parts.push_back(certified_process(plan, a, b));
      check_same(certified_finish(plan, merge_randomly(parts, rng)), whole);
    }
  }
}

TEST_CASE("854: certified partials round-trip through their bytes and bad merges are refused", "[quick][verify]") {
  std::mt19937_64 rng(854);
  const FloatMatrix U = coarse_matrix(40, 4, rng), V = coarse_matrix(40, 4, rng);
  CertifiedOptions opt;
  opt.tile = 16;
  opt.normalize = true;
  const CertifiedPlan plan = certified_prepare(U, V, opt);
  const CertifiedPartial p = certified_process(plan, 1, 4);
  REQUIRE(p.has_max);
  CHECK(p.max_norm_u > 0);
  const std::string bytes = encode(p);
  CHECK(decode_certified_partial(bytes) == p);
  CHECK_THROWS_WITH(decode_certified_partial(bytes.substr(0, 100)), Contains("certified partial: truncated"));
  CHECK_THROWS_WITH(decode_certified_partial(encode(exact_empty_partial(exact_prepare(Configuration(2, 2, 2))))),
                    Contains("not an encoded partial"));
  CertifiedPartial q = p;
  CHECK_THROWS_WITH(merge(q, p), Contains("is in both partials"));
  opt.normalize = false;
  const CertifiedPlan plain = certified_prepare(U, V, opt);
  CHECK_THROWS_WITH(merge(q, certified_process(plain, 0, 1)), Contains("different plans"));
  CHECK_THROWS_WITH(certified_finish(plan, p), Contains("every part must be merged"));
}

TEST_CASE("855: the stop hook cancels both verifiers at a tile boundary", "[quick][verify]") {
  std::mt19937_64 rng(855);
  const Configuration c = tied_config(rng, 600, 3, 2);
  ExactVerifyOptions eo;
  int asked = 0;
  eo.threads = 1;
  eo.stop = [&] { return ++asked > 2; };
  CHECK_THROWS_AS(exact_verify(c, eo), Cancelled);
  CHECK(asked == 3);  // two tiles ran, the third was refused
  eo.stop = [] { return true; };
  CHECK_THROWS_WITH(exact_verify(c, eo), Contains("stopped by the caller"));
  const FloatMatrix U = coarse_matrix(64, 4, rng), V = coarse_matrix(64, 4, rng);
  CertifiedOptions co;
  co.tile = 16;
  co.threads = 2;
  co.stop = [] { return true; };
  CHECK_THROWS_WITH(certified_verify(U, V, co), Contains("certified verification stopped by the caller"));
  co.stop = [] { return false; };
  CHECK_NOTHROW(certified_verify(U, V, co));
}

TEST_CASE("856: tile sets join adjacent ranges and split_tiles cuts evenly", "[quick][verify]") {
  TileSet s(4, 6);
  s.merge(TileSet(0, 4));
  s.merge(TileSet());
  CHECK(s.ranges() == std::vector<std::pair<std::uint64_t, std::uint64_t>>{{0, 6}});
  CHECK(s.covers(6));
  CHECK_FALSE(s.covers(7));
  s.merge(TileSet(8, 9));
  CHECK(s.count() == 7);
  CHECK_FALSE(s.covers(9));
  CHECK_THROWS_WITH(s.merge(TileSet(5, 8)), Contains("tile 5 is in both partials"));
  const auto parts = split_tiles(10, 4);
  CHECK(parts == std::vector<std::pair<std::uint64_t, std::uint64_t>>{{0, 3}, {3, 6}, {6, 8}, {8, 10}});
  CHECK(split_tiles(2, 3)[2] == std::pair<std::uint64_t, std::uint64_t>{2, 2});
  CHECK_THROWS_WITH(split_tiles(5, 0), Contains("at least 1"));
}

TEST_CASE("857: the BLAS thread count is restored after a guard and after each verifier", "[quick][verify]") {
  const int before = blas_thread_count();
  set_blas_thread_count(2);
  const int two = blas_thread_count();  // 2 with OpenBLAS on a machine of 2 or more cores
  if (two == 1) WARN("OpenBLAS absent or capped at one thread: only the restoring is checked");
  {
    BlasThreadGuard outer(1);
    CHECK(blas_thread_count() == 1);
    { BlasThreadGuard inner(1); }
    CHECK(blas_thread_count() == 1);  // the outer guard still holds
  }
  CHECK(blas_thread_count() == two);
  std::mt19937_64 rng(857);
  const FloatMatrix U = coarse_matrix(40, 4, rng), V = coarse_matrix(40, 4, rng);
  CertifiedOptions co;
  co.float32_blas_tiles = true;
  certified_verify(U, V, co);
  CHECK(blas_thread_count() == two);
  exact_verify(tied_config(rng, 40, 3, 2));
  CHECK(blas_thread_count() == two);
  set_blas_thread_count(before);
}
