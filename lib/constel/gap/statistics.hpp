// The modality-gap statistics a researcher reports beside the certified separating direction
// (docs/gap.md): the distance between the centroids of the two modalities |mean(U) - mean(V)|, the
// cosine between the two means, and how many rows of each modality lie on their side of the
// mean-difference hyperplane {x : <mean(U) - mean(V), x - (mean(U) + mean(V)) / 2> = 0}.
// The distance and the cosine are float64 statistics (not certified). The counts are exact for the
// hyperplane used: for .cst input the exact means; for float input the means computed in double
// (h and the offset are those doubles, within about 1e-15 relative of the exact means), with every
// sign decided exactly by certified_check_direction (gap/direction.hpp).
//
// Example:  ModalityGapStatistics s = modality_gap_statistics(points);  // s.u_on_side of s.N_u
#pragma once

#include <cstddef>
#include <functional>

#include "constel/gap/direction.hpp"
#include "constel/gap/points.hpp"
#include "constel/number/json.hpp"

namespace constel {

struct ModalityGapStatistics {
  std::size_t N_u = 0, N_v = 0;
  double centroid_distance = 0;  // |mean(U) - mean(V)| (float64)
  double mean_norm_u = 0, mean_norm_v = 0;  // |mean(U)|, |mean(V)| (float64)
  double means_cosine = 0;       // cos(mean(U), mean(V)) (float64; 0 when a mean is 0)
  std::size_t u_on_side = 0;     // #{i : <h, U_i> + c > 0}, exact for the hyperplane (h, c)
  std::size_t v_on_side = 0;     // #{j : <h, V_j> + c < 0}, exact
  bool exact_means = false;      // .cst input: the hyperplane of the exact means
  GapDirection hyperplane;       // h = mean(U) - mean(V) (scaled coordinates), offset c
  double u_fraction() const { return N_u ? double(u_on_side) / double(N_u) : 0; }
  double v_fraction() const { return N_v ? double(v_on_side) / double(N_v) : 0; }
};

ModalityGapStatistics modality_gap_statistics(const GapPoints& p);

// The same statistics of float input read in chunks of rows: rows(side, begin, end) gives rows
// [begin, end) of that side as the whole matrix holds them. The same values as modality_gap_statistics
// over the whole matrices (the means summed in row order; the side counts are exact per row), holding
// about 1 MB of rows at a time.
using GapRowReader = std::function<FloatMatrix(GapSide, std::size_t, std::size_t)>;
ModalityGapStatistics modality_gap_statistics_rows(std::size_t n_u, std::size_t n_v, std::size_t d,
                                                   const GapRowReader& rows);

Json to_json(const ModalityGapStatistics& s);

}  // namespace constel
