// The certified bfloat16 screen of the certified verifier (docs/math.md section 9.2). A first pass
// computes every entry of a tile from the inputs rounded to bfloat16 (round to nearest even, in
// software), multiplied with AVX512_BF16 `vdpbf16ps` and accumulated in float32, so that each value x'
// satisfies |x' - <U_i, V_j>| <= bf16_screen_gamma(d) |U_i| |V_j|. Only the entries that this
// interval cannot decide are recomputed in float32 (and, when that is still undecided, exactly), as
// the float32 pass does (certified_kernel.cpp). Layout: V packed once into panels of 16 rows, U per
// tile row into panels of 6, both as pairs of bfloat16 (k even in the low half of a 32-bit word,
// k odd in the high half, what vdpbf16ps multiplies together); d odd is padded with a zero. The
// micro-kernel is 12 x 32 (24 zmm accumulators), as the float32 AVX-512 one.
// Needs AVX-512F and AVX512_BF16 (cpu_has_avx512bf16); nothing here runs on a processor without.
#pragma once

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <memory>

namespace constel::detail {

// bfloat16 of a float, round to nearest even (finite inputs; NaN is not expected here).
inline std::uint16_t bf16_round(float x) {
  std::uint32_t b;
  __builtin_memcpy(&b, &x, 4);
  b += 0x7fffu + ((b >> 16) & 1u);
  return std::uint16_t(b >> 16);
}

// The constant c of the screen's bound |x' - <u, v>| <= c |u| |v| for length d (docs/math.md section
// 7.4), rounded up and padded for the double arithmetic around it like the float32 gamma; `scaled`:
// the values are multiplied by 1/|U_i| 1/|V_j| afterwards (normalize), which adds 2^-46 as there.
double bf16_screen_gamma(std::size_t d, bool scaled);

// A row-major n x d float matrix rounded to bfloat16 and packed in panels of `width` rows: pair p of
// row i (i inside its panel) is the 32-bit word data[(i / width) * width * pairs + p * width + i % width].
class Bf16Panels {
 public:
  Bf16Panels() = default;
  Bf16Panels(std::size_t width, std::size_t d) : width_(width), d_(d), pairs_((d + 1) / 2) {}
  void pack(const float* X, std::size_t row0, std::size_t rows, unsigned threads = 1);
  // Sized for `rows` rows, packs rows [from, to) given at X (row `from` at X[0]), as
  // PackedPanels::pack_rows.
  void pack_rows(const float* X, std::size_t rows, std::size_t from, std::size_t to, unsigned threads = 1);
  const std::uint32_t* panel(std::size_t p) const { return data_.get() + p * width_ * pairs_; }
  std::size_t rows() const { return rows_; }
  std::size_t width() const { return width_; }
  std::size_t d() const { return d_; }
  std::size_t pairs() const { return pairs_; }

 private:
  struct Free {
    void operator()(std::uint32_t* p) const;
  };
  std::size_t width_ = 0, d_ = 0, pairs_ = 0, rows_ = 0, capacity_ = 0;
  std::unique_ptr<std::uint32_t[], Free> data_;  // 64-byte aligned
};

// C[i][j] = the screen value of <A row i, B row b0 + j> for i < ti, j < tj (A: panels of 6, B:
// panels of 16, b0 a multiple of 16); the padded block round_up(ti, 6) x round_up(tj, 16) is written,
// ldc >= round_up(tj, 16). InternalError unless the processor has AVX512_BF16.
void bf16_tile_product(const Bf16Panels& A, std::size_t ti, const Bf16Panels& B, std::size_t b0, std::size_t tj,
                       float* C, std::size_t ldc);

// <x, y> over d floats in float32 (16-lane FMAs on AVX-512F, else a plain loop): a float32 sum of the d
// products in some order, so the float32 bound gamma_{d+2} |x| |y| of certified.cpp holds for it.
float float32_dot(const float* x, const float* y, std::size_t d);

// Products only, no reduction (the benchmark's reference): the bf16 panel products of every 240 x 512
// tile of U V^T (packing of V included), returning a checksum.
double plain_bf16_panel_products(const float* U, const float* V, std::size_t nu, std::size_t nv, std::size_t d,
                                 unsigned threads);

// Whether the screen pays on this processor: short register-only loops of vdpbf16ps and of float32
// FMAs (a few milliseconds, once per process, interleaved, best of 3) measure the two rates, and the
// screen pays when bfloat16 dot products run at least 1.4 times the float32 flops (the AMD EPYC of
// docs/verify-embeddings.md measured about 1.8x with 12 chains; on the Intel Sapphire Rapids Xeon of
// this session the bf16 panel products ran at about 0.8x the float32 ones, so the screen stays off there).
// False without AVX512_BF16.
bool bf16_screen_pays();
// The two rates the decision was made from, GFLOP/s of one thread (0 before the first call).
void bf16_screen_rates(double& bf16, double& fp32);

// Diagnostics of the screen, summed over every run of the process (benchmarks and tests read them):
// entries recomputed in float32 after the screen, tiles screened, tiles that fell back to float32.
struct ScreenCounters {
  std::atomic<std::uint64_t> recomputed{0}, tiles{0}, fallback_tiles{0};
};
ScreenCounters& screen_counters();

}  // namespace constel::detail
