// Bounds on N_MRB(d, m, b), the largest number of pairs of an (m, b)-constellation in S^{d-1}
// (docs/math.md section 4): Theorem 3.5 (finite d, best delta; the paper's bound, kept for comparison), the
// reduction N_SC(d-1, alpha) <= N_MRB(d, m, b) <= N_SC(d, alpha) for alpha >= 0 with every spherical
// code bound of code_bounds.hpp, Theorem 3.4's finite form for alpha < 0, the exact identity on the line
// m + b = 1, the equal-pairs route N_MRB(d, m, b) >= N_SC(d, b - m) (U_i = V_i, every region with
// b + m <= 1), the binary linear codes with a proved distance of codes/algebraic.hpp (lower, through
// the lift and the equal pairs), and the exponents. This is what `constel bound` prints.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "constel/bounds/region.hpp"
#include "constel/bounds/size_bound.hpp"
#include "constel/bounds/three_point.hpp"
#include "constel/error.hpp"
#include "constel/run_hooks.hpp"

namespace constel::bounds {

// Theorem 3.5 for 0 <= alpha < 1, m > 0, d >= 2: the bound at the best delta found (any delta in the
// open interval gives a valid bound; delta is searched approximately, and the value at the chosen delta
// is evaluated in ball arithmetic and rounded up from the ball's upper end).
SizeBound theorem35_upper_bound(std::size_t d, const Rational& m, const Rational& b);

// The largest dimension the three-point SDP bound is run at in `bound`, `table` and `choose-d` (when asked
// for): the SDP's size does not grow with n, but beyond n = 24 the published three-point bounds gain
// little on Delsarte and Levenshtein (docs/bounds.md), so the seconds to minutes of a call are not spent.
inline constexpr std::size_t kSdpMaxDimension = 24;

struct MrbOptions {
  std::size_t delsarte_max_dimension = 24;  // the certified Delsarte LP runs for d up to this
  // The certified three-point SDP bound (docs/math.md section 5.f) on the spherical code of the
  // reduction N_MRB(d, m, b) <= N_SC(d, alpha) (and of the line m + b = 1), run when set and
  // 3 <= d <= sdp_max_dimension (opt-in: seconds at degree 6, minutes at degree 10). Only a certified
  // value enters upper_all; otherwise a note says why. Its stop is hooks.stop unless set.
  std::optional<ThreePointOptions> sdp;
  std::size_t sdp_max_dimension = kSdpMaxDimension;
  // Stop: passed to every spherical-code bound (its Delsarte LP asks before every solve and proof);
  // progress is not reported (one call is seconds at most; bound tables report per cell).
  RunHooks hooks;
};

struct MrbBounds {
  std::size_t d = 0;
  Rational m, b;
  RegionInfo region;
  SizeBound lower, upper;
  std::vector<SizeBound> lower_all, upper_all;
  std::optional<double> exponent_lower, exponent_upper;  // nats per dimension; absent when undefined
  std::vector<std::string> notes;                        // bounds that did not apply and why
};

// Throws InputError for d < 2, m < 0 or |b| > 1.
MrbBounds mrb_bounds(std::size_t d, const Rational& m, const Rational& b, const MrbOptions& options = {});

}  // namespace constel::bounds
