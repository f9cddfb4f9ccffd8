// The exact PSD proof by an integer congruence (psd_proof.hpp; docs/math.md section 5.f, "Proving the
// blocks PSD"). All decisions are made on GMP integers; doubles only propose the congruence X.
#include "constel/bounds/detail/psd_proof.hpp"

#include <gmp.h>

#include <cmath>

#include "constel/config/ldlt.hpp"
#include "constel/error.hpp"

namespace constel::bounds::detail {
namespace {

enum class Verdict { psd, not_psd, unknown };

// A symmetric integer matrix, stored full (row-major) as raw GMP integers.
class IntMatrix {
 public:
  explicit IntMatrix(std::size_t m) : m_(m), a_(m * m) {
    for (auto& x : a_) mpz_init(x);
  }
  ~IntMatrix() {
    for (auto& x : a_) mpz_clear(x);
  }
  IntMatrix(const IntMatrix&) = delete;
  IntMatrix& operator=(const IntMatrix&) = delete;
  IntMatrix(IntMatrix&& o) noexcept : m_(o.m_), a_(std::move(o.a_)) { o.a_.clear(); }
  IntMatrix& operator=(IntMatrix&& o) noexcept {
    std::swap(m_, o.m_);
    std::swap(a_, o.a_);
    return *this;
  }
  std::size_t size() const { return m_; }
  mpz_ptr at(std::size_t i, std::size_t j) { return a_[i * m_ + j]; }
  mpz_srcptr at(std::size_t i, std::size_t j) const { return a_[i * m_ + j]; }

 private:
  std::size_t m_;
  std::vector<mpz_t> a_;
};

// Rows and columns i multiplied by 2^{s_i} so that every diagonal entry has about the same bit length
// (a congruence by a positive diagonal matrix); returns the largest diagonal bit length.
long equilibrate(IntMatrix& A) {
  const std::size_t m = A.size();
  std::vector<long> e(m);
  long top = 0;
  for (std::size_t i = 0; i < m; ++i) {
    e[i] = long(mpz_sizeinbase(A.at(i, i), 2));
    top = std::max(top, e[i]);
  }
  std::vector<unsigned long> s(m);
  for (std::size_t i = 0; i < m; ++i) s[i] = (unsigned long)((top - e[i]) / 2);
  for (std::size_t i = 0; i < m; ++i)
    for (std::size_t j = 0; j < m; ++j)
      if (s[i] + s[j]) mpz_mul_2exp(A.at(i, j), A.at(i, j), s[i] + s[j]);
  long r = 0;
  for (std::size_t i = 0; i < m; ++i) r = std::max(r, long(mpz_sizeinbase(A.at(i, i), 2)));
  return r;
}

// Every diagonal entry >= the sum of the absolute values of the other entries of its row.
bool diagonally_dominant(const IntMatrix& A) {
  const std::size_t m = A.size();
  mpz_t sum;
  mpz_init(sum);
  bool ok = true;
  for (std::size_t i = 0; i < m && ok; ++i) {
    mpz_set_ui(sum, 0);
    for (std::size_t j = 0; j < m; ++j)
      if (j != i) {
        if (mpz_sgn(A.at(i, j)) >= 0) mpz_add(sum, sum, A.at(i, j));
        else mpz_sub(sum, sum, A.at(i, j));
      }
    ok = mpz_cmp(A.at(i, i), sum) >= 0;
  }
  mpz_clear(sum);
  return ok;
}

double scaled(mpz_srcptr x, long top) {
  long exp = 0;
  double d = mpz_get_d_2exp(&exp, x);
  return std::ldexp(d, int(exp - top));
}

// x^T A x for an integer vector x (its first x.size() entries), exactly.
int quadratic_form_sign(const IntMatrix& A, const std::vector<Integer>& x) {
  mpz_t row, total;
  mpz_init(row);
  mpz_init(total);
  for (std::size_t i = 0; i < x.size(); ++i) {
    mpz_set_ui(row, 0);
    for (std::size_t j = 0; j < x.size(); ++j) mpz_addmul(row, A.at(i, j), x[j].backend().data());
    mpz_addmul(total, row, x[i].backend().data());
  }
  int sign = mpz_sgn(total);
  mpz_clear(row);
  mpz_clear(total);
  return sign;
}

// One step: a double LDL^T of A (scaled by 2^-top) proposes X ~ L^{-1}, rounded to integers (times
// 2^kBits); A becomes X A X^T exactly. A non-positive floating pivot at row j instead offers the
// vector x = row j of X, and x^T A x < 0 proves A not PSD.
constexpr int kBits = 50;

Verdict congruence_step(IntMatrix& A, long top) {
  const std::size_t m = A.size();
  std::vector<double> L(m * m, 0.0), D(m, 0.0);
  for (std::size_t j = 0; j < m; ++j) {
    double dj = scaled(A.at(j, j), top);
    for (std::size_t k = 0; k < j; ++k) dj -= L[j * m + k] * L[j * m + k] * D[k];
    if (!(dj > 0) || !std::isfinite(dj)) {
      // x = e_j - sum ... : row j of L^{-1} using the rows computed so far.
      std::vector<double> x(j + 1, 0.0);
      x[j] = 1;
      for (std::size_t i = j; i-- > 0;) {
        double s = 0;
        for (std::size_t k = i + 1; k <= j; ++k) s += x[k] * L[k * m + i];
        x[i] = -s;
      }
      std::vector<Integer> xi(j + 1);
      for (std::size_t i = 0; i <= j; ++i) {
        double v = std::nearbyint(std::ldexp(x[i], kBits));
        if (!std::isfinite(v)) return Verdict::unknown;
        mpz_set_d(xi[i].backend().data(), v);
      }
      return quadratic_form_sign(A, xi) < 0 ? Verdict::not_psd : Verdict::unknown;
    }
    D[j] = dj;
    L[j * m + j] = 1;
    for (std::size_t i = j + 1; i < m; ++i) {
      double s = scaled(A.at(i, j), top);
      for (std::size_t k = 0; k < j; ++k) s -= L[i * m + k] * L[j * m + k] * D[k];
      L[i * m + j] = s / dj;
    }
  }
  // X = L^{-1}, unit lower triangular, row by row: X_ij = -sum_{k=j..i-1} X_ik L_kj... computed as
  // X_i. = e_i - sum_{k<i} L_ik X_k.
  std::vector<double> X(m * m, 0.0);
  for (std::size_t i = 0; i < m; ++i) {
    X[i * m + i] = 1;
    for (std::size_t k = 0; k < i; ++k) {
      double l = L[i * m + k];
      if (l == 0) continue;
      for (std::size_t j = 0; j <= k; ++j) X[i * m + j] -= l * X[k * m + j];
    }
  }
  IntMatrix Xi(m);
  for (std::size_t i = 0; i < m; ++i)
    for (std::size_t j = 0; j <= i; ++j) {
      double v = std::nearbyint(std::ldexp(X[i * m + j], kBits));
      if (!std::isfinite(v)) return Verdict::unknown;
      mpz_set_d(Xi.at(i, j), v);
    }
  // T = Xi A (Xi lower triangular), then A' = T Xi^T (lower triangle, mirrored).
  IntMatrix T(m);
  for (std::size_t i = 0; i < m; ++i)
    for (std::size_t k = 0; k <= i; ++k) {
      mpz_srcptr x = Xi.at(i, k);
      if (mpz_sgn(x) == 0) continue;
      for (std::size_t j = 0; j < m; ++j) mpz_addmul(T.at(i, j), x, A.at(k, j));
    }
  IntMatrix N(m);
  for (std::size_t i = 0; i < m; ++i)
    for (std::size_t j = 0; j <= i; ++j) {
      mpz_ptr r = N.at(i, j);
      for (std::size_t k = 0; k <= j; ++k)
        if (mpz_sgn(Xi.at(j, k))) mpz_addmul(r, T.at(i, k), Xi.at(j, k));
      if (j < i) mpz_set(N.at(j, i), r);
    }
  A = std::move(N);
  for (std::size_t i = 0; i < m; ++i)
    if (mpz_sgn(A.at(i, i)) < 0) return Verdict::not_psd;  // e_i^T X M X^T e_i < 0
  return Verdict::unknown;
}

Verdict decide(const std::vector<Rational>& M, std::size_t m, std::string& why) {
  for (std::size_t i = 0; i < m; ++i)
    for (std::size_t j = 0; j < i; ++j)
      if (M[i * m + j] != M[j * m + i]) {
        why = "not symmetric at (" + std::to_string(i) + ", " + std::to_string(j) + ")";
        return Verdict::not_psd;
      }
  // A common denominator; a zero diagonal entry needs a zero row (else a 2 x 2 minor is negative).
  mpz_t den;
  mpz_init_set_ui(den, 1);
  for (const auto& x : M) mpz_lcm(den, den, mpq_denref(x.backend().data()));
  std::vector<std::size_t> kept;
  for (std::size_t i = 0; i < m; ++i) {
    int sign = M[i * m + i].sign();
    if (sign < 0) {
      why = "negative diagonal entry at row " + std::to_string(i);
      mpz_clear(den);
      return Verdict::not_psd;
    }
    if (sign > 0) {
      kept.push_back(i);
      continue;
    }
    for (std::size_t j = 0; j < m; ++j)
      if (M[i * m + j] != 0) {
        why = "zero diagonal entry at row " + std::to_string(i) + " with a nonzero entry in its row";
        mpz_clear(den);
        return Verdict::not_psd;
      }
  }
  IntMatrix A(kept.size());
  for (std::size_t a = 0; a < kept.size(); ++a)
    for (std::size_t b = 0; b < kept.size(); ++b) {
      mpq_srcptr q = M[kept[a] * m + kept[b]].backend().data();
      mpz_divexact(A.at(a, b), den, mpq_denref(q));
      mpz_mul(A.at(a, b), A.at(a, b), mpq_numref(q));
    }
  mpz_clear(den);
  for (int round = 0; round < 4; ++round) {
    long top = equilibrate(A);
    if (diagonally_dominant(A)) return Verdict::psd;
    if (round == 3) break;
    Verdict v = congruence_step(A, top);
    if (v == Verdict::not_psd) {
      why = "x^T M x < 0 for an exact rational vector x";
      return v;
    }
  }
  return Verdict::unknown;
}

}  // namespace

bool prove_psd_by_congruence(const std::vector<Rational>& M, std::size_t m) {
  if (M.size() != m * m) return false;
  std::string why;
  return decide(M, m, why) == Verdict::psd;
}

bool prove_psd(const std::vector<Rational>& M, std::size_t m, std::string& why) {
  if (M.size() != m * m) {
    why = "has " + std::to_string(M.size()) + " entries, expected " + std::to_string(m * m);
    return false;
  }
  if (m > 4) {
    Verdict v = decide(M, m, why);
    if (v != Verdict::unknown) return v == Verdict::psd;
  }
  try {
    exact_ldlt(M, m);
    return true;
  } catch (const InputError& e) {
    why = e.what();
    return false;
  }
}

}  // namespace constel::bounds::detail
