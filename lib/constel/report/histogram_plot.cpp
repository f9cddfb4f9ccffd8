// Histogram picture (see histogram_plot.hpp): the negatives' fine bins and the positives are rebinned
// onto one coarse grid over the joint range; each fine bin goes to the coarse bin of its centre.
#include "constel/report/histogram_plot.hpp"

#include <algorithm>
#include <cmath>

#include "constel/error.hpp"
#include "constel/report/svg.hpp"

namespace constel {

std::string histogram_svg(const InnerProductHistogram& h, std::size_t bins) {
  if (h.positives.empty() || bins == 0) throw InputError("histogram: no positive pairs to draw");
  double lo = h.positives.front(), hi = h.positives.back();
  for (double v : h.positives) lo = std::min(lo, v), hi = std::max(hi, v);
  std::uint64_t neg_total = 0;
  const std::size_t fine = h.neg_counts.size();
  const double fw = fine ? (h.neg_hi - h.neg_lo) / double(fine) : 0;
  for (std::size_t k = 0; k < fine; ++k) {
    if (!h.neg_counts[k]) continue;
    neg_total += h.neg_counts[k];
    double c = h.neg_lo + (double(k) + 0.5) * fw;
    lo = std::min(lo, c), hi = std::max(hi, c);
  }
  if (h.has_offdiag) lo = std::min(lo, h.max_offdiag), hi = std::max(hi, h.max_offdiag);
  if (!(hi > lo)) lo -= 0.5, hi += 0.5;
  const double pad = (hi - lo) * 0.02;
  lo -= pad, hi += pad;
  const double w = (hi - lo) / double(bins);
  auto bin_of = [&](double x) { return std::min(bins - 1, std::size_t(std::max(0.0, (x - lo) / w))); };
  std::vector<double> pos(bins, 0), neg(bins, 0);
  const double pos_unit = h.log_counts ? 1.0 : 1.0 / double(h.positives.size());
  const double neg_unit = h.log_counts || neg_total == 0 ? 1.0 : 1.0 / double(neg_total);
  for (double v : h.positives) pos[bin_of(v)] += pos_unit;
  for (std::size_t k = 0; k < fine; ++k)
    if (h.neg_counts[k]) neg[bin_of(h.neg_lo + (double(k) + 0.5) * fw)] += double(h.neg_counts[k]) * neg_unit;
  double top = 0;
  for (std::size_t k = 0; k < bins; ++k) top = std::max({top, pos[k], neg[k]});
  const double floor = h.log_counts ? 0.5 : 0;  // a log axis starts below one pair
  top = h.log_counts ? std::max(top, 1.0) * 2 : (top * 1.1 > 0 ? top * 1.1 : 1);
  SvgPlot plot(lo, hi, floor, top);
  plot.set_log_y(h.log_counts);
  plot.set_title(h.title.empty() ? "Inner products of positive and negative pairs" : h.title);
  plot.set_labels("inner product <U_i, V_j>", h.log_counts ? "pairs per bin (log scale)" : "fraction of pairs per bin");
  for (std::size_t k = 0; k < bins; ++k) {
    if (neg[k] > 0) plot.bar(lo + double(k) * w, lo + double(k + 1) * w, neg[k], "#1f77b4", 0.55);
    if (pos[k] > 0) plot.bar(lo + double(k) * w, lo + double(k + 1) * w, pos[k], "#d62728", 0.55);
  }
  plot.legend_entry("#1f77b4", "negatives (" + std::to_string(neg_total) + ")");
  plot.legend_entry("#d62728", "positives (" + std::to_string(h.positives.size()) + ")");
  plot.polyline({{h.min_diag, floor}, {h.min_diag, top}}, "#d62728", 1.5, "5 3", "min positive (exact)");
  if (h.has_offdiag)
    plot.polyline({{h.max_offdiag, floor}, {h.max_offdiag, top}}, "#1f77b4", 1.5, "5 3", "max negative (exact)");
  return plot.str();
}

}  // namespace constel
