// The inner-product histogram picture of `constel verify --plot` (embedding files): the distribution of
// the positive pairs <U_i, V_label(i)> and of the negative pairs, each as a fraction of its own count
// per bin, so both are visible however many more negatives there are; dashed lines mark the exact
// min_diag and max_offdiag (docs/math.md sections 1, 7), drawn in the legend as the lines they are. With
// log_counts the y axis shows the number of pairs per bin on a log10 axis instead (the few positives and
// the many negatives on one picture). The histogram values are float statistics.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "constel/error.hpp"

namespace constel {

struct InnerProductHistogram {
  std::vector<double> positives;          // one value per positive pair
  std::vector<std::uint64_t> neg_counts;  // negatives in equal bins over [neg_lo, neg_hi]
  double neg_lo = 0, neg_hi = 0;
  double min_diag = 0, max_offdiag = 0;   // the exact extremes (as doubles), marked on the picture
  bool has_offdiag = false;
  bool log_counts = false;  // y: pairs per bin on a log10 axis (instead of the fraction of each kind)
  std::string title;
};

// The SVG document, with `bins` equal bins over the joint range of both distributions.
std::string histogram_svg(const InnerProductHistogram& h, std::size_t bins = 80);

}  // namespace constel
