// Point sets that are not binary codes (docs/math.md section 3.6): the regular simplex (closed-form exact LDL^T of
// its Gram matrix), the cross-polytope, the D_n and E8 root shells, the Leech lattice's minimal vectors
// (from the extended Golay code), and the 288-point code (Nordstrom-Robinson plus +-e_i). Entries are
// small integers with one rational squared scale per column. Further lattice shells: lattices.cpp.
#include <bit>
#include <cmath>

#include "constel/codes/binary.hpp"
#include "constel/error.hpp"

namespace constel::codes {
namespace {

PointSet make(std::size_t N, std::size_t n, const Rational& scale, std::string spec, std::string description) {
  if (N * n > kMaxCodeEntries)
    throw LimitError("code '" + spec + "' has " + std::to_string(N) + " x " + std::to_string(n) +
                     " coordinates: at most 2^23 can be built");
  PointSet p;
  p.N = N;
  p.n = n;
  p.scales.assign(n, scale);
  p.entries.assign(N * n, Rational(0));
  p.spec = std::move(spec);
  p.description = std::move(description);
  return p;
}

}  // namespace

// Gram matrix G = I + rho (J - I), rho = -1/(N-1). Eliminating variable j leaves an equicorrelated Schur
// complement with correlation rho_j = rho / (1 + j rho) = -1/(N-1-j), so L has rho_j below the diagonal
// of column j and D_{j+1} = D_j (1 - rho_j^2), D_0 = 1, D_{N-1} = 0. Column j is multiplied by N-1-j to
// make the entries integers (N-1-j on the diagonal, -1 below) and its scale divided by (N-1-j)^2.
PointSet regular_simplex(std::size_t N) {
  if (N < 2) throw InputError("simplex: N must be at least 2");
  PointSet p = make(N, N - 1, Rational(1), "simplex:" + std::to_string(N), "regular simplex (closed-form exact LDL^T)");
  Rational D = 1;
  for (std::size_t j = 0; j + 1 < N; ++j) {
    std::size_t f = N - 1 - j;
    p.scales[j] = D / Rational(Integer(f * f));
    p.entries[j * p.n + j] = Rational(Integer(f));
    for (std::size_t i = j + 1; i < N; ++i) p.entries[i * p.n + j] = Rational(-1);
    Rational rho(Integer(-1), Integer(f));
    D *= 1 - rho * rho;
  }
  p.alpha = Rational(Integer(-1), Integer(N - 1));
  return p;
}

PointSet cross_polytope(std::size_t n) {
  if (n < 1) throw InputError("cross: n must be at least 1");
  PointSet p = make(2 * n, n, Rational(1), "cross:" + std::to_string(n), "cross-polytope +-e_i");
  for (std::size_t i = 0; i < n; ++i) {
    p.entries[(2 * i) * n + i] = 1;
    p.entries[(2 * i + 1) * n + i] = -1;
  }
  p.alpha = n == 1 ? Rational(-1) : Rational(0);
  return p;
}

PointSet dn_roots(std::size_t n) {
  if (n < 2) throw InputError("dn: n must be at least 2");
  PointSet p = make(2 * n * (n - 1), n, Rational(1, 2), "dn:" + std::to_string(n), "D_n root shell (+-e_i +- e_j)/sqrt(2)");
  std::size_t row = 0;
  for (std::size_t i = 0; i < n; ++i)
    for (std::size_t j = i + 1; j < n; ++j)
      for (int s = 0; s < 4; ++s, ++row) {
        p.entries[row * n + i] = (s & 1) ? -1 : 1;
        p.entries[row * n + j] = (s & 2) ? -1 : 1;
      }
  p.alpha = n == 2 ? Rational(0) : Rational(1, 2);
  return p;
}

// D8 roots (+-2, +-2, 0^6) and (+-1)^8 with an even number of minus signs: norm 8.
IntegerShell e8_vectors() {
  IntegerShell s{8, 8, std::vector<long long>(240 * 8, 0)};
  std::size_t row = 0;
  for (std::size_t i = 0; i < 8; ++i)
    for (std::size_t j = i + 1; j < 8; ++j)
      for (int t = 0; t < 4; ++t, ++row) {
        s.v[row * 8 + i] = (t & 1) ? -2 : 2;
        s.v[row * 8 + j] = (t & 2) ? -2 : 2;
      }
  for (unsigned mask = 0; mask < 256; ++mask) {
    if (std::popcount(mask) % 2) continue;
    for (std::size_t i = 0; i < 8; ++i) s.v[row * 8 + i] = ((mask >> i) & 1u) ? -1 : 1;
    ++row;
  }
  if (row != 240) throw InternalError("E8: built " + std::to_string(row) + " roots");
  return s;
}

PointSet e8_roots() {
  return to_point_set(e8_vectors(), "e8", "E8 root shell: 112 D8 roots and 128 half-integer roots", Rational(1, 2));
}

// Minimal vectors of norm 32 in the standard coordinates: (+-4, +-4, 0^22) (1104), (+-2^8, 0^16) on the
// 759 octads with an even number of minus signs (97152), and (-+3, +-1^23) with the upper signs on a
// Golay codeword and the 3 in any position (98304).
IntegerShell leech_vectors() {
  IntegerShell s{24, 32, std::vector<long long>(196560 * 24, 0)};
  auto& e = s.v;
  std::size_t row = 0;
  for (std::size_t i = 0; i < 24; ++i)
    for (std::size_t j = i + 1; j < 24; ++j)
      for (int t = 0; t < 4; ++t, ++row) {
        e[row * 24 + i] = (t & 1) ? -4 : 4;
        e[row * 24 + j] = (t & 2) ? -4 : 4;
      }
  BinaryCode g = golay24_code();
  std::size_t octads = 0;
  for (std::size_t w = 0; w < g.M; ++w) {
    if (g.weight(w) != 8) continue;
    ++octads;
    std::size_t pos[8], k = 0;
    for (std::size_t i = 0; i < 24; ++i)
      if (g.bit(w, i)) pos[k++] = i;
    for (unsigned mask = 0; mask < 256; ++mask) {
      if (std::popcount(mask) % 2) continue;
      for (std::size_t t = 0; t < 8; ++t) e[row * 24 + pos[t]] = ((mask >> t) & 1u) ? -2 : 2;
      ++row;
    }
  }
  if (octads != 759) throw InternalError("Leech: the Golay code has " + std::to_string(octads) + " octads, expected 759");
  for (std::size_t w = 0; w < g.M; ++w)
    for (std::size_t i = 0; i < 24; ++i, ++row)
      for (std::size_t j = 0; j < 24; ++j) {
        bool upper = g.bit(w, j);
        e[row * 24 + j] = j == i ? (upper ? -3 : 3) : (upper ? 1 : -1);
      }
  if (row != 196560) throw InternalError("Leech: built " + std::to_string(row) + " vectors");
  return s;
}

PointSet leech_minimal() {
  return to_point_set(leech_vectors(), "leech", "Leech lattice minimal vectors (from the extended Golay code)", Rational(1, 2));
}

PointSet nr288() {
  BinaryCode c = nordstrom_robinson_code();
  std::size_t D = minimum_distance(c);
  if (D != 6) throw InternalError("Nordstrom-Robinson built with minimum distance " + std::to_string(D));
  PointSet p = make(288, 16, Rational(1, 16), "nr288",
                    "Nordstrom-Robinson (16, 256, 6), minimum distance 6 checked, plus the 32 points +-e_i");
  for (std::size_t w = 0; w < 256; ++w)
    for (std::size_t i = 0; i < 16; ++i) p.entries[w * 16 + i] = c.bit(w, i) ? -1 : 1;
  for (std::size_t i = 0; i < 16; ++i) {
    p.entries[(256 + 2 * i) * 16 + i] = 4;
    p.entries[(257 + 2 * i) * 16 + i] = -4;
  }
  p.alpha = Rational(1, 4);
  return p;
}

}  // namespace constel::codes
