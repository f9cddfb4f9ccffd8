// The JSON of a certified verification of float embeddings (the object `constel verify --u U --v V
// --json` prints; its keys are listed in docs/verify-embeddings.md). The options give the target
// (m, b) and the labels (for the V row of the weakest positive).
#pragma once

#include "constel/number/json.hpp"
#include "constel/verify/certified.hpp"

namespace constel {

Json to_json(const CertifiedReport& report, const CertifiedOptions& options);

// An exact value as put_exact does; a certified interval as key = approx, key_interval = [lo, hi].
void put_certified(Json& obj, const std::string& key, const CertifiedValue& value);

}  // namespace constel
