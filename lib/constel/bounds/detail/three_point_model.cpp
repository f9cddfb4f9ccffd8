// Builds the three-point SDP's SDPA input (detail/three_point_model.hpp; docs/math.md section 5.f): the
// Gegenbauer and S_k^n polynomials paired with the blocks, the symmetry-adapted sum-of-squares blocks,
// one equality per orbit of monomials (or of Chebyshev products), and the objective.
#include "constel/bounds/detail/three_point_model.hpp"

#include <string>

#include "constel/bounds/gegenbauer.hpp"
#include "constel/bounds/detail/three_point_chebyshev.hpp"
#include "constel/error.hpp"

namespace constel::bounds::three_point_detail {
namespace {

using three_point::monomials;

std::vector<std::vector<double>> to_double(const std::vector<RationalPolynomial>& p) {
  std::vector<std::vector<double>> r;
  for (const auto& q : p) {
    std::vector<double> row;
    for (const auto& c : q) row.push_back(constel::to_double(c));
    r.push_back(row);
  }
  return r;
}

// The S_k^n entries (as polynomials) that the F blocks pair with.
void add_F_blocks(Built& b, const Layout& L, std::size_t n) {
  auto gn1 = to_double(gegenbauer_monomials(n - 1, std::size_t(L.d)));
  for (int k = 0; k <= L.d; ++k) {
    Poly3<double> q = three_point::q_polynomial(gn1[std::size_t(k)], std::size_t(k));
    int m = L.d - k + 1;
    for (int i = 0; i < m; ++i)
      for (int j = i; j < m; ++j) {
        Poly3<double> s = three_point::symmetrize(three_point::multiply(Poly3<double>{{{i, j, 0}, 1.0}}, q));
        for (const auto& [e, c] : b.chebyshev ? three_point::monomial_to_chebyshev(s) : s)
          b.model.add(b.tri_index.at(e), L.block_F(k), i + 1, j + 1, c);
        auto diag = three_point::diagonal_restriction(s);
        for (std::size_t p = 0; p < diag.size(); ++p) b.model.add(1 + int(p), L.block_F(k), i + 1, j + 1, 3 * diag[p]);
      }
  }
}

// The entries of one symmetry-adapted block of sigma_0, sigma_1 or sigma_4 (j = 0, 1, 2): entry (r, c) of
// Q pairs with sum over the block's parts of (1 / den) p_r p_c, times g_i for sigma_i.
void add_sigma_block(Built& b, const Layout& L, int j, std::size_t bl, const std::vector<Poly3<double>>& gs) {
  const auto basis = monomials(L.t_degree(j));
  const three_point::GramBlock& block = L.sym[j][bl];
  const int i = kSigmas[j];
  for (std::size_t r = 0; r < block.size(); ++r)
    for (std::size_t c = r; c < block.size(); ++c) {
      // 24 (sum over parts of (1 / den) p_r p_c), exact in integers (den is 1 or 3; a Chebyshev product
      // has eight terms of weight 1/8, a monomial product one of weight 1).
      Poly3<long> times24;
      three_point::Exponent terms[8];
      for (const auto& part : block.parts)
        for (const auto& [x, cx] : part.rows[r])
          for (const auto& [y, cy] : part.rows[c]) {
            if (b.chebyshev) {
              three_point::chebyshev_product_terms(basis[x], basis[y], terms);
              for (const auto& e : terms) three_point::add_to(times24, e, cx * cy * (3 / part.weight_den));
            } else {
              three_point::add_to(times24, {basis[x][0] + basis[y][0], basis[x][1] + basis[y][1], basis[x][2] + basis[y][2]},
                                  cx * cy * (24 / part.weight_den));
            }
          }
      Poly3<double> prod;
      for (const auto& [e, v] : times24) prod[e] = double(v) / 24;
      if (i != 0)
        prod = b.chebyshev ? three_point::chebyshev_multiply(prod, gs[std::size_t(i - 1)])
                           : three_point::multiply(prod, gs[std::size_t(i - 1)]);
      for (const auto& [e, v] : prod) b.model.add(b.tri_index.at(e), L.block_T(j, bl), int(r) + 1, int(c) + 1, v);
    }
}

}  // namespace

Built build_model(std::size_t n, double s, const Layout& L, double margin, bool chebyshev) {
  Built b;
  b.chebyshev = chebyshev;
  const int d = L.d;
  int uni = 2 * d + 1;
  // One equality per orbit of monomials: the identity is asked of Sym(...) only (docs/math.md section 5.f).
  std::map<Exponent, int> orbit_index;
  for (const auto& e : monomials(2 * d)) {
    auto [it, inserted] = orbit_index.emplace(three_point::orbit_key(e), uni + 1 + int(orbit_index.size()));
    b.tri_index[e] = it->second;
  }
  b.rhs.assign(std::size_t(uni) + orbit_index.size(), 0.0);
  b.rhs[0] = -1;  // g2 <= -1
  // f = sum a_k P_k^n in the univariate constraints.
  auto gn = to_double(gegenbauer_monomials(n, std::size_t(d)));
  for (int k = 1; k <= d; ++k)
    for (std::size_t p = 0; p < gn[std::size_t(k)].size(); ++p) b.model.add(1 + int(p), L.block_a(), k, k, gn[std::size_t(k)][p]);
  add_F_blocks(b, L, n);
  // B: 2 b12 + b22 in the univariate constant, b22 in the trivariate constant.
  b.model.add(1, L.block_B(), 1, 2, 1);
  b.model.add(1, L.block_B(), 2, 2, 1);
  b.model.add(b.tri_index.at({0, 0, 0}), L.block_B(), 2, 2, 1);
  // Univariate squares: sigma_0(u) + (u + 1)(s - u) sigma_1(u).
  const double g[3] = {s, s - 1, -1};
  for (int a = 0; a <= d; ++a)
    for (int c = a; c <= d; ++c) b.model.add(1 + a + c, L.block_U(0), a + 1, c + 1, 1);
  for (int a = 0; a < d; ++a)
    for (int c = a; c < d; ++c)
      for (int e = 0; e < 3; ++e) b.model.add(1 + a + c + e, L.block_U(1), a + 1, c + 1, g[e]);
  // Trivariate squares sigma_0 + sum_i g_i sigma_i in their symmetry-adapted blocks, sigma_0 >= margin * I
  // (the margin on the Gram matrix in the basis used: its identity is sum_alpha b_alpha^2).
  auto gs = three_point::domain_polynomials<double>(s);
  if (chebyshev) {
    for (auto& g : gs) g = three_point::monomial_to_chebyshev(g);
    const std::size_t m = binom3(d);
    std::vector<double> I(m * m, 0.0);
    for (std::size_t r = 0; r < m; ++r) I[r * m + r] = 1;
    for (const auto& [e, v] : three_point::chebyshev_gram_polynomial(I, d))
      b.rhs[std::size_t(b.tri_index.at(e) - 1)] -= margin * v;
  } else {
    for (const auto& e : monomials(d)) b.rhs[std::size_t(b.tri_index.at({2 * e[0], 2 * e[1], 2 * e[2]}) - 1)] -= margin;
  }
  for (int j = 0; j < 3; ++j)
    for (std::size_t bl = 0; bl < L.sym[j].size(); ++bl) add_sigma_block(b, L, j, bl, gs);
  // Objective (SDPA maximizes <F_0, Y>): -(sum a_k + <F_0, J> + b11).
  for (int k = 1; k <= d; ++k) b.model.add(0, L.block_a(), k, k, -1);
  for (int i = 1; i <= d + 1; ++i)
    for (int j = i; j <= d + 1; ++j) b.model.add(0, L.block_F(0), i, j, -1);
  b.model.add(0, L.block_B(), 1, 1, -1);
  return b;
}

int block_size(const Layout& L, int block) {
  if (block == L.block_a()) return L.d;
  if (block <= L.block_F(L.d)) return L.d - (block - 2) + 1;
  if (block == L.block_B()) return 2;
  if (block == L.block_U(0)) return L.d + 1;
  if (block == L.block_U(1)) return L.d;
  for (int j = 0; j < 3; ++j)  // sigma blocks
    for (std::size_t bl = 0; bl < L.sym[j].size(); ++bl)
      if (block == L.block_T(j, bl)) return int(L.sym[j][bl].size());
  throw InternalError("three-point SDP: no block " + std::to_string(block));
}

}  // namespace constel::bounds::three_point_detail
