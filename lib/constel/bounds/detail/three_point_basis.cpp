// The symmetry-adapted bases of three_point_basis.hpp (docs/math.md section 5.f, "Symmetry-adapted
// blocks"), built orbit by orbit of monomials with small integer coefficients.
#include "constel/bounds/detail/three_point_basis.hpp"

#include <map>

#include "constel/bounds/detail/three_point_poly.hpp"

namespace constel::bounds::three_point {
namespace {

using Index = std::map<Exponent, std::size_t>;

Index index_of(int d) {
  Index r;
  auto basis = monomials(d);
  for (std::size_t i = 0; i < basis.size(); ++i) r[basis[i]] = i;
  return r;
}

// A polynomial as exponent -> integer coefficient, and its conversion to indices.
using IntPoly = std::map<Exponent, long>;

void add(IntPoly& p, const Exponent& e, long c) {
  if ((p[e] += c) == 0) p.erase(e);
}

BasisPoly to_basis(const IntPoly& p, const Index& index) {
  BasisPoly r;
  for (const auto& [e, c] : p) r.emplace_back(index.at(e), c);
  return r;
}

// The 3-cycle sigma: the exponent of u moves to v, of v to t, of t to u; and its inverse.
Exponent cycle(const Exponent& e) { return {e[2], e[0], e[1]}; }
Exponent cycle_inverse(const Exponent& e) { return {e[1], e[2], e[0]}; }

// (sigma - sigma^-1) p.
IntPoly cycle_difference(const IntPoly& p) {
  IntPoly r;
  for (const auto& [e, c] : p) {
    add(r, cycle(e), c);
    add(r, cycle_inverse(e), -c);
  }
  return r;
}

// The distinct monomials of the orbit of e.
std::vector<Exponent> orbit(const Exponent& e) {
  static const int perms[6][3] = {{0, 1, 2}, {0, 2, 1}, {1, 0, 2}, {1, 2, 0}, {2, 0, 1}, {2, 1, 0}};
  std::map<Exponent, bool> seen;
  for (const auto& q : perms) seen[{e[q[0]], e[q[1]], e[q[2]]}] = true;
  std::vector<Exponent> r;
  for (const auto& [x, unused] : seen) r.push_back(x);
  return r;
}

// s_x: the sum of the orbit's monomials whose power of u is x (fixed by the swap of v and t).
IntPoly pair_sum(const std::vector<Exponent>& members, int x, long c) {
  IntPoly r;
  for (const auto& m : members)
    if (m[0] == x) add(r, m, c);
  return r;
}

IntPoly plus(IntPoly a, const IntPoly& b) {
  for (const auto& [e, c] : b) add(a, e, c);
  return a;
}

// The alternating sum over the permutations of the sorted exponent k (all three powers distinct).
IntPoly alternating(const Exponent& k) {
  static const int perms[6][3] = {{0, 1, 2}, {0, 2, 1}, {1, 0, 2}, {1, 2, 0}, {2, 0, 1}, {2, 1, 0}};
  static const long signs[6] = {1, -1, -1, 1, 1, -1};
  IntPoly r;
  for (int g = 0; g < 6; ++g) add(r, {k[perms[g][0]], k[perms[g][1]], k[perms[g][2]]}, signs[g]);
  return r;
}

}  // namespace

std::vector<GramBlock> s3_blocks(int d) {
  const Index index = index_of(d);
  std::vector<BasisPoly> trivial, sign, c1, c2;
  for (const auto& k : monomials(d)) {
    if (orbit_key(k) != k) continue;  // one representative per orbit: the sorted exponent
    auto members = orbit(k);
    IntPoly sum;
    for (const auto& m : members) add(sum, m, 1);
    trivial.push_back(to_basis(sum, index));
    std::vector<IntPoly> fixed;  // swap-fixed vectors of the standard component
    if (members.size() == 3) {
      const int single = k[0] == k[1] ? k[2] : k[0], pair = k[1];
      fixed.push_back(plus(pair_sum(members, single, 2), pair_sum(members, pair, -1)));
    } else if (members.size() == 6) {
      sign.push_back(to_basis(alternating(k), index));
      fixed.push_back(plus(plus(pair_sum(members, k[0], 2), pair_sum(members, k[1], -1)), pair_sum(members, k[2], -1)));
      fixed.push_back(plus(pair_sum(members, k[1], 1), pair_sum(members, k[2], -1)));
    }
    for (const auto& p : fixed) {
      c1.push_back(to_basis(p, index));
      c2.push_back(to_basis(cycle_difference(p), index));
    }
  }
  std::vector<GramBlock> r;
  r.push_back({{BlockPart{trivial, 1}}});
  if (!sign.empty()) r.push_back({{BlockPart{sign, 1}}});
  if (!c1.empty()) r.push_back({{BlockPart{c1, 1}, BlockPart{c2, 3}}});
  return r;
}

std::vector<GramBlock> swap_blocks(int d) {
  const Index index = index_of(d);
  std::vector<BasisPoly> even, odd;
  for (const auto& e : monomials(d)) {
    if (e[1] < e[2]) continue;
    if (e[1] == e[2]) {
      even.push_back({{index.at(e), 1}});
      continue;
    }
    const std::size_t a = index.at(e), b = index.at({e[0], e[2], e[1]});
    even.push_back({{a, 1}, {b, 1}});
    odd.push_back({{a, 1}, {b, -1}});
  }
  std::vector<GramBlock> r;
  r.push_back({{BlockPart{even, 1}}});
  if (!odd.empty()) r.push_back({{BlockPart{odd, 1}}});
  return r;
}

}  // namespace constel::bounds::three_point
