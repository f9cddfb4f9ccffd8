// float32 tile products for the certified verifier from matrices packed once.
//
// Why not one cblas_sgemm per tile: a BLAS call repacks both operands every time, so with tiles small
// enough to be reduced while in cache the same V rows are packed N / tile times; at N = 16384, d = 768
// that packing (plus zeroing C for beta = 0) was about 10% of the run. Here V is packed once into
// panels of 16 rows (k-major: for each k, the 16 entries of the panel's rows) and each thread packs
// the block of U rows it works on into panels of 6 rows; a register-blocked micro-kernel then computes
// C = A B^T tile by tile: 12 x 32 from two A and two B panels in 24 zmm accumulators (AVX-512F), 6 x 16
// in 12 ymm accumulators (AVX2 + FMA), or portable C++, chosen at run time (cpu.hpp) or forced. Every
// entry is still a float32 sum of the d products in some order, with or without FMA, so the error
// bound of certified.cpp (Higham 3.1) holds unchanged for every kernel (docs/math.md section 9.1).
// Rows beyond the matrix are zero padding.
#pragma once

#include <cstddef>
#include <memory>
#include <vector>

namespace constel::detail {

// The micro-kernels. Auto: the fastest this processor runs (AVX-512, else AVX2, else portable).
enum class PanelKernel { Auto, Avx512, Avx2, Portable };

// Whether this processor runs kernel k (Auto and Portable always).
bool panel_kernel_supported(PanelKernel k);
// Auto resolved to the kernel that runs; InputError when k is not supported here.
PanelKernel resolve_panel_kernel(PanelKernel k);
// "AVX-512", "AVX2", "portable" (Auto is resolved first).
const char* panel_kernel_name(PanelKernel k);

inline constexpr std::size_t kPanelRowsA = 6;   // U rows per A panel (micro-kernel height)
inline constexpr std::size_t kPanelRowsB = 16;  // V rows per B panel (micro-kernel width)

// A row-major n x d float matrix packed into panels of `width` rows, zero-padded to a multiple of
// `width` rows: entry (i, k) is at data[(i / width) * width * d + k * width + i % width].
class PackedPanels {
 public:
  PackedPanels() = default;
  PackedPanels(std::size_t width, std::size_t d) : width_(width), d_(d) {}
  // Packs rows [row0, row0 + rows) of X (row-major, d columns); reuses the buffer when it is big enough.
  void pack(const float* X, std::size_t row0, std::size_t rows, unsigned threads = 1);
  // Sized for `rows` rows (allocated on the first call, kept by later ones of the same size), packs
  // rows [from, to), given row-major at X (row `from` at X[0]; from a multiple of the width), rows of
  // their last panel beyond `to` as zero. Panels never packed are allocated, never written, so a
  // process that multiplies only a block of the rows does not hold the rest (their pages are never
  // touched), and the block can be packed chunk by chunk (chunks of whole panels).
  void pack_rows(const float* X, std::size_t rows, std::size_t from, std::size_t to, unsigned threads = 1);
  const float* panel(std::size_t p) const { return data_.get() + p * width_ * d_; }
  // Row i (of the packed rows) copied out into out[0..d).
  void row(std::size_t i, float* out) const;
  std::size_t panels() const { return (rows_ + width_ - 1) / width_; }
  std::size_t rows() const { return rows_; }
  std::size_t width() const { return width_; }
  std::size_t d() const { return d_; }

 private:
  struct Free {
    void operator()(float* p) const;
  };
  std::size_t width_ = 0, d_ = 0, rows_ = 0, capacity_ = 0;
  std::unique_ptr<float[], Free> data_;  // 64-byte aligned
};

// C[i][j] = <A row i, B row b0 + j> for i < ti, j < tj, where A (panels of 6) holds the tile's rows
// and B (panels of 16) the whole other matrix; b0 is a multiple of 16. The padded block, round_up(ti,
// 6) x round_up(tj, 16), is written, so C needs that many rows and ldc >= round_up(tj, 16). The k
// dimension is cut into blocks of at most 768 (every kernel), C accumulated in place between blocks. `kernel` must be supported here (resolve_panel_kernel).
void panel_tile_product(const PackedPanels& A, std::size_t ti, const PackedPanels& B, std::size_t b0, std::size_t tj,
                        float* C, std::size_t ldc, PanelKernel kernel = PanelKernel::Auto);

}  // namespace constel::detail
