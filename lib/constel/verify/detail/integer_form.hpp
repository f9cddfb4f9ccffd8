// The integer form of a Configuration used by the exact verifier (exact.hpp): coordinate j of every
// row of every modality is brought to an integer a_ij = r_ij * D_j with D_j the common denominator of
// column j, and the squared scales become integer weights: <x_i, y_l> = (1/C) sum_j w_j a_ij b_lj with
// w_j = C q_j / D_j^2 (docs/math.md section 3.6 gives the scale form). Columns with q_j = 0 or no nonzero entry are
// dropped. The form records the bound B = sum_j w_j M_j^2 (M_j = max |a_ij|) that decides which
// arithmetic is exact: |every partial sum| <= B.
#pragma once

#include <cstdint>
#include <vector>

#include "constel/config/configuration.hpp"

namespace constel::detail {

struct IntegerForm {
  std::size_t N = 0, k = 0, cols = 0;  // cols: kept columns
  Integer C = 1;                       // the common denominator of every inner product
  std::vector<Integer> w;              // cols weights, all > 0
  Integer bound = 0;                   // sum_j w_j M_j^2
  bool fits_int64 = true;              // every a_ij and every w_j * a_ij fits in int64
  std::vector<std::vector<std::int64_t>> a64;  // per modality N x cols (when fits_int64)
  std::vector<std::int64_t> w64;               // weights (when fits_int64)
  std::vector<std::vector<Integer>> abig;      // per modality N x cols (when !fits_int64)
};

// The two passes over the entries run on `threads` threads (0: all hardware threads; each takes a
// range of rows), which matters at N d in the millions: each entry is two GMP limb arrays to visit.
IntegerForm make_integer_form(const Configuration& config, unsigned threads = 1);

}  // namespace constel::detail
