// Exact LDL^T without pivoting: for a positive semidefinite matrix a zero pivot forces a zero column,
// so no pivoting is needed and the factorisation exists whenever G is PSD (see ldlt.hpp).
#include "constel/config/ldlt.hpp"

#include "constel/error.hpp"

namespace constel {

LdltResult exact_ldlt(const std::vector<Rational>& G, std::size_t n) {
  if (G.size() != n * n) throw InputError("Gram matrix has " + std::to_string(G.size()) + " entries, expected n^2");
  for (std::size_t i = 0; i < n; ++i)
    for (std::size_t j = 0; j < i; ++j)
      if (G[i * n + j] != G[j * n + i])
        throw InputError("Gram matrix is not symmetric at (" + std::to_string(i) + ", " + std::to_string(j) + ")");
  LdltResult r;
  r.n = n;
  r.L.assign(n * n, Rational(0));
  r.D.assign(n, Rational(0));
  // Column-by-column: L_ij D_j = G_ij - sum_{k<j} L_ik L_jk D_k.
  std::vector<Rational> w(n);  // w_k = L_jk D_k for the current row j
  for (std::size_t j = 0; j < n; ++j) {
    for (std::size_t k = 0; k < j; ++k) w[k] = r.L[j * n + k] * r.D[k];
    Rational dj = G[j * n + j];
    for (std::size_t k = 0; k < j; ++k) dj -= r.L[j * n + k] * w[k];
    if (dj < 0) throw InputError("Gram matrix is not positive semidefinite (negative pivot at row " + std::to_string(j) + ")");
    r.D[j] = dj;
    r.L[j * n + j] = 1;
    for (std::size_t i = j + 1; i < n; ++i) {
      Rational s = G[i * n + j];
      for (std::size_t k = 0; k < j; ++k) s -= r.L[i * n + k] * w[k];
      if (dj == 0) {
        if (s != 0)
          throw InputError("Gram matrix is not positive semidefinite (zero pivot at row " + std::to_string(j) +
                           " with a nonzero entry in row " + std::to_string(i) + ")");
      } else {
        r.L[i * n + j] = s / dj;
      }
    }
  }
  return r;
}

ScaledPoints points_from_gram(const std::vector<Rational>& G, std::size_t n) {
  LdltResult f = exact_ldlt(G, n);
  std::vector<std::size_t> kept;
  for (std::size_t j = 0; j < n; ++j)
    if (f.D[j] != 0) kept.push_back(j);
  ScaledPoints p;
  p.n = n;
  p.dim = kept.size();
  for (std::size_t j : kept) p.scales.push_back(f.D[j]);
  p.entries.resize(n * p.dim);
  for (std::size_t i = 0; i < n; ++i)
    for (std::size_t c = 0; c < p.dim; ++c) p.entries[i * p.dim + c] = f.L[i * n + kept[c]];
  return p;
}

Configuration configuration_from_gram(const std::vector<Rational>& G, std::size_t N, std::size_t k) {
  ScaledPoints p = points_from_gram(G, N * k);
  if (p.dim == 0) throw InputError("Gram matrix is zero: the points are not unit vectors");
  Configuration c(N, p.dim, k);
  for (std::size_t j = 0; j < p.dim; ++j) c.set_scale(j, p.scales[j]);
  for (std::size_t a = 0; a < k; ++a)
    for (std::size_t i = 0; i < N; ++i)
      for (std::size_t j = 0; j < p.dim; ++j) c.entry(a, i, j) = p.entries[(a * N + i) * p.dim + j];
  return c;
}

}  // namespace constel
