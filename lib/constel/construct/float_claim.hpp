// Float outputs that keep their claim (docs/constructions.md "Float output"). A Configuration's
// coordinates sqrt(q_j) r_ij are irrational in general: written as float64 they are rounded, and a claim
// that is tight (positives exactly b + m, as in every lift) fails by an ulp when the stored floats are
// verified. float_arrays() writes float64 arrays and the claim that the STORED floats satisfy, checked
// with the certified verifier (verify/certified.hpp, exact on float64 values), the same check as
// `constel verify --npz FILE --u-key U --v-key V --m M --b B`:
//   1. k = 2: directed rounding. Each coordinate pair (u_ij, v_ij) is rounded away from zero when
//      u_ij v_ij > 0 and toward zero when u_ij v_ij < 0 (exactly: the squares are compared as
//      rationals), so every stored positive <u_i, v_i> >= the exact one >= b + m. Negatives move by
//      about 1e-16; when they keep b - m too, the exact claim is kept ("directed-rounding").
//   2. k > 2: rounded to nearest; when the stored floats keep the exact claim, "nearest-rounding".
//   3. Otherwise (a tight negative, or k > 2 failing) the claim is shrunk to the certified
//      margin of the stored floats at the same b: m' = min(min positive - b, b - max negative), rounded
//      down to a multiple of 10^-20 ("shrunk"); when m' <= 0, the floats' own (m*, b*) rounded inward
//      ("shrunk-to-float-margin").
// One certified pass over the stored floats decides; the shrunk claim follows from its exact extremes.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "constel/config/configuration.hpp"
#include "constel/error.hpp"
#include "constel/io/npz_writer.hpp"

namespace constel::construct {

struct FloatOutput {
  std::vector<NpzArray> arrays;     // "U", "V" (k = 2) or "M0".."M{k-1}"
  std::optional<Claim> claim;        // what the stored floats satisfy (none when c had no claim)
  std::string method;  // "directed-rounding", "nearest-rounding", "shrunk", "shrunk-to-float-margin", "no-claim"
};

FloatOutput float_arrays(const Configuration& c);

// The certified (min positive, max negative) of the stored floats of modalities a and b (exact
// rationals: float64 inner products are computed exactly). For tests and the checks above.
std::pair<Rational, Rational> stored_extremes(const NpzArray& a, const NpzArray& b);

}  // namespace constel::construct
