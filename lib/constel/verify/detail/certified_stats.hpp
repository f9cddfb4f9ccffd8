// Float statistics of the certified verifier (docs/math.md section 7), labelled as float in every report: sums for
// the mean of the negatives without visiting N^2 entries, xi of the differences U_i - V_label(i), and
// the percentile of the negatives read off the tile pass's histogram (resolution = one bin).
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

#include "constel/verify/detail/certified_kernel.hpp"

namespace constel::detail {

// The float sums, accumulated over consecutive chunks of rows in row order (so that a plan that reads
// its rows in chunks gets the same bits as one that holds them):
// sum_{i, j} <s_i U_i, t_j V_j> = <sum_i s_i U_i, sum_j t_j V_j>: acc[k] += s_i X_ik over rows X[0..n)
// (s points at the chunk's first scale).
template <class T>
void add_scaled_rows(std::vector<double>& acc, const T* X, std::size_t n, const double* s, std::size_t d);

// xi = (1/N) sum_i |x_i|^2 - |mean x|^2 with x_i = su_i U_i - sv_l V_l, l = label[i]: xi_add adds
// rows U[0..n) (scales su[0..n)), whose partners are vrow[i] (scales svl[i]), to mean and sq;
// xi_value gives xi of the sums over N rows.
template <class T>
void xi_add(std::vector<double>& mean, double& sq, const T* U, std::size_t n, const double* su, const T* const* vrow,
            const double* svl, std::size_t d);
double xi_value(const std::vector<double>& mean, double sq, std::size_t N);

// Linear-interpolation percentile q (0..1), as numpy's default, of the values counted in `hist` (bins
// of equal width over [lo, hi]). An order statistic is placed as if its bin's values spread evenly,
// so the error is below one bin width, which `resolution` gets (-1 when the answer lies in an end bin, which also holds the values
// beyond [lo, hi]).
double histogram_percentile(const std::vector<std::uint64_t>& hist, double lo, double hi, double q, double& resolution);

}  // namespace constel::detail
