// A separating direction and its exact check (docs/math.md section 6). A direction is h with h_k = sqrt(q_k) g_k for
// rational g_k in the input's scaled coordinates (gap/points.hpp), with an optional rational offset c
// for the affine question. certified_check_direction decides the sign of <h, x> + c for every U and V
// row exactly: for .cst input with exact rationals; for float input with a double evaluation and an
// a-priori rounding-error bound, and the exact rational sum for every row the bound leaves undecided
// (or for all rows when some g_k is not a double). The counts every tool reports come from here,
// never from a solver.
#pragma once

#include <cstddef>
#include <optional>
#include <vector>

#include "constel/gap/points.hpp"
#include "constel/number/rational.hpp"

namespace constel {

struct GapDirection {
  std::vector<Rational> g;          // d coordinates; h_k = sqrt(q_k) g_k
  std::optional<Rational> offset;   // affine: the test is <h, x> + offset
};

struct GapCheck {
  std::size_t u_nonpositive = 0;          // #{i : <h, U_i> + c <= 0}
  std::size_t v_nonnegative = 0;          // #{j : <h, V_j> + c >= 0}: V on the wrong side
  std::vector<std::size_t> bad_u, wrong_v;  // those indices, ascending
  std::size_t exact_evaluations = 0;      // rows decided by exact rational arithmetic
  std::size_t rows_checked = 0;
  bool all_u_positive() const noexcept { return u_nonpositive == 0; }
  bool separates() const noexcept { return u_nonpositive == 0 && v_nonnegative == 0; }
};

// Throws InputError when g has the wrong length. force_exact: every row through the exact sum (the
// test switch that keeps the fallback exercised).
GapCheck certified_check_direction(const GapPoints& p, const GapDirection& h, bool force_exact = false);

// The exact value <h, x> + c of one row (rational arithmetic throughout).
Rational exact_direction_value(const GapPoints& p, GapSide s, std::size_t i, const GapDirection& h);

// The sign (-1, 0, 1) of <h, x> + c for one row, certified (fast path when possible); `exact_used` is
// set when the exact sum was needed.
int certified_direction_sign(const GapPoints& p, GapSide s, std::size_t i, const GapDirection& h, bool& exact_used);

}  // namespace constel
