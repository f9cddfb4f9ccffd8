// BCH parameters from cyclotomic cosets, and the generator polynomial (see bch.hpp).
#include "constel/codes/bch.hpp"

#include <string>

#include "constel/codes/gf2m.hpp"

namespace constel::codes {
namespace {

std::size_t length_of(unsigned m) {
  if (m < 3 || m > 16)
    throw InputError("BCH codes here have 3 <= m <= 16 (length 2^m - 1), got m = " + std::to_string(m));
  return (std::size_t(1) << m) - 1;
}

// Marks the cyclotomic coset of i modulo n (closed under doubling); returns its size.
std::size_t mark_coset(std::vector<bool>& covered, std::size_t i, std::size_t n, std::vector<std::size_t>* members) {
  std::size_t size = 0;
  for (std::size_t c = i; !covered[c]; c = (2 * c) % n) {
    covered[c] = true;
    ++size;
    if (members) members->push_back(c);
  }
  return size;
}

// The Bose distance: the first j >= `from` that Z does not contain.
std::size_t first_missing(const std::vector<bool>& covered, std::size_t from) {
  std::size_t j = from;
  while (j < covered.size() && covered[j]) ++j;
  return j;
}

using Bits = std::vector<std::uint64_t>;

// g <- g * p over GF(2), p given by its exponents.
void multiply(Bits& g, std::size_t& deg, const std::vector<std::size_t>& p_terms, std::size_t p_deg) {
  Bits out(g.size(), 0);
  for (std::size_t t : p_terms) {
    std::size_t word = t / 64, bit = t % 64;
    for (std::size_t w = 0; w + word < out.size() && w <= deg / 64; ++w) {
      out[w + word] ^= g[w] << bit;
      if (bit && w + word + 1 < out.size()) out[w + word + 1] ^= g[w] >> (64 - bit);
    }
  }
  g.swap(out);
  deg += p_deg;
}

}  // namespace

BchStage bch_parameters(unsigned m, std::size_t delta) {
  const std::size_t n = length_of(m);
  if (delta < 2 || delta > n)
    throw InputError("BCH designed distance must be in [2, " + std::to_string(n) + "] for m = " + std::to_string(m) +
                     ", got " + std::to_string(delta));
  std::vector<bool> covered(n, false);
  std::size_t size = 0;
  for (std::size_t i = 1; i < delta; ++i) size += mark_coset(covered, i, n, nullptr);
  return BchStage{m, n, first_missing(covered, 1), n - size};
}

const std::vector<BchStage>& bch_stages() {
  static const std::vector<BchStage> stages = [] {
    std::vector<BchStage> out;
    for (unsigned m = 3; m <= 16; ++m) {
      const std::size_t n = length_of(m);
      std::vector<bool> covered(n, false);
      std::size_t size = 0, next = 1, bose = 1;
      for (std::size_t delta = 3; delta <= n; delta += 2) {
        for (; next < delta; ++next) size += mark_coset(covered, next, n, nullptr);
        bose = first_missing(covered, bose);
        if (bose == delta) out.push_back(BchStage{m, n, bose, n - size});
      }
    }
    return out;
  }();
  return stages;
}

std::vector<std::uint8_t> bch_generator(unsigned m, std::size_t delta) {
  const BchStage p = bch_parameters(m, delta);
  const std::size_t n = p.n;
  GF2m F(m);
  std::vector<bool> covered(n, false);
  Bits g((n + 64) / 64, 0);
  g[0] = 1;
  std::size_t deg = 0;
  for (std::size_t i = 1; i < delta; ++i) {
    if (covered[i]) continue;
    std::vector<std::size_t> coset;
    mark_coset(covered, i, n, &coset);
    std::vector<std::uint32_t> poly{1};  // prod (x + alpha^c) in GF(2^m)[x], low degree first
    for (std::size_t c : coset) {
      std::uint32_t a = F.alpha_pow(c);
      std::vector<std::uint32_t> next(poly.size() + 1, 0);
      for (std::size_t t = 0; t < poly.size(); ++t) {
        next[t + 1] ^= poly[t];
        next[t] ^= F.mul(a, poly[t]);
      }
      poly.swap(next);
    }
    std::vector<std::size_t> terms;
    for (std::size_t t = 0; t < poly.size(); ++t) {
      if (poly[t] > 1)
        throw InternalError("BCH(m = " + std::to_string(m) + "): the minimal polynomial of alpha^" + std::to_string(i) +
                            " has a coefficient outside GF(2)");
      if (poly[t] == 1) terms.push_back(t);
    }
    multiply(g, deg, terms, poly.size() - 1);
  }
  if (deg != n - p.k)
    throw InternalError("BCH: deg g = " + std::to_string(deg) + ", expected " + std::to_string(n - p.k));
  std::vector<std::uint8_t> bits(deg + 1);
  for (std::size_t t = 0; t <= deg; ++t) bits[t] = (g[t / 64] >> (t % 64)) & 1u;
  return bits;
}

}  // namespace constel::codes
