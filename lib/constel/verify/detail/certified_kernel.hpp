// The tiled pass of the certified verifier (docs/math.md sections 1, 7). U V^T is computed tile by
// tile in the matrices' own precision: float32 from packed panels (panel_kernel.hpp: V packed once,
// a 12 x 32 AVX-512, 6 x 16 AVX2 or portable micro-kernel, tiles of 240 x 512), or one BLAS call per tile (float64 dgemm, and
// float32 sgemm on request; OpenBLAS single-threaded inside our std::threads, Eigen when OpenBLAS is
// absent), and each tile is reduced while in cache.
// Every computed entry x carries an a-priori bound |x - exact| <= E_ij = gamma ru_i rv_j + extra
// (certified.cpp explains gamma and why no underflow can occur), which splits the entries into
// "certainly irrelevant", "certainly decided" and a small undecided set that is recomputed exactly
// (certified_exact.hpp). What comes out, for any range of the tile grid, is exact: the largest negative
// entry and its witness, which rows and columns have a negative above (or equal to) their positive,
// and the count of negatives above a threshold (a CertifiedPartial, certified_parts.hpp). Memory: the
// packed copy of V (float32), O(threads x tile) and bounded candidate lists, never N^2.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <vector>

#include "constel/number/rational.hpp"
#include "constel/verify/certified_parts.hpp"
#include "constel/verify/detail/bf16_screen.hpp"
#include "constel/verify/detail/certified_values.hpp"
#include "constel/verify/detail/panel_kernel.hpp"

namespace constel::detail {

template <class T>
struct KernelSetup {
  const T* U = nullptr;
  const T* V = nullptr;  // null over a block of rows with float32 panels: V's rows come from them
  std::size_t nu = 0, nv = 0, d = 0;
  const std::uint32_t* label = nullptr;  // positive column of each row
  const double* su = nullptr;            // the computed value of (i, j) is fl(C_ij) * su_i * sv_j
  const double* sv = nullptr;
  bool unscaled = false;                 // every su_i and sv_j is 1: the value is fl(C_ij) itself
  const double* ru = nullptr;  // upper bounds of |U_i| su_i and |V_j| sv_j
  const double* rv = nullptr;
  double gamma = 0;  // E_ij = gamma ru_i rv_j + extra
  double extra = 0;
  const ExactContext<T>* exact = nullptr;
  // rows: exact positive and double bounds of its value
  const std::vector<Integer>* row_pos = nullptr;
  const double* row_lo = nullptr;
  const double* row_hi = nullptr;
  // columns: the best positive (exact, its row) and bounds; col_has = 0 when the column has none
  const std::vector<Integer>* col_pos = nullptr;
  const std::size_t* col_pos_row = nullptr;
  const double* col_lo = nullptr;
  const double* col_hi = nullptr;
  const std::uint8_t* col_has = nullptr;
  // violation threshold for negatives (value > tau violates), with double bounds tau_lo <= tau <= tau_hi
  std::optional<Rational> tau;
  double tau_lo = 0, tau_hi = 0;
  // histogram of negative values over [hist_lo, hist_hi]
  std::size_t hist_bins = 1 << 14;
  double hist_lo = -1, hist_hi = 1;
  unsigned threads = 1;
  std::size_t tile = 256;  // square tiles of the BLAS kernels
  // float32 only: products from packed panels (panel_kernel.hpp) in tiles of 240 x 512, instead of
  // one cblas_sgemm per tile
  bool panels = true;
  PanelKernel panel_kernel = PanelKernel::Auto;  // the micro-kernel of the panels
  std::size_t panel_tile = 0;  // 0: 240 x 512; else round_up(panel_tile, 6) x round_up(panel_tile, 16)
  // float32 panels only: the bfloat16 screen (bf16_screen.hpp), V packed in bfloat16 panels, or null
  // when it is off; its values x' carry |x' - exact| <= screen_gamma ru_i rv_j.
  const Bf16Panels* screen_v = nullptr;
  double screen_gamma = 0;
  std::function<void(std::size_t, std::size_t)> progress;  // (tiles done, tiles of the range), any thread
  std::function<bool()> stop;                              // asked at tile boundaries: Cancelled
};

// The tile shape (rows of U x rows of V per tile) the setup runs with.
template <class T>
std::pair<std::size_t, std::size_t> certified_tile_shape(const KernelSetup<T>& s);

// Reduces tiles [first, last) of the row-major grid into `out`, whose flag and histogram arrays are
// sized for the plan: the maximum (witness norms not set), row and column flags, violations,
// histogram, counts. packed_v: V packed in panels of 16 rows when the panel kernel runs, else null.
template <class T>
void certified_tile_range(const KernelSetup<T>& s, const PackedPanels* packed_v, std::uint64_t first,
                          std::uint64_t last, CertifiedPartial& out);

}  // namespace constel::detail
