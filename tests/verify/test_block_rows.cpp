// A screened block of tiles over row sources (certified_process_block, as constel-mpi runs it) keeps
// its rows of V row-major, packs the bfloat16 screen's panels from them, reads the recomputed entries'
// rows of V in place, and packs the float32 panels of a tile's columns only for the tiles that fall
// back to float32 (docs/distributed.md, "Memory per rank"): the products of those tile-local panels
// equal the products of panels of all of V bit for bit, and a block whose tiles both recompute
// entries and fall back gives the held plan's partial byte for byte (exact_evaluations aside).
#include <catch2/catch.hpp>
#include <cstring>
#include <random>
#include <vector>

#include "constel/verify/block_partition.hpp"
#include "constel/verify/certified.hpp"
#include "constel/verify/certified_parts.hpp"
#include "constel/verify/detail/bf16_screen.hpp"
#include "constel/verify/detail/panel_kernel.hpp"
#include "constel/verify/detail/tile_products.hpp"
#include "row_source_fixtures.hpp"

using namespace constel;
using namespace constel::detail;

TEST_CASE("1555: tile products from panels of the tile's own rows of V equal those from panels of all of V",
          "[quick][verify]") {
  std::mt19937_64 rng(1555);
  std::normal_distribution<float> g;
  const std::size_t nu = 37, nv = 131, d = 800;  // d above 768: the kernels' k blocks accumulate in C
  std::vector<float> U(nu * d), V(nv * d);
  for (float& x : U) x = g(rng);
  for (float& x : V) x = g(rng);
  PackedPanels all(kPanelRowsB, d);
  all.pack(V.data(), 0, nv);
  for (PanelKernel k : {PanelKernel::Avx512, PanelKernel::Avx2, PanelKernel::Portable}) {
    if (!panel_kernel_supported(k)) continue;
    TileProducts<float> from_all(U.data(), V.data(), d, &all, k);
    TileProducts<float> own(U.data(), V.data(), d, nullptr, k, true);
    // tiles of 30 x 48 over the grid, the last row and column partial, and one tile asked for twice
    const std::size_t rows = 30, cols = 48;
    std::vector<float> a((rows + kPanelRowsA) * (cols + kPanelRowsB)), b(a.size());
    std::vector<std::pair<std::size_t, std::size_t>> tiles;
    for (std::size_t I0 = 0; I0 < nu; I0 += rows)
      for (std::size_t J0 = 0; J0 < nv; J0 += cols) tiles.push_back({I0, J0});
    tiles.push_back(tiles.front());
    for (const auto& [I0, J0] : tiles) {
      INFO("kernel " << panel_kernel_name(k) << ", tile at (" << I0 << ", " << J0 << ")");
      const std::size_t ti = std::min(rows, nu - I0), tj = std::min(cols, nv - J0);
      std::fill(a.begin(), a.end(), 0.0f), std::fill(b.begin(), b.end(), 1.0f);
      const std::size_t lda = from_all.compute(I0, ti, J0, tj, a.data());
      const std::size_t ldb = own.compute(I0, ti, J0, tj, b.data());
      REQUIRE(lda == ldb);
      bool same = true;
      for (std::size_t i = 0; i < ti; ++i)
        same = same && std::memcmp(&a[i * lda], &b[i * ldb], tj * sizeof(float)) == 0;
      CHECK(same);
    }
  }
  // without the flag, or beside panels of V, nothing changes: a BLAS tile, or the panels given
  TileProducts<float> blas(U.data(), V.data(), d, nullptr, PanelKernel::Auto);
  std::vector<float> c(30 * 48);
  CHECK(blas.compute(0, 30, 0, 48, c.data()) == 48);
}

TEST_CASE("1556: a screened block over row sources whose tiles recompute entries and fall back gives the held partial",
          "[standard][verify][screen]") {
  if (!bf16_screen_supported()) return;
  std::mt19937_64 rng(1556);
  const std::size_t nu = 301, nv = 299, d = 512;
  FloatMatrix U = test::coarse(nu, d, FloatDType::F32, rng, "u.npy");
  FloatMatrix V = test::coarse(nv, d, FloatDType::F32, rng, "v.npy");
  // the first 112 rows of V (the first tile column) all one row: every negative of the rows labelled
  // there ties their positive, so the tiles of that column fall back to float32; the others screen
  for (std::size_t j = 1; j < 112; ++j)
    for (std::size_t k = 0; k < d; ++k) V.set(j, k, V.value(0, k));
  CertifiedOptions opt;
  opt.tile = 100;  // panel tiles of 102 x 112: 3 x 3
  opt.threads = 1;
  opt.screen = ScreenMode::On;
  std::vector<std::int64_t> labels(nu);
  for (std::size_t i = 0; i < nu; ++i) labels[i] = std::int64_t((i * 7) % nv);
  opt.labels = labels;
  const CertifiedRowSource su = test::source_of(U), sv = test::source_of(V);
  const CertifiedPlan rows_plan = certified_prepare_rows(su, sv, opt);
  const CertifiedPlan held_plan = certified_prepare(U, V, opt);
  auto bytes = [](CertifiedPartial p) {
    p.exact_evaluations = 0;
    return encode(p);
  };
  ScreenCounters& sc = screen_counters();
  std::uint64_t recomputed = 0, fallback = 0, screened = 0;
  const CertifiedTileGrid g = certified_tile_grid(rows_plan);
  for (std::size_t P = 1; P <= 4; ++P)
    for (const PairBlock& b : block_partition(g.grid_rows, g.grid_cols, P)) {
      INFO("P = " << P << ", tiles [" << b.row_begin << ", " << b.row_end << ") x [" << b.col_begin << ", " << b.col_end
                  << ")");
      const std::uint64_t r0 = sc.recomputed, f0 = sc.fallback_tiles, t0 = sc.tiles;
      const std::string from_rows = bytes(certified_process_block(rows_plan, b));
      recomputed += sc.recomputed - r0, fallback += sc.fallback_tiles - f0, screened += sc.tiles - t0;
      CHECK(from_rows == bytes(certified_process_block(held_plan, b)));
    }
  // both paths ran over the row sources: entries recomputed from the row-major rows, tiles fallen back
  CHECK(recomputed > 0);
  CHECK(fallback > 0);
  CHECK(fallback < screened);
}
