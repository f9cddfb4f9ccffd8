// The last step of rounding a three-point SDP solution (docs/math.md section 5.f, "Rounding to an exact
// certificate"): G_0 is moved, exactly, onto the affine space of Gram matrices whose polynomial has the
// orbit sums of the target -(F + b22) - sum_{i>=1} g_i sigma_i, so that the symmetrized identity holds
// exactly. Internal to bounds/.
#pragma once

#include <vector>

#include "constel/bounds/detail/three_point_poly.hpp"
#include "constel/number/rational.hpp"

namespace constel::bounds::three_point {

// G_0 in the monomial basis of degree <= d.
void project_gram(std::vector<Rational>& G, int d, const Poly3<Rational>& target);

// G_0 in the tensor Chebyshev basis of degree <= d; the target is given in monomials.
void project_gram_chebyshev(std::vector<Rational>& G, int d, const Poly3<Rational>& target_in_monomials);

}  // namespace constel::bounds::three_point
