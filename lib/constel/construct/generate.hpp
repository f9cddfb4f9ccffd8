// The dispatcher behind `constel generate`: a construction name and its parameters -> a Configuration
// with claim and source (constructions.hpp), plus the table of constructions for --list. Parameters a
// construction does not use, or missing ones, are InputErrors naming the parameter (or the option, with
// option_prefix).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "constel/config/configuration.hpp"
#include "constel/error.hpp"

namespace constel::construct {

struct ConstructionInfo {
  std::string name, usage, N, d, m, b, description;
};

// line, lift, construction1, multimodal, gap-tight, adapter.
const std::vector<ConstructionInfo>& construction_table();

struct GenerateRequest {
  std::string construction;
  std::string code;   // --code SPEC
  std::string input;  // --input FILE.cst (construction1, adapter)
  std::optional<Rational> m, b, delta2, phi2;
  std::optional<std::size_t> k, N;
  std::optional<std::size_t> count;  // only the first `count` points of the code (codes/algebraic.hpp)
  // Messages name the parameters ("parameter m is required"); a front end whose options are the
  // parameters' names with a prefix sets it ("--" gives "--m is required").
  std::string option_prefix;
};

Configuration generate(const GenerateRequest& request);

}  // namespace constel::construct
