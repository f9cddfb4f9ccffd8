// certified_given_loss (given_loss.hpp): checks the input, prepares exact double copies and the error
// bounds of the inner products (docs/math.md section 1.b), runs the pass at (t, b), derives the
// margin and the sandwich, and with optimal_b the histogram search and a second pass at the optimum.
#include "constel/loss/given_loss.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <thread>

#include "constel/loss/detail/given_pass.hpp"

namespace constel::loss {

using detail::kUnit;

double Enclosure::relative_accuracy() const {
  const double m = std::abs(mid());
  return m > 0 ? (hi - lo) / (2 * m) : std::numeric_limits<double>::infinity();
}

const char* loss_form_name(LossForm f) { return f == LossForm::Softplus ? "softplus" : "bce-eps"; }
const char* loss_norm_name(LossNorm n) { return n == LossNorm::Sum ? "sum" : "mean"; }

namespace {

void check_input(const FloatMatrix& U, const FloatMatrix& V, const GivenLossOptions& o) {
  U.throw_if_empty(), V.throw_if_empty();
  U.throw_if_not_finite(), V.throw_if_not_finite();
  if (U.cols() != V.cols())
    throw InputError("U has dimension " + std::to_string(U.cols()) + " but V has " + std::to_string(V.cols()));
  if (o.t <= 0) throw InputError("the inverse temperature t must be > 0, got " + to_string(o.t));
  if (!(o.t_rel_error >= 0 && o.t_rel_error < 1e-6)) throw InputError("the relative error of t must be in [0, 1e-6)");
  if (!std::isfinite(to_double(o.t)) || !std::isfinite(to_double(o.b)))
    throw InputError("t and b must be within the double range");
  if (!o.labels) {
    if (U.rows() != V.rows())
      throw InputError("U has " + std::to_string(U.rows()) + " rows but V has " + std::to_string(V.rows()) +
                       ": give labels (the V row of every U row) for many-to-one pairs");
    return;
  }
  if (o.labels->size() != U.rows())
    throw InputError("the labels have " + std::to_string(o.labels->size()) + " entries but U has " +
                     std::to_string(U.rows()) + " rows");
  for (std::size_t i = 0; i < U.rows(); ++i)
    if ((*o.labels)[i] < 0 || (*o.labels)[i] >= static_cast<std::int64_t>(V.rows()))
      throw InputError("label " + std::to_string((*o.labels)[i]) + " of U row " + std::to_string(i) +
                       " is not a row of V (0.." + std::to_string(V.rows() - 1) + ")");
}

std::vector<double> row_norms(const std::vector<double>& X, std::size_t rows, std::size_t d) {
  std::vector<double> n(rows);
  for (std::size_t i = 0; i < rows; ++i) {
    double s = 0;
    for (std::size_t k = 0; k < d; ++k) s += X[i * d + k] * X[i * d + k];
    n[i] = std::sqrt(s);
  }
  return n;
}

detail::Prepared prepare(const FloatMatrix& U, const FloatMatrix& V, const GivenLossOptions& o) {
  detail::Prepared p;
  p.Nu = U.rows(), p.Nv = V.rows(), p.d = U.cols();
  if (double(p.d) * kUnit > 1e-6) throw LimitError("the dimension is too large for the error bound");
  p.U = U.to_double(), p.V = V.to_double();
  p.labels = o.labels ? &*o.labels : nullptr;
  p.normalize = o.normalize;
  const double gamma = double(p.d) * kUnit / (1 - double(p.d) * kUnit);
  std::vector<double> nu = row_norms(p.U, p.Nu, p.d), nv = row_norms(p.V, p.Nv, p.d);
  if (o.normalize) {
    for (std::size_t i = 0; i < p.Nu; ++i)
      if (nu[i] == 0) throw InputError("U row " + std::to_string(i) + " is zero: it has no cosine");
    for (std::size_t j = 0; j < p.Nv; ++j)
      if (nv[j] == 0) throw InputError("V row " + std::to_string(j) + " is zero: it has no cosine");
    p.g_error = 1.01 * (2 * gamma + 6 * kUnit);
    p.g_bound = 1 + 2 * p.g_error;
    p.nu = std::move(nu), p.nv = std::move(nv);
  } else {
    const double scale = *std::max_element(nu.begin(), nu.end()) * *std::max_element(nv.begin(), nv.end());
    p.g_error = 1.002 * gamma * scale + 1e-300;
    p.g_bound = std::max(1.002 * scale + p.g_error, 1e-200);
  }
  unsigned hw = std::max(1u, std::thread::hardware_concurrency());
  p.threads = o.threads == 0 ? hw : o.threads;
  p.stop = o.stop;
  return p;
}

// x +- err, outward.
Enclosure around(double x, double err) {
  return {x - err - 4 * kUnit * std::abs(x), x + err + 4 * kUnit * std::abs(x)};
}

void set_extremes(GivenLossReport& r, const detail::PassResult& pass, double E) {
  r.min_positive = around(pass.min_pos, E);
  if (!r.has_negatives()) return;
  r.max_negative = around(pass.max_neg, E);
  r.margin = around(pass.min_pos / 2 - pass.max_neg / 2, E);
  r.relative_bias = around(pass.min_pos / 2 + pass.max_neg / 2, E);
}

// log(1 + e^{-t m*}) and n log(1 + e^{-t m*}) for m* in the margin's enclosure (unnormalised).
void set_sandwich(GivenLossReport& r, double t, double t_rel_error, double n) {
  const double eta_hi = 1.01 * (2 * kUnit + t_rel_error) * t * std::abs(r.margin.hi);
  const double eta_lo = 1.01 * (2 * kUnit + t_rel_error) * t * std::abs(r.margin.lo);
  r.sandwich_lower = detail::softplus_libm(-t * r.margin.hi - eta_hi) * (1 - 8 * kUnit) * (1 - 8 * kUnit);
  r.sandwich_upper = n * detail::softplus_libm(-t * r.margin.lo + eta_lo) * (1 + 8 * kUnit) * (1 + 8 * kUnit);
}

Enclosure scaled(Enclosure e, double n) {
  const double lo = e.lo / n, hi = e.hi / n;
  return {lo - 2 * kUnit * std::abs(lo), hi + 2 * kUnit * std::abs(hi)};
}

}  // namespace

GivenLossReport certified_given_loss(const FloatMatrix& U, const FloatMatrix& V, const GivenLossOptions& o) {
  check_input(U, V, o);
  const detail::Prepared p = prepare(U, V, o);
  GivenLossReport r;
  r.N_u = p.Nu, r.N_v = p.Nv, r.d = p.d;
  r.dtype_u = dtype_name(U.stored_type()), r.dtype_v = dtype_name(V.stored_type());
  r.normalized = o.normalize, r.labels_mode = bool(o.labels), r.form = o.form, r.norm = o.norm;
  r.t = to_double(o.t), r.b = to_double(o.b), r.t_rel_error = o.t_rel_error;
  r.positives = p.Nu;
  r.negatives = std::uint64_t(p.Nu) * p.Nv - p.Nu;
  const double n = double(p.Nu) * double(p.Nv);
  const bool search = o.optimal_b && r.has_negatives();
  detail::Histograms hist;
  hist.bins = std::size_t(1) << 18;
  const detail::PassResult pass = detail::loss_pass(p, r.t, r.b, o.form, search ? &hist : nullptr);
  r.logit_error = detail::logit_error_bound(p, r.t, r.b, o.t_rel_error);
  detail::loss_enclosure(pass, o.form, r.logit_error, r.loss.lo, r.loss.hi);
  set_extremes(r, pass, p.g_error);
  const double norm = o.norm == LossNorm::Mean ? n : 1;
  if (r.has_negatives()) {
    set_sandwich(r, r.t, o.t_rel_error, n);
    r.sandwich_lower /= norm, r.sandwich_upper /= norm;
    r.sandwich_lower *= 1 - 2 * kUnit, r.sandwich_upper *= 1 + 2 * kUnit;
  }
  if (search) {
    const detail::OptimalB ob = detail::optimal_b_search(p, hist, r.t, o.t_rel_error);
    r.has_optimal_b = true;
    r.histogram_bins = hist.bins;
    r.optimal_b = {ob.b_lo, ob.b_hi};
    r.optimal_b_value = ob.b_lo / 2 + ob.b_hi / 2;
    const detail::PassResult at = detail::loss_pass(p, r.t, r.optimal_b_value, LossForm::Softplus, nullptr);
    const double delta = detail::logit_error_bound(p, r.t, r.optimal_b_value, o.t_rel_error);
    detail::loss_enclosure(at, LossForm::Softplus, delta, r.loss_at_optimal_b.lo, r.loss_at_optimal_b.hi);
    const double lower = std::max(ob.inf_lower, r.sandwich_lower * norm * (1 - 4 * kUnit));
    r.inf_loss = {std::min(lower, r.loss_at_optimal_b.lo), r.loss_at_optimal_b.hi};
    r.loss_at_optimal_b = scaled(r.loss_at_optimal_b, norm);
    r.inf_loss = scaled(r.inf_loss, norm);
  }
  r.loss = scaled(r.loss, norm);
  return r;
}

}  // namespace constel::loss
