// certified_retrieval (see retrieval.hpp): the plan runs the pass, in its own precision.
#include "constel/verify/retrieval.hpp"

#include "constel/verify/detail/certified_plan.hpp"

namespace constel {

RetrievalReport certified_retrieval(const CertifiedPlan& plan, const RetrievalOptions& opt) {
  return plan.state().retrieval(opt);
}

}  // namespace constel
