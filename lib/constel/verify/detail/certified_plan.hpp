// What a CertifiedPlan holds (certified_parts.hpp), behind a base class so that the plan's type does
// not depend on the kernel's precision: the derived state (certified_plan.cpp) owns the exact
// positives and norms, the scales and error bounds, the packed copy of V and the kernel setup that
// points into them, so it is built in place and never moves.
#pragma once

#include <cstdint>
#include <memory>
#include <vector>

#include "constel/verify/certified_parts.hpp"
#include "constel/verify/certified_share.hpp"
#include "constel/verify/detail/panel_kernel.hpp"
#include "constel/verify/retrieval.hpp"

namespace constel::detail {

class CertifiedPlanState {
 public:
  virtual ~CertifiedPlanState() = default;
  // Reduces tiles [first, last) into out (an empty partial of this plan).
  virtual void process(std::uint64_t first, std::uint64_t last, CertifiedPartial& out) const = 0;
  // The partial of a rectangle of tiles (certified_process_block), reading only its rows when the plan
  // does not hold the data.
  virtual CertifiedPartial process_block(const PairBlock& tiles) const = 0;
  virtual CertifiedTileGrid grid() const = 0;
  virtual bool holds_data() const = 0;
  virtual CertifiedReport finish(const CertifiedPartial& all) const = 0;
  // The retrieval pass in parts (retrieval.hpp): a rectangle of tiles from `empty`, reading only its
  // rows when the plan does not hold the data (certified_plan_retrieval.cpp); merge and finish through
  // the plan's exact comparisons.
  virtual RetrievalPartial retrieval_block(const PairBlock& tiles, const RetrievalOptions& opt,
                                           const RetrievalPartial& empty) const = 0;
  virtual void merge_retrieval(RetrievalPartial& into, const RetrievalPartial& other) const = 0;
  virtual RetrievalReport finish_retrieval(const RetrievalOptions& opt, const RetrievalPartial& all) const = 0;
  // Sign of value(a's maximum) - value(b's maximum), both present (cosines with normalize).
  static int compare_maxima(const CertifiedPartial& a, const CertifiedPartial& b);

  CertifiedPartial empty;  // the identity of merge, arrays sized
};

// What the plan checks from the shapes and options alone, before it reads a value (certified.cpp):
// the labels, checked. A shape-only matrix for a row source. InputError unless a merged plan share
// (certified_share.hpp) covers every row of an N_u x d U and N_v x d V with these options.
std::vector<std::uint32_t> certified_checked_input(const FloatMatrix& U, const FloatMatrix& V,
                                                   const CertifiedOptions& opt);
FloatMatrix certified_shape_of(const CertifiedRowSource& s);
void throw_if_foreign_share(const CertifiedPlanShare& s, std::size_t nu, std::size_t nv, std::size_t d,
                            const CertifiedOptions& opt);

// The rows of U (most = 16) or V (most = 1024) whose products are the histogram's sample (a n / k for
// a < k = min(n, most)).
std::vector<std::size_t> certified_sample_rows(std::size_t n, std::size_t most);

// The plan for T = float (float32 kernel) or double (float64 kernel) over U, V (nu x d, nv x d). The
// widened vectors, when not empty, are the float64 copies U and V point into; the plan keeps them.
// With row sources (su, sv not null) U and V are null: the plan reads rows through the sources, and
// takes the norms and exact positives from `share` (merged, covering every row) when it is not null.
// `header` carries the report's fields known before the pass (shape, kernel, dtypes).
template <class T>
std::shared_ptr<const CertifiedPlanState> make_certified_plan(const T* U, const T* V, std::size_t nu, std::size_t nv,
                                                              std::size_t d, std::vector<std::uint32_t> label,
                                                              const CertifiedOptions& opt, unsigned threads,
                                                              CertifiedReport header, std::vector<double> widened_u,
                                                              std::vector<double> widened_v,
                                                              const CertifiedRowSource* su = nullptr,
                                                              const CertifiedRowSource* sv = nullptr,
                                                              const CertifiedPlanShare* share = nullptr);

// The panel micro-kernel that CertifiedOptions::kernel asks for (Auto for Auto and Blas).
PanelKernel panel_kernel_for(Float32Kernel k);

}  // namespace constel::detail
