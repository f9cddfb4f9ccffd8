// Certified verification of float embeddings (docs/math.md sections 1 and 7). The stored floats are exact
// binary rationals; certified_verify reports, about exactly those numbers, the minimum positive
// <U_i, V_label(i)>, the maximum negative <U_i, V_j> (j != label(i)) with their witnesses, margin and
// relative bias, recall@1 in both directions (ties counted apart) and, for a target (m, b), the exact
// numbers of violating positives and negatives. Products run in float (packed panels for float32,
// BLAS for float64; certified_kernel.hpp, panel_kernel.hpp); an a-priori error
// bound per entry selects the few entries that are recomputed exactly (certified_kernel.hpp). With
// `normalize` the same is reported for the cosines of the stored vectors, as certified intervals
// (they are irrational in general) with exactly determined witnesses. Beside the certified results
// come float statistics, labelled as such: means, percentiles (P5 of positives, P95 of negatives from
// a histogram), xi, and the norm deviation | |x| - 1 |.
//
// Example:
//   FloatMatrix U = read_embedding_matrix("u.npy"), V = read_embedding_matrix("v.npy");
//   CertifiedReport r = certified_verify(U, V, {});
//   // r.min_diag.exact, r.max_offdiag.exact, r.argmax_i, ...
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "constel/error.hpp"
#include "constel/io/float_matrix.hpp"
#include "constel/number/rational.hpp"
#include "constel/verify/certified_value.hpp"

namespace constel {

// The float32 products: packed panels with the AVX-512, AVX2 or portable micro-kernel, or one BLAS sgemm
// per tile. Auto: the fastest panel kernel this processor runs. float64 data always runs dgemm.
enum class Float32Kernel { Auto, Avx512, Avx2, Portable, Blas };

// Whether this processor runs kernel k (Auto, Portable and Blas always).
bool float32_kernel_supported(Float32Kernel k);

// The bfloat16 screen of the float32 panel products (docs/verify-embeddings.md, docs/math.md section
// 7.4): a first pass in bfloat16 (AVX512_BF16) with a rigorous per-entry bound; only undecided entries
// are recomputed in float32. The certified results are the same either way; P95 of the negatives and
// the histogram then come from the screen's values, and p95_neg_resolution includes their bound.
// Auto: on where the float32 panels run, N_u N_v >= 2^26 and the processor has AVX512_BF16 at a rate
// that pays (measured once per process: bfloat16 dot products >= 1.4x the float32 FMA flops; on Intel
// Sapphire Rapids they run at about half, so Auto leaves the screen off there); On: on wherever the
// float32 panels run (InputError without AVX512_BF16); Off: never.
enum class ScreenMode { Auto, On, Off };

// Whether this processor runs the bfloat16 screen (AVX-512F and AVX512_BF16).
bool bf16_screen_supported();

struct CertifiedOptions {
  std::optional<Rational> m, b;              // both or neither
  std::optional<std::vector<std::int64_t>> labels;  // one per U row, index into V (many-to-one)
  bool normalize = false;
  unsigned threads = 0;  // 0: all cores
  std::size_t tile = 0;  // 0: default (512 x 512 for BLAS, 240 x 512 for packed panels); else square
                         // tiles, rounded up to multiples of 6 x 16 for the panels
  bool force_float64_kernel = false;  // test switch: dgemm even for float32 data
  bool float32_blas_tiles = false;    // test and benchmark switch: one cblas_sgemm per float32 tile
                                      // instead of the packed-panel kernel (as kernel = Blas)
  Float32Kernel kernel = Float32Kernel::Auto;  // InputError when this processor lacks it
  ScreenMode screen = ScreenMode::Auto;
  std::function<void(std::size_t, std::size_t)> progress;  // (tiles done, tiles of the part), any thread
  // Asked at every tile boundary; when it answers true the run stops and throws Cancelled.
  std::function<bool()> stop;
};

struct CertifiedReport {
  std::size_t N_u = 0, N_v = 0, d = 0;
  bool labels_mode = false, normalized = false;
  std::string kernel;  // "bf16 screen + float32 AVX-512 panels", "float32 AVX-512 panels", "float32 sgemm
                       // (OpenBLAS)", "float64 dgemm (OpenBLAS)", ...
  std::string dtype_u, dtype_v;

  CertifiedValue min_diag;
  std::size_t argmin_diag = 0;  // the row; its positive column is label(row)
  bool has_offdiag = false;     // false when there is no negative pair
  CertifiedValue max_offdiag, margin, relative_bias;
  std::size_t argmax_i = 0, argmax_j = 0;

  // recall@1: a row (column) is correct when its positive is strictly above every negative of it,
  // a tie when the largest negative equals it. v2u counts only columns with at least one positive.
  std::size_t u2v_correct = 0, u2v_ties = 0, u2v_total = 0;
  std::size_t v2u_correct = 0, v2u_ties = 0, v2u_total = 0;

  // The (m, b) verdict: no violating pair AND unit rows (docs/reliability.md section 5, the same rule
  // as for .cst files, where rows must be exactly unit): without normalize every row must satisfy
  // | |x| - 1 | <= norm_tolerance = 4 (d + 2) u, u the unit roundoff of the coarser stored type
  // (2^-53 float64, 2^-24 float32, 2^-11 float16, 2^-8 bfloat16): what a normalisation in that
  // type leaves. With normalize the cosines are verified and the rule does not apply.
  std::optional<bool> is_constellation;
  std::uint64_t violations_pos = 0, violations_neg = 0;
  double norm_tolerance = 0;
  bool unit_within_tolerance = true;

  // float statistics (double arithmetic on the stored values)
  double norm_max_deviation = 0, norm_mean_deviation = 0;
  std::string norm_max_where;  // "U row 3"
  bool unit_norm_exact = false;  // every |x|^2 == 1 exactly
  double mean_pos = 0, mean_neg = 0, p5_pos = 0, p95_neg = 0, p95_neg_resolution = 0, xi = 0;
  // the values P95 of the negatives and the histogram were read from: "float32 products", "float64
  // products", or with the screen "bfloat16 screen products (float32 in fallback tiles)"
  std::string p95_neg_arithmetic;

  std::uint64_t negatives = 0, exact_evaluations = 0;

  // Distributions for pictures (float): the positives in increasing order, and the negatives counted
  // in equal bins over [neg_hist_lo, neg_hist_hi] (the two end bins also hold the values beyond).
  std::vector<double> positives;
  std::vector<std::uint64_t> neg_hist;
  double neg_hist_lo = 0, neg_hist_hi = 0;
};

// One line per warning about a report, empty when there is none: today, without normalize, rows far
// from unit norm (| |x| - 1 | > 1e-3, naming the worst row). to_json puts them under "warnings".
std::vector<std::string> certified_warnings(const CertifiedReport& report);

// certified_prepare, certified_process of every tile, certified_finish (certified_parts.hpp).
// Throws InputError for mismatched d, N_u != N_v without labels, labels of the wrong length or out of
// range, --normalize with a zero row, values beyond the supported range, and m/b given alone; Cancelled when opt.stop asks to stop.
CertifiedReport certified_verify(const FloatMatrix& U, const FloatMatrix& V, const CertifiedOptions& opt);

}  // namespace constel
