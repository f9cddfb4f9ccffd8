// The best known kissing numbers (N_SC(n, 1/2) lower bounds from the literature) for n <= 24, and for
// each dimension whether the toolkit's explicit codes reach the record or why not, for the
// `record`/`record_status` columns of `constel table --codes` (data/kissing_bounds.csv) and
// docs/constructions.md's table of records. The values are literature figures, not computed here: n <= 8
// and 24 are root systems / Leech (exact, proved optimal for 1-4, 8, 24), 9..23 the Nebe-Sloane table
// of highest kissing numbers known with the 2022-2024 improvements (Ganzhinov; Cohn-Li, arXiv:2411.04916).
#pragma once

#include <cstddef>
#include <optional>
#include <string>

#include "constel/number/rational.hpp"

namespace constel {

// The record kissing number in R^n (1 <= n <= 24), else nullopt.
std::optional<Integer> kissing_record(std::size_t n);

// "reached" when reached >= the record, else the reason the record is not built (no commas).
std::string kissing_record_status(std::size_t n, const Integer& reached);

}  // namespace constel
