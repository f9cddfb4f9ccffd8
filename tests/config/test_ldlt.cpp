// Exact LDL^T: random rational Gram matrices are reconstructed exactly; non-PSD input is refused.
#include <catch2/catch.hpp>
#include <random>

#include "constel/config/ldlt.hpp"
#include "constel/error.hpp"
#include "support.hpp"

using namespace constel;

namespace {
// Gram matrix of n random rational points in R^r (so rank <= r).
std::vector<Rational> random_gram(std::size_t n, std::size_t r, std::mt19937_64& rng) {
  std::uniform_int_distribution<int> num(-9, 9), den(1, 7);
  std::vector<Rational> X(n * r);
  for (auto& x : X) x = Rational(num(rng), den(rng));
  std::vector<Rational> G(n * n);
  for (std::size_t i = 0; i < n; ++i)
    for (std::size_t j = 0; j < n; ++j)
      for (std::size_t c = 0; c < r; ++c) G[i * n + j] += X[i * r + c] * X[j * r + c];
  return G;
}
}  // namespace

TEST_CASE("020: LDL^T reconstructs random rational Gram matrices exactly", "[quick][config][ldlt]") {
  test::for_each_random_case<std::mt19937_64>(20000, 30, [](std::mt19937_64& rng) {
    std::size_t n = 1 + rng() % 9, r = 1 + rng() % 6;
    auto G = random_gram(n, r, rng);
    std::string gram;
    for (const auto& g : G) gram += to_string(g) + " ";
    INFO("n = " << n << ", r = " << r << ", Gram matrix (row-major): " << gram);
    ScaledPoints p = points_from_gram(G, n);
    CHECK(p.dim <= std::min(n, r));
    for (std::size_t i = 0; i < n; ++i)
      for (std::size_t j = 0; j < n; ++j) {
        Rational s = 0;
        for (std::size_t c = 0; c < p.dim; ++c) s += p.scales[c] * p.entries[i * p.dim + c] * p.entries[j * p.dim + c];
        REQUIRE(s == G[i * n + j]);
      }
  });
}

TEST_CASE("021: LDL^T refuses matrices that are not PSD or not symmetric", "[quick][config][ldlt]") {
  std::vector<Rational> neg = {1, 2, 2, 1};
  CHECK_THROWS_WITH(exact_ldlt(neg, 2), Catch::Contains("not positive semidefinite"));
  std::vector<Rational> zero_pivot = {0, 1, 1, 1};
  CHECK_THROWS_WITH(exact_ldlt(zero_pivot, 2), Catch::Contains("zero pivot at row 0"));
  std::vector<Rational> asym = {1, 0, 1, 1};
  CHECK_THROWS_WITH(exact_ldlt(asym, 2), Catch::Contains("not symmetric"));
}

TEST_CASE("022: configuration_from_gram gives the simplex of 3 pairs in d = 2", "[quick][config][ldlt]") {
  // U_i = V_i = simplex vertices: Gram of the 6 points.
  std::vector<Rational> G(36);
  for (std::size_t p = 0; p < 6; ++p)
    for (std::size_t q = 0; q < 6; ++q) G[p * 6 + q] = (p % 3 == q % 3) ? Rational(1) : Rational(-1, 2);
  Configuration c = configuration_from_gram(G, 3, 2);
  CHECK(c.d() == 2);
  CHECK(c.inner(0, 0, 1, 0) == 1);
  CHECK(c.inner(0, 0, 1, 1) == Rational(-1, 2));
}
