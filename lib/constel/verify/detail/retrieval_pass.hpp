// The second pass of the certified verifier that retrieval.hpp describes, over the plan's kernel setup
// (certified_kernel.hpp): the same tile products and the same error bound E_ij per entry; an entry
// whose interval [x - E, x + E] does not decide its comparison is evaluated exactly.
#pragma once

#include "constel/verify/detail/certified_kernel.hpp"
#include "constel/verify/retrieval.hpp"

namespace constel::detail {

// packed_v: V packed in panels when the panel kernel runs (float32), else null.
template <class T>
RetrievalReport retrieval_pass(const KernelSetup<T>& s, const PackedPanels* packed_v, const RetrievalOptions& opt);

}  // namespace constel::detail
