// The constellation constructions of docs/math.md section 3, exact: each turns a spherical code (or a
// configuration) into a Configuration in the scale form, with the claimed (m, b_rel) it must satisfy
// and a one-line source. The claims follow from the formulas below; they are never trusted: the tests
// (and users) re-read the written file with the independent exact verifier.
//
//   line(X)                    U = V = X: ((1 - alpha)/2, (1 + alpha)/2), d = n            (3.1)
//   lift(X, m, b)              U, V = (sqrt((1+b+m)/2) X, +-sqrt((1-b-m)/2)), d = n + 1     (3.2)
//   construction1(C, d2, p2)   U' = (delta U, phi, +s), V' = (delta V, phi, -s), s^2 = 1 - d2 - p2:
//                              m' = d2 m, b' = d2 b + p2 - s^2, d = d_C + 2                 (3.3)
//   multimodal(X, k, d2)       U^(j) = (delta X, sqrt(1 - d2) w_j), w_j a simplex in R^{k-1}:
//                              m = d2 (1 - alpha)/2, b = d2 (1 + alpha)/2 - (1 - d2)/(k-1)    (3.4)
//   gap_tight(N)               d = 3, N - 2 pairs on two parallel circles + 2 pairs on the equator (3.5)
//   adapter(C, d2)             Observation 1: (delta U, +sqrt(1-d2)), (delta V, -sqrt(1-d2)):
//                              m' = d2 m, b' = d2 b - (1 - d2)                             (1)
// Targets and parameters out of range throw InputError saying which inequality fails and by how much.
#pragma once

#include <cstddef>
#include <optional>

#include "constel/codes/source.hpp"
#include "constel/config/configuration.hpp"

namespace constel::construct {

using codes::PointSet;

// alpha(m, b) = (1 + b - 3m) / (1 + b + m) (docs/math.md section 2); needs 1 + b + m != 0.
Rational target_alpha(const Rational& m, const Rational& b);

// Throws InputError unless m > 0, m + b <= 1 and 3m <= 1 + b (the message names the failing inequality
// and its excess).
void throw_if_infeasible_target(const Rational& m, const Rational& b);

Configuration line(const PointSet& code);
Configuration lift(const PointSet& code, const Rational& m, const Rational& b);

// From a k = 2 configuration whose (m, b) is known (base_claim; its own claim when not given: InputError
// if it has none). Needs delta2 > 0, phi2 >= 0, delta2 + phi2 <= 1.
Configuration construction1(const Configuration& base, const Rational& delta2, const Rational& phi2,
                            const std::optional<Claim>& base_claim = std::nullopt);

// k >= 2 modalities, 0 < delta2 < 1.
Configuration multimodal(const PointSet& code, std::size_t k, const Rational& delta2);

// N >= 5 pairs in R^3 (docs/math.md section 3.5); every <U_i,V_i> > 0 and every <U_i,V_j> < 0 (i != j), and the last
// two pairs have U = V on the equator, so no h separates them. The claim is the exact (m*, b*).
Configuration gap_tight(std::size_t N);

// Observation 1. Needs 0 < delta2 <= 1. The claim is transformed when the base has one (or base_claim).
Configuration adapter(const Configuration& base, const Rational& delta2, const std::optional<Claim>& base_claim = std::nullopt);

// The adapted pair at (t / delta2, delta2 b_rel - (1 - delta2)) has exactly the loss of the original at
// (t, b_rel): L_RB(adapted; t', b') = L_RB(original; delta2 t', (b' + 1 - delta2) / delta2).
struct LossParameters {
  Rational t, b_rel;
};
LossParameters adapter_parameters(const LossParameters& original, const Rational& delta2);

}  // namespace constel::construct
