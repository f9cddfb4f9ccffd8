// Exact comparisons and certified intervals (see certified_values.hpp).
#include "constel/verify/detail/certified_values.hpp"

#include <cmath>
#include <vector>

#include "constel/error.hpp"
#include "constel/verify/detail/panel_kernel.hpp"

namespace constel::detail {

namespace {
int sgn(const Integer& z) { return z.sign(); }
}  // namespace

template <class T>
int ExactContext<T>::compare(const Integer& c1, std::size_t i1, std::size_t j1, const Integer& c2, std::size_t i2,
                             std::size_t j2) const {
  if (!normalize) return c1 < c2 ? -1 : (c1 > c2 ? 1 : 0);
  return compare_cosines(c1, (*norm_u)[i1], (*norm_v)[j1], c2, (*norm_u)[i2], (*norm_v)[j2]);
}

int compare_cosines(const Integer& c1, const Integer& nu1, const Integer& nv1, const Integer& c2, const Integer& nu2,
                    const Integer& nv2) {
  int s1 = sgn(c1), s2 = sgn(c2);
  if (s1 != s2) return s1 < s2 ? -1 : 1;
  if (s1 == 0) return 0;
  // |v1| vs |v2| through c1^2 n2 vs c2^2 n1 (n = |U|^2 |V|^2 of each entry)
  Integer a = c1 * c1 * nu2 * nv2;
  Integer b = c2 * c2 * nu1 * nv1;
  int mag = a < b ? -1 : (a > b ? 1 : 0);
  return s1 > 0 ? mag : -mag;
}

template <class T>
int ExactContext<T>::compare(const Integer& c, std::size_t i, std::size_t j, const Rational& tau) const {
  const Integer p = boost::multiprecision::numerator(tau), q = boost::multiprecision::denominator(tau);
  constexpr int E = exact_dot_exponent<T>();
  if (!normalize) {  // c 2^E vs p / q  <=>  c q vs p 2^-E
    Integer lhs = c * q, rhs = p << (-E);
    return lhs < rhs ? -1 : (lhs > rhs ? 1 : 0);
  }
  // value = c / sqrt(nu nv) (the scales cancel)
  int sc = sgn(c), st = p.sign();
  if (sc != st) return sc < st ? -1 : 1;
  if (sc == 0) return 0;
  Integer a = c * c * q * q, b = p * p * (*norm_u)[i] * (*norm_v)[j];
  int mag = a < b ? -1 : (a > b ? 1 : 0);
  return sc > 0 ? mag : -mag;
}

template <class T>
Integer ExactContext<T>::dot_packed(std::size_t i, std::size_t j) const {
  if constexpr (sizeof(T) == 4) {
    if (packed_v) {
      thread_local std::vector<float> row;  // a row of V: the kernel's threads share this context
      row.resize(d);
      packed_v->row(j, row.data());
      return exact_dot(U + i * d, row.data(), d);
    }
  }
  throw InternalError("exact value of an entry: the certified plan holds no rows of V");
}

template struct ExactContext<float>;
template struct ExactContext<double>;

double scaled_to_double(const Integer& z, int E) {
  if (z == 0) return 0.0;
  long e = 0;
  double m = mpz_get_d_2exp(&e, z.backend().data());
  return std::ldexp(m, int(e) + E);
}

void cosine_interval(const Integer& c, const Integer& n1, const Integer& n2, CertifiedInterval& out) {
  Rational q(Integer(c * c), Integer(n1 * n2));
  mpfr_set_q(out.lo, q.backend().data(), MPFR_RNDD);
  mpfr_sqrt(out.lo, out.lo, MPFR_RNDD);
  mpfr_set_q(out.hi, q.backend().data(), MPFR_RNDU);
  mpfr_sqrt(out.hi, out.hi, MPFR_RNDU);
  if (c.sign() < 0) {
    mpfr_swap(out.lo, out.hi);
    mpfr_neg(out.lo, out.lo, MPFR_RNDD);
    mpfr_neg(out.hi, out.hi, MPFR_RNDU);
  }
}

CertifiedValue from_interval(const CertifiedInterval& iv) {
  CertifiedValue v;
  v.exact = false;
  v.lo = mpfr_get_d(iv.lo, MPFR_RNDD);
  v.hi = mpfr_get_d(iv.hi, MPFR_RNDU);
  v.approx = mpfr_get_d(iv.lo, MPFR_RNDN);
  return v;
}

CertifiedValue from_exact(const Rational& r) {
  CertifiedValue v;
  v.value = r;
  v.approx = v.lo = v.hi = to_double(r);
  return v;
}

CertifiedValue half_combination(const CertifiedInterval& a, const CertifiedInterval& b, int s) {
  CertifiedInterval r;
  if (s < 0) {
    mpfr_sub(r.lo, a.lo, b.hi, MPFR_RNDD);
    mpfr_sub(r.hi, a.hi, b.lo, MPFR_RNDU);
  } else {
    mpfr_add(r.lo, a.lo, b.lo, MPFR_RNDD);
    mpfr_add(r.hi, a.hi, b.hi, MPFR_RNDU);
  }
  mpfr_div_2ui(r.lo, r.lo, 1, MPFR_RNDD);
  mpfr_div_2ui(r.hi, r.hi, 1, MPFR_RNDU);
  return from_interval(r);
}

}  // namespace constel::detail
