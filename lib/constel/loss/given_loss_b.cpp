// The optimal b of the softplus loss at a fixed t, from histograms of the inner products (one pass
// fills them): L(t, .) is convex, its derivative D(b) = sum_pos sigmoid(b - t g) - sum_neg sigmoid(t g - b)
// increases, and a bin [g_lo, g_hi] bounds every sigmoid of its pairs, so two monotone functions
// D_lo <= D <= D_hi of the bins bracket the minimiser b*: D_hi(b) < 0 proves b < b*, D_lo(b) > 0
// proves b > b*. Bisection on each gives [b_lo, b_hi]; a tangent of the bins' lower loss at b_lo gives a
// certified lower bound of inf_b L (docs/math.md section 1.b).
#include <algorithm>
#include <cmath>

#include "constel/error.hpp"
#include "constel/loss/detail/given_pass.hpp"

namespace constel::loss::detail {
namespace {

struct Bin {
  double lo, hi;  // the bin's logits t g, outward
  double count;
};

struct Bins {
  std::vector<Bin> pos, neg;
  double n = 0;       // all pairs
  double reach = 0;   // bound on |t g| over all bins
};

Bins sparse_bins(const Prepared& p, const Histograms& h, double t, double t_rel_error) {
  Bins B;
  const double w = 2 * p.g_bound / double(h.bins);
  const double eta = 1.01 * (3 * kUnit + t_rel_error) * t * (p.g_bound + w + p.g_error) + 1e-300;
  auto fill = [&](const std::vector<std::uint64_t>& c, std::vector<Bin>& out) {
    for (std::size_t k = 0; k < h.bins; ++k) {
      if (c[k] == 0) continue;
      const double glo = -p.g_bound + double(k) * w - p.g_error - 0.01 * w;
      const double ghi = -p.g_bound + double(k + 1) * w + p.g_error + 0.01 * w;
      out.push_back({t * glo - eta, t * ghi + eta, double(c[k])});
      B.n += double(c[k]);
    }
  };
  fill(h.pos, B.pos);
  fill(h.neg, B.neg);
  B.reach = t * (p.g_bound + w + p.g_error) + eta;
  return B;
}

// A computed sum of sigmoid terms and a bound on its error: every term is within (8 + |argument|) u
// relative (libm, the rounding of the argument: |sigmoid'(y)| |y| u <= sigmoid(y) |y| u), the
// compensated sum adds (6 + 8 n u) u sum |terms|.
struct Slope {
  double value = 0, error = 0;
  bool negative() const { return value < -error; }
  bool positive() const { return value > error; }
};
Slope finish(const CompensatedSum& s, double y_max) {
  return {s.sum(), (20 * kUnit + kUnit * y_max + 8 * double(s.n) * kUnit * kUnit) * s.abs * 1.01 + 1e-300};
}

// sum_pos c sigmoid(b - l) - sum_neg c sigmoid(l - b), l the bins' lower (upper = false) or upper edges.
Slope slope(const Bins& B, double b, bool upper) {
  CompensatedSum s;
  for (const Bin& x : B.pos) s.add(x.count * sigmoid_libm(b - (upper ? x.hi : x.lo)));
  for (const Bin& x : B.neg) s.add(-x.count * sigmoid_libm((upper ? x.hi : x.lo) - b));
  return finish(s, std::abs(b) + B.reach);
}

// The bins' lower loss sum_pos c softplus(b - l_hi) + sum_neg c softplus(l_lo - b) <= L(t, b).
double lower_loss(const Bins& B, double b) {
  CompensatedSum s;
  for (const Bin& x : B.pos) s.add(x.count * softplus_libm(b - x.hi));
  for (const Bin& x : B.neg) s.add(x.count * softplus_libm(x.lo - b));
  return s.sum();
}
Slope lower_loss_slope(const Bins& B, double b) {
  CompensatedSum s;
  for (const Bin& x : B.pos) s.add(x.count * sigmoid_libm(b - x.hi));
  for (const Bin& x : B.neg) s.add(-x.count * sigmoid_libm(x.lo - b));
  return finish(s, std::abs(b) + B.reach);
}

// The last point of [lo, hi] where `holds` (true at lo, monotone) by bisection, or the first where it
// fails when `last` is false.
template <class Pred>
double bisect(double lo, double hi, bool last, Pred holds) {
  for (int it = 0; it < 200 && hi - lo > 1e-13 * std::max({1.0, std::abs(lo), std::abs(hi)}); ++it) {
    const double mid = lo / 2 + hi / 2;
    if (mid <= lo || mid >= hi) break;
    (holds(mid) ? lo : hi) = mid;
  }
  return last ? lo : hi;
}

}  // namespace

OptimalB optimal_b_search(const Prepared& p, const Histograms& h, double t, double t_rel_error) {
  const Bins B = sparse_bins(p, h, t, t_rel_error);
  const double edge = B.reach + 40 + std::log(B.n + 1) + 1;
  auto below = [&](double b) { return slope(B, b, false).negative(); };  // D_hi(b) < 0: b < b*
  auto above = [&](double b) { return slope(B, b, true).positive(); };   // D_lo(b) > 0: b > b*
  if (!below(-edge) || !above(edge)) throw InternalError("loss: the optimal b is not bracketed");
  OptimalB r;
  r.b_lo = bisect(-edge, edge, true, below);
  r.b_hi = bisect(-edge, edge, false, [&](double b) { return !above(b); });
  // inf L = L(b*) >= f(b*) >= f(b_lo) + f'(b_lo)(b* - b_lo), f the bins' lower loss, b* in [b_lo, b_hi].
  const double y_max = std::abs(r.b_lo) + B.reach;
  const double f = lower_loss(B, r.b_lo) * (1 - 20 * kUnit - kUnit * y_max) - B.n * 0x1p-1070;
  const Slope g = lower_loss_slope(B, r.b_lo);
  const double descent = std::max(0.0, -g.value + g.error);
  const double v = f - descent * (r.b_hi - r.b_lo) * (1 + 4 * kUnit);
  r.inf_lower = std::max(0.0, v - 8 * kUnit * std::abs(v));
  return r;
}

}  // namespace constel::loss::detail
