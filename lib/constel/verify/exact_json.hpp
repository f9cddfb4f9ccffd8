// The JSON of an exact verification (the object `constel verify FILE.cst --json` prints; its keys are
// listed in docs/verify.md). The report is about a configuration checked with some options, so both
// are passed: the configuration gives the modality names, the claim and the source, the options the
// target (m, b).
#pragma once

#include "constel/config/configuration.hpp"
#include "constel/number/json.hpp"
#include "constel/verify/exact.hpp"

namespace constel {

Json to_json(const ExactReport& report, const Configuration& config, const ExactVerifyOptions& options);

// One pair of modalities: {"modalities", "names", "min_diag", "argmin_diag", ...} (used for k > 2).
Json to_json(const PairExtremes& pair, const Configuration& config);

}  // namespace constel
