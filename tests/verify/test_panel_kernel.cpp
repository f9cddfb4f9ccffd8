// The packed-panel float32 kernel of the certified verifier (lib/constel/verify/detail/panel_kernel.hpp):
// packing round-trips, every entry of odd-sized tiles (padding on both sides, k split in blocks)
// within the a-priori error bound of the exact value, for every micro-kernel this processor runs,
// and the tile pass over default-sized tiles agrees with one sgemm per tile.
#include <catch2/catch.hpp>
#include <cmath>
#include <random>
#include <vector>

#include "constel/verify/certified.hpp"
#include "constel/verify/detail/panel_kernel.hpp"

using namespace constel;
using namespace constel::detail;

namespace {

std::vector<float> random_rows(std::size_t n, std::size_t d, std::mt19937& rng) {
  std::vector<float> x(n * d);
  std::normal_distribution<float> g(0.0f, 1.0f);
  for (float& v : x) v = g(rng) / std::sqrt(float(d));
  return x;
}

}  // namespace

TEST_CASE("160: packed panels hold the rows they were given, zero-padded", "[quick][verify]") {
  std::mt19937 rng(3);
  const std::size_t n = 29, d = 11;
  std::vector<float> X = random_rows(n, d, rng);
  for (std::size_t width : {kPanelRowsA, kPanelRowsB}) {
    PackedPanels P(width, d);
    P.pack(X.data(), 4, 19);  // rows 4..22
    REQUIRE(P.rows() == 19);
    REQUIRE(P.panels() == (19 + width - 1) / width);
    std::vector<float> row(d);
    for (std::size_t i = 0; i < 19; ++i) {
      P.row(i, row.data());
      for (std::size_t k = 0; k < d; ++k) REQUIRE(row[k] == X[(4 + i) * d + k]);
    }
    const float* last = P.panel(P.panels() - 1);
    for (std::size_t q = 19 % width; q != 0 && q < width; ++q)
      for (std::size_t k = 0; k < d; ++k) REQUIRE(last[k * width + q] == 0.0f);
  }
}

TEST_CASE("161: panel tile products are within the error bound, every micro-kernel", "[quick][verify]") {
  std::mt19937 rng(5);
  // d = 1600 is cut into three k blocks of at most 768; the tile sizes are not multiples of 6 or 16
  for (std::size_t d : {std::size_t(1), std::size_t(37), std::size_t(1600)}) {
    const std::size_t nu = 23, nv = 70;
    std::vector<float> U = random_rows(nu, d, rng), V = random_rows(nv, d, rng);
    PackedPanels A(kPanelRowsA, d), B(kPanelRowsB, d);
    B.pack(V.data(), 0, nv);
    A.pack(U.data(), 6, 13);  // tile rows 6..18 against columns 32..69
    const std::size_t ti = 13, b0 = 32, tj = nv - b0, ldc = 48;
    for (PanelKernel kernel : {PanelKernel::Avx512, PanelKernel::Avx2, PanelKernel::Portable}) {
      if (!panel_kernel_supported(kernel)) continue;
      INFO("d " << d << " kernel " << panel_kernel_name(kernel));
      std::vector<float> C(18 * ldc, std::nanf(""));
      panel_tile_product(A, ti, B, b0, tj, C.data(), ldc, kernel);
      const double gamma = double(d + 2) * 0x1p-24 / (1 - double(d + 2) * 0x1p-24);
      for (std::size_t i = 0; i < ti; ++i)
        for (std::size_t j = 0; j < tj; ++j) {
          double exact = 0, absum = 0;  // products of floats are exact in double; d terms sum to << 2^-30 error
          for (std::size_t k = 0; k < d; ++k) {
            double p = double(U[(6 + i) * d + k]) * double(V[(b0 + j) * d + k]);
            exact += p, absum += std::fabs(p);
          }
          REQUIRE(std::fabs(double(C[i * ldc + j]) - exact) <= gamma * absum + 1e-12);
        }
    }
  }
}

TEST_CASE("162: default panel tiles and one sgemm per tile give the same certified answer", "[quick][verify]") {
  // 300 x 530 rows: two row blocks of 240 and two column tiles of 512, each partly padding
  std::mt19937 rng(11);
  const std::size_t nu = 300, nv = 530, d = 40;
  FloatMatrix U(nu, d, FloatDType::F32, "U"), V(nv, d, FloatDType::F32, "V");
  std::vector<float> u = random_rows(nu, d, rng), v = random_rows(nv, d, rng);
  std::copy(u.begin(), u.end(), U.f32()), std::copy(v.begin(), v.end(), V.f32());
  CertifiedOptions opt;
  opt.labels = std::vector<std::int64_t>(nu);
  for (std::size_t i = 0; i < nu; ++i) (*opt.labels)[i] = std::int64_t((i * 7) % nv);
  opt.m = Rational(1, 100), opt.b = Rational(1, 10);
  CertifiedReport a = certified_verify(U, V, opt);
  opt.float32_blas_tiles = true;
  CertifiedReport b = certified_verify(U, V, opt);
  CHECK(a.kernel == std::string("float32 ") + panel_kernel_name(PanelKernel::Auto) + " panels");
  CHECK(b.kernel.rfind("float32 sgemm", 0) == 0);
  CHECK(a.max_offdiag.value == b.max_offdiag.value);
  CHECK(a.argmax_i == b.argmax_i);
  CHECK(a.argmax_j == b.argmax_j);
  CHECK(a.min_diag.value == b.min_diag.value);
  CHECK(a.violations_neg == b.violations_neg);
  CHECK(a.u2v_correct == b.u2v_correct);
  CHECK(a.v2u_correct == b.v2u_correct);
  CHECK(a.negatives == b.negatives);
  CHECK(a.negatives == nu * nv - nu);
  std::uint64_t total = 0;
  for (std::uint64_t c : a.neg_hist) total += c;
  CHECK(total == a.negatives);
}
