// Internals of the certified loss of given embeddings (given_loss.hpp): the prepared inputs with their
// error bounds, one pass over all pairs at a (t, b), and the histograms of the inner products that the
// optimal-b search (given_loss_b.cpp) works on. The bounds are those of docs/math.md section 1.b.
#pragma once

#include <cmath>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <limits>
#include <vector>

#include "constel/loss/elementwise.hpp"

namespace constel::loss::detail {

inline constexpr double kUnit = 0x1p-53;  // unit roundoff of double

// Neumaier's compensated sum: |sum() - exact| <= 2u |exact| + 4 n u^2 sum |x_i| (Higham, section 4.3).
struct CompensatedSum {
  double s = 0, c = 0, abs = 0;
  std::uint64_t n = 0;
  void add(double x) {
    double t = s + x;
    c += (std::abs(s) >= std::abs(x)) ? (s - t) + x : (x - t) + s;
    s = t;
    abs += std::abs(x);
    ++n;
  }
  double sum() const { return s + c; }
};

struct Prepared {
  std::size_t Nu = 0, Nv = 0, d = 0;
  std::vector<double> U, V;          // exact copies of the stored values
  std::vector<double> nu, nv;        // computed row norms (normalize only)
  const std::vector<std::int64_t>* labels = nullptr;
  bool normalize = false;
  double g_error = 0;  // bound on |computed inner product (cosine) - exact| for every pair
  double g_bound = 0;  // bound on |computed| and |exact| inner products
  unsigned threads = 1;
  std::function<bool()> stop;
  bool positive(std::size_t i, std::size_t j) const {
    return labels ? (*labels)[i] == static_cast<std::int64_t>(j) : i == j;
  }
};

// Counts of computed inner products per bin of width 2 g_bound / bins over [-g_bound, g_bound].
struct Histograms {
  std::size_t bins = 0;
  std::vector<std::uint64_t> pos, neg;
};

struct PassResult {
  CompensatedSum loss;  // sum of the computed terms (all threads, in a fixed order)
  double abs_terms = 0;
  double min_pos = std::numeric_limits<double>::infinity(), max_neg = -std::numeric_limits<double>::infinity();
  unsigned partial_sums = 1;  // how many per-thread sums were combined
};

// One pass over all N_u x N_v pairs at doubles (t, b): the computed loss terms (form) summed, the
// extremes of the computed inner products, and (when hist) their histograms.
PassResult loss_pass(const Prepared& p, double t, double b, LossForm form, Histograms* hist);

// Bound on |computed logit - exact logit| for every pair at (t, b) (t carries t_rel_error more).
double logit_error_bound(const Prepared& p, double t, double b, double t_rel_error);

// Enclosure of the exact sum of the terms, from a pass with the logit error bound delta.
void loss_enclosure(const PassResult& r, LossForm form, double delta, double& lo, double& hi);

// The softplus optimal-b search on the histograms (given_loss_b.cpp).
struct OptimalB {
  double b_lo = 0, b_hi = 0;  // the minimiser of L(t, .) lies in [b_lo, b_hi]
  double inf_lower = 0;       // certified lower bound of inf_b L (unnormalised)
};
OptimalB optimal_b_search(const Prepared& p, const Histograms& h, double t, double t_rel_error);

// Softplus log(1 + e^y) and sigmoid with libm (the bounds assume exp and log1p within 2 ulp).
double softplus_libm(double y);
double sigmoid_libm(double y);

}  // namespace constel::loss::detail
