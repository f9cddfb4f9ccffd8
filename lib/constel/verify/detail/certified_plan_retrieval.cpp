// The retrieval pass over a rectangle of the plan's tiles (see detail/certified_plan.hpp,
// retrieval.hpp). A plan that holds U and V runs it over them; a plan over row sources first reads the
// rows of U and V the rectangle meets, as process_block does for the verifier's own pass (room for
// every row of which only those are written, so only they are resident, and of V's float32 panels
// only theirs), and the exact evaluations of the pass read those rows.
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
  const std::size_t u0 = t.row_begin * g.tile_rows, u1 = std::min(nu_, t.row_end * g.tile_rows);
  const std::size_t v0 = t.col_begin * g.tile_cols, v1 = std::min(nv_, t.col_end * g.tile_cols);
  SparseRows<T> su(nu_ * d_), sv(nv_ * d_);
  ur_.copy_rows(u0, u1, su.data() + u0 * d_);
  vr_.copy_rows(v0, v1, sv.data() + v0 * d_);
  ks.U = ex.U = su.data(), ks.V = ex.V = sv.data();
  ks.exact = &ex;
  ks.screen_v = nullptr;
  PackedPanels packed(kPanelRowsB, d_);
  const PackedPanels* pv = nullptr;
  if constexpr (sizeof(T) == 4) {
    if (ks.panels) packed.pack_part(sv.data(), nv_, v0, v1, threads_), pv = &packed;
  }
  return retrieval_part(ks, pv, opt, t, empty);
}

template RetrievalPartial PlanOf<float>::retrieval_block(const PairBlock&, const RetrievalOptions&,
                                                         const RetrievalPartial&) const;
template RetrievalPartial PlanOf<double>::retrieval_block(const PairBlock&, const RetrievalOptions&,
                                                          const RetrievalPartial&) const;

}  // namespace constel::detail
