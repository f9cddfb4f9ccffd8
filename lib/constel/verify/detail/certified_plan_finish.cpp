// The certified verifier's finish (see certified_plan_of.hpp): a partial covering every tile becomes the
// report: exact (or, with normalize, certified) values, recall@1 from the row and column flags,
// violations, and the float statistics.
#include <algorithm>
#include <cmath>

#include "constel/verify/detail/certified_plan_of.hpp"
#include "constel/verify/detail/certified_stats.hpp"
#include "constel/verify/detail/certified_values.hpp"

namespace constel::detail {
namespace {

double percentile_sorted(const std::vector<double>& a, double q) {
  if (a.empty()) return std::nan("");
  double h = (double(a.size()) - 1) * q;
  std::size_t lo = std::size_t(std::floor(h));
  if (lo + 1 >= a.size()) return a.back();
  return a[lo] + (h - double(lo)) * (a[lo + 1] - a[lo]);
}

}  // namespace

template <class T>
CertifiedReport PlanOf<T>::finish(const CertifiedPartial& all) const {
  CertifiedReport rep = header_;
  rep.exact_evaluations = all.exact_evaluations + nu_ + (opt_.normalize ? nu_ + nv_ : 0);
  rep.negatives = all.negatives;
  values(all, rep);
  rep.u2v_total = nu_;
  for (std::size_t i = 0; i < nu_; ++i) {
    if (all.row_flags[i] & kRowFail) continue;
    (all.row_flags[i] & kRowTie ? rep.u2v_ties : rep.u2v_correct)++;
  }
  for (std::size_t j = 0; j < nv_; ++j) {
    if (!has_[j]) continue;
    rep.v2u_total++;
    if (all.col_flags[j] & kRowFail) continue;
    (all.col_flags[j] & kRowTie ? rep.v2u_ties : rep.v2u_correct)++;
  }
  // violations for (m, b): positives below b + m, negatives above b - m
  if (opt_.m) {
    Rational pos_thr = *opt_.b + *opt_.m;
    for (std::size_t i = 0; i < nu_; ++i)
      if (ex_.compare(P_[i], i, label_[i], pos_thr) < 0) rep.violations_pos++;
    rep.violations_neg = all.violations_neg;
    rep.unit_within_tolerance = opt_.normalize || rep.norm_max_deviation <= rep.norm_tolerance;
    rep.is_constellation = rep.violations_pos == 0 && rep.violations_neg == 0 && rep.unit_within_tolerance;
  }
  statistics(all, rep);
  return rep;
}

// The certified values: exact rationals, or with normalize outward-rounded intervals of the cosines.
template <class T>
void PlanOf<T>::values(const CertifiedPartial& all, CertifiedReport& rep) const {
  rep.argmin_diag = amin_;
  std::unique_ptr<CertifiedInterval> min_iv, max_iv;
  if (!opt_.normalize) {
    rep.min_diag = from_exact(scaled_to_rational(P_[amin_], E));
  } else {
    min_iv = std::make_unique<CertifiedInterval>();
    cosine_interval(P_[amin_], nU_[amin_], nV_[label_[amin_]], *min_iv);
    rep.min_diag = from_interval(*min_iv);
  }
  rep.has_offdiag = all.has_max;
  if (!all.has_max) return;
  rep.argmax_i = all.max_i, rep.argmax_j = all.max_j;
  if (!opt_.normalize) {
    rep.max_offdiag = from_exact(scaled_to_rational(all.max_dot, E));
    rep.margin = from_exact((rep.min_diag.value - rep.max_offdiag.value) / 2);
    rep.relative_bias = from_exact((rep.min_diag.value + rep.max_offdiag.value) / 2);
  } else {
    max_iv = std::make_unique<CertifiedInterval>();
    cosine_interval(all.max_dot, nU_[all.max_i], nV_[all.max_j], *max_iv);
    rep.max_offdiag = from_interval(*max_iv);
    rep.margin = half_combination(*min_iv, *max_iv, -1);
    rep.relative_bias = half_combination(*min_iv, *max_iv, +1);
  }
}

// Float statistics, labelled as such in the report.
template <class T>
void PlanOf<T>::statistics(const CertifiedPartial& all, CertifiedReport& rep) const {
  std::vector<double> pos = papprox_;
  double spos = 0;
  for (double v : pos) spos += v;
  rep.mean_pos = spos / double(nu_);
  const double neg_count = double(nu_) * double(nv_) - double(nu_);
  std::vector<double> ua(d_, 0.0), vb(d_, 0.0);
  ur_.chunks(0, nu_, [&](std::size_t a, std::size_t b, const T* R) { add_scaled_rows(ua, R, b - a, su_.data() + a, d_); });
  vr_.chunks(0, nv_, [&](std::size_t a, std::size_t b, const T* R) { add_scaled_rows(vb, R, b - a, sv_.data() + a, d_); });
  double sall = 0;
  for (std::size_t k = 0; k < d_; ++k) sall += ua[k] * vb[k];
  rep.mean_neg = neg_count > 0 ? (sall - spos) / neg_count : std::nan("");
  std::sort(pos.begin(), pos.end());
  rep.p5_pos = percentile_sorted(pos, 0.05);
  rep.p95_neg = histogram_percentile(all.neg_hist, ks_.hist_lo, ks_.hist_hi, 0.95, rep.p95_neg_resolution);
  if (rep.p95_neg_resolution < 0) rep.p95_neg_resolution = 2 * hist_half_width();  // fell among clamped values
  rep.p95_neg_arithmetic = sizeof(T) == 4 ? "float32 products" : "float64 products";
  if (screened_) {  // every screen value is within its bound of the exact one: so is each order statistic
    rep.p95_neg_resolution += ks_.screen_gamma * *std::max_element(ru_.begin(), ru_.end()) *
                              *std::max_element(rv_.begin(), rv_.end()) * (1 + 0x1p-40);
    rep.p95_neg_arithmetic = "bfloat16 screen products (float32 in fallback tiles)";
  }
  std::vector<double> xmean(d_, 0.0);
  double xsq = 0;
  pairs([&](std::size_t a, std::size_t b, const T* R, const typename RowAccess<T>::Picked& vs) {
    std::vector<const T*> vrow(b - a);
    std::vector<double> svl(b - a);
    for (std::size_t i = a; i < b; ++i) vrow[i - a] = vs.row(label_[i]), svl[i - a] = sv_[label_[i]];
    xi_add(xmean, xsq, R, b - a, su_.data() + a, vrow.data(), svl.data(), d_);
  });
  rep.xi = xi_value(xmean, xsq, nu_);
  rep.positives = std::move(pos);
  rep.neg_hist = all.neg_hist;
  rep.neg_hist_lo = ks_.hist_lo, rep.neg_hist_hi = ks_.hist_hi;
}

template CertifiedReport PlanOf<float>::finish(const CertifiedPartial&) const;
template CertifiedReport PlanOf<double>::finish(const CertifiedPartial&) const;
template void PlanOf<float>::values(const CertifiedPartial&, CertifiedReport&) const;
template void PlanOf<double>::values(const CertifiedPartial&, CertifiedReport&) const;
template void PlanOf<float>::statistics(const CertifiedPartial&, CertifiedReport&) const;
template void PlanOf<double>::statistics(const CertifiedPartial&, CertifiedReport&) const;

}  // namespace constel::detail
