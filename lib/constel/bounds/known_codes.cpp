// The table of explicit codes (docs/math.md section 3.6); see known_codes.hpp.
#include "constel/bounds/known_codes.hpp"

#include <string>

namespace constel::bounds {
namespace {

Integer binomial(std::size_t m, std::size_t k) {
  Integer r = 1;
  for (std::size_t i = 1; i <= k; ++i) r = r * Integer(m - k + i) / Integer(i);
  return r;
}

}  // namespace

std::vector<KnownCode> known_codes_up_to(std::size_t n) {
  std::vector<KnownCode> t;
  if (n == 0) return t;
  // The binary image of {0,1}: the two points +-1 (alpha = -1); in R^1 this is also the cross-polytope.
  t.push_back({"cross-polytope (2n points)", n, Integer(2 * n), Rational(0), "cross:" + std::to_string(n)});
  t.push_back({"regular simplex (n+1 points)", n, Integer(n + 1), Rational(Integer(-1), Integer(n)),
               "simplex:" + std::to_string(n + 1)});
  if (n >= 3) t.push_back({"D_n root shell (2n(n-1) points)", n, Integer(2 * n * (n - 1)), Rational(1, 2),
                          "dn:" + std::to_string(n)});
  if (n >= 2) t.push_back({"regular hexagon (A2 roots)", 2, Integer(6), Rational(1, 2), "a2"});
  if (n >= 6) t.push_back({"E6 root shell", 6, Integer(72), Rational(1, 2), "e6"});
  if (n >= 7) {
    t.push_back({"E7 root shell", 7, Integer(126), Rational(1, 2), "e7"});
    t.push_back({"E7* minimal shell", 7, Integer(56), Rational(1, 3), "e7star"});
  }
  if (n >= 8) t.push_back({"E8 root shell", 8, Integer(240), Rational(1, 2), "e8"});
  if (n >= 12) t.push_back({"Coxeter-Todd K12 minimal vectors", 12, Integer(756), Rational(1, 2), "k12"});
  if (n >= 16) t.push_back({"Barnes-Wall BW16 minimal vectors", 16, Integer(4320), Rational(1, 2), "bw16"});
  // Laminated lattices Lambda_17..Lambda_23 as sections of the Leech shell (SPLAG Table 6.3).
  const long lambda[] = {5346, 7398, 10668, 17400, 27720, 49896, 93150};
  for (std::size_t k = 17; k <= 23 && k <= n; ++k)
    t.push_back({"laminated lattice Lambda_" + std::to_string(k) + " minimal shell", k, Integer(lambda[k - 17]), Rational(1, 2),
                 "lambda:" + std::to_string(k)});
  if (n >= 16) {
    t.push_back({"Nordstrom-Robinson (16, 256, 6)", 16, Integer(256), Rational(1, 4), "nr"});
    t.push_back({"Nordstrom-Robinson + cross-polytope (288 points)", 16, Integer(288), Rational(1, 4), "nr288"});
  }
  if (n >= 23) t.push_back({"Golay (23, 4096, 7)", 23, Integer(4096), Rational(9, 23), "golay23"});
  if (n >= 24) {
    t.push_back({"extended Golay (24, 4096, 8)", 24, Integer(4096), Rational(1, 3), "golay24"});
    t.push_back({"Leech lattice minimal vectors", 24, Integer(196560), Rational(1, 2), "leech"});
  }
  // Reed-Muller RM(r, m), r >= 2: length 2^m, 2^(sum_{i<=r} C(m,i)) words, distance 2^(m-r),
  // alpha = 1 - 2 * 2^(m-r) / 2^m = 1 - 2^(1-r). (r = 1 is the cross-polytope.)
  for (std::size_t m = 2; m <= 24 && (std::size_t(1) << m) <= n; ++m)
    for (std::size_t r = 2; r < m; ++r) {
      std::size_t k = 0;
      for (std::size_t i = 0; i <= r; ++i) k += std::size_t(binomial(m, i));
      Integer N = Integer(1) << k;
      Rational alpha = 1 - Rational(Integer(1), Integer(1) << (r - 1));
      t.push_back({"Reed-Muller RM(" + std::to_string(r) + "," + std::to_string(m) + ")", std::size_t(1) << m, N,
                   alpha, "rm:" + std::to_string(r) + "," + std::to_string(m)});
    }
  return t;
}

std::optional<KnownCode> best_known_code(std::size_t n, const Rational& alpha) {
  std::optional<KnownCode> best;
  for (auto& c : known_codes_up_to(n))
    if (c.alpha <= alpha && (!best || c.N > best->N)) best = c;
  return best;
}

}  // namespace constel::bounds
