// The JSON of the catalog `constel generate --list --json` prints (and constel.codes() in Python):
// {"constructions": [{name, usage, N, d, m, b, description}], "codes": [{name, spec, parameters, n, N,
// alpha, description}]}, from construction_table() and codes::code_families().
#pragma once

#include "constel/number/json.hpp"

namespace constel::construct {

Json catalog_to_json();

}  // namespace constel::construct
