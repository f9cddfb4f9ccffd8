// The Levenshtein bound for degrees far beyond what exact rational arithmetic can reach in seconds
// (n = 10^6 needs degree ~155000). The branch tests and the value are the ones of levenshtein.cpp, run
// in MPFR interval arithmetic on the ratios Q_k / Q_{k-1}: every operation rounds its lower end down and
// its upper end up, so each interval provably contains the exact value. A sign is taken only when the
// interval excludes 0 (the "rigorous margin"); otherwise the precision is doubled and the run repeated.
// See docs/math.md section 5.b.
#include <mpfr.h>

#include <string>

#include "constel/bounds/levenshtein.hpp"
#include "constel/error.hpp"

namespace constel::bounds {
namespace {

// A closed interval [lo, hi] of reals with MPFR endpoints at a fixed precision.
class Interval {
 public:
  explicit Interval(mpfr_prec_t prec) {
    mpfr_init2(lo_, prec);
    mpfr_init2(hi_, prec);
    mpfr_set_zero(lo_, 1);
    mpfr_set_zero(hi_, 1);
  }
  Interval(const Interval& o) : Interval(mpfr_get_prec(o.lo_)) { *this = o; }
  Interval& operator=(const Interval& o) {
    mpfr_set(lo_, o.lo_, MPFR_RNDD);
    mpfr_set(hi_, o.hi_, MPFR_RNDU);
    return *this;
  }
  ~Interval() {
    mpfr_clear(lo_);
    mpfr_clear(hi_);
  }
  void set(const Integer& z) {
    mpfr_set_z(lo_, z.backend().data(), MPFR_RNDD);
    mpfr_set_z(hi_, z.backend().data(), MPFR_RNDU);
  }
  // this = a * x - b * y for exact integers a and b >= 0.
  void fms(const Integer& a, const Interval& x, const Integer& b, const Interval& y) {
    Interval t(mpfr_get_prec(lo_));
    t.mul(x, a);
    Interval u(mpfr_get_prec(lo_));
    u.mul(y, b);
    mpfr_sub(lo_, t.lo_, u.hi_, MPFR_RNDD);
    mpfr_sub(hi_, t.hi_, u.lo_, MPFR_RNDU);
  }
  // this = x * a for an exact integer a.
  void mul(const Interval& x, const Integer& a) {
    const mpz_srcptr z = a.backend().data();
    if (mpz_sgn(z) >= 0) {
      mpfr_mul_z(lo_, x.lo_, z, MPFR_RNDD);
      mpfr_mul_z(hi_, x.hi_, z, MPFR_RNDU);
    } else {
      mpfr_mul_z(lo_, x.hi_, z, MPFR_RNDD);
      mpfr_mul_z(hi_, x.lo_, z, MPFR_RNDU);
    }
  }
  // this = x / y, y not containing 0.
  void div(const Interval& x, const Interval& y) {
    if (y.sign() == 0) throw InternalError("interval division by an interval containing 0");
    corners(x, y, mpfr_div);
  }
  // this = x + c (c an exact rational given as an interval).
  void add(const Interval& x, const Interval& c) {
    mpfr_add(lo_, x.lo_, c.lo_, MPFR_RNDD);
    mpfr_add(hi_, x.hi_, c.hi_, MPFR_RNDU);
  }
  void sub(const Interval& x, const Interval& c) {
    mpfr_sub(lo_, x.lo_, c.hi_, MPFR_RNDD);
    mpfr_sub(hi_, x.hi_, c.lo_, MPFR_RNDU);
  }
  // this = x * y (the four corner products, rounded outwards).
  void mul(const Interval& x, const Interval& y) { corners(x, y, mpfr_mul); }
  // this = [min, max] of op over the four corners of x and y, the min rounded down and the max up
  // (op is mpfr_mul or mpfr_div: x y over a box, and x / y when y excludes 0, take their extremes at
  // the corners).
  template <class Op>
  void corners(const Interval& x, const Interval& y, Op op) {
    mpfr_t c, lo, hi;
    mpfr_inits2(mpfr_get_prec(lo_), c, lo, hi, static_cast<mpfr_ptr>(nullptr));
    mpfr_set_inf(lo, 1);
    mpfr_set_inf(hi, -1);
    for (mpfr_srcptr a : {x.lo(), x.hi()})
      for (mpfr_srcptr b : {y.lo(), y.hi()}) {
        op(c, a, b, MPFR_RNDD);
        mpfr_min(lo, lo, c, MPFR_RNDD);
        op(c, a, b, MPFR_RNDU);
        mpfr_max(hi, hi, c, MPFR_RNDU);
      }
    mpfr_swap(lo_, lo);
    mpfr_swap(hi_, hi);
    mpfr_clears(c, lo, hi, static_cast<mpfr_ptr>(nullptr));
  }
  void set_bounds(mpfr_srcptr lo, mpfr_srcptr hi) {
    mpfr_set(lo_, lo, MPFR_RNDD);
    mpfr_set(hi_, hi, MPFR_RNDU);
  }
  void set_ratio(const Integer& num, const Integer& den) {
    Interval a(mpfr_get_prec(lo_)), b(mpfr_get_prec(lo_));
    a.set(num);
    b.set(den);
    div(a, b);
  }
  void swap(Interval& o) {
    mpfr_swap(lo_, o.lo_);
    mpfr_swap(hi_, o.hi_);
  }
  // +1 / -1 when the whole interval is positive / negative, 0 when it contains 0.
  int sign() const {
    if (mpfr_sgn(lo_) > 0) return 1;
    if (mpfr_sgn(hi_) < 0) return -1;
    return 0;
  }
  mpfr_srcptr lo() const { return lo_; }
  mpfr_srcptr hi() const { return hi_; }

 private:
  mpfr_t lo_, hi_;
};

// Integer-form Gegenbauer numerators Q_k of S^{dim-1} at s = p/q (gegenbauer.hpp), carried as the
// ratios r_k = Q_k / Q_{k-1} and the signs of Q_k. The ratio recurrence r_k = A_k - B_k / r_{k-1}
// (A_k = (2k+dim-4) p, B_k = (k-1)(k+dim-4) q^2 > 0) is increasing in r_{k-1} on each side of 0, so
// its interval image is the image of the end points: no wrapping effect, unlike the two-term
// recurrence for Q_k itself, whose interval width grows like the dominant root of r^2 = A r + B.
class IntervalGegenbauer {
 public:
  IntervalGegenbauer(std::size_t dim, const Integer& p, const Integer& q, mpfr_prec_t prec)
      : n_(dim), p_(p), q2_(q * q), prev_(prec), cur_(prec), next_(prec) {
    cur_.set(p);  // r_1 = Q_1 / Q_0 = p
    sign_ = cur_.sign();
    sign_prev_ = 1;
    ok_ = sign_ != 0;
  }
  // False once a ratio interval contains 0 (the sign of some Q_k is then undecided at this precision).
  bool ok() const { return ok_; }
  void advance() {
    const std::size_t k = k_ + 1;
    Interval A(prec()), B(prec()), t(prec());
    if (k == 2) {
      A.set(Integer(n_) * p_ * p_ - q2_);  // r_2 = Q_2 / p
      next_.div(A, cur_);
    } else {
      A.set(Integer(2 * k + n_ - 4) * p_);
      B.set(Integer(k - 1) * Integer(k + n_ - 4) * q2_);
      t.div(B, cur_);
      next_.sub(A, t);
    }
    prev_.swap(cur_);
    cur_.swap(next_);
    k_ = k;
    const int rs = cur_.sign();
    if (rs == 0) ok_ = false;
    sign_prev_ = sign_;
    sign_ = sign_ * rs;
  }
  std::size_t degree() const { return k_; }
  const Interval& ratio() const { return cur_; }           // r_k
  const Interval& previous_ratio() const { return prev_; } // r_{k-1}
  int sign() const { return sign_; }                       // sign(Q_k)
  int previous_sign() const { return sign_prev_; }         // sign(Q_{k-1})

 private:
  mpfr_prec_t prec() const { return mpfr_get_prec(cur_.lo()); }
  std::size_t n_, k_ = 1;
  Integer p_, q2_;
  Interval prev_, cur_, next_;
  int sign_ = 1, sign_prev_ = 1;
  bool ok_ = true;
};

// ln C(top, k) as an interval, from MPFR's correctly rounded lngamma.
void log_binomial(Interval& out, std::size_t top, std::size_t k, mpfr_prec_t prec) {
  mpfr_t a, b, c, lo, hi;
  mpfr_inits2(prec, a, b, c, lo, hi, static_cast<mpfr_ptr>(nullptr));
  auto lg = [&](mpfr_t r, std::size_t x, mpfr_rnd_t rnd) {
    mpfr_set_ui(r, static_cast<unsigned long>(x + 1), MPFR_RNDN);  // exact for x < 2^prec
    mpfr_lngamma(r, r, rnd);
  };
  lg(a, top, MPFR_RNDD);
  lg(b, k, MPFR_RNDU);
  lg(c, top - k, MPFR_RNDU);
  mpfr_sub(lo, a, b, MPFR_RNDD);
  mpfr_sub(lo, lo, c, MPFR_RNDD);
  lg(a, top, MPFR_RNDU);
  lg(b, k, MPFR_RNDD);
  lg(c, top - k, MPFR_RNDD);
  mpfr_sub(hi, a, b, MPFR_RNDU);
  mpfr_sub(hi, hi, c, MPFR_RNDU);
  out.set_bounds(lo, hi);
  mpfr_clears(a, b, c, lo, hi, static_cast<mpfr_ptr>(nullptr));
}

struct Located {
  bool decided = false;
  std::size_t half = 0;  // k
  bool odd = false;      // degree 2k-1 (else 2k)
};

// The half-degree k and branch of levenshtein.hpp's rule, decided with intervals; decided = false when
// a sign is undecided at this precision. `a` (dimension n) is left at degree k+1.
Located locate(std::size_t n, const Integer& p, const Integer& q, std::size_t max_half, mpfr_prec_t prec,
               IntervalGegenbauer& a) {
  IntervalGegenbauer b(n + 2, p, q, prec);
  Interval lead(prec), diff(prec);
  for (std::size_t k = 1; k <= max_half; ++k) {
    while (a.degree() < k + 1) a.advance();
    while (b.degree() < k) b.advance();
    if (!a.ok() || !b.ok()) return {};
    // sign(P_k - P_{k+1}) = sign(Q_k q (k+n-2) - Q_{k+1}) = sign(Q_k) sign(q (k+n-2) - r_{k+1})
    lead.set(q * Integer(k + n - 2));
    diff.sub(lead, a.ratio());
    const int ds = diff.sign() * a.previous_sign();
    if (diff.sign() == 0) return {};
    if (ds < 0) return {true, k, true};
    if (b.sign() < 0) return {true, k, false};
  }
  throw LimitError("Levenshtein bound: s = " + to_string(Rational(p, q)) + " needs degree above " +
                   std::to_string(2 * max_half) + " in dimension " + std::to_string(n));
}

}  // namespace

std::optional<LevenshteinUpper> levenshtein_upper_interval(std::size_t n, const Rational& s, std::size_t max_half_degree,
                                                           long precision_bits) {
  const Integer p = numerator(s), q = denominator(s);
  const mpfr_prec_t prec = precision_bits;
  // a holds Q_{k} (previous) and Q_{k+1} (at degree) of dimension n after locate().
  IntervalGegenbauer a(n, p, q, prec);
  Located at = locate(n, p, q, max_half_degree, prec, a);
  if (!at.decided) return std::nullopt;
  const std::size_t k = at.half;
  Interval inner(prec), r(prec), one(prec), c(prec), x(prec);
  one.set(Integer(1));
  Interval one_minus_s(prec), one_plus_s(prec);
  one_minus_s.set_ratio(q - p, q);
  one_plus_s.set_ratio(q + p, q);
  Interval logc(prec);
  if (at.odd) {
    // r = P_{k-1}/P_k = Q_{k-1} q w_k / Q_k = q w_k / r_k, w_k = k+n-3 (k >= 2), 1 (k = 1).
    IntervalGegenbauer b(n, p, q, prec);
    while (b.degree() < k) b.advance();
    if (!b.ok()) return std::nullopt;
    Interval num(prec);
    num.set(q * Integer(k == 1 ? 1 : k + n - 3));
    r.div(num, b.ratio());
    // inner = (2k+n-3)/(n-1) - (r - 1)/(1 - s)
    x.sub(r, one);
    c.div(x, one_minus_s);
    Interval lead(prec);
    lead.set_ratio(Integer(2 * k + n - 3), Integer(n - 1));
    inner.sub(lead, c);
    log_binomial(logc, k + n - 3, k - 1, prec);
  } else {
    // R = P_{k+1}/P_k = r_{k+1} / (q (k+n-2)); inner = (2k+n-1)/(n-1) - (1+s)(1-R)/((1-s)(1+R))
    Interval den(prec), R(prec);
    den.set(q * Integer(k + n - 2));
    R.div(a.ratio(), den);
    Interval num(prec), dd(prec);
    num.sub(one, R);
    dd.add(one, R);
    if (dd.sign() == 0) return std::nullopt;  // P_k + P_{k+1} may have either sign
    Interval fr(prec), t1(prec), t2(prec);
    fr.div(num, dd);
    t1.div(one_plus_s, one_minus_s);
    t2.mul(fr, t1);
    Interval lead(prec);
    lead.set_ratio(Integer(2 * k + n - 1), Integer(n - 1));
    inner.sub(lead, t2);
    log_binomial(logc, k + n - 2, k, prec);
  }
  if (inner.sign() <= 0) return std::nullopt;
  // upper = exp(logc_hi) * inner_hi
  mpfr_t u, v;
  mpfr_inits2(prec, u, v, static_cast<mpfr_ptr>(nullptr));
  mpfr_exp(u, logc.hi(), MPFR_RNDU);
  mpfr_mul(u, u, inner.hi(), MPFR_RNDU);
  LevenshteinUpper out;
  out.degree = at.odd ? 2 * k - 1 : 2 * k;
  mpfr_set(out.upper.backend().data(), u, MPFR_RNDU);
  mpfr_log10(v, u, MPFR_RNDU);
  out.log10 = mpfr_get_d(v, MPFR_RNDU);
  mpfr_clears(u, v, static_cast<mpfr_ptr>(nullptr));
  return out;
}

}  // namespace constel::bounds
