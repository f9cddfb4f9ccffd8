// The JSON of a certified verification of float embeddings (the object `constel verify --u U --v V
// --json` prints; its keys are listed in docs/verify-embeddings.md). The options give the target
// (m, b) and the labels (for the V row of the weakest positive).
#pragma once

#include "constel/number/json.hpp"
#include "constel/verify/certified.hpp"
#include "constel/verify/retrieval.hpp"

namespace constel {

Json to_json(const CertifiedReport& report, const CertifiedOptions& options);

// An exact value as put_exact does; a certified interval as key = approx, key_interval = [lo, hi].
void put_certified(Json& obj, const std::string& key, const CertifiedValue& value);

// The retrieval keys (docs/verify-embeddings.md, "Retrieval"): recall_at_k {u2v, v2u: [{k, correct,
// ties, total, recall, recall_decimal}]} when recall_k was asked for, hardest_negatives and
// weakest_positives [{i, j, value, value_decimal (or value_interval)}] when hardest was, and
// classes (their count) when per_class was.
void put_retrieval(Json& obj, const RetrievalReport& report, const RetrievalOptions& options);

}  // namespace constel
