// The certified bfloat16 screen (lib/constel/verify/detail/bf16_screen.hpp, docs/math.md section 9.2):
// rounding to bfloat16 is to nearest even; every screen value lies within the derived bound of the
// exact product (cancelling rows, odd d, k blocks with remainders) and the bound is not vacuous; the
// certified answers with the screen on are those with it off, for every float32 kernel the processor
// runs, on the adversarial cases (every entry a near-tie, exact ties, cancellation, labels, targets,
// normalize); statistics keep their arithmetic and say which; tiles where the screen decides too
// little fall back; the report, the CLI and the options name and force the path. Where the processor
// lacks AVX512_BF16 the screen is refused when asked for and the default runs without it.
#include <catch2/catch.hpp>
#include <cmath>
#include <nlohmann/json.hpp>
#include <random>
#include <string>
#include <vector>

#include "constel/error.hpp"
#include "constel/io/embedding_file.hpp"
#include "constel/verify/certified.hpp"
#include "constel/verify/detail/bf16_screen.hpp"
#include "constel/verify/detail/panel_kernel.hpp"
#include "support.hpp"

using namespace constel;
using namespace constel::detail;
using Catch::Matchers::Contains;

namespace {

const Float32Kernel kPanelKernels[] = {Float32Kernel::Avx512, Float32Kernel::Avx2, Float32Kernel::Portable};

FloatMatrix random_matrix(std::size_t n, std::size_t d, std::mt19937& rng, bool coarse) {
  std::normal_distribution<float> g(0.0f, 1.0f);
  FloatMatrix m(n, d, FloatDType::F32, "random");
  for (std::size_t k = 0; k < n * d; ++k) {
    float x = g(rng) / std::sqrt(float(d));
    m.f32()[k] = coarse ? std::round(x * 8) / 8 : x;  // coarse: many exact ties
  }
  return m;
}

// Rows close to U_0: positives near 1 and negatives near them too, recall undecided by the screen.
FloatMatrix clustered(std::size_t n, std::size_t d, std::mt19937& rng, float spread) {
  std::normal_distribution<float> g(0.0f, 1.0f);
  std::vector<float> c(d);
  for (float& x : c) x = g(rng);
  FloatMatrix m(n, d, FloatDType::F32, "clustered");
  for (std::size_t i = 0; i < n; ++i) {
    double s = 0;
    for (std::size_t k = 0; k < d; ++k) m.f32()[i * d + k] = c[k] + spread * g(rng), s += double(m.f32()[i * d + k]) * m.f32()[i * d + k];
    for (std::size_t k = 0; k < d; ++k) m.f32()[i * d + k] = float(m.f32()[i * d + k] / std::sqrt(s));
  }
  return m;
}

// Everything certified in two reports (and the counts), compared.
void check_same(const CertifiedReport& a, const CertifiedReport& b) {
  CHECK(a.has_offdiag == b.has_offdiag);
  CHECK(a.max_offdiag.exact == b.max_offdiag.exact);
  CHECK(a.max_offdiag.value == b.max_offdiag.value);
  CHECK(a.max_offdiag.lo == b.max_offdiag.lo);
  CHECK(a.max_offdiag.hi == b.max_offdiag.hi);
  CHECK(a.argmax_i == b.argmax_i);
  CHECK(a.argmax_j == b.argmax_j);
  CHECK(a.min_diag.value == b.min_diag.value);
  CHECK(a.min_diag.lo == b.min_diag.lo);
  CHECK(a.argmin_diag == b.argmin_diag);
  CHECK(a.margin.value == b.margin.value);
  CHECK(a.margin.lo == b.margin.lo);
  CHECK(a.violations_pos == b.violations_pos);
  CHECK(a.violations_neg == b.violations_neg);
  CHECK(a.is_constellation == b.is_constellation);
  CHECK(a.u2v_correct == b.u2v_correct);
  CHECK(a.u2v_ties == b.u2v_ties);
  CHECK(a.u2v_total == b.u2v_total);
  CHECK(a.v2u_correct == b.v2u_correct);
  CHECK(a.v2u_ties == b.v2u_ties);
  CHECK(a.v2u_total == b.v2u_total);
  CHECK(a.negatives == b.negatives);
}

// Runs opt with the screen on and off for each panel kernel the processor runs and compares with the
// screen-off AVX2/portable reference; returns how many screened runs there were.
int compare_paths(const FloatMatrix& U, const FloatMatrix& V, CertifiedOptions opt) {
  opt.screen = ScreenMode::Off;
  opt.kernel = Float32Kernel::Portable;
  const CertifiedReport ref = certified_verify(U, V, opt);
  int screened = 0;
  for (Float32Kernel k : kPanelKernels) {
    if (!float32_kernel_supported(k)) continue;
    for (ScreenMode s : {ScreenMode::Off, ScreenMode::On}) {
      if (s == ScreenMode::On && !bf16_screen_supported()) continue;
      INFO("kernel " << int(k) << " screen " << (s == ScreenMode::On) << " tile " << opt.tile);
      opt.kernel = k, opt.screen = s;
      const CertifiedReport r = certified_verify(U, V, opt);
      check_same(r, ref);
      if (s == ScreenMode::On) {  // float64 data (text files) run dgemm, without the screen
        const bool on = r.kernel.rfind("bf16 screen + float32 ", 0) == 0;
        CHECK((on || r.kernel.rfind("float64 dgemm", 0) == 0));
        screened += on;
      }
    }
  }
  return screened;
}

}  // namespace

TEST_CASE("1420: bfloat16 rounding is to nearest even, and every screen value is within the derived bound",
          "[quick][verify][screen]") {
  auto bits = [](float x) { return bf16_round(x); };
  CHECK(bits(1.0f) == 0x3f80);
  CHECK(bits(1.0f + 0x1p-8f) == 0x3f80);              // tie: to the even 1
  CHECK(bits(1.0f + 3 * 0x1p-8f) == 0x3f82);          // tie: to the even 1 + 2^-6
  CHECK(bits(1.0f + 0x1p-8f + 0x1p-20f) == 0x3f81);   // above the tie: up
  CHECK(bits(-1.5f) == 0xbfc0);
  CHECK(bits(0x1p-40f * 1.00390625f) == bits(0x1p-40f));
  // the bound's constant as derived: 2^-8 (2 + 2^-8) plus gamma_{d+2} (1 + 2^-8)^2, padded
  const double c = bf16_screen_gamma(766, false), g = 768 * 0x1p-24 / (1 - 768 * 0x1p-24);
  CHECK(c >= 0x1p-8 * (2 + 0x1p-8) + g * (1 + 0x1p-8) * (1 + 0x1p-8));
  CHECK(c <= 0x1p-8 * (2 + 0x1p-8) + 1.01 * g + 0x1p-49);
  if (!bf16_screen_supported()) {
    Bf16Panels A(kPanelRowsA, 4), B(kPanelRowsB, 4);
    std::vector<float> x(64, 1.0f);
    A.pack(x.data(), 0, 6), B.pack(x.data(), 0, 16);
    std::vector<float> C(6 * 16);
    CHECK_THROWS_AS(bf16_tile_product(A, 6, B, 0, 16, C.data(), 16), InternalError);
    return;
  }
  std::mt19937 rng(1420);
  std::uniform_real_distribution<float> g01(-1.0f, 1.0f);
  double worst_ratio = 0;
  for (std::size_t d : {std::size_t(1), std::size_t(2), std::size_t(255), std::size_t(768), std::size_t(1537)}) {
    const std::size_t nu = 19, nv = 70, ti = 13, b0 = 16, tj = nv - b0, ldc = 64;
    std::vector<float> U(nu * d), V(nv * d);
    // cancelling rows (alternating signs around 0.75, small parts every rounding changes) and plain ones
    for (std::size_t i = 0; i < nu * d; ++i) U[i] = (i % 3 ? 1.f : -1.f) * (0.75f + 0x1p-9f * g01(rng));
    for (std::size_t i = 0; i < nv * d; ++i) V[i] = (i % 2 ? g01(rng) : (i % 4 ? 1.f : -1.f) * (0.75f + 0x1p-10f * g01(rng)));
    Bf16Panels A(kPanelRowsA, d), B(kPanelRowsB, d);
    B.pack(V.data(), 0, nv);
    A.pack(U.data(), 5, ti);
    std::vector<float> C(18 * ldc, std::nanf(""));
    bf16_tile_product(A, ti, B, b0, tj, C.data(), ldc);
    const double gamma = bf16_screen_gamma(d, false);
    for (std::size_t i = 0; i < ti; ++i)
      for (std::size_t j = 0; j < tj; ++j) {
        double exact = 0, absum = 0, nu2 = 0, nv2 = 0;
        for (std::size_t k = 0; k < d; ++k) {
          const double a = U[(5 + i) * d + k], b = V[(b0 + j) * d + k];
          exact += a * b, absum += std::fabs(a * b), nu2 += a * a, nv2 += b * b;
        }
        const double bound = gamma * std::sqrt(nu2 * nv2), err = std::fabs(double(C[i * ldc + j]) - exact);
        INFO("d " << d << " entry " << i << ", " << j);
        REQUIRE(err <= bound - double(d) * 0x1p-50 * absum);  // the double reference's own error beside
        worst_ratio = std::max(worst_ratio, err / std::sqrt(nu2 * nv2));
      }
  }
  // not vacuous: the screen's errors are far beyond float32's (the bound is about bfloat16)
  CHECK(worst_ratio > 0x1p-14);
}

TEST_CASE("1421: certified answers with the screen equal those without on the adversarial cases, every kernel",
          "[standard][verify][screen]") {
  std::mt19937 rng(1421);
  int screened = 0;
  {  // every entry rounds alike in float32 and in bfloat16: each decision is the exact slow path's
    const std::size_t n = 45;
    FloatMatrix U(n, 2, FloatDType::F32, "U"), V(n, 2, FloatDType::F32, "V");
    for (std::size_t i = 0; i < n; ++i) {
      U.f32()[2 * i] = 1, U.f32()[2 * i + 1] = std::ldexp(1.0f, -int(13 + (i * 7) % 11));
      V.f32()[2 * i] = 1, V.f32()[2 * i + 1] = std::ldexp(1.0f, -int(13 + (i * 5) % 9));
    }
    for (std::size_t tile : {std::size_t(0), std::size_t(7)}) {
      CertifiedOptions opt;
      opt.tile = tile, opt.threads = 2;
      screened += compare_paths(U, V, opt);
      opt.m = Rational(0), opt.b = Rational(1);  // tau = b - m = 1: every negative above it violates
      screened += compare_paths(U, V, opt);
    }
  }
  for (bool coarse : {false, true}) {  // random files with and without exact ties, a target, normalize
    FloatMatrix U = random_matrix(41, 21, rng, coarse), V = random_matrix(41, 21, rng, coarse);
    CertifiedOptions opt;
    opt.tile = 10, opt.threads = 2;
    screened += compare_paths(U, V, opt);
    opt.m = Rational(1, 20), opt.b = Rational(0);
    screened += compare_paths(U, V, opt);
    opt.normalize = true;
    screened += compare_paths(U, V, opt);
  }
  {  // clustered rows: positives and negatives within the screen's bound of each other
    FloatMatrix U = clustered(300, 64, rng, 0.02f), V = clustered(300, 64, rng, 0.02f);
    CertifiedOptions opt;
    opt.m = Rational(1, 1000), opt.b = Rational(99, 100);
    screened += compare_paths(U, V, opt);
    opt.tile = 48;
    screened += compare_paths(U, V, opt);
  }
  {  // many-to-one labels, odd d past a k block
    FloatMatrix U = random_matrix(60, 769, rng, true), V = random_matrix(25, 769, rng, true);
    std::vector<std::int64_t> labels(60);
    for (std::size_t i = 0; i < 60; ++i) labels[i] = std::int64_t((i * 7) % 25);
    CertifiedOptions opt;
    opt.labels = labels, opt.tile = 16;
    screened += compare_paths(U, V, opt);
  }
  {  // 520 pairs, d = 300, coarse: full 12 x 32 blocks and partial tiles
    FloatMatrix U = random_matrix(520, 300, rng, true), V = random_matrix(520, 300, rng, true);
    CertifiedOptions opt;
    opt.m = Rational(1, 20), opt.b = Rational(0);
    screened += compare_paths(U, V, opt);
  }
  if (bf16_screen_supported()) CHECK(screened > 20);
}

TEST_CASE("1422: with the screen the statistics keep their arithmetic, and P95 says what it was read from",
          "[quick][verify][screen]") {
  if (!bf16_screen_supported()) return;
  std::mt19937 rng(1422);
  FloatMatrix U = clustered(400, 64, rng, 0.6f), V = clustered(400, 64, rng, 0.6f);
  CertifiedOptions opt;
  opt.screen = ScreenMode::Off;
  const CertifiedReport off = certified_verify(U, V, opt);
  opt.screen = ScreenMode::On;
  const CertifiedReport on = certified_verify(U, V, opt);
  check_same(on, off);
  CHECK(off.p95_neg_arithmetic == "float32 products");
  CHECK(on.p95_neg_arithmetic == "bfloat16 screen products (float32 in fallback tiles)");
  // means, P5 and xi come from O(N d) passes and the exact positives: the same numbers
  CHECK(on.mean_pos == off.mean_pos);
  CHECK(on.mean_neg == off.mean_neg);
  CHECK(on.p5_pos == off.p5_pos);
  CHECK(on.xi == off.xi);
  // P95 within both stated resolutions of each other; the screen's includes its bound
  CHECK(std::fabs(on.p95_neg - off.p95_neg) <= on.p95_neg_resolution + off.p95_neg_resolution);
  CHECK(on.p95_neg_resolution >= off.p95_neg_resolution + bf16_screen_gamma(64, false) * 0.99);
  std::uint64_t hon = 0, hoff = 0;
  for (std::uint64_t c : on.neg_hist) hon += c;
  for (std::uint64_t c : off.neg_hist) hoff += c;
  CHECK(hon == hoff);
  CHECK(hon == on.negatives);
}

TEST_CASE("1423: tiles where the screen decides too little fall back to float32 by themselves",
          "[quick][verify][screen]") {
  if (!bf16_screen_supported()) return;
  ScreenCounters& sc = screen_counters();
  // every entry within the screen's bound of every threshold: each tile falls back
  const std::size_t n = 700;
  FloatMatrix U(n, 2, FloatDType::F32, "U"), V(n, 2, FloatDType::F32, "V");
  for (std::size_t i = 0; i < n; ++i) {
    U.f32()[2 * i] = 1, U.f32()[2 * i + 1] = std::ldexp(1.0f, -int(10 + (i * 7) % 11));
    V.f32()[2 * i] = 1, V.f32()[2 * i + 1] = std::ldexp(1.0f, -int(10 + (i * 5) % 9));
  }
  CertifiedOptions opt;
  opt.screen = ScreenMode::Off;
  const CertifiedReport off = certified_verify(U, V, opt);
  std::uint64_t t0 = sc.tiles, f0 = sc.fallback_tiles;
  opt.screen = ScreenMode::On;
  check_same(certified_verify(U, V, opt), off);
  CHECK(sc.tiles - t0 == 6);  // 3 x 2 tiles of 240 x 512
  CHECK(sc.fallback_tiles - f0 == 6);
  // well separated pairs: the screen decides nearly everything, nothing falls back
  std::mt19937 rng(1423);
  FloatMatrix A = random_matrix(600, 128, rng, false), B(600, 128, FloatDType::F32, "B");
  std::normal_distribution<float> g(0.0f, 0.02f);
  for (std::size_t k = 0; k < 600 * 128; ++k) B.f32()[k] = A.f32()[k] + g(rng);
  opt.screen = ScreenMode::Off;
  const CertifiedReport off2 = certified_verify(A, B, opt);
  t0 = sc.tiles, f0 = sc.fallback_tiles;
  const std::uint64_t r0 = sc.recomputed;
  opt.screen = ScreenMode::On;
  check_same(certified_verify(A, B, opt), off2);
  CHECK(sc.tiles - t0 == 6);
  CHECK(sc.fallback_tiles - f0 == 0);
  CHECK(sc.recomputed - r0 < 600 * 600 / 100);
}

TEST_CASE("1424: the report names the screened path, Auto, On and Off choose it, a processor without is refused",
          "[quick][verify][screen]") {
  FloatMatrix U(3, 2, FloatDType::F32, "U"), V(3, 2, FloatDType::F32, "V");
  const float u[6] = {1, 0, 0.5f, 0.5f, 0, 1}, v[6] = {1, 0, 0.5f, 0.25f, 0, 1};
  std::copy(u, u + 6, U.f32()), std::copy(v, v + 6, V.f32());
  CertifiedOptions opt;
  const std::string plain = certified_verify(U, V, opt).kernel;  // Auto below 2^26 pairs: no screen
  CHECK(plain.rfind("float32 ", 0) == 0);
  opt.screen = ScreenMode::Off;
  CHECK(certified_verify(U, V, opt).kernel == plain);
  opt.screen = ScreenMode::On;
  if (!bf16_screen_supported()) {
    CHECK_THROWS_WITH(certified_verify(U, V, opt), Contains("this processor lacks AVX512_BF16"));
    return;
  }
  CertifiedReport r = certified_verify(U, V, opt);
  CHECK(r.kernel == "bf16 screen + " + plain);
  CHECK(r.max_offdiag.value == Rational(1, 2));
  if (float32_kernel_supported(Float32Kernel::Avx512)) {
    opt.kernel = Float32Kernel::Avx512;
    CHECK(certified_verify(U, V, opt).kernel == "bf16 screen + float32 AVX-512 panels");
  }
  opt.kernel = Float32Kernel::Avx2;
  CHECK(certified_verify(U, V, opt).kernel == "bf16 screen + float32 AVX2 panels");
  opt.kernel = Float32Kernel::Blas;  // the screen sits beside the panels only
  CHECK(certified_verify(U, V, opt).kernel.rfind("float32 sgemm (", 0) == 0);
  opt.kernel = Float32Kernel::Auto;
  opt.force_float64_kernel = true;
  CHECK(certified_verify(U, V, opt).kernel.rfind("float64 dgemm (", 0) == 0);
}

TEST_CASE("1425: verify --screen and --no-screen: the JSON names the path, both together exit 2",
          "[standard][cli][verify][screen]") {
  const std::string files = std::string(" --u '") + CONSTEL_TEST_DATA + "/embeddings/u_f4.npy' --v '" +
                            CONSTEL_TEST_DATA + "/embeddings/v_f4.npy' --json --quiet";
  auto off = constel::test::run_tool("verify --no-screen" + files);
  REQUIRE(off.code == 0);
  auto joff = nlohmann::json::parse(off.out);
  CHECK(joff["max_offdiag"] == "9/32");
  CHECK(joff["p95_neg_arithmetic"] == "float32 products");
  const std::string plain = joff["kernel"];
  CHECK(plain.rfind("float32 ", 0) == 0);
  auto on = constel::test::run_tool("verify --screen" + files);
  if (!bf16_screen_supported()) {
    CHECK(on.code == 2);
    CHECK_THAT(on.err, Contains("--screen: this processor lacks AVX512_BF16"));
  } else {
    REQUIRE(on.code == 0);
    auto jon = nlohmann::json::parse(on.out);
    CHECK(jon["kernel"] == "bf16 screen + " + plain);
    CHECK(jon["max_offdiag"] == "9/32");
    CHECK(jon["p95_neg_arithmetic"] == "bfloat16 screen products (float32 in fallback tiles)");
    for (const char* k : {"min_diag", "argmax_offdiag", "recall_at_1_u2v", "recall_at_1_v2u", "mean_neg", "xi"})
      CHECK(jon[k] == joff[k]);
  }
  auto both = constel::test::run_tool("verify --screen --no-screen" + files);
  CHECK(both.code == 2);
  CHECK_THAT(both.err, Contains("--screen and --no-screen"));
}

TEST_CASE("1426: the fixture files and the near-tie of test 153 give the same answer with the screen on and off",
          "[quick][verify][screen]") {
  int screened = 0;
  for (auto [u, v] : {std::pair{"u_f4.npy", "v_f4.npy"}, std::pair{"u_f4_big.npy", "v_f4.npy"},
                      std::pair{"u.fvecs", "v.csv"}}) {
    INFO(u << " " << v);
    const FloatMatrix U = read_embedding_matrix(std::string(CONSTEL_TEST_DATA) + "/embeddings/" + u);
    const FloatMatrix V = read_embedding_matrix(std::string(CONSTEL_TEST_DATA) + "/embeddings/" + v);
    if (U.rows() != V.rows() || U.cols() != V.cols()) continue;
    CertifiedOptions opt;
    screened += compare_paths(U, V, opt);
    opt.m = Rational(1, 10), opt.b = Rational(0);
    screened += compare_paths(U, V, opt);
  }
  // <U_0, V_1> = 1 + 2^-40 and <U_1, V_0> = 1 + 2^-30 round alike in float32 and in bfloat16
  FloatMatrix U(2, 2, FloatDType::F32, "U"), V(2, 2, FloatDType::F32, "V");
  const float a = 0x1p-20f, c = 0x1p-15f;
  U.f32()[0] = 1, U.f32()[1] = a, U.f32()[2] = 1, U.f32()[3] = c;
  V.f32()[0] = 1, V.f32()[1] = 0x1p-15f, V.f32()[2] = 1, V.f32()[3] = a;
  screened += compare_paths(U, V, {});
  CertifiedOptions opt;
  opt.screen = bf16_screen_supported() ? ScreenMode::On : ScreenMode::Off;
  const CertifiedReport r = certified_verify(U, V, opt);
  CHECK(r.max_offdiag.value == 1 + Rational(1, Integer(1) << 30));
  CHECK(r.argmax_i == 1);
  CHECK(r.argmax_j == 0);
  if (bf16_screen_supported()) CHECK(screened > 4);
}
