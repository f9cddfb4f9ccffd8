// GLPK's simplex in deterministic chunks (see glpk_simplex.hpp).
#include "constel/detail/glpk_simplex.hpp"

#include <algorithm>
#include <chrono>
#include <climits>

#include "constel/error.hpp"

namespace constel::detail {

long max_iterations(glp_prob* lp) { return 100000L + 100L * (long(glp_get_num_rows(lp)) + long(glp_get_num_cols(lp))); }

int chunked_simplex(glp_prob* lp, const glp_smcp& parm, const RunHooks& hooks, const std::string& what, int chunk) {
  if (chunk < 1) throw InternalError(what + ": the simplex chunk must be at least one iteration");
  if (parm.presolve != GLP_OFF) throw InternalError(what + ": the chunked simplex needs the presolver off");
  using Clock = std::chrono::steady_clock;
  const auto start = Clock::now();
  const long cap = std::min<long>(parm.it_lim, max_iterations(lp));
  const int first_count = glp_get_it_cnt(lp);
  glp_smcp chunk_parm = parm;
  // GLP_DUALP is "dual simplex; if it fails, primal simplex from the basis it started from". In chunks
  // the fallback is made here and kept: once the dual simplex failed, the remaining chunks are primal
  // (a dual restarted in every chunk would fail again in every chunk).
  if (parm.meth == GLP_DUALP) chunk_parm.meth = GLP_DUAL;
  for (bool first = true;; first = false) {
    if (!first) hooks.throw_if_stopped(what);
    const long done = long(glp_get_it_cnt(lp)) - first_count;
    if (done >= cap) return GLP_EITLIM;
    chunk_parm.it_lim = int(std::min<long>(chunk, cap - done));
    if (parm.tm_lim < INT_MAX) {
      const auto used = std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - start).count();
      if (used >= parm.tm_lim) return GLP_ETMLIM;
      chunk_parm.tm_lim = int(parm.tm_lim - used);
    }
    const int rc = glp_simplex(lp, &chunk_parm);
    if (rc == GLP_EFAIL && chunk_parm.meth == GLP_DUAL && parm.meth == GLP_DUALP && glp_bf_exists(lp)) {
      chunk_parm.meth = GLP_PRIMAL;
      continue;
    }
    if (rc != GLP_EITLIM) return rc;
  }
}

}  // namespace constel::detail
