// The Delsarte LP at one degree in multiple precision (docs/math.md section 5.d), for the dimensions where
// GLPK's double-precision simplex cannot solve it (docs/bounds.md "Why GLPK alone failed at n = 200").
// It is the dual LP "maximise sum_t y_t subject to y >= 0, 1 + sum_t y_t P_k(t) >= 0 for k = 1..K" over ALL points t of
// [-1, s], solved by a dense revised simplex in MPFR (K rows, the basis K x K) with column generation:
// the entering column is the largest local maximum of the current f = 1 + sum_k pi_k P_k, pi the simplex
// multipliers, found on a sample of [-1, s] and refined by Newton's method. At the optimum pi is the
// primal f (f_0 = 1). The all-slack basis is feasible (its values are all 1), so there is no phase one.
// Nothing here is a bound: delsarte.cpp certifies the result exactly (Sturm), as it does GLPK's.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "constel/number/rational.hpp"
#include "constel/run_hooks.hpp"

namespace constel::bounds::detail {

// Working precision of the multiple-precision LP, in decimal digits (about 266 bits). Enough while
// log10 f(1) + 9 (the tolerance) + 15 (a margin for the accuracy lost in the pivots) stays well below
// it: f(1) is about 10^30 at n = 200, s = 1/2, 10^40 at s = 3/5.
inline constexpr unsigned kMpLpDigits = 80;

struct MpLpOptions {
  std::size_t max_iterations = 0;  // 0: 60 * degree + 500 simplex pivots
  double tolerance = 1e-9;         // optimal when max f on [-1, s] and every -f_k are at most this (f_0 = 1)
};

struct MpLpSolution {
  bool optimal = false;     // converged to the tolerance
  bool infeasible = false;  // no f of this degree has f <= 0 on [-1, s] (the dual LP is unbounded)
  std::string note;         // why not optimal
  // f_0 = 1, f_1..f_K: the multiple-precision multipliers rounded to multiples of 2^-64, negative ones
  // set to 0 (so f_k >= 0 holds exactly; f moves by at most (K+1) 2^-64 on [-1, 1]).
  std::vector<Rational> f;
  double value = 0;      // f(1) = sum_k f_k
  double lower = 0;      // 1 + sum_t y_t: the LP optimum on the points used, <= the degree's LP optimum
  double violation = 0;  // the largest f(t) found on [-1, s] (sampled and refined, not proved)
  double clamped = 0;    // the sum of the negative multipliers (> -tolerance) set to 0 in f
  std::vector<double> touch;  // the points of the final basis
  std::size_t iterations = 0;
};

// Solves at the given degree (1..200). hooks.stop is asked before every pivot (Cancelled); progress
// reports pivots / limit.
MpLpSolution solve_delsarte_mp(std::size_t n, std::size_t degree, const Rational& s, const RunHooks& hooks = {},
                               const MpLpOptions& options = {});

}  // namespace constel::bounds::detail
