// The bound tables of `constel table` and data/: N_MRB(d, m, b) over a grid of d and (m, b) pairs
// (lower and upper bounds as log10 and, below 2^63, the exact integer, with method, Theorem 3.5 for comparison, the best explicit
// construction of choose/explicit.hpp), and N_SC(n, s) over a grid of n and s (Rankin, Levenshtein,
// certified Delsarte, volume, Chabauty-Shannon-Wyner, explicit codes). Rows are ordered by the (m, b)
// pairs as given (or s ascending), then d (or n) ascending. See docs/tables.md for the columns.
#pragma once

#include <cstddef>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "constel/bounds/mrb_bounds.hpp"
#include "constel/error.hpp"
#include "constel/report/table.hpp"
#include "constel/run_hooks.hpp"

namespace constel {

struct MarginBias {
  Rational m, b;
};

// hooks (run_hooks.hpp): stop is asked before every row and inside each row's Delsarte LP (Cancelled);
// progress reports rows done / rows (and within a row of the code table). options.hooks is not used:
// these hooks are.
Table mrb_bounds_table(const std::vector<std::size_t>& dims, const std::vector<MarginBias>& pairs,
                       const bounds::MrbOptions& options, const RunHooks& hooks = {});

struct CodeTableOptions {
  bool run_delsarte = true;
  // The certified three-point SDP bound (docs/math.md section 5.f): when set, the table gains the
  // columns sdp and sdp_degree, filled where it ran and was certified: 3 <= n <= sdp_max_dimension and
  // s > 0 (Rankin is exact for s <= 0). A certified value takes part in best_upper.
  std::optional<bounds::ThreePointOptions> sdp;
  std::size_t sdp_max_dimension = bounds::kSdpMaxDimension;
  std::map<std::size_t, std::size_t> sdp_degree_at;  // the SDP's degree at these n (sdp->degree elsewhere)
};

Table code_bounds_table(const std::vector<std::size_t>& ns, const std::vector<Rational>& ss,
                        const CodeTableOptions& options, const RunHooks& hooks = {});
inline Table code_bounds_table(const std::vector<std::size_t>& ns, const std::vector<Rational>& ss, bool run_delsarte,
                               const RunHooks& hooks = {}) {
  CodeTableOptions options;
  options.run_delsarte = run_delsarte;
  return code_bounds_table(ns, ss, options, hooks);
}

// The provenance lines of `table --header` (data/ files): "constel VERSION: <command>", the date
// (UTC) and what each column's arithmetic is; `command` is how the table was asked for, `sdp` whether
// the three-point SDP ran (the code table's sdp columns, the N_MRB table's upper bounds).
std::vector<std::string> table_provenance(bool codes, const std::string& command, bool sdp = false);

// The columns, for docs and tests (the code table with `sdp`: the two three-point columns after delsarte_degree).
const std::vector<std::string>& mrb_table_columns();
const std::vector<std::string>& code_table_columns(bool sdp = false);

}  // namespace constel
