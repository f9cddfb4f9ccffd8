// The elementwise part of the sigmoid loss (docs/math.md section 1) on one tile of logits: for every inner
// product g of a tile, z = t g - b, the loss term of the entry and its derivative dL/dz, in one of two
// forms (LossForm): the stable softplus(z) (negative pair) or softplus(-z) (the positive pair on the
// diagonal), dL/dz = +-sigmoid(+-z) (softplus(y) = max(y, 0) + log1p(exp(-|y|)) with one exp per entry);
// or the authors' binary cross-entropy with an epsilon, -log(1 - sigmoid(z) + 1e-8) and
// -log(sigmoid(z) + 1e-8), with sigmoid rounded in the pass's precision, which saturates (docs/math.md
// section 8). exp, log1p and log are our own branch-free polynomial forms (a few ulp from the correctly
// rounded values) so that the compiler vectorises the loop; an AVX2/FMA variant is chosen at run time
// when the processor has it.
#pragma once

#include <cstddef>
#include <limits>

namespace constel::loss {

// The per-entry loss: Softplus (stable; the default) or BceEps (the authors' -log(sigmoid + 1e-8) form,
// computed in the pass's precision with its saturation: where sigmoid rounds to 1 or to 0 the term is
// capped near -log(1e-8) = 18.42 and its derivative is 0).
enum class LossForm { Softplus, BceEps };
inline constexpr double kBceEpsilon = 1e-8;

// Accumulators of one pass; they add up over tiles.
struct TileSums {
  double loss = 0;   // sum of the (scaled) loss terms; only when want_loss
  double sum_w = 0;  // sum of dL/dz (scaled)
  double sum_wg = 0; // sum of g * dL/dz (scaled)
  double min_diag = std::numeric_limits<double>::infinity();   // min g on the diagonal
  double max_off = -std::numeric_limits<double>::infinity();   // max g off the diagonal
};

// In place over a rows x cols tile (row stride ld): G holds the inner products and is overwritten with
// scale * dL/dz. Row r of the tile has its positive pair in column diag0 + r (when that is < cols).
// portable: the portable variant even where the AVX2 + FMA one could run (a test hook).
void sigmoid_tile(double* G, std::size_t rows, std::size_t cols, std::size_t ld, std::size_t diag0, double t,
                  double b, double scale, bool want_loss, TileSums& sums, bool portable = false,
                  LossForm form = LossForm::Softplus);
// The same on float inner products (8 lanes; the float32 steps, sigmoid_loss_f32.hpp), sums in double.
void sigmoid_tile(float* G, std::size_t rows, std::size_t cols, std::size_t ld, std::size_t diag0, float t, float b,
                  float scale, bool want_loss, TileSums& sums, bool portable = false,
                  LossForm form = LossForm::Softplus);

// Scalar versions (exact to a few ulp) used by the kernel, exposed for the tests.
double exp_nonpositive(double x);   // exp(x) for x <= 0 (x < -708 gives a value below 4e-308)
double log1p_unit(double e);        // log(1 + e) for 0 <= e <= 1
double softplus(double y);          // log(1 + exp(y)), stable for every y
double sigmoid(double y);           // 1 / (1 + exp(-y)), stable for every y

// Whether the AVX2/FMA variant runs on this machine (for the benchmark's report).
bool sigmoid_tile_uses_avx2();

}  // namespace constel::loss
