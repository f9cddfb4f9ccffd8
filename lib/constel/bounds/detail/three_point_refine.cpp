// The floating-point helpers of three_point_refine.hpp (docs/math.md section 5.f).
#include "constel/bounds/detail/three_point_refine.hpp"

#include <algorithm>
#include <cmath>

namespace constel::bounds::three_point {
namespace {

// Whether M - shift I has a Cholesky factorization in double.
bool cholesky_succeeds(const std::vector<double>& M, std::size_t m, double shift) {
  std::vector<double> L(M);
  for (std::size_t i = 0; i < m; ++i) L[i * m + i] -= shift;
  for (std::size_t j = 0; j < m; ++j) {
    double dj = L[j * m + j];
    for (std::size_t k = 0; k < j; ++k) dj -= L[j * m + k] * L[j * m + k];
    if (!(dj > 0)) return false;
    dj = std::sqrt(dj);
    L[j * m + j] = dj;
    for (std::size_t i = j + 1; i < m; ++i) {
      double v = L[i * m + j];
      for (std::size_t k = 0; k < j; ++k) v -= L[i * m + k] * L[j * m + k];
      L[i * m + j] = v / dj;
    }
  }
  return true;
}

}  // namespace

double estimate_min_eigenvalue(const std::vector<Rational>& R, std::size_t m) {
  std::vector<double> M(R.size());
  double norm = 0;  // the largest absolute row sum bounds every eigenvalue
  for (std::size_t i = 0; i < m; ++i) {
    double row = 0;
    for (std::size_t j = 0; j < m; ++j) {
      M[i * m + j] = to_double(R[i * m + j]);
      row += std::fabs(M[i * m + j]);
    }
    norm = std::max(norm, row);
  }
  // Bisection on the shift: first on a log scale for |lambda_min| (1e-16 .. norm), then linear.
  const bool positive = cholesky_succeeds(M, m, 0);
  double lo = 1e-16, hi = std::max(norm, 1e-15);  // |lambda_min| in [lo, hi]
  auto inside = [&](double a) { return positive ? cholesky_succeeds(M, m, a) : !cholesky_succeeds(M, m, -a); };
  // positive: lambda_min >= a iff M - a I is PD; negative: lambda_min <= -a iff M + a I is not PD.
  for (int it = 0; it < 40 && hi > 1.01 * lo; ++it) {
    const double mid = std::sqrt(lo * hi);
    if (inside(mid)) lo = mid;
    else hi = mid;
  }
  return positive ? lo : -lo;
}

}  // namespace constel::bounds::three_point
