// The sigmoid loss of given embeddings at given (t, b), certified: `constel loss` and constel.loss() in
// Python. U and V are the stored floats of an embedding file (exact binary rationals, io/float_matrix.hpp);
// t and b are exact rationals. The loss (docs/math.md section 1; the softplus form, or the authors' BCE
// with an epsilon as a real-valued expression, docs/math.md section 8.b) is computed in double from
// dgemm row tiles, and every source of rounding (the products, the logits, exp/log1p/log, the
// compensated sum) enters a proved bound, so the report is an interval [lo, hi] that contains the
// exact value (docs/loss.md and docs/math.md section 1.b state the bound and its one
// assumption: libm's exp, log1p and log within 2 ulp).
//
// Beside it: the certified margin m* as an interval, the loss sandwich of docs/math.md section 1
// (log(1 + e^{-t m*}) <= inf_b L <= n log(1 + e^{-t m*}), n = number of pairs), and the optimal b at
// that t for the softplus loss (a 1-D convex minimisation on histograms of the inner products: an
// interval [b_lo, b_hi] that contains the minimiser, and a certified enclosure of inf_b L).
//
// Example:
//   GivenLossOptions o;  o.t = 10;  o.b = 0;
//   GivenLossReport r = certified_given_loss(U, V, o);  // r.loss.lo <= L(10, 0) <= r.loss.hi
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "constel/io/float_matrix.hpp"
#include "constel/loss/elementwise.hpp"
#include "constel/loss/sigmoid_loss.hpp"
#include "constel/number/json.hpp"
#include "constel/number/rational.hpp"

namespace constel::loss {

struct GivenLossOptions {
  Rational t = 10, b = 0;     // logit = t <U_i, V_j> - b, t > 0 (exact)
  double t_rel_error = 0;     // extra relative uncertainty of t (t = exp(logit_scale) is rounded)
  LossForm form = LossForm::Softplus;
  LossNorm norm = LossNorm::Sum;  // Mean divides by the number of pairs
  bool normalize = false;         // cosines of the stored rows instead of their inner products
  std::optional<std::vector<std::int64_t>> labels;  // one per U row: the index of its V row
  bool optimal_b = true;          // also the optimal b at t and inf_b L (one more pass)
  unsigned threads = 0;           // 0: all cores
  std::function<bool()> stop;     // asked at tile boundaries; true throws Cancelled
};

// lo <= exact value <= hi (outward).
struct Enclosure {
  double lo = 0, hi = 0;
  double mid() const { return lo / 2 + hi / 2; }
  // (hi - lo) / (2 |mid|): the relative accuracy of mid (inf when mid is 0).
  double relative_accuracy() const;
};

struct GivenLossReport {
  std::size_t N_u = 0, N_v = 0, d = 0;
  std::uint64_t positives = 0, negatives = 0;
  std::string dtype_u, dtype_v;
  bool normalized = false, labels_mode = false;
  LossForm form = LossForm::Softplus;
  LossNorm norm = LossNorm::Sum;
  double t = 0, b = 0, t_rel_error = 0;  // nearest doubles of the inputs
  Enclosure loss;                        // L(t, b)
  double logit_error = 0;                // bound on |computed logit - exact logit| used for it
  Enclosure min_positive, max_negative, margin, relative_bias;  // inner products (cosines), m*, b*_rel
  bool has_negatives() const { return negatives > 0; }
  // The sandwich (softplus loss; divided by n for Mean): lower <= inf_b L <= upper.
  double sandwich_lower = 0, sandwich_upper = 0;
  // The optimal b of the softplus loss at t (when options.optimal_b and there are negatives).
  bool has_optimal_b = false;
  Enclosure optimal_b;          // contains the minimiser b* of L(t, .)
  double optimal_b_value = 0;   // the midpoint, where loss_at_optimal_b was evaluated
  Enclosure loss_at_optimal_b;  // L(t, optimal_b_value) (softplus)
  Enclosure inf_loss;           // inf_b L(t, b) (softplus)
  std::size_t histogram_bins = 0;
};

// Throws InputError for different d, N_u != N_v without labels, labels of the wrong length or out of
// range, t <= 0, a zero row with normalize, non-finite values; Cancelled when options.stop asks to stop.
GivenLossReport certified_given_loss(const FloatMatrix& U, const FloatMatrix& V, const GivenLossOptions& options);

const char* loss_form_name(LossForm f);  // "softplus" or "bce-eps"
const char* loss_norm_name(LossNorm n);  // "sum" or "mean"

Json to_json(const GivenLossReport& r);

}  // namespace constel::loss
