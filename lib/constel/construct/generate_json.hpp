// The summary `constel generate ... --json` prints once the constellation is written (keys in
// docs/generate.md): the construction and code asked for, the file and its format, N, d, k, the exact
// claim (m, b) or nulls, the adapted (t, b_rel) of an adapter with --t/--b-rel, the source line, and for float
// output the claim the stored floats keep (float_claim).
#pragma once

#include <optional>
#include <string>

#include "constel/config/configuration.hpp"
#include "constel/construct/constructions.hpp"
#include "constel/construct/float_claim.hpp"
#include "constel/number/json.hpp"

namespace constel::construct {

// A view of one generated constellation; the configuration must outlive it.
struct GenerateSummary {
  const Configuration& configuration;
  std::string construction;               // "lift"
  std::string code;                       // the code spec, or empty
  std::string file;                       // the file written
  std::string format;                     // "cst" or "npz"
  std::optional<LossParameters> adapted;  // adapter_parameters(...) when asked
  const FloatOutput* floats = nullptr;    // npz: the claim the stored floats keep (key float_claim)
  std::optional<std::size_t> count;       // --count K: only the first K points were written (key count)
};

Json to_json(const GenerateSummary& summary);

}  // namespace constel::construct
