// The target (m, b) of a verification: the two numbers come together or not at all. One rule for the
// exact and the certified verifier and for every front end that asks for a target.
#pragma once

#include <optional>

#include "constel/error.hpp"
#include "constel/number/rational.hpp"

namespace constel {

// InputError "the target margin m and relative bias b go together: give both or neither" when exactly
// one of them is given.
void throw_if_unpaired_target(const std::optional<Rational>& m, const std::optional<Rational>& b);

}  // namespace constel
