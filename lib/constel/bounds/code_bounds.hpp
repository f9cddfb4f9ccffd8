// Bounds on N_SC(n, s), the largest spherical code in S^{n-1} with max inner product s (docs/math.md section 5):
// Rankin's exact values (s <= 0), the exact Levenshtein bound, the certified Delsarte LP bound, the
// volume bound (upper), Chabauty-Shannon-Wyner and the explicit codes of known_codes.hpp (lower), and
// the Kabatiansky-Levenshtein exponent. This is what `constel codebound` prints.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "constel/bounds/delsarte.hpp"
#include "constel/bounds/levenshtein.hpp"
#include "constel/bounds/size_bound.hpp"

namespace constel::bounds {

// N_SC(n, s) exactly when s <= 0 (Rankin): floor(1 - 1/s) for s <= -1/n (1 when s < -1), n + 1 for
// -1/n <= s < 0, 2n at s = 0; nullopt for s > 0.
std::optional<Integer> rankin_exact(std::size_t n, const Rational& s);

// ceil(1 / Gamma_n(s)) (Chabauty-Shannon-Wyner), n >= 2, -1 <= s < 1.
SizeBound csw_lower_bound(std::size_t n, const Rational& s);

// 1 / Gamma_n(sqrt((1 + s) / 2)) (volume bound: caps of half the angle are disjoint), n >= 2.
SizeBound volume_upper_bound(std::size_t n, const Rational& s);

// Kabatiansky-Levenshtein exponent in nats per dimension, for cos(theta) = s with theta below 62.99
// degrees (s >= 0.4540); nullopt outside that range.
std::optional<double> kabatiansky_levenshtein_exponent(double s);

struct CodeBoundOptions {
  DelsarteOptions delsarte;
  bool run_delsarte = true;
};

struct CodeBoundReport {
  std::size_t n = 0;
  Rational s;
  std::optional<Integer> rankin;
  std::optional<LevenshteinBound> levenshtein;
  std::string levenshtein_note;  // why absent
  std::optional<DelsarteResult> delsarte;
  std::optional<SizeBound> volume;
  std::optional<SizeBound> csw;             // Chabauty-Shannon-Wyner
  std::optional<SizeBound> best_code;       // largest explicit code known to the toolkit
  std::optional<double> kl_exponent;        // nats per dimension
  std::vector<SizeBound> upper_all, lower_all;
  SizeBound best_upper, best_lower;
};

// Throws InputError for n < 2 or s outside [-1, 1).
CodeBoundReport spherical_code_bounds(std::size_t n, const Rational& s, const CodeBoundOptions& options = {});

// Picks the smallest upper / largest lower bound of a list (by log10; exact values break ties).
SizeBound best_upper_of(const std::vector<SizeBound>& all);
SizeBound best_lower_of(const std::vector<SizeBound>& all);

}  // namespace constel::bounds
