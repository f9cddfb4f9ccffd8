// Conversion of a Configuration to its integer form (see integer_form.hpp). Three passes over the
// entries: column denominators, integer entries with their column maxima, and the bound.
#include "constel/verify/integer_form.hpp"

#include <gmp.h>

#include <limits>

namespace constel::detail {
namespace {

bool fits_int64(const Integer& z) { return mpz_fits_slong_p(z.backend().data()) != 0; }

Integer lcm_of(const Integer& a, const Integer& b) {
  Integer r;
  mpz_lcm(r.backend().data(), a.backend().data(), b.backend().data());
  return r;
}

// Column denominators D_j over every modality.
std::vector<Integer> column_denominators(const Configuration& c) {
  std::vector<Integer> D(c.d(), Integer(1));
  for (std::size_t a = 0; a < c.k(); ++a) {
    const auto& m = c.modality(a);
    for (std::size_t i = 0; i < c.N(); ++i)
      for (std::size_t j = 0; j < c.d(); ++j) {
        const mpq_t& q = m[i * c.d() + j].backend().data();
        if (mpz_cmp_ui(mpq_denref(q), 1) != 0 && !mpz_divisible_p(D[j].backend().data(), mpq_denref(q)))
          D[j] = lcm_of(D[j], Integer(mpq_denref(q)));
      }
  }
  return D;
}

// a = r * D (an integer since den(r) divides D).
void scaled_entry(const Rational& r, const Integer& D, Integer& out) {
  const mpq_t& q = r.backend().data();
  if (mpz_cmp_ui(mpq_denref(q), 1) == 0) {
    mpz_mul(out.backend().data(), mpq_numref(q), D.backend().data());
  } else {
    mpz_divexact(out.backend().data(), D.backend().data(), mpq_denref(q));
    mpz_mul(out.backend().data(), out.backend().data(), mpq_numref(q));
  }
}

}  // namespace

IntegerForm make_integer_form(const Configuration& c) {
  const std::size_t N = c.N(), d = c.d(), k = c.k();
  std::vector<Integer> D = column_denominators(c);
  // Column maxima M_j of |a_ij| (over all modalities) decide which columns are kept.
  std::vector<Integer> M(d, Integer(0));
  Integer tmp;
  for (std::size_t a = 0; a < k; ++a)
    for (std::size_t i = 0; i < N; ++i)
      for (std::size_t j = 0; j < d; ++j) {
        const mpq_t& q = c.entry(a, i, j).backend().data();
        if (mpz_cmp_ui(mpq_denref(q), 1) == 0 && mpz_cmp_ui(D[j].backend().data(), 1) == 0) {
          if (mpz_cmpabs(mpq_numref(q), M[j].backend().data()) > 0) mpz_abs(M[j].backend().data(), mpq_numref(q));
          continue;
        }
        scaled_entry(c.entry(a, i, j), D[j], tmp);
        mpz_abs(tmp.backend().data(), tmp.backend().data());
        if (tmp > M[j]) M[j] = tmp;
      }
  std::vector<std::size_t> kept;
  std::vector<Rational> cw;
  for (std::size_t j = 0; j < d; ++j) {
    if (c.scale(j) == 0 || M[j] == 0) continue;
    kept.push_back(j);
    cw.push_back(c.scale(j) / Rational(D[j] * D[j]));
  }
  IntegerForm f;
  f.N = N;
  f.k = k;
  f.cols = kept.size();
  for (const Rational& x : cw) f.C = lcm_of(f.C, boost::multiprecision::denominator(x));
  for (std::size_t t = 0; t < kept.size(); ++t) {
    Rational wt = cw[t] * Rational(f.C);
    f.w.push_back(boost::multiprecision::numerator(wt));
    f.bound += f.w.back() * M[kept[t]] * M[kept[t]];
    if (!fits_int64(f.w.back() * M[kept[t]])) f.fits_int64 = false;
    if (!fits_int64(M[kept[t]])) f.fits_int64 = false;
  }
  const std::size_t cols = f.cols;
  if (f.fits_int64) {
    f.a64.assign(k, std::vector<std::int64_t>(N * cols));
    for (const Integer& x : f.w) f.w64.push_back(mpz_get_si(x.backend().data()));
  } else {
    f.abig.assign(k, std::vector<Integer>(N * cols));
  }
  for (std::size_t a = 0; a < k; ++a)
    for (std::size_t i = 0; i < N; ++i)
      for (std::size_t t = 0; t < cols; ++t) {
        const std::size_t j = kept[t];
        const mpq_t& q = c.entry(a, i, j).backend().data();
        if (f.fits_int64 && mpz_cmp_ui(mpq_denref(q), 1) == 0 && mpz_cmp_ui(D[j].backend().data(), 1) == 0) {
          f.a64[a][i * cols + t] = mpz_get_si(mpq_numref(q));  // fits: |a| <= M_j
          continue;
        }
        scaled_entry(c.entry(a, i, j), D[j], tmp);
        if (f.fits_int64)
          f.a64[a][i * cols + t] = mpz_get_si(tmp.backend().data());
        else
          f.abig[a][i * cols + t] = tmp;
      }
  return f;
}

}  // namespace constel::detail
