// The integer form of a Configuration used by the exact verifier (exact.hpp): coordinate j of every
// row of every modality is brought to an integer a_ij = r_ij * D_j with D_j the common denominator of
// column j, and the squared scales become integer weights: <x_i, y_l> = (1/C) sum_j w_j a_ij b_lj with
// w_j = C q_j / D_j^2 (docs/math.md section 3.6 gives the scale form). Columns with q_j = 0 or no nonzero entry are
// dropped. The form records the bound B = sum_j w_j M_j^2 (M_j = max |a_ij|) that decides which
// arithmetic is exact: |every partial sum| <= B.
#pragma once

#include <cstdint>
#include <memory>
#include <vector>

#include "constel/config/configuration.hpp"

namespace constel::detail {

struct IntegerForm {
  std::size_t N = 0, k = 0, cols = 0;  // cols: kept columns
  Integer C = 1;                       // the common denominator of every inner product
  std::vector<Integer> w;              // cols weights, all > 0
  Integer bound = 0;                   // sum_j w_j M_j^2
  bool fits_int64 = true;              // every a_ij and every w_j * a_ij fits in int64
  // The int64 entries (when fits_int64) are either owned, per modality N x cols (a64), or read from the
  // configuration's compact entries (compact, which then has no exceptions: its numerators are the
  // a_ij of its N x d columns, of which kept[t] is kept column t); the form shares that storage.
  std::vector<std::vector<std::int64_t>> a64;
  std::shared_ptr<const CompactEntries> compact;
  std::vector<std::size_t> kept;
  std::vector<std::int64_t> w64;               // weights (when fits_int64)
  std::vector<std::vector<Integer>> abig;      // per modality N x cols (when !fits_int64)

  // a_it of modality a (kept column t), when fits_int64.
  std::int64_t at(std::size_t a, std::size_t i, std::size_t t) const {
    if (!compact) return a64[a][i * cols + t];
    return compact->numerator(a, i * compact->d() + kept[t]);
  }
  // Rows [i0, i0 + rows) of modality a into out (rows x cols, row-major), times the weights when
  // weighted: T is double (exact below 2^53, the caller's bound), std::int64_t or Integer.
  template <class T>
  void load_rows(std::size_t a, std::size_t i0, std::size_t rows, bool weighted, T* out) const;
};

// The two passes over the entries run on `threads` threads (0: all hardware threads; each takes a
// range of rows), which matters at N d in the millions: each entry is two GMP limb arrays to visit.
// A configuration holding compact entries without exceptions takes no pass over the entries at all
// (the column denominators and maxima are the compact form's).
IntegerForm make_integer_form(const Configuration& config, unsigned threads = 1);

}  // namespace constel::detail
