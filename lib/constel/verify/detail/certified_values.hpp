// Exact values of the certified verifier's entries and the certified form of what it reports: exact
// comparisons of entries (of inner products, or with --normalize of cosines, compared through squares),
// and the outward-rounded MPFR intervals that hold the irrational cosines (docs/math.md sections 1, 7).
#pragma once

#include <mpfr.h>

#include <cstddef>
#include <vector>

#include "constel/number/rational.hpp"
#include "constel/verify/certified.hpp"
#include "constel/verify/detail/certified_exact.hpp"

namespace constel::detail {

// Exact values of entries and exact comparisons between them; with `normalize` the value of (i, j)
// is c_ij / sqrt(n_i m_j) (cosine of the stored vectors), compared exactly through squares.
class PackedPanels;

template <class T>
struct ExactContext {
  const T* U = nullptr;
  const T* V = nullptr;  // row-major; null when the rows of V are taken from packed_v
  std::size_t d = 0;
  bool normalize = false;
  const std::vector<Integer>* norm_u = nullptr;  // exact |U_i|^2, same scale as dots
  const std::vector<Integer>* norm_v = nullptr;
  // float32 only: V's float32 panels (panel_kernel.hpp), which hold every value of the rows they pack
  // exactly; a row is copied out of them when V is null
  const PackedPanels* packed_v = nullptr;

  Integer dot(std::size_t i, std::size_t j) const { return V ? exact_dot(U + i * d, V + j * d, d) : dot_packed(i, j); }
  // The same value, row j of V copied out of packed_v (InternalError without panels)
  Integer dot_packed(std::size_t i, std::size_t j) const;
  // sign of value(c1 at (i1, j1)) - value(c2 at (i2, j2))
  int compare(const Integer& c1, std::size_t i1, std::size_t j1, const Integer& c2, std::size_t i2,
              std::size_t j2) const;
  // sign of value(c at (i, j)) - tau
  int compare(const Integer& c, std::size_t i, std::size_t j, const Rational& tau) const;
};

// The sign of c1 / sqrt(nu1 nv1) - c2 / sqrt(nu2 nv2), exactly (compared through squares): the order of
// cosines given their exact dot products and squared norms.
int compare_cosines(const Integer& c1, const Integer& nu1, const Integer& nv1, const Integer& c2, const Integer& nu2,
                    const Integer& nv2);

// z 2^E as the nearest double (z in units of 2^E, as exact_dot returns it).
double scaled_to_double(const Integer& z, int E);

// [lo, hi] in 256-bit MPFR.
struct CertifiedInterval {
  mpfr_t lo, hi;
  CertifiedInterval() { mpfr_init2(lo, 256), mpfr_init2(hi, 256); }
  ~CertifiedInterval() { mpfr_clear(lo), mpfr_clear(hi); }
  CertifiedInterval(const CertifiedInterval&) = delete;
  CertifiedInterval& operator=(const CertifiedInterval&) = delete;
};

// The cosine c / sqrt(n1 n2) (c an exact dot, n1 n2 the exact squared norms), rounded outward.
void cosine_interval(const Integer& c, const Integer& n1, const Integer& n2, CertifiedInterval& out);
// An interval as a reported value (bounds rounded outward to double); an exact value as one.
CertifiedValue from_interval(const CertifiedInterval& iv);
CertifiedValue from_exact(const Rational& r);
// (a - s b) / 2 as an interval, s = +1 or -1 (margin and relative bias of two cosines).
CertifiedValue half_combination(const CertifiedInterval& a, const CertifiedInterval& b, int s);

}  // namespace constel::detail
