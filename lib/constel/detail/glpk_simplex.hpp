// GLPK's simplex in deterministic chunks, for the two places that solve LPs with GLPK (the Delsarte
// grid LP in bounds/, the modality-gap LP in gap/; the include walls allow glpk.h only there and here).
//
// glp_simplex has no callback, so a stop could only be asked between solves, and one solve of a large
// LP takes seconds. chunked_simplex always runs the simplex method in calls of at most
// kSimplexChunkIterations iterations (glp_smcp::it_lim), asking the stop hook between two calls. Each
// call resumes from the basis and the basis factorization GLPK left in the problem object (the dual
// simplex leaves its phase-one artificial bounds and its cost perturbation removed when the iteration
// limit ends a call, so the stored basis is one of the original problem). A call starts its own
// pricing and phase bookkeeping, so the simplex path differs from one unlimited call; but it is the
// same with or without hooks, whatever the machine's speed: the chunk is counted in iterations, never
// in time. The stop hook's answer only decides whether the next chunk runs.
#pragma once

#include <glpk.h>

#include <string>

#include "constel/run_hooks.hpp"

namespace constel::detail {

// Simplex iterations per glp_simplex call. GLPK itself resets its pricing reference space every 1000
// iterations; measured: with 1000 codebound n = 150, s = 1/2 gives the unchunked run's certificate
// (degree 39, 4.1 s), with 200 the resumed simplex drifts (degree 45 took 289883 primal iterations, 66 s).
// Not measured at 1000: 200-iteration chunks of the n = 100 grid LP (1852 rows) took up to 0.09 s at
// load 10, so a 1000-iteration chunk there is estimated near 0.4 s, above the 0.1 s aimed at.
inline constexpr int kSimplexChunkIterations = 1000;

// What GLPK prints (glp_scale_prob, glp_adv_basis print even with msg_lev off) is switched off for the
// lifetime of this object and restored after it, also when a stop throws.
class GlpkQuiet {
 public:
  GlpkQuiet() : previous_(glp_term_out(GLP_OFF)) {}
  ~GlpkQuiet() { glp_term_out(previous_); }
  GlpkQuiet(const GlpkQuiet&) = delete;
  GlpkQuiet& operator=(const GlpkQuiet&) = delete;

 private:
  int previous_;
};

// glp_simplex(lp, &parm) run in chunks: the return code of the last call (0 when GLPK ended the search:
// optimal, infeasible or unbounded, see glp_get_status), GLP_ETMLIM when parm.tm_lim milliseconds (the
// whole run's limit) passed, GLP_EITLIM when parm.it_lim iterations (the whole run's limit) or the safety
// cap of max_iterations(lp) passed, GLPK's error code otherwise. parm.presolve must be off (the
// presolver would not resume from the stored basis; InternalError otherwise). Before every chunk but the
// first, hooks.throw_if_stopped(what) is asked (Cancelled; the problem object then holds the basis of
// the last chunk).
// chunk: the iterations per call (the tests use small chunks on small LPs; the library, the default).
int chunked_simplex(glp_prob* lp, const glp_smcp& parm, const RunHooks& hooks, const std::string& what,
                    int chunk = kSimplexChunkIterations);

// The safety cap on the iterations of one chunked run: a resumed dual simplex restarts its phase
// decision and its perturbation in every chunk, and the cap guarantees an end even where that would
// alternate forever (no LP of the test suite or the benchmarks comes near it).
long max_iterations(glp_prob* lp);

}  // namespace constel::detail
