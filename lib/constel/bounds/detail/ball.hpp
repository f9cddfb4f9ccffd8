// Ball arithmetic (Arb) for the analytic bounds: a ball [mid +/- rad] provably contains the exact value
// of what it encloses, so a bound read off its upper (or lower) endpoint is proved (docs/math.md section
// 4). This header is internal: Arb is a private dependency of the library, and the public headers speak
// of rationals, HighFloat enclosures and SizeBound. The cap measure is
//   Gamma_n(x) = (1/2) I_{1-x^2}((n-1)/2, 1/2) for 0 <= x <= 1,  1 - Gamma_n(-x) for x < 0,
// with Arb's rigorous regularised incomplete beta (arb_hypgeom_beta_lower).
#pragma once

#include <arb.h>

#include <cstddef>
#include <functional>
#include <string>

#include "constel/bounds/size_bound.hpp"
#include "constel/number/rational.hpp"

namespace constel::bounds::detail {

// An owning arb_t (copyable).
class Ball {
 public:
  Ball() { arb_init(x_); }
  ~Ball() { arb_clear(x_); }
  Ball(const Ball& o) : Ball() { arb_set(x_, o.x_); }
  Ball& operator=(const Ball& o) {
    arb_set(x_, o.x_);
    return *this;
  }
  arb_ptr get() { return x_; }
  arb_srcptr get() const { return x_; }

 private:
  arb_t x_;
};

// The first working precision, and the relative accuracy (bits) a bound's ball is evaluated to:
// 160 bits is about 1e-48 relative, far inside the 1e-25 the tests require.
inline constexpr long kBallStartPrecision = 256;
inline constexpr long kBallMaxPrecision = 4096;
inline constexpr long kBallTargetAccuracyBits = 160;

// q as a ball at precision prec (exact when q is dyadic and fits).
Ball ball_of(const Rational& q, long prec);
// x exactly.
Ball ball_of(const HighFloat& x);

// Gamma_n(x) where the caller gives z = 1 - x^2 (exactly, as a rational, so that no square root is
// taken) and the sign of x. n >= 2, 0 <= z <= 1.
Ball cap_measure_ball(std::size_t n, const Ball& z, bool x_negative, long prec);

// Evaluates f at precisions 256, 512, ... up to 4096 bits until the ball has kBallTargetAccuracyBits of
// relative accuracy, and returns the last ball (always an enclosure, narrow or not).
Ball evaluate_narrow(const std::function<Ball(long prec)>& f);

// The bounds read off a ball: an upper bound from its upper endpoint (floor when below 10^40, else
// log10 rounded up), a lower bound from its lower endpoint (ceiling, or log10 rounded down).
SizeBound upper_from_ball(const Ball& x, std::string method);
SizeBound lower_from_ball(const Ball& x, std::string method);

// The endpoints of a ball as HighFloat, rounded outward.
void ball_endpoints(const Ball& x, HighFloat& lower, HighFloat& upper);

}  // namespace constel::bounds::detail
