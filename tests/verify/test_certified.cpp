// The certified verifier against an independent exact computation (rationals built from the stored
// floats, summed with GMP), on random files in both pairing modes and both kernels, a near-tie that
// float32 products get wrong, exact ties, the candidate-overflow path, --normalize intervals, the
// float statistics, and every bad input.
#include <catch2/catch.hpp>
#include <cmath>
#include <random>

#include "constel/error.hpp"
#include "constel/io/embedding_file.hpp"
#include "constel/verify/certified.hpp"
#include "support.hpp"

using namespace constel;
using Catch::Matchers::Contains;

namespace {

std::string fixture(const std::string& name) { return std::string(CONSTEL_TEST_DATA) + "/embeddings/" + name; }

FloatMatrix random_matrix(std::size_t n, std::size_t d, std::mt19937& rng, bool coarse = false) {
  FloatMatrix m(n, d, FloatDType::F32, "random");
  std::normal_distribution<float> g(0.0f, 1.0f);
  for (std::size_t i = 0; i < n; ++i)
    for (std::size_t k = 0; k < d; ++k) {
      float x = g(rng) / std::sqrt(float(d));
      if (coarse) x = std::round(x * 8) / 8;  // many exact ties
      m.f32()[i * d + k] = x;
    }
  return m;
}

// The reference: every inner product as an exact rational, straight from the definition.
struct Reference {
  std::vector<std::vector<Rational>> G;  // G[i][j] = <U_i, V_j>
  explicit Reference(const FloatMatrix& U, const FloatMatrix& V) : G(U.rows(), std::vector<Rational>(V.rows())) {
    std::vector<Rational> u(U.rows() * U.cols()), v(V.rows() * V.cols());
    for (std::size_t k = 0; k < u.size(); ++k) u[k] = from_double(U.value(k / U.cols(), k % U.cols()));
    for (std::size_t k = 0; k < v.size(); ++k) v[k] = from_double(V.value(k / V.cols(), k % V.cols()));
    for (std::size_t i = 0; i < U.rows(); ++i)
      for (std::size_t j = 0; j < V.rows(); ++j) {
        Rational s = 0;
        for (std::size_t k = 0; k < U.cols(); ++k) s += u[i * U.cols() + k] * v[j * U.cols() + k];
        G[i][j] = s;
      }
  }
};

void check_against_reference(const FloatMatrix& U, const FloatMatrix& V, const std::vector<std::size_t>& label,
                             const CertifiedReport& r, const Rational& m, const Rational& b) {
  Reference ref(U, V);
  const std::size_t nu = U.rows(), nv = V.rows();
  std::size_t amin = 0, ai = 0, aj = 0, vpos = 0, vneg = 0;
  bool have = false;
  for (std::size_t i = 0; i < nu; ++i) {
    if (ref.G[i][label[i]] < ref.G[amin][label[amin]]) amin = i;
    if (ref.G[i][label[i]] < b + m) ++vpos;
    for (std::size_t j = 0; j < nv; ++j) {
      if (j == label[i]) continue;
      if (ref.G[i][j] > b - m) ++vneg;
      if (!have || ref.G[i][j] > ref.G[ai][aj]) ai = i, aj = j, have = true;
    }
  }
  CHECK(r.min_diag.value == ref.G[amin][label[amin]]);
  CHECK(r.argmin_diag == amin);
  REQUIRE(r.has_offdiag == have);
  CHECK(r.max_offdiag.value == ref.G[ai][aj]);
  CHECK(r.argmax_i == ai);
  CHECK(r.argmax_j == aj);
  CHECK(r.margin.value == (ref.G[amin][label[amin]] - ref.G[ai][aj]) / 2);
  CHECK(r.violations_pos == vpos);
  CHECK(r.violations_neg == vneg);
  // recall@1 both ways, ties apart
  std::size_t rc = 0, rt = 0, cc = 0, ct = 0, ctot = 0;
  for (std::size_t i = 0; i < nu; ++i) {
    bool above = false, tie = false;
    for (std::size_t j = 0; j < nv; ++j)
      if (j != label[i]) above |= ref.G[i][j] > ref.G[i][label[i]], tie |= ref.G[i][j] == ref.G[i][label[i]];
    if (!above) (tie ? rt : rc)++;
  }
  for (std::size_t j = 0; j < nv; ++j) {
    bool any = false;
    Rational best;
    for (std::size_t i = 0; i < nu; ++i)
      if (label[i] == j && (!any || ref.G[i][j] > best)) best = ref.G[i][j], any = true;
    if (!any) continue;
    ++ctot;
    bool above = false, tie = false;
    for (std::size_t i = 0; i < nu; ++i)
      if (label[i] != j) above |= ref.G[i][j] > best, tie |= ref.G[i][j] == best;
    if (!above) (tie ? ct : cc)++;
  }
  CHECK(r.u2v_correct == rc);
  CHECK(r.u2v_ties == rt);
  CHECK(r.v2u_correct == cc);
  CHECK(r.v2u_ties == ct);
  CHECK(r.v2u_total == ctot);
}

}  // namespace

TEST_CASE("150: fixture pairs give the exact answer worked out by hand, in every dtype", "[quick][verify]") {
  // <U_2, V_2> = 9/16 + 1/16 + 1/4 - 1/64 = 55/64 is the smallest positive; <U_2, V_0> = 9/32 the
  // largest negative.
  for (auto [u, v] : {std::pair{"u_f4.npy", "v_f4.npy"}, std::pair{"u_f2_v3.npy", "v_f8_fortran_v2.npy"},
                      std::pair{"u.fvecs", "v.csv"}, std::pair{"u_f4_big.npy", "v_f4.npy"}}) {
    INFO(u << " " << v);
    CertifiedReport r = certified_verify(read_embedding_matrix(fixture(u)), read_embedding_matrix(fixture(v)), {});
    CHECK(r.min_diag.value == Rational(55, 64));
    CHECK(r.argmin_diag == 2);
    CHECK(r.max_offdiag.value == Rational(9, 32));
    CHECK(r.argmax_i == 2);
    CHECK(r.argmax_j == 0);
    CHECK(r.margin.value == Rational(37, 128));
    CHECK(r.relative_bias.value == Rational(73, 128));
    CHECK(r.u2v_correct == 3);
    CHECK(r.v2u_correct == 3);
    CHECK_FALSE(r.unit_norm_exact);
  }
  CertifiedReport mixed = certified_verify(read_embedding_matrix(fixture("u_f4.npy")),
                                           read_embedding_matrix(fixture("v_f8_fortran_v2.npy")), {});
  CHECK(mixed.kernel.rfind("float64 dgemm", 0) == 0);
  CertifiedReport single = certified_verify(read_embedding_matrix(fixture("u_f4.npy")),
                                            read_embedding_matrix(fixture("pairs.safetensors"), "text"), {});
  CHECK(single.kernel.rfind("float32 ", 0) == 0);
  CHECK(single.kernel.find(" panels") != std::string::npos);
  CHECK(single.dtype_v == "bfloat16");
  CHECK(single.max_offdiag.value == Rational(9, 32));
}

TEST_CASE("151: random files agree with an exact rational computation (pairs, every kernel)", "[standard][verify]") {
  for (unsigned seed = 1; seed <= 3 * test::test_multiplier(); ++seed) {
    std::mt19937 rng(seed);
    const bool coarse = seed % 3 == 0;
    FloatMatrix U = random_matrix(37, 19, rng, coarse), V = random_matrix(37, 19, rng, coarse);
    std::vector<std::size_t> label(37);
    for (std::size_t i = 0; i < 37; ++i) label[i] = i;
    for (int kernel : {0, 1, 2}) {  // packed panels, one sgemm per tile, float64
      INFO("seed " << seed << " kernel " << kernel);
      CertifiedOptions opt;
      opt.m = Rational(1, 100), opt.b = Rational(-1, 50);
      opt.tile = 8, opt.threads = 2, opt.float32_blas_tiles = kernel == 1, opt.force_float64_kernel = kernel == 2;
      CertifiedReport r = certified_verify(U, V, opt);
      check_against_reference(U, V, label, r, *opt.m, *opt.b);
    }
  }
}

TEST_CASE("152: random many-to-one labels agree with an exact rational computation", "[standard][verify]") {
  std::mt19937 rng(7);
  FloatMatrix U = random_matrix(60, 16, rng, true), V = random_matrix(9, 16, rng, true);
  std::vector<std::int64_t> labels(60);
  std::vector<std::size_t> label(60);
  for (std::size_t i = 0; i < 60; ++i) labels[i] = std::int64_t(label[i] = (i * 7) % 8);  // V row 8 has no positive
  for (bool blas : {false, true}) {
    INFO("one sgemm per tile " << blas);
    CertifiedOptions opt;
    opt.labels = labels;
    opt.m = Rational(0), opt.b = Rational(0);
    opt.tile = 5, opt.threads = 3, opt.float32_blas_tiles = blas;
    CertifiedReport r = certified_verify(U, V, opt);
    CHECK(r.labels_mode);
    CHECK(r.v2u_total == 8);
    check_against_reference(U, V, label, r, 0, 0);
  }
}

TEST_CASE("153: a near-tie that float32 products get wrong is resolved exactly", "[quick][verify]") {
  // <U_0, V_1> = 1 + 2^-40 and <U_1, V_0> = 1 + 2^-30: both round to 1 in float32, so a float argmax
  // scanning row by row reports (0, 1); the true maximum is at (1, 0). Positives are 1 + 2^-35.
  FloatMatrix U(2, 2, FloatDType::F32, "U"), V(2, 2, FloatDType::F32, "V");
  const float a = 0x1p-20f, c = 0x1p-15f;
  U.f32()[0] = 1, U.f32()[1] = a, U.f32()[2] = 1, U.f32()[3] = c;
  V.f32()[0] = 1, V.f32()[1] = 0x1p-20f * 0x1p5f, V.f32()[2] = 1, V.f32()[3] = a;
  // V_0 = (1, 2^-15): <U_1, V_0> = 1 + 2^-30, <U_0, V_0> = 1 + 2^-35; V_1 = (1, 2^-20): <U_0, V_1> = 1 + 2^-40
  volatile float s01 = 1.0f * 1.0f + a * a, s10 = 1.0f * 1.0f + c * 0x1p-15f;
  REQUIRE(s01 == s10);  // float32 cannot tell them apart
  CertifiedReport r = certified_verify(U, V, {});
  CHECK(r.max_offdiag.value == 1 + Rational(1, Integer(1) << 30));
  CHECK(r.argmax_i == 1);
  CHECK(r.argmax_j == 0);
  CHECK(r.min_diag.value == 1 + Rational(1, Integer(1) << 35));
  CHECK(r.margin.value == (Rational(1, Integer(1) << 35) - Rational(1, Integer(1) << 30)) / 2);
  CHECK(r.u2v_correct == 1);  // row 0: 1 + 2^-35 > 1 + 2^-40; row 1: 1 + 2^-35 < 1 + 2^-30
  CHECK(r.u2v_ties == 0);
  CHECK(r.v2u_correct == 1);  // column 0: U_1 beats U_0; column 1: U_1 (1 + 2^-35) beats U_0 (1 + 2^-40)
  CHECK(r.exact_evaluations > 4);
}

TEST_CASE("154: exact ties count as ties and the witness is the first in row-major order", "[quick][verify]") {
  FloatMatrix U(3, 2, FloatDType::F32, "U"), V(3, 2, FloatDType::F32, "V");
  const float u[6] = {1, 0, 1, 0, 0, 1}, v[6] = {1, 0, 1, 0, 1, 0};
  std::copy(u, u + 6, U.f32()), std::copy(v, v + 6, V.f32());
  CertifiedReport r = certified_verify(U, V, {});
  CHECK(r.max_offdiag.value == 1);
  CHECK(r.argmax_i == 0);
  CHECK(r.argmax_j == 1);
  CHECK(r.u2v_correct == 0);
  CHECK(r.u2v_ties == 3);  // rows 0 and 1 tie at 1; row 2 has positive 0 and negatives 0
  CHECK(r.u2v_total == 3);
  CHECK(r.unit_norm_exact);
  CHECK(r.norm_max_deviation == 0);
}

TEST_CASE("155: a candidate list longer than the bound is resolved exactly on the way", "[standard][verify]") {
  FloatMatrix U(300, 3, FloatDType::F32, "U"), V(300, 3, FloatDType::F32, "V");
  for (std::size_t i = 0; i < 300; ++i)
    for (std::size_t k = 0; k < 3; ++k) U.f32()[i * 3 + k] = V.f32()[i * 3 + k] = 0.5f;
  V.f32()[299 * 3 + 2] = 0.625f;  // the largest negatives are (i, 299), i < 299
  CertifiedOptions opt;
  opt.threads = 1;
  CertifiedReport r = certified_verify(U, V, opt);
  CHECK(r.max_offdiag.value == Rational(13, 16));
  CHECK(r.argmax_i == 0);
  CHECK(r.argmax_j == 299);
  CHECK(r.min_diag.value == Rational(3, 4));
  CHECK(r.u2v_correct == 1);  // rows i < 299 have (i, 299) above their 3/4; row 299's positive is 13/16
  CHECK(r.u2v_ties == 0);
  CHECK(r.exact_evaluations > 65536);
}

TEST_CASE("156: --normalize gives certified intervals around the cosines and exact witnesses", "[quick][verify]") {
  std::mt19937 rng(11);
  FloatMatrix U = random_matrix(20, 7, rng), V = random_matrix(20, 7, rng);
  CertifiedOptions opt;
  opt.normalize = true;
  opt.tile = 6;
  CertifiedReport r = certified_verify(U, V, opt);
  // reference cosines in long double (ample for telling entries apart here) and exact squares
  auto cosine = [&](std::size_t i, std::size_t j) {
    long double s = 0, a = 0, b = 0;
    for (std::size_t k = 0; k < 7; ++k)
      s += (long double)U.value(i, k) * V.value(j, k), a += (long double)U.value(i, k) * U.value(i, k),
          b += (long double)V.value(j, k) * V.value(j, k);
    return s / std::sqrt(a * b);
  };
  std::size_t ai = 0, aj = 1, amin = 0;
  for (std::size_t i = 0; i < 20; ++i) {
    if (cosine(i, i) < cosine(amin, amin)) amin = i;
    for (std::size_t j = 0; j < 20; ++j)
      if (i != j && cosine(i, j) > cosine(ai, aj)) ai = i, aj = j;
  }
  CHECK_FALSE(r.min_diag.exact);
  CHECK(r.argmin_diag == amin);
  CHECK(r.argmax_i == ai);
  CHECK(r.argmax_j == aj);
  CHECK(r.min_diag.lo <= cosine(amin, amin));
  CHECK(cosine(amin, amin) <= r.min_diag.hi);
  CHECK(r.max_offdiag.lo <= cosine(ai, aj));
  CHECK(cosine(ai, aj) <= r.max_offdiag.hi);
  CHECK(r.max_offdiag.hi - r.max_offdiag.lo < 1e-15);
  CHECK(r.margin.lo <= r.margin.hi);
  CHECK(r.norm_max_deviation > 0);  // the stored vectors are not unit: reported, never changed
}

TEST_CASE("157: values outside the float32 kernel's safe range go through the exact float64 kernel", "[quick][verify]") {
  // U = ((1, 2^-60), (1, 0)), V = ((0, 1), (1, 2^-60)): <U_0, V_1> = 1 + 2^-120, beyond float32 products
  FloatMatrix U(2, 2, FloatDType::F32, "U"), V(2, 2, FloatDType::F32, "V");
  const float u[4] = {1, 0x1p-60f, 1, 0}, v[4] = {0, 1, 1, 0x1p-60f};
  std::copy(u, u + 4, U.f32()), std::copy(v, v + 4, V.f32());
  CertifiedReport r = certified_verify(U, V, {});
  CHECK(r.kernel.rfind("float64 dgemm", 0) == 0);
  CHECK(r.max_offdiag.value == 1 + Rational(1, Integer(1) << 120));
  CHECK(r.argmax_i == 0);
  CHECK(r.argmax_j == 1);
  CHECK(r.min_diag.value == Rational(1, Integer(1) << 60));
  CHECK(r.argmin_diag == 0);
}

TEST_CASE("158: float statistics match a direct double computation", "[quick][verify]") {
  std::mt19937 rng(5);
  FloatMatrix U = random_matrix(50, 8, rng), V = random_matrix(50, 8, rng);
  CertifiedReport r = certified_verify(U, V, {});
  std::vector<double> pos, neg;
  double xi_sq = 0, xm[8] = {};
  for (std::size_t i = 0; i < 50; ++i) {
    for (std::size_t j = 0; j < 50; ++j) {
      double s = 0;
      for (std::size_t k = 0; k < 8; ++k) s += U.value(i, k) * V.value(j, k);
      (i == j ? pos : neg).push_back(s);
    }
    for (std::size_t k = 0; k < 8; ++k) {
      double x = U.value(i, k) - V.value(i, k);
      xi_sq += x * x, xm[k] += x / 50;
    }
  }
  double mp = 0, mn = 0, m2 = 0;
  for (double x : pos) mp += x / 50;
  for (double x : neg) mn += x / double(neg.size());
  for (double x : xm) m2 += x * x;
  std::sort(pos.begin(), pos.end()), std::sort(neg.begin(), neg.end());
  auto pct = [](const std::vector<double>& a, double q) {
    double h = (a.size() - 1) * q;
    std::size_t l = std::size_t(h);
    return a[l] + (h - l) * (a[l + 1] - a[l]);
  };
  CHECK(r.mean_pos == Approx(mp).margin(1e-12));
  CHECK(r.mean_neg == Approx(mn).margin(1e-12));
  CHECK(r.p5_pos == Approx(pct(pos, 0.05)).margin(1e-12));
  CHECK(std::fabs(r.p95_neg - pct(neg, 0.95)) <= 2 * r.p95_neg_resolution);
  CHECK(r.xi == Approx(xi_sq / 50 - m2).margin(1e-12));
  CHECK(r.negatives == 50 * 49);
}

TEST_CASE("159: bad inputs: mismatched d, unpaired counts, bad labels, zero rows, m without b", "[quick][verify]") {
  std::mt19937 rng(3);
  FloatMatrix U = random_matrix(4, 3, rng), V = random_matrix(4, 5, rng), W = random_matrix(6, 3, rng);
  REQUIRE_THROWS_WITH(certified_verify(U, V, {}), Contains("U has d = 3 columns but V has d = 5"));
  REQUIRE_THROWS_WITH(certified_verify(U, W, {}), Contains("U has 4 rows and V has 6: pairs need equal counts"));
  CertifiedOptions opt;
  opt.labels = std::vector<std::int64_t>{0, 1, 2};
  REQUIRE_THROWS_WITH(certified_verify(U, W, opt), Contains("labels: 3 labels for 4 rows of U"));
  opt.labels = std::vector<std::int64_t>{0, 1, 6, 2};
  REQUIRE_THROWS_WITH(certified_verify(U, W, opt), Contains("labels: entry 2 is 6, out of range 0..5 (V has 6 rows)"));
  opt.labels = std::vector<std::int64_t>{0, -1, 0, 2};
  REQUIRE_THROWS_WITH(certified_verify(U, W, opt), Contains("labels: entry 1 is -1, out of range"));
  CertifiedOptions mb;
  mb.m = Rational(1, 10);
  REQUIRE_THROWS_WITH(certified_verify(U, U, mb), Catch::Equals("the target margin m and relative bias b go together: give both or neither"));
  FloatMatrix Z(4, 3, FloatDType::F32, "Z");
  CertifiedOptions norm;
  norm.normalize = true;
  REQUIRE_THROWS_WITH(certified_verify(U, Z, norm), Contains("cannot normalize: V row 0 is zero"));
  FloatMatrix E(0, 3, FloatDType::F32, "E");
  REQUIRE_THROWS_WITH(certified_verify(E, E, {}), Contains("E: empty array"));
  FloatMatrix H(4, 3, FloatDType::F64, "H");
  H.f64()[5] = 1e300;
  REQUIRE_THROWS_AS(certified_verify(H, H, {}), LimitError);
}
