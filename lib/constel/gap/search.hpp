// The search for a separating direction (docs/math.md section 6): h with <h, U_i> > 0 for every i (or + c with
// --affine) that leaves as few V_j as possible with <h, V_j> (+ c) >= 0. Minimising that count is hard
// in general, so the search is a heuristic whose every candidate is checked exactly
// (certified_check_direction) and only the exactly best one is kept:
//   1. cheap candidates: mean(U) - mean(V), mean(U) (homogeneous), each with its best offset (affine);
//   2. the LP relaxation of gap/lp.hpp minimising the total slack of V, then iterative reweighting
//      (w_j = 1 / (s_j + 0.1)) to push the slack onto few rows; when no g has <g, U_i> >= 1 for all i
//      the U rows get slacks too, weighted above all V rows;
//   3. a repair loop: for each V still on the wrong side, ask the LP whether it can be moved to the
//      negative side with all U and all other corrected V kept where they are;
//   4. the best direction is rescaled to max |g_k| = 1 and rounded to small integers when that keeps
//      its exact counts, so that certificates stay short.
// The count found is an upper bound on the optimum (exact when it is 0).
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>

#include "constel/error.hpp"
#include "constel/gap/direction.hpp"
#include "constel/gap/points.hpp"
#include "constel/run_hooks.hpp"

namespace constel {

struct GapSearchOptions {
  bool affine = false;
  std::size_t reweight_rounds = 6;
  std::size_t repair_solves = 300;                // LP solves in step 3, at most
  std::uint64_t max_lp_entries = 4'000'000;       // (N_u + N_v) d beyond this: no LP, only step 1
  int lp_time_limit_ms = 60'000;                  // per LP solve
  bool force_exact_check = false;                 // test switch: exact sums for every row
  // Stop: asked before every LP solve and every exact check of a candidate (Cancelled); progress:
  // through the cheap candidates, the LP rounds, the repair solves and the rounding (run_hooks.hpp).
  RunHooks hooks;
};

struct GapSearchResult {
  GapDirection direction;
  GapCheck check;                  // the exact check of direction
  std::string found_by;            // which step produced it
  bool lp_ran = false;
  bool lp_found_u_infeasible = false;  // GLPK: no g with <g, U_i> >= 1 for all i (a float LP; no proof)
  std::string lp_note;             // why the LP was skipped or stopped ("" when it ran normally)
  std::size_t lp_solves = 0, candidates_checked = 0;
};

// Throws InputError for empty point sets, Cancelled when opt.hooks.stop asks to stop.
GapSearchResult search_separating_direction(const GapPoints& p, const GapSearchOptions& opt = {});

}  // namespace constel
