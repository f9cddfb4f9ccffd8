// The three-point SDP (docs/math.md section 5.f) as SDPA's input: the block layout, the constraint
// matrices and right-hand sides, built in double precision (three_point_model.cpp). The solve and the
// rounding into an exact certificate are in three_point_sdp.cpp.
#pragma once

#include <cstddef>
#include <map>
#include <tuple>
#include <vector>

#include "constel/bounds/detail/three_point_basis.hpp"
#include "constel/bounds/detail/three_point_poly.hpp"

namespace constel::bounds::three_point_detail {

using three_point::Exponent;
using three_point::Poly3;

// Monomials of degree <= d in three variables.
inline std::size_t binom3(int d) { return std::size_t((d + 1) * (d + 2) * (d + 3) / 6); }

// Block layout (1-based, as SDPA counts): 1 = a (LP), 2..d+2 = F_0..F_d, d+3 = B, d+4, d+5 = the
// univariate squares, then the symmetry-adapted blocks of sigma_0, sigma_1, sigma_4 (the symmetrized
// identity keeps one multiplier for the orbit g_1, g_2, g_3; docs/math.md section 5.f): sigma_0 and
// sigma_4 S3-invariant (trivial, sign and standard blocks), sigma_1 invariant under the swap of v and t
// (even and odd blocks). Degrees of the squares' bases: d, d-1, d-2.
inline constexpr int kSigmas[3] = {0, 1, 4};
struct Layout {
  int d;
  std::vector<three_point::GramBlock> sym[3];  // the blocks of sigma_0, sigma_1, sigma_4
  explicit Layout(int degree) : d(degree) {
    sym[0] = three_point::s3_blocks(d);
    sym[1] = three_point::swap_blocks(d - 1);
    sym[2] = three_point::s3_blocks(d - 2);
  }
  int block_a() const { return 1; }
  int block_F(int k) const { return 2 + k; }
  int block_B() const { return d + 3; }
  int block_U(int i) const { return d + 4 + i; }
  int block_T(int j, std::size_t b) const {  // block b of sigma_0, sigma_1, sigma_4 for j = 0, 1, 2
    int base = d + 6;
    for (int q = 0; q < j; ++q) base += int(sym[q].size());
    return base + int(b);
  }
  int blocks() const { return block_T(2, sym[2].size()) - 1; }
  int t_degree(int j) const { return j == 0 ? d : j == 1 ? d - 1 : d - 2; }
};

class Model {
 public:
  using Key = std::tuple<int, int, int, int>;  // constraint, block, i, j (1-based, i <= j)
  void add(int constraint, int block, int i, int j, double v) {
    if (v == 0) return;
    if (i > j) std::swap(i, j);
    entries_[{constraint, block, i, j}] += v;
  }
  const std::map<Key, double>& entries() const { return entries_; }

 private:
  std::map<Key, double> entries_;
};

struct Built {
  bool chebyshev = false;  // the trivariate polynomials in the tensor Chebyshev basis, else in monomials
  Model model;
  std::vector<double> rhs;  // c_1..c_m
  std::map<Exponent, int> tri_index;
};

// SDPA's problem for N_SC(n, s) at degree L.d: sigma_0 >= margin * I, trivariate polynomials in the tensor
// Chebyshev basis when `chebyshev`, else in monomials.
Built build_model(std::size_t n, double s, const Layout& L, double margin, bool chebyshev);

// The order of SDPA's block number `block` (1-based) in layout L.
int block_size(const Layout& L, int block);

}  // namespace constel::bounds::three_point_detail
