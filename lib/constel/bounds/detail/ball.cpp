// Ball arithmetic for the analytic bounds (see ball.hpp; docs/math.md section 4): conversions, the cap
// measure from Arb's regularised incomplete beta, the precision loop, and the bounds read off a ball's
// endpoints in the safe direction.
#include "constel/bounds/detail/ball.hpp"

#include <arb_hypgeom.h>
#include <flint/fmpz.h>

#include <limits>

#include "constel/error.hpp"

namespace constel::bounds::detail {
namespace {

// An owning fmpz_t / arf_t, for the few conversions below.
struct Fmpz {
  fmpz_t v;
  Fmpz() { fmpz_init(v); }
  explicit Fmpz(const Integer& z) : Fmpz() { fmpz_set_mpz(v, z.backend().data()); }
  ~Fmpz() { fmpz_clear(v); }
  Fmpz(const Fmpz&) = delete;
  Fmpz& operator=(const Fmpz&) = delete;
  Integer to_integer() const {
    Integer z;
    fmpz_get_mpz(z.backend().data(), v);
    return z;
  }
};

struct Arf {
  arf_t v;
  Arf() { arf_init(v); }
  ~Arf() { arf_clear(v); }
  Arf(const Arf&) = delete;
  Arf& operator=(const Arf&) = delete;
};

// x < 10^40: below it a bound is reported as an exact integer (floor or ceiling), above it as log10.
bool below_integer_limit(const arf_t x) {
  Fmpz p;
  fmpz_ui_pow_ui(p.v, 10, 40);
  Arf limit;
  arf_set_fmpz(limit.v, p.v);
  return arf_cmp(x, limit.v) < 0;
}

// log10 of a positive arf, rounded to a double upward (up) or downward.
double log10_directed(const arf_t x, bool up) {
  Ball t;
  arb_set_arf(t.get(), x);
  arb_log_base_ui(t.get(), t.get(), 10, 128);
  Arf e;
  if (up) {
    arb_get_ubound_arf(e.v, t.get(), 128);
    return arf_get_d(e.v, ARF_RND_CEIL);
  }
  arb_get_lbound_arf(e.v, t.get(), 128);
  return arf_get_d(e.v, ARF_RND_FLOOR);
}

}  // namespace

Ball ball_of(const Rational& q, long prec) {
  Fmpz num(numerator(q)), den(denominator(q));
  Ball r;
  arb_fmpz_div_fmpz(r.get(), num.v, den.v, prec);
  return r;
}

Ball ball_of(const HighFloat& x) {
  Ball r;
  Arf a;
  arf_set_mpfr(a.v, x.backend().data());
  arb_set_arf(r.get(), a.v);
  return r;
}

Ball cap_measure_ball(std::size_t n, const Ball& z, bool x_negative, long prec) {
  if (n < 2) throw InternalError("cap_measure_ball: n must be >= 2");
  Ball a, half, r;
  arb_set_ui(a.get(), n - 1);
  arb_mul_2exp_si(a.get(), a.get(), -1);
  arb_one(half.get());
  arb_mul_2exp_si(half.get(), half.get(), -1);
  arb_hypgeom_beta_lower(r.get(), a.get(), half.get(), z.get(), 1, prec);
  arb_mul_2exp_si(r.get(), r.get(), -1);
  if (x_negative) {
    arb_sub_ui(r.get(), r.get(), 1, prec);
    arb_neg(r.get(), r.get());
  }
  return r;
}

Ball evaluate_narrow(const std::function<Ball(long prec)>& f) {
  Ball r;
  for (long prec = kBallStartPrecision; prec <= kBallMaxPrecision; prec *= 2) {
    r = f(prec);
    if (arb_rel_accuracy_bits(r.get()) >= kBallTargetAccuracyBits) break;
  }
  return r;
}

SizeBound upper_from_ball(const Ball& x, std::string method) {
  Arf hi;
  arb_get_ubound_arf(hi.v, x.get(), kBallStartPrecision);
  if (!arf_is_finite(hi.v)) return infinite_size(method + " (no finite enclosure)");
  SizeBound b;
  b.method = std::move(method);
  b.log10_side = 1;
  if (below_integer_limit(hi.v)) {
    Fmpz f;
    arf_get_fmpz(f.v, hi.v, ARF_RND_FLOOR);
    b.value = f.to_integer();
    b.log10 = log10_of(Rational(*b.value));
  } else {
    b.log10 = log10_directed(hi.v, true);
  }
  return b;
}

SizeBound lower_from_ball(const Ball& x, std::string method) {
  Arf lo;
  arb_get_lbound_arf(lo.v, x.get(), kBallStartPrecision);
  SizeBound b;
  b.method = std::move(method);
  b.log10_side = -1;
  if (!arf_is_finite(lo.v) || arf_sgn(lo.v) <= 0) {
    b.value = Integer(0);
    b.log10 = -std::numeric_limits<double>::infinity();
  } else if (below_integer_limit(lo.v)) {
    Fmpz f;
    arf_get_fmpz(f.v, lo.v, ARF_RND_CEIL);
    b.value = f.to_integer();
    b.log10 = log10_of(Rational(*b.value));
  } else {
    b.log10 = log10_directed(lo.v, false);
  }
  return b;
}

void ball_endpoints(const Ball& x, HighFloat& lower, HighFloat& upper) {
  Arf lo, hi;
  arb_get_lbound_arf(lo.v, x.get(), kBallStartPrecision);
  arb_get_ubound_arf(hi.v, x.get(), kBallStartPrecision);
  arf_get_mpfr(lower.backend().data(), lo.v, MPFR_RNDD);
  arf_get_mpfr(upper.backend().data(), hi.v, MPFR_RNDU);
}

}  // namespace constel::bounds::detail
