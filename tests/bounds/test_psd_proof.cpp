// The exact PSD proof by an integer congruence (bounds/detail/psd_proof.hpp, docs/math.md section 5.f):
// it agrees with the exact rational LDL^T on PSD, singular and indefinite matrices, proves large
// ill-conditioned positive definite matrices by itself, and never accepts a matrix that is not PSD.
#include <catch2/catch.hpp>

#include "constel/bounds/detail/psd_proof.hpp"
#include "constel/bounds/three_point.hpp"
#include "constel/config/ldlt.hpp"

using namespace constel;
using constel::bounds::detail::prove_psd;
using constel::bounds::detail::prove_psd_by_congruence;

namespace {

// The Hilbert matrix 1/(i + j + 1) plus shift * I: positive definite, condition number ~1e16 at m = 12.
std::vector<Rational> hilbert(std::size_t m, const Rational& shift) {
  std::vector<Rational> H(m * m);
  for (std::size_t i = 0; i < m; ++i)
    for (std::size_t j = 0; j < m; ++j) H[i * m + j] = Rational(1, long(i + j + 1)) + (i == j ? shift : Rational(0));
  return H;
}

bool exact_says_psd(const std::vector<Rational>& M, std::size_t m) {
  try {
    exact_ldlt(M, m);
    return true;
  } catch (const InputError&) {
    return false;
  }
}

}  // namespace

TEST_CASE("1580: the congruence PSD proof agrees with exact LDL^T on definite, singular and indefinite matrices",
          "[quick][bounds][sdp]") {
  std::string why;
  for (std::size_t m : {5, 8, 12}) {
    auto H = hilbert(m, 0);
    CHECK(prove_psd(H, m, why));
    CHECK(exact_says_psd(H, m));
    // Hilbert minus a little more than its smallest eigenvalue times I is indefinite.
    auto bad = hilbert(m, Rational(-1, 10000));
    CHECK_FALSE(prove_psd(bad, m, why));
    CHECK_FALSE(exact_says_psd(bad, m));
    CHECK_FALSE(prove_psd_by_congruence(bad, m));
  }
  // Singular PSD: the rank-one matrix v v^T and a matrix with a zero row and column.
  std::size_t m = 6;
  std::vector<Rational> r1(m * m), z = hilbert(m, Rational(1, 3));
  for (std::size_t i = 0; i < m; ++i)
    for (std::size_t j = 0; j < m; ++j) r1[i * m + j] = Rational(long(i + 1) * long(j + 1), 7);
  CHECK(prove_psd(r1, m, why));
  for (std::size_t i = 0; i < m; ++i) z[2 * m + i] = z[i * m + 2] = 0;
  CHECK(prove_psd(z, m, why));
  z[2 * m + 3] = z[3 * m + 2] = Rational(1, 100);  // zero diagonal, nonzero row: not PSD
  CHECK_FALSE(prove_psd(z, m, why));
  CHECK(why.find("zero diagonal") != std::string::npos);
  auto asym = hilbert(m, 0);
  asym[1] += Rational(1, 1000);
  CHECK_FALSE(prove_psd(asym, m, why));
  CHECK(why.find("not symmetric") != std::string::npos);
}

TEST_CASE("1581: the congruence proves a 90 x 90 positive definite matrix whose smallest eigenvalues are 1e-7 by itself",
          "[quick][bounds][sdp]") {
  // M = A A^T / 64 + 1e-7 I with A lower triangular of small pseudo-random integers (some diagonal
  // entries zero, so A A^T is singular and the 1e-7 shift sets the smallest eigenvalues).
  const std::size_t m = 90;
  std::vector<Rational> M(m * m, Rational(0));
  std::vector<long> A(m * m, 0);
  unsigned state = 12345;
  for (std::size_t i = 0; i < m; ++i)
    for (std::size_t j = 0; j <= i; ++j) {
      state = state * 1103515245u + 12345u;
      A[i * m + j] = long((state >> 16) % 7) - 3;
    }
  for (std::size_t i = 0; i < m; ++i)
    for (std::size_t j = 0; j < m; ++j) {
      long s = 0;
      for (std::size_t k = 0; k < m; ++k) s += A[i * m + k] * A[j * m + k];
      M[i * m + j] = Rational(s, 64) + (i == j ? Rational(1, 10000000) : Rational(0));
    }
  CHECK(prove_psd_by_congruence(M, m));
  // Pushed just below PSD along one direction: e_0 e_0^T subtracted beyond M_00 leaves it indefinite.
  M[0] -= M[0] + Rational(1, 1000);
  std::string why;
  CHECK_FALSE(prove_psd(M, m, why));
}

TEST_CASE("1582: certified three-point bounds at degree 8 below Delsarte for the kissing cases n = 6..10",
          "[extreme][bounds][sdp]") {
  // Measured values with the symmetry-adapted blocks (docs/bounds.md): 79.785395, 136.886017, 240.010438,
  // 371.213059, 587.692752; the certified Delsarte values are 82.63, 140.16, 240, 380.10, 595.83.
  const std::pair<std::size_t, double> cases[] = {{6, 79.786}, {7, 136.887}, {8, 240.011}, {9, 371.214}, {10, 587.693}};
  for (const auto& [n, limit] : cases) {
    bounds::ThreePointOptions o;
    o.degree = 8;
    auto r = bounds::three_point_bound(n, Rational(1, 2), o);
    INFO("n = " << n << ": " << r.solver_status << " " << r.note);
    REQUIRE(r.certified);
    CHECK(to_double(r.certificate.bound) < limit);
    std::string why;
    auto again = bounds::check_three_point(r.certificate, why);
    REQUIRE(again);
    CHECK(*again == r.certificate.bound);
  }
}

TEST_CASE("1583: certified three-point bounds at degree 6 below the certified Delsarte values for n = 6 and 7",
          "[standard][bounds][sdp]") {
  // 81.498777 (Delsarte 82.631216) and 140.046242 (Delsarte 140.162446), about 1 s of CPU each.
  const std::pair<std::size_t, double> cases[] = {{6, 81.4988}, {7, 140.0463}};
  for (const auto& [n, limit] : cases) {
    bounds::ThreePointOptions o;
    o.degree = 6;
    auto r = bounds::three_point_bound(n, Rational(1, 2), o);
    INFO("n = " << n << ": " << r.solver_status << " " << r.note);
    REQUIRE(r.certified);
    CHECK(to_double(r.certificate.bound) < limit);
  }
}

TEST_CASE("1584: the three-point bound at degree 10 for n = 5 is within 1% of Mittelmann-Vallentin's 44.999",
          "[extreme][bounds][sdp]") {
  // 45.164678 with the symmetry-adapted blocks and the automatic margin 1e-6 (SDPA ends in pFEAS; the
  // exact check decides), about 37 s of CPU for the solve (45.163025 at margin 1e-7 before the blocks).
  bounds::ThreePointOptions o;
  o.degree = 10;
  auto r = bounds::three_point_bound(5, Rational(1, 2), o);
  INFO(r.solver_status << " " << r.note);
  REQUIRE(r.certified);
  CHECK(r.certificate.bound <= Rational(45449, 1000));
  CHECK(to_double(r.certificate.bound) < 45.1647);
}
