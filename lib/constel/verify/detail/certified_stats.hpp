// Float statistics of the certified verifier (docs/math.md section 7), labelled as float in every report: sums for
// the mean of the negatives without visiting N^2 entries, xi of the differences U_i - V_label(i), and
// the percentile of the negatives read off the tile pass's histogram (resolution = one bin).
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

#include "constel/verify/detail/certified_kernel.hpp"

namespace constel::detail {

// sum_{i, j} <s_i U_i, t_j V_j> = <sum_i s_i U_i, sum_j t_j V_j>, in double.
template <class T>
double total_inner_sum(const T* U, std::size_t nu, const double* su, const T* V, std::size_t nv, const double* sv,
                       std::size_t d);

// xi = (1/N) sum_i |x_i|^2 - |mean x|^2 with x_i = su_i U_i - sv_l V_l, l = label[i].
template <class T>
double xi_statistic(const T* U, std::size_t nu, const double* su, const T* V, const double* sv,
                    const std::uint32_t* label, std::size_t d);

// Linear-interpolation percentile q (0..1), as numpy's default, of the values counted in `hist` (bins
// of equal width over [lo, hi]). An order statistic is placed as if its bin's values spread evenly,
// so the error is below one bin width, which `resolution` gets (-1 when the answer lies in an end bin, which also holds the values
// beyond [lo, hi]).
double histogram_percentile(const std::vector<std::uint64_t>& hist, double lo, double hi, double q, double& resolution);

}  // namespace constel::detail
