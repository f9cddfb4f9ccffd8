// The target (m, b) rule (see target.hpp).
#include "constel/verify/target.hpp"

namespace constel {

void throw_if_unpaired_target(const std::optional<Rational>& m, const std::optional<Rational>& b) {
  if (m.has_value() != b.has_value())
    throw InputError("the target margin m and relative bias b go together: give both or neither");
}

}  // namespace constel
