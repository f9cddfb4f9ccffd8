// Symmetry-adapted bases for the Gram matrices of the three-point SDP (docs/math.md section 5.f,
// "Symmetry-adapted blocks"): an S3-invariant (resp. swap-invariant) Gram matrix G in the monomial basis
// of degree <= d is G = T^T blockdiag(...) T for a RATIONAL invertible T built here, so the SDP needs
// only the small blocks, and the certificate keeps the monomial Gram matrix that the exact check proves.
// Internal to bounds/.
#pragma once

#include <cstddef>
#include <utility>
#include <vector>

namespace constel::bounds::three_point {

// A polynomial of degree <= d as an integer combination of monomials(d), by index.
using BasisPoly = std::vector<std::pair<std::size_t, long>>;

// One part of a block: sigma_part = (1 / weight_den) sum_{i,k} Q_ik p_i p_k for the block's matrix Q.
struct BlockPart {
  std::vector<BasisPoly> rows;
  int weight_den = 1;
};

// One block Q of a Gram matrix: sigma_block = sum over its parts (every part has as many rows as Q).
struct GramBlock {
  std::vector<BlockPart> parts;
  std::size_t size() const { return parts.empty() ? 0 : parts[0].rows.size(); }
};

// The blocks of an S3-invariant Gram matrix of degree <= d (S3 permuting u, v, t): the trivial block
// (orbit sums of monomials), the sign block (alternating sums over the 6-element orbits) and the block
// of the standard representation, with the parts c1 (weight 1) and c2 = (sigma - sigma^-1) c1 (weight
// 1/3), c1 a basis of the vectors of the standard isotypic component fixed by the swap of v and t.
// Blocks of size 0 are left out. Every row index is used: the rows of all parts together form an
// invertible matrix T (C(d+3, 3) rows).
std::vector<GramBlock> s3_blocks(int d);

// The blocks of a Gram matrix invariant under the swap of v and t: the even and the odd polynomials
// u^a (v^b t^c + v^c t^b) (b >= c) and u^a (v^b t^c - v^c t^b) (b > c).
std::vector<GramBlock> swap_blocks(int d);

// G = sum over blocks and parts of (1 / weight_den) P^T Q P, P the part's rows as a matrix over the
// m = C(d+3, 3) monomials; Q[b] is block b's matrix, row-major. Row-major m x m.
template <class T>
std::vector<T> expand_blocks(const std::vector<GramBlock>& blocks, const std::vector<std::vector<T>>& Q, std::size_t m) {
  std::vector<T> G(m * m, T(0));
  for (std::size_t bl = 0; bl < blocks.size(); ++bl) {
    const std::size_t r = blocks[bl].size();
    const std::vector<T>& q = Q[bl];
    for (const BlockPart& part : blocks[bl].parts) {
      // W = Q P (r x m), then G += P^T W / den.
      std::vector<T> W(r * m, T(0));
      for (std::size_t k = 0; k < r; ++k)
        for (const auto& [b, cb] : part.rows[k])
          for (std::size_t i = 0; i < r; ++i)
            if (q[i * r + k] != T(0)) W[i * m + b] += q[i * r + k] * T(cb);
      const T den(part.weight_den);
      for (std::size_t i = 0; i < r; ++i)
        for (const auto& [a, ca] : part.rows[i]) {
          const T f = T(ca) / den;
          for (std::size_t b = 0; b < m; ++b)
            if (W[i * m + b] != T(0)) G[a * m + b] += f * W[i * m + b];
        }
    }
  }
  return G;
}

}  // namespace constel::bounds::three_point
