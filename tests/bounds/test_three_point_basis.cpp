// The symmetry-adapted bases of the three-point SDP (bounds/detail/three_point_basis.hpp, docs/math.md
// section 5.f "Symmetry-adapted blocks"), checked exactly: the basis is invertible, every invariant
// Gram matrix is T^T blockdiag(...) T with the standard block used twice (weights 1 and 1/3), every
// choice of blocks gives an invariant Gram matrix, and a block that is not PSD gives one that is not PSD.
#include <catch2/catch.hpp>

#include <random>
#include <tuple>

#include "constel/bounds/detail/psd_proof.hpp"
#include "constel/bounds/detail/three_point_basis.hpp"
#include "constel/bounds/detail/three_point_poly.hpp"
#include "constel/bounds/three_point.hpp"
#include "kissing_sdp_fixture.hpp"

using namespace constel;
using namespace constel::bounds::three_point;
using constel::bounds::detail::prove_psd;
namespace bounds = constel::bounds;

namespace {

using Matrix = std::vector<Rational>;  // row-major, square

// The permutations of (u, v, t) as maps of monomial indices of degree <= d.
std::vector<std::vector<std::size_t>> permutations_of(int d, bool swap_only) {
  static const int perms[6][3] = {{0, 1, 2}, {0, 2, 1}, {1, 0, 2}, {1, 2, 0}, {2, 0, 1}, {2, 1, 0}};
  auto basis = monomials(d);
  std::map<Exponent, std::size_t> index;
  for (std::size_t i = 0; i < basis.size(); ++i) index[basis[i]] = i;
  std::vector<std::vector<std::size_t>> r;
  for (int g = 0; g < 6; ++g) {
    if (swap_only && g > 1) break;
    std::vector<std::size_t> p;
    for (const auto& e : basis) p.push_back(index.at({e[perms[g][0]], e[perms[g][1]], e[perms[g][2]]}));
    r.push_back(p);
  }
  return r;
}

bool invariant(const Matrix& G, std::size_t m, const std::vector<std::vector<std::size_t>>& perms) {
  for (const auto& p : perms)
    for (std::size_t a = 0; a < m; ++a)
      for (std::size_t b = 0; b < m; ++b)
        if (G[p[a] * m + p[b]] != G[a * m + b]) return false;
  return true;
}

// A random invariant PSD Gram matrix: the group mean of M M^T for a random integer M.
Matrix random_invariant_psd(std::size_t m, const std::vector<std::vector<std::size_t>>& perms, std::mt19937& rng) {
  std::uniform_int_distribution<int> pick(-3, 3);
  Matrix M(m * m), G(m * m, Rational(0));
  for (auto& x : M) x = pick(rng);
  for (const auto& p : perms)
    for (std::size_t a = 0; a < m; ++a)
      for (std::size_t b = 0; b < m; ++b) {
        Rational s = 0;
        for (std::size_t k = 0; k < m; ++k) s += M[p[a] * m + k] * M[p[b] * m + k];
        G[a * m + b] += s / Rational(long(perms.size()));
      }
  return G;
}

// T: every part's rows, in order (block by block, part by part), as rows over the monomials.
Matrix basis_matrix(const std::vector<GramBlock>& blocks, std::size_t m, std::size_t& rows) {
  Matrix T;
  rows = 0;
  for (const auto& bl : blocks)
    for (const auto& part : bl.parts)
      for (const auto& p : part.rows) {
        std::vector<Rational> row(m, Rational(0));
        for (const auto& [i, c] : p) row[i] += c;
        T.insert(T.end(), row.begin(), row.end());
        ++rows;
      }
  return T;
}

// The exact inverse by Gauss-Jordan; empty when singular.
Matrix inverse(Matrix A, std::size_t m) {
  Matrix I(m * m, Rational(0));
  for (std::size_t i = 0; i < m; ++i) I[i * m + i] = 1;
  for (std::size_t c = 0; c < m; ++c) {
    std::size_t p = c;
    while (p < m && A[p * m + c] == 0) ++p;
    if (p == m) return {};
    for (std::size_t k = 0; k < m; ++k) {
      std::swap(A[c * m + k], A[p * m + k]);
      std::swap(I[c * m + k], I[p * m + k]);
    }
    const Rational inv = 1 / A[c * m + c];
    for (std::size_t k = 0; k < m; ++k) A[c * m + k] *= inv, I[c * m + k] *= inv;
    for (std::size_t r = 0; r < m; ++r)
      if (r != c && A[r * m + c] != 0) {
        const Rational f = A[r * m + c];
        for (std::size_t k = 0; k < m; ++k) A[r * m + k] -= f * A[c * m + k], I[r * m + k] -= f * I[c * m + k];
      }
  }
  return I;
}

// X^T G X for square X.
Matrix congruence(const Matrix& X, const Matrix& G, std::size_t m) {
  Matrix GX(m * m, Rational(0)), R(m * m, Rational(0));
  for (std::size_t i = 0; i < m; ++i)
    for (std::size_t k = 0; k < m; ++k)
      if (G[i * m + k] != 0)
        for (std::size_t j = 0; j < m; ++j) GX[i * m + j] += G[i * m + k] * X[k * m + j];
  for (std::size_t k = 0; k < m; ++k)
    for (std::size_t i = 0; i < m; ++i)
      if (X[k * m + i] != 0)
        for (std::size_t j = 0; j < m; ++j) R[i * m + j] += X[k * m + i] * GX[k * m + j];
  return R;
}

// Given an invariant G, the blocks read off Qbig = T^{-T} G T^{-1}; checks that Qbig has the block
// form (zero between blocks and parts, part p of a block equal to Q / den_p) and returns the blocks.
std::vector<Matrix> blocks_of(const std::vector<GramBlock>& blocks, const Matrix& G, std::size_t m) {
  std::size_t rows = 0;
  Matrix T = basis_matrix(blocks, m, rows);
  REQUIRE(rows == m);
  Matrix Tinv = inverse(T, m);
  REQUIRE(!Tinv.empty());  // the basis is invertible
  Matrix Qbig = congruence(Tinv, G, m);  // (T^-1)^T G T^-1
  std::vector<std::size_t> owner(m), local(m);
  std::vector<int> den(m);
  std::size_t row = 0;
  for (std::size_t b = 0; b < blocks.size(); ++b)
    for (const auto& part : blocks[b].parts)
      for (std::size_t i = 0; i < part.rows.size(); ++i, ++row) owner[row] = b, local[row] = i, den[row] = part.weight_den;
  std::vector<Matrix> Q;
  for (const auto& bl : blocks) Q.emplace_back(bl.size() * bl.size(), Rational(0));
  for (std::size_t a = 0; a < m; ++a)
    for (std::size_t b = 0; b < m; ++b) {
      const Rational& x = Qbig[a * m + b];
      if (owner[a] != owner[b] || den[a] != den[b]) {
        REQUIRE(x == 0);
        continue;
      }
      // Within a part: Qbig = Q / den, so every part gives the same Q (the first one fills it in).
      const std::size_t r = blocks[owner[a]].size();
      Rational& q = Q[owner[a]][local[a] * r + local[b]];
      if (den[a] == blocks[owner[a]].parts[0].weight_den) q = x * den[a];
      else REQUIRE(x * den[a] == q);
    }
  return Q;
}

void check_basis(const std::vector<GramBlock>& blocks, int d, bool swap_only, std::mt19937& rng) {
  const std::size_t m = monomials(d).size();
  auto perms = permutations_of(d, swap_only);
  Matrix G = random_invariant_psd(m, perms, rng);
  REQUIRE(invariant(G, m, perms));
  std::vector<Matrix> Q = blocks_of(blocks, G, m);
  // The blocks reproduce G exactly, and they are PSD (T is invertible).
  CHECK(expand_blocks(blocks, Q, m) == G);
  std::string why;
  for (std::size_t b = 0; b < Q.size(); ++b) CHECK(prove_psd(Q[b], blocks[b].size(), why));
  // Any blocks give an invariant Gram matrix; a block with a negative diagonal entry gives one that is
  // not PSD (the check refuses it).
  std::uniform_int_distribution<int> pick(-2, 2);
  for (std::size_t b = 0; b < Q.size(); ++b) {
    std::vector<Matrix> R = Q;
    const std::size_t r = blocks[b].size();
    for (std::size_t i = 0; i < r; ++i)
      for (std::size_t j = i; j < r; ++j) R[b][i * r + j] = R[b][j * r + i] = Rational(pick(rng), 7);
    R[b][0] = -1;
    Matrix H = expand_blocks(blocks, R, m);
    CHECK(invariant(H, m, perms));
    CHECK_FALSE(prove_psd(H, m, why));
  }
}

}  // namespace

TEST_CASE("1585: the S3 symmetry-adapted blocks reproduce every invariant Gram matrix exactly", "[quick][bounds][sdp]") {
  std::mt19937 rng(1585);
  for (int d = 0; d <= 4; ++d) {
    INFO("degree " << d);
    auto blocks = s3_blocks(d);
    std::size_t rows = 0;
    basis_matrix(blocks, monomials(d).size(), rows);
    CHECK(rows == monomials(d).size());
    check_basis(blocks, d, false, rng);
  }
  // The sizes at degree 8 and 10 (165 and 286 monomials): trivial, sign, standard.
  auto b8 = s3_blocks(8), b10 = s3_blocks(10);
  REQUIRE(b8.size() == 3);
  CHECK(b8[0].size() + b8[1].size() + 2 * b8[2].size() == 165);
  CHECK(b10[0].size() + b10[1].size() + 2 * b10[2].size() == 286);
}

TEST_CASE("1586: the even and odd blocks reproduce every swap-invariant Gram matrix exactly", "[quick][bounds][sdp]") {
  std::mt19937 rng(1586);
  for (int d = 0; d <= 4; ++d) {
    INFO("degree " << d);
    check_basis(swap_blocks(d), d, true, rng);
  }
}

TEST_CASE("1587: a Chebyshev-basis certificate (format 3) certifies, round-trips, and is rejected when tampered with",
          "[standard][bounds][sdp]") {
  bounds::ThreePointOptions o;
  o.degree = 4;
  o.chebyshev = true;
  auto r = bounds::three_point_bound(3, Rational(1, 2), o);
  INFO(r.solver_status << " " << r.note);
  REQUIRE(r.certified);
  CHECK(r.certificate.version == 3);
  CHECK(r.certificate.bound < 14);  // 13.6158... (Delsarte at n = 3: 13.158)
  std::string text = bounds::format_three_point_certificate(r.certificate);
  CHECK(text.find("constel-sdp 3\n") != std::string::npos);
  auto back = bounds::parse_three_point_certificate(text, "c.txt");
  std::string why;
  auto b = bounds::check_three_point(back, why);
  REQUIRE(b);
  CHECK(*b == r.certificate.bound);
  {
    auto c = back;  // read as monomial Gram matrices, the Chebyshev ones do not give the identity
    c.version = 2;
    CHECK_FALSE(bounds::check_three_point(c, why));
    CHECK(why.find("does not hold exactly") != std::string::npos);
  }
  {
    auto c = back;
    const std::size_t m = monomials(4).size();
    c.G[0][m + 1] += Rational(1, 1000);  // a diagonal entry: still PSD, the identity fails
    CHECK_FALSE(bounds::check_three_point(c, why));
    CHECK(why.find("does not hold exactly") != std::string::npos);
  }
  {
    auto c = back;
    c.G[1][0] = -1;  // not PSD
    CHECK_FALSE(bounds::check_three_point(c, why));
    CHECK(why.find("G_1 is not positive semidefinite") != std::string::npos);
  }
}

TEST_CASE("1588: the symmetry-reduced SDP certifies n = 4 at degree 6 below the Delsarte 25.558 and re-checks",
          "[standard][bounds][sdp]") {
  bounds::ThreePointOptions o;
  o.degree = 6;
  auto r = bounds::three_point_bound(4, Rational(1, 2), o);
  INFO(r.solver_status << " " << r.note);
  REQUIRE(r.certified);
  CHECK(r.certificate.version == 2);
  CHECK(to_double(r.certificate.bound) < 25.5);
  std::string why;
  auto again = bounds::check_three_point(r.certificate, why);
  REQUIRE(again);
  CHECK(*again == r.certificate.bound);
}

using test::certified_kissing_bound;

TEST_CASE("1589: the three-point bound at degree 10 for n = 7 is within 1% of Mittelmann-Vallentin's 134.44",
          "[extreme][bounds][sdp]") {
  // 135.373763 (SDPA pFEAS, margin 1e-6), about 15 s of CPU (docs/bounds.md); 1% above 134.44 is 135.78.
  CHECK(certified_kissing_bound(7, 10) <= Rational(13578, 100));
}

TEST_CASE("1592: the three-point bound at degree 10 for n = 9 is within 1% of Mittelmann-Vallentin's 364",
          "[extreme][bounds][sdp]") {
  // 366.886987 (SDPA pFEAS; the margin 1e-6 leaves G_0 not PSD, its first retry at 3.2e-6 certifies),
  // about 60 s of CPU (docs/bounds.md); 1% above 364 (the integer part of [MV10]'s value) is 367.64.
  const Rational bound = certified_kissing_bound(9, 10);
  CHECK(bound <= Rational(36764, 100));
  CHECK(bound < Rational(380));  // below the certified Delsarte value 380.099
}

TEST_CASE("1593: the three-point bound at degree 11 for n = 10 is within 1% of Mittelmann-Vallentin's 554.5",
          "[extreme][bounds][sdp]") {
  // 559.634622 (SDPA pFEAS, margin 3.2e-6 after one retry), about 155 s of CPU (docs/bounds.md);
  // 1% above 554.5 is 560.045.
  CHECK(certified_kissing_bound(10, 11) <= Rational(560045, 1000));
}

TEST_CASE("1590: off s = 1/2 the three-point bound improves Delsarte: (8, 1/4) below 47, (6, 1/3) below 36.6 at degree 6",
          "[standard][bounds][sdp]") {
  // Measured 46.333666 (certified Delsarte 48) and 35.583224 (Delsarte 37.659516), 0.1 s solves each.
  const std::tuple<std::size_t, Rational, Rational> cases[] = {{8, Rational(1, 4), Rational(47)},
                                                               {6, Rational(1, 3), Rational(366, 10)}};
  for (const auto& [n, s, limit] : cases) {
    bounds::ThreePointOptions o;
    o.degree = 6;
    auto r = bounds::three_point_bound(n, s, o);
    INFO("n = " << n << ": " << r.solver_status << " " << r.note);
    REQUIRE(r.certified);
    CHECK(r.certificate.bound < limit);
    std::string why;
    auto again = bounds::check_three_point(r.certificate, why);
    REQUIRE(again);
    CHECK(*again == r.certificate.bound);
  }
}

TEST_CASE("1591: the three-point bound for (16, 1/4) at degree 8 is below 300 (Delsarte: 312)", "[extreme][bounds][sdp]") {
  // 288.105338 (SDPA pFEAS, margin 1e-6), about 8 s of CPU (docs/bounds.md); published 288.
  bounds::ThreePointOptions o;
  o.degree = 8;
  auto r = bounds::three_point_bound(16, Rational(1, 4), o);
  INFO(r.solver_status << " " << r.note);
  REQUIRE(r.certified);
  CHECK(r.certificate.bound < 300);
}
