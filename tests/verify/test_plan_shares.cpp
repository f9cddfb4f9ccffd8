// The certified plan's row quantities shared out (certified_share.hpp), as constel-mpi computes them:
// P = 1..4 shares of the rows, encoded, decoded and merged, give the plan certified_prepare_rows builds
// (the same report and JSON, block by block) on ties, labels with empty classes, normalize, float16,
// float64 data, the float64 kernel on float32 data, N not divisible by P and N < P; the failure
// thrown is the one certified_prepare_rows throws first, wherever the bad rows lie among the shares;
// foreign, out-of-order and truncated shares are refused.
#include <catch2/catch.hpp>

#include <cmath>
#include <limits>
#include <random>

#include "constel/error.hpp"
#include "constel/verify/block_partition.hpp"
#include "constel/verify/certified_json.hpp"
#include "constel/verify/certified_parts.hpp"
#include "constel/verify/certified_share.hpp"
#include "row_source_fixtures.hpp"

using namespace constel;
using Catch::Matchers::Contains;

namespace {

using test::by_blocks;
using test::coarse;
using test::report_json;
using test::source_of;

// P shares through their bytes, merged in order.
CertifiedPlanShare shares_of(const CertifiedRowSource& U, const CertifiedRowSource& V, const CertifiedOptions& opt,
                             std::size_t P) {
  CertifiedPlanShare all;
  for (std::size_t k = 0; k < P; ++k) {
    const CertifiedPlanShare s =
        certified_plan_share(U, V, opt, certified_share_rows(U.rows, k, P), certified_share_rows(V.rows, k, P));
    const CertifiedPlanShare back = decode_certified_plan_share(encode(s));
    REQUIRE(back == s);
    if (k == 0)
      all = back;
    else
      merge(all, back);
  }
  return all;
}

void check_shared_plan(const FloatMatrix& U, const FloatMatrix& V, const CertifiedOptions& opt) {
  const CertifiedRowSource su = source_of(U), sv = source_of(V);
  const CertifiedPlan rows = certified_prepare_rows(su, sv, opt);
  for (std::size_t P = 1; P <= 4; ++P) {
    INFO("P = " << P);
    const CertifiedPlan shared = certified_prepare_shared(su, sv, opt, shares_of(su, sv, opt, P));
    CHECK(shared.tiles() == rows.tiles());
    for (std::size_t B : {std::size_t(1), P}) {
      const CertifiedReport a = by_blocks(rows, B), b = by_blocks(shared, B);
      // on one thread the kernel's work is the same too; on two, exact_evaluations depends on the threads
      if (opt.threads == 1) CHECK(to_json(b, opt).dump() == to_json(a, opt).dump());
      CHECK(report_json(b, opt) == report_json(a, opt));
      CHECK(b.positives == a.positives);
      CHECK(b.norm_mean_deviation == a.norm_mean_deviation);
      CHECK(b.norm_max_where == a.norm_max_where);
      CHECK(b.unit_norm_exact == a.unit_norm_exact);
    }
  }
}

std::string message_of(const std::function<void()>& f) {
  try {
    f();
  } catch (const std::exception& e) {
    return e.what();
  }
  return "(nothing thrown)";
}

}  // namespace

TEST_CASE("1572: a plan from P = 1..4 merged shares equals the plan over row sources", "[standard][verify]") {
  std::mt19937_64 rng(1572);
  for (int variant = 0; variant < 8; ++variant) {
    INFO("variant " << variant);
    const FloatDType t = variant == 3 ? FloatDType::F16 : variant == 6 ? FloatDType::F64 : FloatDType::F32;
    const std::size_t nu = variant == 5 ? 3 : 71, nv = variant == 5 ? 3 : 53;  // 71, 53: not divisible by 2..4
    FloatMatrix U = coarse(nu, 5, t, rng, "u.npy"), V = coarse(nv, 5, t, rng, "v.npy");
    CertifiedOptions opt;
    opt.tile = 16;
    opt.threads = variant % 2 ? 2 : 1;
    if (variant != 5 && variant != 7) {  // many-to-one labels; V rows 45.. are no row's label
      std::vector<std::int64_t> labels(nu);
      for (std::size_t i = 0; i < nu; ++i) labels[i] = std::int64_t(i % 45);
      opt.labels = labels;
    }
    if (variant == 7) {  // pairs, exactly unit rows (the exact-unit test runs on every row)
      U = FloatMatrix(60, 4, FloatDType::F32, "u.npy"), V = FloatMatrix(60, 4, FloatDType::F32, "v.npy");
      for (std::size_t i = 0; i < 60; ++i) U.set(i, i % 4, 1.0), V.set(i, (i + i / 4) % 4, 1.0);
    }
    opt.normalize = variant == 1 || variant == 3;
    opt.force_float64_kernel = variant == 2;
    opt.float32_blas_tiles = variant == 4;
    if (!opt.normalize) opt.m = Rational(1, 8), opt.b = Rational(1, 4);
    check_shared_plan(U, V, opt);
  }
}

TEST_CASE("1573: a shared plan throws the failure the plan over row sources throws first", "[quick][verify]") {
  std::mt19937_64 rng(1573);
  const double nan = std::numeric_limits<double>::quiet_NaN();
  struct Case {
    const char* what;
    std::vector<std::pair<std::size_t, std::size_t>> bad_u, bad_v;  // (row, column)
    double value;
    FloatDType type;
    bool normalize;
  };
  const Case cases[] = {
      {"NaN in U's last share and V's first", {{37, 2}}, {{1, 0}}, nan, FloatDType::F32, false},
      {"NaN in two shares of U", {{33, 1}, {12, 3}}, {}, nan, FloatDType::F32, false},
      {"NaN in V only, last row", {}, {{39, 4}}, nan, FloatDType::F32, false},
      {"infinity in U", {{25, 0}}, {}, std::numeric_limits<double>::infinity(), FloatDType::F64, false},
      {"outside the float64 kernel's range, in two shares",
       {{30, 1}, {11, 2}},
       {{0, 0}},
       1e-200,
       FloatDType::F64,
       false},
      {"a zero row with normalize, in U's third share and V's first", {{22, -1}}, {{3, -1}}, 0, FloatDType::F32, true},
  };
  for (const Case& c : cases) {
    INFO(c.what);
    FloatMatrix U = coarse(40, 5, c.type, rng, "u.npy"), V = coarse(40, 5, c.type, rng, "v.npy");
    auto spoil = [&](FloatMatrix& M, const std::vector<std::pair<std::size_t, std::size_t>>& at) {
      for (auto [i, j] : at)
        for (std::size_t k = 0; k < 5; ++k)
          if (int(j) == -1 || k == j) M.set(i, k, c.value);
    };
    spoil(U, c.bad_u), spoil(V, c.bad_v);
    CertifiedOptions opt;
    opt.tile = 16;
    opt.normalize = c.normalize;
    const CertifiedRowSource su = source_of(U), sv = source_of(V);
    const std::string expect = message_of([&] { certified_prepare_rows(su, sv, opt); });
    REQUIRE(expect != "(nothing thrown)");
    for (std::size_t P = 1; P <= 4; ++P) {
      INFO("P = " << P);
      CHECK(message_of([&] { certified_prepare_shared(su, sv, opt, shares_of(su, sv, opt, P)); }) == expect);
    }
  }
}

TEST_CASE("1574: foreign, out-of-order, incomplete and truncated plan shares are refused", "[quick][verify]") {
  std::mt19937_64 rng(1574);
  const FloatMatrix U = coarse(20, 3, FloatDType::F32, rng, "u"), V = coarse(20, 3, FloatDType::F32, rng, "v");
  const FloatMatrix W = coarse(21, 3, FloatDType::F32, rng, "w");
  const CertifiedOptions opt;
  const CertifiedRowSource su = source_of(U), sv = source_of(V), sw = source_of(W);
  const CertifiedPlanShare a = certified_plan_share(su, sv, opt, {0, 10}, {0, 10});
  const CertifiedPlanShare b = certified_plan_share(su, sv, opt, {10, 20}, {10, 20});
  CertifiedPlanShare x = b;
  CHECK_THROWS_WITH(merge(x, a), Contains("row order"));
  CertifiedPlanShare y = a;
  CHECK_THROWS_WITH(merge(y, certified_plan_share(sw, sw, opt, {10, 21}, {10, 21})), Contains("different inputs"));
  CHECK_THROWS_WITH(certified_prepare_shared(su, sv, opt, a), Contains("does not cover"));
  CertifiedOptions normalized;
  normalized.normalize = true;
  CertifiedPlanShare z = a;
  merge(z, b);
  CHECK_THROWS_WITH(certified_prepare_shared(su, sv, normalized, z), Contains("does not cover"));
  CHECK_NOTHROW(certified_prepare_shared(su, sv, opt, z));
  const std::string bytes = encode(z);
  CHECK_THROWS_AS(decode_certified_plan_share(bytes.substr(0, bytes.size() - 1)), InputError);
  CHECK_THROWS_AS(decode_certified_plan_share(bytes + "x"), InputError);
  CHECK_THROWS_WITH(certified_plan_share(su, sv, opt, {5, 21}, {0, 1}), Contains("rows 5..21"));
  CHECK(certified_share_rows(3, 3, 4) == std::pair<std::size_t, std::size_t>(2, 3));
  CHECK(certified_share_rows(3, 0, 4) == std::pair<std::size_t, std::size_t>(0, 0));
}
