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
  std::string method;  // "directed-rounding", "directed-rounding-a-priori", "nearest-rounding", "shrunk",
                       // "shrunk-to-float-margin", "no-claim"
};

// negative_slack: when the caller knows that every exact negative is at most b - m - slack (a lift of
// a code with alpha: lift_negative_slack), a k = 2 configuration of more than kCertifiedPassRows rows
// skips the certified pass when slack >= 2^-50: directed rounding moves each coordinate by under one
// ulp <= 2^-52 |x|, so an inner product of two unit rows moves by at most (2^-51 + 2^-104) < 2^-50, and
// the positives do not decrease; the row norms are checked in double precision (method
// "directed-rounding-a-priori"). Otherwise one certified pass decides, as above.
constexpr std::size_t kCertifiedPassRows = 20000;
FloatOutput float_arrays(const Configuration& c, const std::optional<Rational>& negative_slack = std::nullopt);

// (b - m) - ((1 + b + m)/2 alpha - (1 - b - m)/2): how far a lift's negatives stay below b - m.
Rational lift_negative_slack(const Rational& alpha, const Rational& m, const Rational& b);

// The certified (min positive, max negative) of the stored floats of modalities a and b (exact
// rationals: float64 inner products are computed exactly). For tests and the checks above.
std::pair<Rational, Rational> stored_extremes(const NpzArray& a, const NpzArray& b);

}  // namespace constel::construct
