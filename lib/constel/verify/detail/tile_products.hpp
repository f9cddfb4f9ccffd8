// The products of the certified verifier's tiles: C = U[I0..I0+ti) V[J0..J0+tj)^T,
// from packed panels (float32, panel_kernel.hpp) or one BLAS call per tile (float64, and float32 on
// request; OpenBLAS single-threaded inside our own threads, Eigen when OpenBLAS is absent). Also the
// benchmark's plain references: the same tiles with no reduction.
#pragma once

#include <cstddef>

#include "constel/verify/detail/panel_kernel.hpp"

namespace constel::detail {

// Tile shapes: 240 x 512 for packed panels (multiples of 6 x 16); BLAS tiles are square.
inline constexpr std::size_t kPanelTileRows = 40 * kPanelRowsA, kPanelTileCols = 32 * kPanelRowsB;

// One thread's tile products. With packed_v (float only: V packed in panels of 16 rows) the tile's block
// of U rows is packed here, once per block as long as the tiles of a block come one after another.
// With pack_v_tiles instead (float only, packed_v null, V row-major): the tile's rows of V are packed
// here too, into panels of their own, and the same micro-kernel runs on them, so every product is the
// float32 value the packed_v path gives (each entry is the same sequence of operations on the same
// values, whatever panel holds the row); for a caller that keeps V row-major and computes float32
// products on few tiles (a screened block over row sources, certified_plan.cpp).
template <class T>
class TileProducts {
 public:
  TileProducts(const T* U, const T* V, std::size_t d, const PackedPanels* packed_v,
               PanelKernel kernel = PanelKernel::Auto, bool pack_v_tiles = false)
      : U_(U),
        V_(V),
        d_(d),
        packed_v_(packed_v),
        kernel_(resolve_panel_kernel(kernel)),
        packed_u_(kPanelRowsA, d),
        pack_v_tiles_(pack_v_tiles && !packed_v && V),
        tile_v_(kPanelRowsB, d) {}
  // Fills C and returns its row stride: tj for BLAS tiles, tj rounded up to 16 for panels, which also
  // write the padding (C needs round_up(ti, 6) x round_up(tj, 16) entries then).
  std::size_t compute(std::size_t I0, std::size_t ti, std::size_t J0, std::size_t tj, T* C);

 private:
  const T* U_;
  const T* V_;
  std::size_t d_;
  const PackedPanels* packed_v_;
  PanelKernel kernel_;
  PackedPanels packed_u_;
  std::size_t packed_row0_ = std::size_t(-1);
  bool pack_v_tiles_;
  PackedPanels tile_v_;  // with pack_v_tiles: rows [tile_v_row0_, + tile_v_rows_) of V
  std::size_t tile_v_row0_ = std::size_t(-1), tile_v_rows_ = 0;
};

// Products only, no reduction (the benchmark's references), returning a checksum: one cblas_sgemm per
// square tile, or the packed-panel kernel `kernel` with its 240 x 512 tiles (packing of V included).
double plain_tile_products(const float* U, const float* V, std::size_t nu, std::size_t nv, std::size_t d,
                           unsigned threads, std::size_t tile);
double plain_panel_products(const float* U, const float* V, std::size_t nu, std::size_t nv, std::size_t d,
                            unsigned threads, PanelKernel kernel = PanelKernel::Auto);

}  // namespace constel::detail
