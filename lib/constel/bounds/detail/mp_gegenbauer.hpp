// Multiple-precision (MPFR) helpers of the Delsarte LP in multiple precision (delsarte_mp.cpp): the
// working number type, the normalised Gegenbauer recurrence and its jets, the sample points of
// [-1, s], and the exact conversions between rationals and the working type. Split out of
// delsarte_mp.cpp, which keeps the simplex.
#pragma once

#include <boost/multiprecision/mpfr.hpp>
#include <cstddef>
#include <vector>

#include "constel/bounds/delsarte_mp.hpp"
#include "constel/number/rational.hpp"

namespace constel::bounds::detail {

namespace bmp = boost::multiprecision;
using Mp = bmp::number<bmp::mpfr_float_backend<kMpLpDigits, bmp::allocate_stack>, bmp::et_off>;

// The normalised Gegenbauer recurrence P_k = a_k t P_{k-1} - b_k P_{k-2} (docs/math.md section 5).
struct Recurrence {
  std::size_t K;
  std::vector<Mp> a, b;
  Recurrence(std::size_t n, std::size_t degree) : K(degree), a(degree + 1), b(degree + 1) {
    for (std::size_t k = 2; k <= K; ++k) {
      a[k] = Mp(double(2 * k + n - 4)) / Mp(double(k + n - 3));
      b[k] = Mp(double(k - 1)) / Mp(double(k + n - 3));
    }
  }
  void values(const Mp& t, Mp* P) const {
    P[0] = 1;
    if (K >= 1) P[1] = t;
    for (std::size_t k = 2; k <= K; ++k) P[k] = a[k] * t * P[k - 1] - b[k] * P[k - 2];
  }
};

// f, f' and f'' at t for f = sum_k f_k P_k.
struct Jet {
  Mp v, d1, d2;
};
Jet jet(const Recurrence& r, const std::vector<Mp>& f, const Mp& t);

// x rounded down to the working precision.
Mp mp_from_rational_down(const Rational& x);

// The samples of [-1, s] that pricing scans: uniform in the angle (dense near -1) and uniform in t, with
// -1 and s (rounded down, so that every sample lies in [-1, s]).
std::vector<Mp> sample_points(const Rational& s);

// x rounded to the nearest multiple of 2^-64, as an exact rational.
Rational round_to_dyadic(const Mp& x);

}  // namespace constel::bounds::detail
