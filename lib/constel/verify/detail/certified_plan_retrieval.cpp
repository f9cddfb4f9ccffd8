// The retrieval pass over a rectangle of the plan's tiles (see detail/certified_plan.hpp,
// retrieval.hpp). A plan that holds U and V runs it over them; a plan over row sources first reads the
// rows of U and V the rectangle meets with the verifier's own read_block (V's rows go straight into
// the float32 panels, from which the exact evaluations also read them), without the bfloat16 panels.
#include "constel/verify/detail/certified_plan_of.hpp"

namespace constel::detail {

template <class T>
RetrievalPartial PlanOf<T>::retrieval_block(const PairBlock& t, const RetrievalOptions& opt,
                                            const RetrievalPartial& empty) const {
  if (U_ || t.empty()) return retrieval_part(ks_, packed_v_.get(), opt, t, empty);
  const CertifiedTileGrid g = grid();
  if (t.row_end > g.grid_rows || t.col_end > g.grid_cols || t.row_begin > t.row_end || t.col_begin > t.col_end)
    return retrieval_part(ks_, nullptr, opt, t, empty);  // refuses the block, with its message
  KernelSetup<T> ks = ks_;
  ExactContext<T> ex = ex_;
  const PackedPanels* pv = nullptr;
  BlockRows rows{d_};
  read_block(t, rows, ks, ex, pv, false);
  ks.screen_v = nullptr;
  return retrieval_part(ks, pv, opt, t, empty);
}

template RetrievalPartial PlanOf<float>::retrieval_block(const PairBlock&, const RetrievalOptions&,
                                                         const RetrievalPartial&) const;
template RetrievalPartial PlanOf<double>::retrieval_block(const PairBlock&, const RetrievalOptions&,
                                                          const RetrievalPartial&) const;

}  // namespace constel::detail
