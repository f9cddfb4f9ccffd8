// The Delsarte LP in multiple precision: a dense revised simplex on the dual LP with column generation
// over [-1, s] (see delsarte_mp.hpp; docs/math.md section 5.d).
#include "constel/bounds/delsarte_mp.hpp"

#include <mpfr.h>

#include <algorithm>
#include <cmath>

#include "constel/bounds/detail/mp_gegenbauer.hpp"
#include "constel/error.hpp"

namespace constel::bounds::detail {
namespace {

// A basis column: the slack of row k (the unit vector e_k) or the point t (the vector -P_1(t)..-P_K(t)).
struct Column {
  bool slack = true;
  std::size_t k = 0;
  Mp t;
};

// Local maxima priced per pivot (each costs a Newton refinement and a K x K product), and the points of
// the scan that precedes the optimum.
constexpr std::size_t kCandidatesPerPivot = 12;
constexpr int kDenseSamples = 8000;
constexpr std::size_t kFullPricingEvery = 4;

struct Candidate {
  Column column;
  Mp value;  // the reduced cost: f(t) for a point, -f_k for a slack
};

class Simplex {
 public:
  Simplex(std::size_t n, std::size_t K, const Rational& s)
      : K_(K), rec_(n, K), samples_(sample_points(s)), P_(samples_.size() * (K + 1)), binv_(K * K), xb_(K, Mp(1)),
        f_(K + 1, Mp(0)) {
    for (std::size_t i = 0; i < samples_.size(); ++i) rec_.values(samples_[i], &P_[i * (K + 1)]);
    for (std::size_t i = 0; i < K; ++i) basis_.push_back({true, i + 1, Mp(0)}), binv_[i * K + i] = 1;
    update_multipliers();
  }

  const std::vector<Mp>& f() const { return f_; }
  const std::vector<Column>& basis() const { return basis_; }
  const std::vector<Mp>& xb() const { return xb_; }

  // The full pricing: the `count` largest sampled local maxima of f (refined), with_basis the maxima next
  // to the basis points too, and the slacks of the negative f_k, largest reduced cost first; the points
  // are kept for price_tracked.
  std::vector<Candidate> price(std::size_t count, bool with_basis = false) {
    const std::size_t M = samples_.size();
    std::vector<Mp> v(M);
    for (std::size_t i = 0; i < M; ++i) {
      const Mp* P = &P_[i * (K_ + 1)];
      Mp acc = f_[0];
      for (std::size_t k = 1; k <= K_; ++k) acc += f_[k] * P[k];
      v[i] = acc;
    }
    std::vector<std::size_t> maxima;
    for (std::size_t i = 0; i < M; ++i)
      if ((i == 0 || v[i] >= v[i - 1]) && (i + 1 == M || v[i] >= v[i + 1])) maxima.push_back(i);
    std::sort(maxima.begin(), maxima.end(), [&](std::size_t a, std::size_t b) { return v[a] > v[b]; });
    std::vector<Candidate> out;
    for (std::size_t j = 0; j < maxima.size() && j < count; ++j) {
      const std::size_t i = maxima[j];
      Candidate c{{false, 0, samples_[i]}, v[i]};
      if (i > 0 && i + 1 < M) refine(samples_[i - 1], samples_[i + 1], c);
      out.push_back(c);
    }
    if (with_basis) price_basis(out);
    std::sort(out.begin(), out.end(), [](const Candidate& a, const Candidate& b) { return a.value > b.value; });
    tracked_.clear();
    for (std::size_t j = 0; j < out.size() && tracked_.size() < 2 * count; ++j) tracked_.push_back(out[j].column.t);
    add_slacks(out);
    return out;
  }

  void add_slacks(std::vector<Candidate>& out) const {
    for (std::size_t k = 1; k <= K_; ++k)
      if (f_[k] < 0) out.push_back({{true, k, Mp(0)}, -f_[k]});
    std::sort(out.begin(), out.end(), [](const Candidate& a, const Candidate& b) { return a.value > b.value; });
  }

  // The refined local maxima next to every basis point (a bump between two close basis points is a
  // double zero split in two).
  void price_basis(std::vector<Candidate>& out) const {
    for (const auto& b : basis_) {
      if (b.slack) continue;
      Candidate c{{false, 0, b.t}, Mp(0)};
      refine_near(c);
      out.push_back(c);
    }
  }

  // Between full scans: the maxima of the last scan, followed by Newton's method from where they were.
  std::vector<Candidate> price_tracked() const {
    std::vector<Candidate> out;
    for (const auto& t : tracked_) {
      Candidate c{{false, 0, t}, Mp(0)};
      refine_near(c);
      out.push_back(c);
    }
    add_slacks(out);
    return out;
  }

  // The check before declaring the optimum: a full pricing and a scan of kDenseSamples points uniform
  // in the angle, for bumps between the samples; the candidates of positive reduced cost, largest first.
  std::vector<Candidate> price_thoroughly(const Rational& s) {
    std::vector<Candidate> out = price(kCandidatesPerPivot, true);
    const Mp lo_end = -1, hi_end = samples_.back();
    const double top = std::acos(std::max(-1.0, std::min(1.0, to_double(s))));
    std::vector<Mp> ts, v;
    for (int i = 1; i < kDenseSamples; ++i) {
      const Mp t(std::cos(top + (M_PI - top) * i / kDenseSamples));
      if (t > lo_end && t < hi_end) ts.push_back(t), v.push_back(value(t));
    }
    for (std::size_t i = 1; i + 1 < ts.size(); ++i)
      if (v[i] >= v[i - 1] && v[i] >= v[i + 1]) {
        Candidate c{{false, 0, ts[i]}, v[i]};
        refine(ts[i + 1], ts[i - 1], c);  // the angle grows with i, so t falls
        out.push_back(c);
      }
    std::sort(out.begin(), out.end(), [](const Candidate& a, const Candidate& b) { return a.value > b.value; });
    return out;
  }

  // The entering column among the candidates of positive reduced cost above tol: the largest objective
  // gain (reduced cost times the ratio-test step), or at a degenerate vertex (every step 0) the
  // steepest edge. u gets B^{-1} a of the chosen column, row its leaving row (K when none leaves: the
  // dual LP is unbounded along it).
  std::size_t choose(const std::vector<Candidate>& cands, const Mp& tol, std::vector<Mp>& u, std::size_t& row) const {
    std::size_t best = cands.size();
    Mp best_gain = -1, best_edge = -1;
    bool gain_positive = false;
    for (std::size_t j = 0; j < cands.size(); ++j) {
      if (!(cands[j].value > tol)) continue;
      std::vector<Mp> w;
      Mp theta;
      const std::size_t r = ratio_test(cands[j].column, w, theta);
      if (r == K_) {  // unbounded: the LP at this degree has no solution
        u = std::move(w), row = K_;
        return j;
      }
      Mp norm = 1;
      for (const auto& x : w) norm += x * x;
      const Mp gain = cands[j].value * theta, edge = cands[j].value / sqrt(norm);
      const bool better = gain > 0 ? (!gain_positive || gain > best_gain) : (!gain_positive && edge > best_edge);
      if (better) {
        best = j, best_gain = gain, best_edge = edge, gain_positive = gain > 0;
        u = std::move(w), row = r;
      }
    }
    return best;
  }

  // One pivot bringing c into the basis at row r (u = B^{-1} a).
  void pivot(const Column& c, const std::vector<Mp>& u, std::size_t r) {
    const Mp inv = 1 / u[r];
    for (std::size_t j = 0; j < K_; ++j) binv_[r * K_ + j] *= inv;
    xb_[r] *= inv;
    for (std::size_t i = 0; i < K_; ++i) {
      if (i == r || u[i] == 0) continue;
      for (std::size_t j = 0; j < K_; ++j) binv_[i * K_ + j] -= u[i] * binv_[r * K_ + j];
      xb_[i] -= u[i] * xb_[r];
    }
    basis_[r] = c;
    if (++pivots_ % 32 == 0) refactor();
    update_multipliers();
  }

 private:
  // u = B^{-1} a for the column c; the leaving row of the ratio test (K when none) and its step theta.
  std::size_t ratio_test(const Column& c, std::vector<Mp>& u, Mp& theta) const {
    const std::vector<Mp> a = column_vector(c);
    u.assign(K_, Mp(0));
    Mp umax = 0;
    for (std::size_t i = 0; i < K_; ++i) {
      for (std::size_t j = 0; j < K_; ++j) u[i] += binv_[i * K_ + j] * a[j];
      umax = std::max(umax, Mp(abs(u[i])));
    }
    const Mp tiny = umax * Mp(1e-50);
    std::size_t r = K_;
    for (std::size_t i = 0; i < K_; ++i) {
      if (!(u[i] > tiny)) continue;
      Mp ratio = std::max(Mp(0), xb_[i]) / u[i];
      if (r == K_ || ratio < theta || (ratio == theta && u[i] > u[r])) r = i, theta = ratio;
    }
    return r;
  }

  Mp value(const Mp& t) const {
    Mp p0 = 1, p1 = t, v = f_[0] + (K_ >= 1 ? Mp(f_[1] * t) : Mp(0));
    for (std::size_t k = 2; k <= K_; ++k) {
      Mp p2 = rec_.a[k] * t * p1 - rec_.b[k] * p0;
      v += f_[k] * p2;
      p0 = p1, p1 = p2;
    }
    return v;
  }

  std::vector<Mp> column_vector(const Column& c) const {
    std::vector<Mp> a(K_, Mp(0));
    if (c.slack) {
      a[c.k - 1] = 1;
      return a;
    }
    std::vector<Mp> P(K_ + 1);
    rec_.values(c.t, P.data());
    for (std::size_t k = 1; k <= K_; ++k) a[k - 1] = -P[k];
    return a;
  }

  // f_0 = 1, f_k = pi_k with pi^T = c_B^T B^{-1} (c_B: 1 for a point, 0 for a slack).
  void update_multipliers() {
    for (std::size_t j = 0; j < K_; ++j) {
      Mp acc = 0;
      for (std::size_t i = 0; i < K_; ++i)
        if (!basis_[i].slack) acc += binv_[i * K_ + j];
      f_[j + 1] = acc;
    }
    f_[0] = 1;
  }

  // B^{-1} afresh by Gauss-Jordan elimination with partial pivoting, and x_B = B^{-1} 1.
  void refactor() {
    std::vector<Mp> m(K_ * K_);
    for (std::size_t j = 0; j < K_; ++j) {
      auto a = column_vector(basis_[j]);
      for (std::size_t i = 0; i < K_; ++i) m[i * K_ + j] = a[i];
    }
    std::vector<Mp> inv(K_ * K_, Mp(0));
    for (std::size_t i = 0; i < K_; ++i) inv[i * K_ + i] = 1;
    for (std::size_t c = 0; c < K_; ++c) {
      std::size_t p = c;
      for (std::size_t i = c + 1; i < K_; ++i)
        if (abs(m[i * K_ + c]) > abs(m[p * K_ + c])) p = i;
      if (m[p * K_ + c] == 0) throw InternalError("Delsarte LP (multiple precision): singular basis");
      for (std::size_t j = 0; j < K_; ++j) std::swap(m[c * K_ + j], m[p * K_ + j]), std::swap(inv[c * K_ + j], inv[p * K_ + j]);
      const Mp d = 1 / m[c * K_ + c];
      for (std::size_t j = 0; j < K_; ++j) m[c * K_ + j] *= d, inv[c * K_ + j] *= d;
      for (std::size_t i = 0; i < K_; ++i) {
        if (i == c || m[i * K_ + c] == 0) continue;
        const Mp x = m[i * K_ + c];
        for (std::size_t j = 0; j < K_; ++j) m[i * K_ + j] -= x * m[c * K_ + j], inv[i * K_ + j] -= x * inv[c * K_ + j];
      }
    }
    binv_ = std::move(inv);
    for (std::size_t i = 0; i < K_; ++i) {
      Mp acc = 0;
      for (std::size_t j = 0; j < K_; ++j) acc += binv_[i * K_ + j];
      xb_[i] = acc;
    }
  }

  // Newton's method on f' inside the bracket [lo, hi] around a sampled local maximum, bisection where
  // a step leaves the bracket or f'' >= 0; c keeps the better of the sample and the refined point.
  void refine_near(Candidate& c) const {
    c.value = jet(rec_, f_, c.column.t).v;
    refine(std::max(Mp(-1), Mp(c.column.t - reach_)), std::min(samples_.back(), Mp(c.column.t + reach_)), c);
  }

  void refine(Mp lo, Mp hi, Candidate& c) const {
    Mp t = c.column.t;
    const Mp stop = Mp(1e-40);
    for (int it = 0; it < 60; ++it) {
      const Jet j = jet(rec_, f_, t);
      if (j.d1 > 0) lo = t; else hi = t;
      Mp next = j.d2 < 0 ? Mp(t - j.d1 / j.d2) : Mp((lo + hi) / 2);
      if (!(next > lo && next < hi)) next = (lo + hi) / 2;
      const bool done = abs(next - t) <= stop;
      t = next;
      if (done || hi - lo <= stop) break;
    }
    const Mp value = jet(rec_, f_, t).v;
    if (value > c.value) c.column.t = t, c.value = value;
  }

  std::size_t K_;
  Recurrence rec_;
  std::vector<Mp> samples_, P_;  // P_: the samples' P_0..P_K, row by row
  std::vector<Column> basis_;
  std::vector<Mp> binv_, xb_, f_;
  std::size_t pivots_ = 0;
  std::vector<Mp> tracked_;  // where the largest maxima of the last full pricing were
  Mp reach_ = Mp(0.004);     // the bracket half-width around a tracked point or a basis point
};


}  // namespace

MpLpSolution solve_delsarte_mp(std::size_t n, std::size_t degree, const Rational& s, const RunHooks& hooks,
                               const MpLpOptions& options) {
  if (n < 2) throw InputError("Delsarte LP: dimension n must be >= 2, got " + std::to_string(n));
  if (degree < 1 || degree > 200)
    throw LimitError("the Delsarte LP degree must lie in 1..200, got " + std::to_string(degree));
  if (s < -1 || s >= 1) throw InputError("Delsarte LP: s must lie in [-1, 1), got " + to_string(s));
  const std::size_t limit = options.max_iterations ? options.max_iterations : 60 * degree + 500;
  Simplex lp(n, degree, s);
  MpLpSolution out;
  const Mp tol(options.tolerance);
  std::vector<Candidate> cands = lp.price(kCandidatesPerPivot);
  for (;; ++out.iterations) {
    if (cands.empty() || cands[0].value <= tol) cands = lp.price_thoroughly(s);
    if (cands.empty() || cands[0].value <= tol) {
      out.optimal = true;
      break;
    }
    if (out.iterations >= limit) {
      out.note = "the multiple-precision LP did not converge in " + std::to_string(limit) + " pivots";
      break;
    }
    hooks.throw_if_stopped("Delsarte LP (multiple precision)");
    hooks.report(double(out.iterations) / double(limit));
    std::vector<Mp> u;
    std::size_t row = 0;
    const std::size_t j = lp.choose(cands, tol, u, row);
    if (row == degree) {
      out.infeasible = true;
      out.note = "the LP has no solution at degree " + std::to_string(degree) + " (its dual is unbounded)";
      return out;
    }
    lp.pivot(cands[j].column, u, row);
    cands = (out.iterations + 1) % kFullPricingEvery == 0 ? lp.price(kCandidatesPerPivot) : lp.price_tracked();
  }
  const Candidate c = cands.empty() ? Candidate{{true, 1, Mp(0)}, Mp(0)} : cands[0];
  out.violation = std::max(0.0, c.value.convert_to<double>());
  Mp lower = 1;
  for (std::size_t i = 0; i < lp.basis().size(); ++i)
    if (!lp.basis()[i].slack) {
      lower += std::max(Mp(0), lp.xb()[i]);
      out.touch.push_back(lp.basis()[i].t.convert_to<double>());
    }
  std::sort(out.touch.begin(), out.touch.end());
  out.lower = lower.convert_to<double>();
  out.f.push_back(Rational(1));
  Rational sum = 1;
  for (std::size_t k = 1; k <= degree; ++k) {
    Rational r = round_to_dyadic(lp.f()[k]);
    if (r < 0) out.clamped -= to_double(r), r = 0;
    sum += r;
    out.f.push_back(std::move(r));
  }
  out.value = to_double(sum);
  return out;
}

}  // namespace constel::bounds::detail
