// The bound tables of `constel table` and data/: N_MRB(d, m, b) over a grid of d and (m, b) pairs
// (lower and upper bounds as log10 and, below 2^63, the exact integer, with method, Theorem 3.5 for comparison, the best explicit
// construction of choose/explicit.hpp), and N_SC(n, s) over a grid of n and s (Rankin, Levenshtein,
// certified Delsarte, volume, Chabauty-Shannon-Wyner, explicit codes). Rows are ordered by the (m, b)
// pairs as given (or s ascending), then d (or n) ascending. See docs/tables.md for the columns.
#pragma once

#include <cstddef>
#include <vector>

#include "constel/bounds/mrb_bounds.hpp"
#include "constel/error.hpp"
#include "constel/report/table.hpp"

namespace constel {

struct MarginBias {
  Rational m, b;
};

Table mrb_bounds_table(const std::vector<std::size_t>& dims, const std::vector<MarginBias>& pairs,
                       const bounds::MrbOptions& options);

Table code_bounds_table(const std::vector<std::size_t>& ns, const std::vector<Rational>& ss, bool run_delsarte);

// The columns, for docs and tests.
const std::vector<std::string>& mrb_table_columns();
const std::vector<std::string>& code_table_columns();

}  // namespace constel
