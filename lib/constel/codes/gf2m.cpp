// GF(2^m) by exponent and logarithm tables (see gf2m.hpp).
#include "constel/codes/gf2m.hpp"

#include <string>

namespace constel::codes {

std::uint32_t primitive_polynomial(unsigned m) {
  // x^m + (low terms), the conventional table of primitive trinomials and pentanomials
  static const std::uint32_t table[21] = {0,      0,      0x7,     0xB,     0x13,    0x25,    0x43,
                                          0x89,   0x11D,  0x211,   0x409,   0x805,   0x1053,  0x201B,
                                          0x4443, 0x8003, 0x1100B, 0x20009, 0x40081, 0x80027, 0x100009};
  if (m < 2 || m > 20) throw InputError("GF(2^m) needs 2 <= m <= 20, got m = " + std::to_string(m));
  return table[m];
}

GF2m::GF2m(unsigned m) : m_(m), n_(0), poly_(primitive_polynomial(m)) {
  n_ = (std::uint32_t(1) << m) - 1;
  exp_.assign(n_, 0);
  log_.assign(std::size_t(n_) + 1, 0);
  std::uint32_t x = 1;
  for (std::uint32_t i = 0; i < n_; ++i) {
    if (x == 1 && i > 0)
      throw InternalError("GF(2^" + std::to_string(m) + "): the polynomial is not primitive (alpha has order " +
                          std::to_string(i) + ")");
    exp_[i] = x;
    log_[x] = i;
    x <<= 1;
    if (x >> m) x ^= poly_;
  }
  if (x != 1) throw InternalError("GF(2^" + std::to_string(m) + "): alpha^(2^m - 1) != 1, the polynomial is reducible");
}

std::uint32_t GF2m::log(std::uint32_t x) const {
  if (x == 0 || x > n_) throw InternalError("GF(2^m): log of " + std::to_string(x));
  return log_[x];
}

std::uint32_t GF2m::mul(std::uint32_t x, std::uint32_t y) const {
  if (x == 0 || y == 0) return 0;
  std::uint32_t s = log_[x] + log_[y];
  return exp_[s >= n_ ? s - n_ : s];
}

std::uint32_t GF2m::inv(std::uint32_t x) const {
  std::uint32_t l = log(x);
  return exp_[l == 0 ? 0 : n_ - l];
}

}  // namespace constel::codes
