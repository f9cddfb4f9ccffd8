// Compact entry storage (see compact.hpp): int32 numerators widened once to int64 when one needs it,
// column denominators grown to the lcm of what arrives (the column's earlier numerators multiplied by
// the growth factor), and Rationals for what fits neither.
#include "constel/config/compact.hpp"

#include <gmp.h>

#include <limits>
#include <numeric>

#include "constel/config/configuration.hpp"

namespace constel {
namespace {

constexpr std::int64_t kMax64 = std::numeric_limits<std::int64_t>::max();

std::uint64_t magnitude(std::int64_t v) { return v < 0 ? std::uint64_t(0) - std::uint64_t(v) : std::uint64_t(v); }

}  // namespace

CompactEntries::CompactEntries(std::size_t N, std::size_t d, std::size_t k)
    : N_(N), d_(d), k_(k), n32_(k), n64_(k), den_(d, 1), col_(k, 0), max_(d, 0) {
  throw_if_bad_shape(N, d, k);
}

void CompactEntries::reserve(std::size_t a, std::size_t entries) {
  if (wide_)
    n64_.at(a).reserve(entries);
  else
    n32_.at(a).reserve(entries);
}

bool CompactEntries::complete() const noexcept {
  for (std::size_t a = 0; a < k_; ++a)
    if (size(a) != N_ * d_) return false;
  return true;
}

std::size_t CompactEntries::bytes() const noexcept {
  std::size_t b = 0;
  for (std::size_t a = 0; a < k_; ++a) b += n32_[a].capacity() * 4 + n64_[a].capacity() * 8;
  return b;
}

void CompactEntries::widen() {
  for (std::size_t a = 0; a < k_; ++a) {
    std::vector<std::int64_t> w;
    w.reserve(std::max(n32_[a].capacity(), n32_[a].size()));
    w.assign(n32_[a].begin(), n32_[a].end());
    n64_[a] = std::move(w);
    std::vector<std::int32_t>().swap(n32_[a]);
  }
  wide_ = true;
}

bool CompactEntries::rescale_column(std::size_t j, std::int64_t factor) {
  std::uint64_t m = 0;
  if (__builtin_mul_overflow(max_[j], std::uint64_t(factor), &m) || m > std::uint64_t(kMax64)) return false;
  if (!wide_ && m > std::uint64_t(kMax32)) widen();
  for (std::size_t a = 0; a < k_; ++a) {
    const std::size_t n = size(a);
    if (wide_)
      for (std::size_t p = j; p < n; p += d_) n64_[a][p] *= factor;
    else
      for (std::size_t p = j; p < n; p += d_) n32_[a][p] = std::int32_t(n32_[a][p] * factor);
  }
  max_[j] = m;
  return true;
}

void CompactEntries::push_exception(std::size_t a, Rational r) {
  big_.emplace(std::pair(a, size(a)), std::move(r));
  if (wide_)
    n64_[a].push_back(0);
  else
    n32_[a].push_back(0);
  if (++col_[a] == d_) col_[a] = 0;
}

void CompactEntries::append_general(std::size_t a, std::int64_t num, std::int64_t den) {
  if (den == 0) throw InputError("zero denominator in an entry");
  if (num == std::numeric_limits<std::int64_t>::min() || den == std::numeric_limits<std::int64_t>::min())
    return push_exception(a, Rational(Integer(num)) / Rational(Integer(den)));
  if (den < 0) num = -num, den = -den;
  const std::int64_t g = std::gcd(num, den);  // den > 0, so g >= 1
  num /= g, den /= g;
  const std::size_t j = col_[a];
  std::int64_t D = den_[j];
  if (D % den != 0) {
    std::int64_t L = 0;
    if (__builtin_mul_overflow(D / std::gcd(D, den), den, &L) || !rescale_column(j, L / D))
      return push_exception(a, Rational(Integer(num)) / Rational(Integer(den)));
    den_[j] = D = L;
  }
  std::int64_t n = 0;
  if (__builtin_mul_overflow(num, D / den, &n) || n == std::numeric_limits<std::int64_t>::min())
    return push_exception(a, Rational(Integer(num)) / Rational(Integer(den)));
  const std::uint64_t m = magnitude(n);
  if (!wide_ && m > std::uint64_t(kMax32)) widen();
  if (wide_)
    n64_[a].push_back(n);
  else
    n32_[a].push_back(std::int32_t(n));
  if (m > max_[j]) max_[j] = m;
  if (++col_[a] == d_) col_[a] = 0;
}

void CompactEntries::append(std::size_t a, const Rational& r) {
  mpq_srcptr q = r.backend().data();
  if (mpz_fits_slong_p(mpq_numref(q)) && mpz_fits_slong_p(mpq_denref(q)))
    return append(a, mpz_get_si(mpq_numref(q)), mpz_get_si(mpq_denref(q)));
  push_exception(a, r);
}

void CompactEntries::value_into(std::size_t a, std::size_t p, Rational& out) const {
  const std::int64_t n = numerator(a, p);
  const std::int64_t D = den_[p % d_];
  if (n == 0 && !big_.empty()) {
    auto it = big_.find(std::pair(a, p));
    if (it != big_.end()) {
      out = it->second;
      return;
    }
  }
  mpq_ptr q = out.backend().data();
  mpq_set_si(q, n, static_cast<unsigned long>(D));
  if (D != 1) mpq_canonicalize(q);
}

Rational CompactEntries::value(std::size_t a, std::size_t p) const {
  Rational r;
  value_into(a, p, r);
  return r;
}

}  // namespace constel
