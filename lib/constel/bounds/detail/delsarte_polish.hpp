// The exact polish of a Delsarte LP solution (docs/math.md section 5): candidate polynomials with
// rational coefficients that vanish exactly where the floating-point optimum touches zero, solved over
// Q. Each is only a candidate: delsarte.cpp proves f <= 0 on [-1, s] (Sturm) before it reports a bound.
// Split out of delsarte.cpp, which keeps the solve, the eps lift and the choice among the candidates.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <vector>

#include "constel/bounds/delsarte_lp.hpp"
#include "constel/number/rational.hpp"
#include "constel/run_hooks.hpp"

namespace constel::bounds::detail {

// The best rational with denominator <= max_den within rel_tol of x (continued fractions), or the
// exact double when none is that close.
Rational small_denominator_rational(double x, std::int64_t max_den, double rel_tol);

// Exact polishing at small-denominator rationals: the optimal f often vanishes at such points (simple
// zeros at -1 and s, double zeros inside); E8 and Leech come out exactly. nullopt when the system at
// the points found is not uniquely solvable or its solution has a negative coefficient.
std::optional<std::vector<Rational>> exact_polish(std::size_t n, const std::vector<double>& f, const Rational& s,
                                                  const RunHooks& hooks);

// The exchange polish: the touch points are the local maxima of f that hold a tight grid constraint of
// the LP (set.points; rounded to multiples of 2^-32, s and -1 kept exact), the unknowns the coefficients
// the LP left positive (set.columns). The result has exact double zeros at the rounded points, so it is
// feasible near them and its value is within second order of the LP optimum.
std::optional<std::vector<Rational>> exchange_polish(std::size_t n, const std::vector<double>& f, const Rational& s,
                                                     const ActiveSet& set, const RunHooks& hooks);

}  // namespace constel::bounds::detail
