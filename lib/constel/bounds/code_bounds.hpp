// Bounds on N_SC(n, s), the largest spherical code in S^{n-1} with max inner product s (docs/math.md section 5):
// Rankin's exact values (s <= 0), the Levenshtein bound (exact, or by interval arithmetic at large
// degree), the certified Delsarte LP bound, the volume bound and Rankin's cap bound (upper),
// Chabauty-Shannon-Wyner and the explicit codes of codes/catalog.hpp (lower), and the Kabatiansky-
// Levenshtein exponent. This is what `constel codebound` prints.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "constel/bounds/delsarte.hpp"
#include "constel/bounds/levenshtein.hpp"
#include "constel/bounds/region.hpp"
#include "constel/bounds/size_bound.hpp"
#include "constel/bounds/three_point.hpp"
#include "constel/error.hpp"
#include "constel/run_hooks.hpp"

namespace constel::bounds {

// N_SC(n, s) exactly when s <= 0 (Rankin): floor(1 - 1/s) for s <= -1/n (1 when s < -1), n + 1 for
// -1/n <= s < 0, 2n at s = 0; nullopt for s > 0.
std::optional<Integer> rankin_exact(std::size_t n, const Rational& s);

// ceil(1 / Gamma_n(s)) (Chabauty-Shannon-Wyner), n >= 2, -1 <= s < 1.
SizeBound csw_lower_bound(std::size_t n, const Rational& s);

// 1 / Gamma_n(sqrt((1 + s) / 2)) (volume bound: caps of half the angle are disjoint), n >= 2.
SizeBound volume_upper_bound(std::size_t n, const Rational& s);

// The cap bound (Rankin's argument; Theorem 3.5 of the paper on the line m + b = 1, docs/math.md
// section 4): for 0 < s < 1 and s < x^2 <= 1, N_SC(n, s) <= max(1, (1 - s) / (x^2 - s)) / Gamma_n(x),
// at the best x found. nullopt for s <= 0 (Rankin's exact values apply there).
std::optional<SizeBound> cap_upper_bound(std::size_t n, const Rational& s);

// Asymptotic upper bound on (1/n) ln N_SC(n, s) in nats per dimension for 0 < s < 1 (nullopt otherwise):
// the Kabatiansky-Levenshtein formula, valid for every angle 0 < theta < 90 degrees, and for
// theta <= 62.9974 degrees (s >= 0.4540) also Levenshtein's -(1/2) log2(1 - s) - 0.099 bits, the smaller
// of the two (docs/math.md section 5.c gives the sources and the argument for the range).
std::optional<double> kabatiansky_levenshtein_exponent(double s);

struct CodeBoundOptions {
  DelsarteOptions delsarte;
  bool run_delsarte = true;
  std::optional<ThreePointOptions> sdp;  // the three-point SDP bound (n >= 3), run when set
  // Stop and progress of the whole call (run_hooks.hpp): stop is asked between the bounds and inside
  // the Delsarte LP (before every GLPK solve and exact proof); delsarte.hooks is not used here (these
  // hooks are passed to the Delsarte stage).
  RunHooks hooks;
};

struct CodeBoundReport {
  std::size_t n = 0;
  Rational s;
  std::optional<Integer> rankin;
  std::optional<LevenshteinUpper> levenshtein;
  std::string levenshtein_note;  // why absent
  std::optional<DelsarteResult> delsarte;
  std::optional<ThreePointResult> sdp;      // when options.sdp was set and n >= 3
  std::optional<SizeBound> volume;
  std::optional<SizeBound> cap;             // Rankin's cap bound (s > 0)
  std::optional<SizeBound> csw;             // Chabauty-Shannon-Wyner
  std::optional<SizeBound> best_code;       // largest explicit code known to the toolkit
  std::optional<double> kl_exponent;        // nats per dimension
  std::vector<SizeBound> upper_all, lower_all;
  SizeBound best_upper, best_lower;
};

// The max inner products the bounds take: -1 <= s < 1 (InputError naming the quantity otherwise).
void throw_if_bad_inner_product(const Rational& s);

// Throws InputError for n < 2 or s outside [-1, 1), LimitError for n > 1000000, Cancelled when
// options.hooks.stop asks to stop.
CodeBoundReport spherical_code_bounds(std::size_t n, const Rational& s, const CodeBoundOptions& options = {});

// Picks the smallest upper / largest lower bound of a list (by log10; exact values break ties).
SizeBound best_upper_of(const std::vector<SizeBound>& all);
SizeBound best_lower_of(const std::vector<SizeBound>& all);

}  // namespace constel::bounds
