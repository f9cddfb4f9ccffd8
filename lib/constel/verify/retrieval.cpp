// certified_retrieval and its parts (see retrieval.hpp): the plan runs the pass, in its own precision.
#include "constel/verify/retrieval.hpp"

#include "constel/verify/detail/certified_plan.hpp"
#include "constel/verify/detail/retrieval_pass.hpp"

namespace constel {
namespace {

void check_plan(const CertifiedPlan& plan, const RetrievalPartial& p) {
  const CertifiedPartial& e = plan.state().empty;
  if (p.N_u != e.N_u || p.N_v != e.N_v || p.tiles != e.tiles)
    throw InputError("retrieval partial of another plan: " + std::to_string(p.N_u) + " x " + std::to_string(p.N_v) +
                     " pairs in " + std::to_string(p.tiles) + " tiles, the plan has " + std::to_string(e.N_u) + " x " +
                     std::to_string(e.N_v) + " in " + std::to_string(e.tiles));
}

}  // namespace

RetrievalReport certified_retrieval(const CertifiedPlan& plan, const RetrievalOptions& opt) {
  const CertifiedTileGrid g = certified_tile_grid(plan);
  const PairBlock whole{0, g.grid_rows, 0, g.grid_cols, 0};
  return certified_retrieval_finish(plan, opt, certified_retrieval_block(plan, whole, opt));
}

RetrievalPartial certified_retrieval_empty(const CertifiedPlan& plan, const RetrievalOptions& opt) {
  const CertifiedPartial& e = plan.state().empty;
  RetrievalPartial p;
  p.N_u = e.N_u, p.N_v = e.N_v, p.tiles = e.tiles;
  p.cap = detail::retrieval_cap(opt), p.hardest = opt.hardest, p.per_class = opt.per_class;
  if (p.cap) {
    p.row_above.assign(p.N_u, 0), p.row_reach.assign(p.N_u, 0);
    p.col_above.assign(p.N_v, 0), p.col_reach.assign(p.N_v, 0);
  }
  return p;
}

RetrievalPartial certified_retrieval_block(const CertifiedPlan& plan, const PairBlock& tiles,
                                           const RetrievalOptions& opt) {
  return plan.state().retrieval_block(tiles, opt, certified_retrieval_empty(plan, opt));
}

void merge(const CertifiedPlan& plan, RetrievalPartial& into, const RetrievalPartial& other) {
  check_plan(plan, into), check_plan(plan, other);
  plan.state().merge_retrieval(into, other);
}

RetrievalReport certified_retrieval_finish(const CertifiedPlan& plan, const RetrievalOptions& opt,
                                           const RetrievalPartial& all) {
  check_plan(plan, all);
  return plan.state().finish_retrieval(opt, all);
}

}  // namespace constel
