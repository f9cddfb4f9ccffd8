// The fixed-point accumulator behind exact_dot (see certified_exact.hpp). Cell k holds the digit of
// weight 2^(32k + E); each term adds below 2^33 to a cell, so 2^29 terms cannot overflow an int64.
#include "constel/verify/detail/certified_exact.hpp"

#include <cstdint>
#include <cstring>

#include "constel/error.hpp"

namespace constel::detail {
namespace {

using u128 = unsigned __int128;

struct Decoded {
  std::uint64_t mant;
  int exp;  // value = +-mant * 2^exp
  bool neg;
};

inline Decoded decode(float v) {
  std::uint32_t b;
  std::memcpy(&b, &v, 4);
  std::uint32_t e = (b >> 23) & 0xff, m = b & 0x7fffff;
  if (e != 0) m |= 0x800000u;
  return {m, (e ? int(e) : 1) - 150, (b >> 31) != 0};
}

inline Decoded decode(double v) {
  std::uint64_t b;
  std::memcpy(&b, &v, 8);
  std::uint64_t e = (b >> 52) & 0x7ff, m = b & 0xfffffffffffffull;
  if (e != 0) m |= 0x10000000000000ull;
  return {m, (e ? int(e) : 1) - 1075, (b >> 63) != 0};
}

template <int Cells>
struct Accumulator {
  std::int64_t cell[Cells + 6] = {};
  int lo = Cells + 6, hi = -1;

  inline void add64(int k, std::uint64_t v, unsigned s, bool neg) {
    u128 w = u128(v) << s;  // below 2^96
    std::int64_t c0 = std::int64_t(std::uint64_t(w) & 0xffffffffu);
    std::int64_t c1 = std::int64_t((std::uint64_t(w) >> 32));
    std::int64_t c2 = std::int64_t(std::uint64_t(w >> 64));
    if (neg) c0 = -c0, c1 = -c1, c2 = -c2;
    cell[k] += c0, cell[k + 1] += c1, cell[k + 2] += c2;
    if (k < lo) lo = k;
    if (k + 2 > hi) hi = k + 2;
  }

  Integer finish(int exponent_unused) const {
    (void)exponent_unused;
    if (hi < 0) return Integer(0);
    // carry propagation into canonical digits, the top one signed
    std::int64_t tmp[Cells + 7];
    int top = hi + 1;
    std::int64_t carry = 0;
    for (int k = lo; k <= hi; ++k) {
      std::int64_t v = cell[k] + carry;
      carry = v >> 32;  // arithmetic shift: floor division
      tmp[k] = v - (carry << 32);
    }
    Integer z = carry;
    for (int k = hi; k >= lo; --k) {
      z <<= 32;
      z += std::uint32_t(tmp[k]);
    }
    z <<= 32 * lo;
    (void)top;
    return z;
  }
};

template <class T>
struct Traits;
template <>
struct Traits<float> {
  static constexpr int kCells = 20;  // (256 + 298 + 48) / 32 + 1
};
template <>
struct Traits<double> {
  static constexpr int kCells = 135;  // (1942 + 2148 + 106) / 32 + 1
};

}  // namespace

template <class T>
Integer exact_dot(const T* x, const T* y, std::size_t d) {
  if (d >= (std::size_t(1) << 28)) throw LimitError("exact dot product of more than 2^28 terms");
  constexpr int E = exact_dot_exponent<T>();
  Accumulator<Traits<T>::kCells> acc;
  for (std::size_t k = 0; k < d; ++k) {
    Decoded a = decode(x[k]), b = decode(y[k]);
    if (a.mant == 0 || b.mant == 0) continue;
    int p = a.exp + b.exp - E;
    int cell = p >> 5;
    unsigned s = unsigned(p & 31);
    bool neg = a.neg != b.neg;
    if constexpr (sizeof(T) == 4) {
      acc.add64(cell, a.mant * b.mant, s, neg);
    } else {
      u128 m = u128(a.mant) * b.mant;  // below 2^106
      acc.add64(cell, std::uint64_t(m), s, neg);
      acc.add64(cell + 2, std::uint64_t(m >> 64), s, neg);
    }
  }
  return acc.finish(E);
}

template Integer exact_dot<float>(const float*, const float*, std::size_t);
template Integer exact_dot<double>(const double*, const double*, std::size_t);

Rational scaled_to_rational(const Integer& z, int exponent) {
  if (exponent >= 0) return Rational(Integer(z << exponent));
  Integer den = Integer(1) << (-exponent);
  return Rational(z, den);
}

}  // namespace constel::detail
