// Every float32 kernel of the certified verifier that this processor runs (AVX-512, AVX2 and portable
// packed panels, one sgemm per tile) on the same adversarial cases: tile products within the a-priori
// error bound and within twice that of each other, AVX-512 and AVX2 bit for bit (odd panel counts, k
// blocks of 768 with remainders, heavy cancellation), certified answers equal to an exact rational computation and to
// each other (all-near-tie files where float32 rounds every entry to the same value, exact ties, random
// files with default and small tiles), the kernel named in the report, and a kernel the processor
// lacks refused with a message.
#include <catch2/catch.hpp>
#include <cmath>
#include <nlohmann/json.hpp>
#include <random>
#include <string>
#include <vector>

#include "constel/error.hpp"
#include "constel/verify/certified.hpp"
#include "constel/verify/detail/panel_kernel.hpp"
#include "support.hpp"

using namespace constel;
using namespace constel::detail;
using Catch::Matchers::Contains;

namespace {

const Float32Kernel kAllKernels[] = {Float32Kernel::Auto, Float32Kernel::Avx512, Float32Kernel::Avx2,
                                     Float32Kernel::Portable, Float32Kernel::Blas};

const char* kernel_label(Float32Kernel k) {
  switch (k) {
    case Float32Kernel::Avx512:
      return "avx512";
    case Float32Kernel::Avx2:
      return "avx2";
    case Float32Kernel::Portable:
      return "portable";
    case Float32Kernel::Blas:
      return "blas";
    default:
      return "auto";
  }
}

// Rows whose products cancel: entries of size about 1 with alternating signs plus a small part, so
// that the sum is tiny against sum |x_k y_k| and every rounding shows.
std::vector<float> cancelling_rows(std::size_t n, std::size_t d, std::mt19937& rng) {
  std::vector<float> x(n * d);
  std::uniform_real_distribution<float> g(-1.0f, 1.0f);
  for (std::size_t i = 0; i < n; ++i)
    for (std::size_t k = 0; k < d; ++k) x[i * d + k] = float(((k + i) % 2) ? 1 : -1) * (0.75f + 0x1p-12f * g(rng));
  return x;
}

FloatMatrix matrix_from(const std::vector<float>& x, std::size_t n, std::size_t d, const char* name) {
  FloatMatrix m(n, d, FloatDType::F32, name);
  std::copy(x.begin(), x.end(), m.f32());
  return m;
}

// The exact answer of a small problem with pairs (label i = i), from rationals.
struct Exact {
  Rational min_pos, max_neg;
  std::size_t amin = 0, ai = 0, aj = 0, u2v_correct = 0, u2v_ties = 0;
  Exact(const FloatMatrix& U, const FloatMatrix& V) {
    const std::size_t n = U.rows(), d = U.cols();
    bool have = false;
    std::vector<std::vector<Rational>> G(n, std::vector<Rational>(n));
    for (std::size_t i = 0; i < n; ++i)
      for (std::size_t j = 0; j < n; ++j) {
        Rational s = 0;
        for (std::size_t k = 0; k < d; ++k) s += from_double(U.value(i, k)) * from_double(V.value(j, k));
        G[i][j] = s;
      }
    for (std::size_t i = 0; i < n; ++i) {
      if (i == 0 || G[i][i] < min_pos) min_pos = G[i][i], amin = i;
      bool above = false, tie = false;
      for (std::size_t j = 0; j < n; ++j) {
        if (j == i) continue;
        if (!have || G[i][j] > max_neg) max_neg = G[i][j], ai = i, aj = j, have = true;
        above |= G[i][j] > G[i][i], tie |= G[i][j] == G[i][i];
      }
      if (!above) (tie ? u2v_ties : u2v_correct)++;
    }
  }
};

void check_exact(const CertifiedReport& r, const Exact& e) {
  CHECK(r.min_diag.value == e.min_pos);
  CHECK(r.argmin_diag == e.amin);
  CHECK(r.max_offdiag.value == e.max_neg);
  CHECK(r.argmax_i == e.ai);
  CHECK(r.argmax_j == e.aj);
  CHECK(r.u2v_correct == e.u2v_correct);
  CHECK(r.u2v_ties == e.u2v_ties);
}

void check_same(const CertifiedReport& a, const CertifiedReport& b) {
  CHECK(a.max_offdiag.value == b.max_offdiag.value);
  CHECK(a.argmax_i == b.argmax_i);
  CHECK(a.argmax_j == b.argmax_j);
  CHECK(a.min_diag.value == b.min_diag.value);
  CHECK(a.violations_neg == b.violations_neg);
  CHECK(a.u2v_correct == b.u2v_correct);
  CHECK(a.u2v_ties == b.u2v_ties);
  CHECK(a.v2u_correct == b.v2u_correct);
  CHECK(a.v2u_ties == b.v2u_ties);
  CHECK(a.negatives == b.negatives);
}

}  // namespace

TEST_CASE("163: every micro-kernel is within the error bound and near the others on cancelling tiles",
          "[quick][verify]") {
  std::mt19937 rng(163);
  // d from 1 to past one k block of 768; 13 rows = 3 A panels, 70 - 16 = 54 columns
  // = 4 B panels: single and paired panels on both sides
  for (std::size_t d : {std::size_t(1), std::size_t(255), std::size_t(257), std::size_t(769)}) {
    const std::size_t nu = 19, nv = 70, ti = 13, b0 = 16, tj = nv - b0, ldc = 64;
    std::vector<float> U = cancelling_rows(nu, d, rng), V = cancelling_rows(nv, d, rng);
    PackedPanels A(kPanelRowsA, d), B(kPanelRowsB, d);
    B.pack(V.data(), 0, nv);
    A.pack(U.data(), 5, ti);
    const double gamma = double(d + 2) * 0x1p-24 / (1 - double(d + 2) * 0x1p-24);
    std::vector<std::vector<float>> results;
    std::vector<PanelKernel> ran;
    for (PanelKernel kernel : {PanelKernel::Avx512, PanelKernel::Avx2, PanelKernel::Portable}) {
      if (!panel_kernel_supported(kernel)) continue;
      INFO("d " << d << " kernel " << panel_kernel_name(kernel));
      std::vector<float> C(18 * ldc, std::nanf(""));
      panel_tile_product(A, ti, B, b0, tj, C.data(), ldc, kernel);
      for (std::size_t i = 0; i < ti; ++i)
        for (std::size_t j = 0; j < tj; ++j) {
          double exact = 0, absum = 0;
          for (std::size_t k = 0; k < d; ++k) {
            double p = double(U[(5 + i) * d + k]) * double(V[(b0 + j) * d + k]);
            exact += p, absum += std::fabs(p);
          }
          INFO("entry " << i << ", " << j);
          // the double reference is off by at most d 2^-53 absum
          REQUIRE(std::fabs(double(C[i * ldc + j]) - exact) <= gamma * absum + double(d) * 0x1p-52 * absum);
          for (const std::vector<float>& other : results)
            REQUIRE(std::fabs(double(C[i * ldc + j]) - double(other[i * ldc + j])) <= 2 * gamma * absum);
        }
      // AVX-512 and AVX2 run the same FMA chains over the same k blocks: equal bit for bit
      if (kernel == PanelKernel::Avx2 && !ran.empty() && ran[0] == PanelKernel::Avx512)
        for (std::size_t i = 0; i < ti; ++i)
          for (std::size_t j = 0; j < tj; ++j) REQUIRE(C[i * ldc + j] == results[0][i * ldc + j]);
      results.push_back(C);
      ran.push_back(kernel);
    }
    CHECK(results.size() >= 1);
  }
}

TEST_CASE("164: every kernel gives the exact answer on files where float32 rounds every entry alike",
          "[quick][verify]") {
  // U_i = (1, 2^-e_i), V_j = (1, 2^-f_j): <U_i, V_j> = 1 + 2^-(e_i + f_j) rounds to 1 in float32 for
  // every pair (e + f >= 26), so each decision is made by the exact slow path.
  const std::size_t n = 45;
  FloatMatrix U(n, 2, FloatDType::F32, "U"), V(n, 2, FloatDType::F32, "V");
  for (std::size_t i = 0; i < n; ++i) {
    U.f32()[2 * i] = 1, U.f32()[2 * i + 1] = std::ldexp(1.0f, -int(13 + (i * 7) % 11));
    V.f32()[2 * i] = 1, V.f32()[2 * i + 1] = std::ldexp(1.0f, -int(13 + (i * 5) % 9));
  }
  const Exact e(U, V);
  for (Float32Kernel k : kAllKernels) {
    if (!float32_kernel_supported(k)) continue;
    for (std::size_t tile : {std::size_t(0), std::size_t(7)}) {
      INFO("kernel " << kernel_label(k) << " tile " << tile);
      CertifiedOptions opt;
      opt.kernel = k, opt.tile = tile, opt.threads = 2;
      CertifiedReport r = certified_verify(U, V, opt);
      check_exact(r, e);
      CHECK(r.exact_evaluations > n);
    }
  }
}

TEST_CASE("165: every kernel gives the exact answer on random files with ties, and they agree on larger ones",
          "[standard][verify]") {
  std::mt19937 rng(165);
  std::normal_distribution<float> g(0.0f, 1.0f);
  auto random = [&](std::size_t n, std::size_t d, bool coarse) {
    FloatMatrix m(n, d, FloatDType::F32, "random");
    for (std::size_t k = 0; k < n * d; ++k) {
      float x = g(rng) / std::sqrt(float(d));
      m.f32()[k] = coarse ? std::round(x * 8) / 8 : x;  // coarse: many exact ties
    }
    return m;
  };
  for (bool coarse : {false, true}) {
    FloatMatrix U = random(41, 21, coarse), V = random(41, 21, coarse);
    const Exact e(U, V);
    for (Float32Kernel k : kAllKernels) {
      if (!float32_kernel_supported(k)) continue;
      INFO("coarse " << coarse << " kernel " << kernel_label(k));
      CertifiedOptions opt;
      opt.kernel = k, opt.tile = 10, opt.threads = 2;
      check_exact(certified_verify(U, V, opt), e);
    }
  }
  // 520 pairs, d = 300: full 12 x 32 blocks and a partial tile on each side
  FloatMatrix U = random(520, 300, true), V = random(520, 300, true);
  CertifiedOptions opt;
  opt.m = Rational(1, 20), opt.b = Rational(0);
  opt.kernel = Float32Kernel::Blas;
  const CertifiedReport ref = certified_verify(U, V, opt);
  for (Float32Kernel k : kAllKernels) {
    if (!float32_kernel_supported(k)) continue;
    INFO("kernel " << kernel_label(k));
    opt.kernel = k;
    check_same(certified_verify(U, V, opt), ref);
  }
}

TEST_CASE("166: the report names the kernel that ran, and one this processor lacks is refused", "[quick][verify]") {
  FloatMatrix U(3, 2, FloatDType::F32, "U"), V(3, 2, FloatDType::F32, "V");
  const float u[6] = {1, 0, 0.5f, 0.5f, 0, 1}, v[6] = {1, 0, 0.5f, 0.25f, 0, 1};
  std::copy(u, u + 6, U.f32()), std::copy(v, v + 6, V.f32());
  const std::string best = float32_kernel_supported(Float32Kernel::Avx512) ? "AVX-512"
                           : float32_kernel_supported(Float32Kernel::Avx2)  ? "AVX2"
                                                                            : "portable";
  const std::pair<Float32Kernel, std::string> expected[] = {{Float32Kernel::Auto, "float32 " + best + " panels"},
                                                            {Float32Kernel::Avx512, "float32 AVX-512 panels"},
                                                            {Float32Kernel::Avx2, "float32 AVX2 panels"},
                                                            {Float32Kernel::Portable, "float32 portable panels"}};
  for (const auto& [k, name] : expected) {
    INFO("kernel " << kernel_label(k));
    CertifiedOptions opt;
    opt.kernel = k;
    if (float32_kernel_supported(k)) {
      CertifiedReport r = certified_verify(U, V, opt);
      CHECK(r.kernel == name);
      CHECK(r.max_offdiag.value == Rational(1, 2));
    } else {
      CHECK_THROWS_WITH(certified_verify(U, V, opt), Contains("kernel was asked for, but this processor lacks"));
    }
  }
  CertifiedOptions opt;
  opt.kernel = Float32Kernel::Blas;
  CHECK(certified_verify(U, V, opt).kernel.rfind("float32 sgemm (", 0) == 0);
  CHECK(float32_kernel_supported(Float32Kernel::Portable));
  CHECK(float32_kernel_supported(Float32Kernel::Blas));
}

TEST_CASE("167: verify --kernel: each kernel the processor runs named in the JSON, the others refused with exit 2",
          "[standard][cli][verify]") {
  const std::string files = std::string(" --u '") + CONSTEL_TEST_DATA + "/embeddings/u_f4.npy' --v '" +
                            CONSTEL_TEST_DATA + "/embeddings/v_f4.npy' --json --quiet";
  for (Float32Kernel k : kAllKernels) {
    INFO("kernel " << kernel_label(k));
    auto r = constel::test::run_tool(std::string("verify --kernel ") + kernel_label(k) + files);
    if (!float32_kernel_supported(k)) {
      CHECK(r.code == 2);
      CHECK_THAT(r.err, Contains(std::string("--kernel ") + kernel_label(k) + ": this processor lacks"));
      continue;
    }
    REQUIRE(r.code == 0);
    auto j = nlohmann::json::parse(r.out);
    CHECK(j["max_offdiag"] == "9/32");
    const std::string name = j["kernel"];
    if (k == Float32Kernel::Blas) CHECK(name.rfind("float32 sgemm (", 0) == 0);
    if (k == Float32Kernel::Avx512) CHECK(name == "float32 AVX-512 panels");
    if (k == Float32Kernel::Avx2) CHECK(name == "float32 AVX2 panels");
    if (k == Float32Kernel::Portable) CHECK(name == "float32 portable panels");
  }
  auto bad = constel::test::run_tool("verify --kernel avx1024" + files);
  CHECK(bad.code == 2);
  CHECK_THAT(bad.err, Contains("--kernel: expected auto, avx512, avx2, portable or blas, got 'avx1024'"));
}
