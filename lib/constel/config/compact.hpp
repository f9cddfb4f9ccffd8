// Compact storage of a Configuration's entries (docs/design.md, "Compact entries"): entry (a, i, j) is
// num / D_j, an integer numerator over one positive common denominator per column j shared by every
// modality, so an entry costs 4 bytes (int32 numerators) or 8 (int64, once one numerator needs it)
// instead of a GMP rational's two limb allocations and about 96 bytes. An entry that cannot be held so
// (its numerator, or the column's denominator grown to take it, would leave int64) is kept exactly as a
// Rational among the exceptions (its numerator slot holds 0). Entries are appended in row-major order,
// one modality after another; the numerators are exactly those of the exact verifier's integer form
// (docs/math.md section 3.6), which can therefore read them without GMP.
#pragma once

#include <cstddef>
#include <cstdint>
#include <map>
#include <utility>
#include <vector>

#include "constel/error.hpp"
#include "constel/number/rational.hpp"

namespace constel {

class CompactEntries {
 public:
  CompactEntries() = default;
  // Room for k modalities of N rows of d entries (none stored yet); throws like throw_if_bad_shape.
  CompactEntries(std::size_t N, std::size_t d, std::size_t k);

  std::size_t N() const noexcept { return N_; }
  std::size_t d() const noexcept { return d_; }
  std::size_t k() const noexcept { return k_; }

  // Reserves room for `entries` entries of modality a (a hint; appending grows as needed).
  void reserve(std::size_t a, std::size_t entries);
  // Appends the next entry of modality a (its column is the count so far modulo d): num / den with
  // den != 0 (any sign, any common factor), or an exact Rational.
  void append(std::size_t a, std::int64_t num, std::int64_t den) {
    const std::size_t j = col_[a];
    if (den == 1 && den_[j] == 1 && !wide_ && num >= -kMax32 && num <= kMax32) {  // the common case
      n32_[a].push_back(static_cast<std::int32_t>(num));
      const std::uint64_t m = static_cast<std::uint64_t>(num < 0 ? -num : num);
      if (m > max_[j]) max_[j] = m;
      if (++col_[a] == d_) col_[a] = 0;
      return;
    }
    append_general(a, num, den);
  }
  void append(std::size_t a, const Rational& r);
  std::size_t size(std::size_t a) const noexcept { return wide_ ? n64_[a].size() : n32_[a].size(); }
  // Whether every modality holds its N * d entries.
  bool complete() const noexcept;

  // Numerator of entry p (= i * d + j) of modality a over denominators()[j] (0 for an exception).
  std::int64_t numerator(std::size_t a, std::size_t p) const noexcept {
    return wide_ ? n64_[a][p] : std::int64_t(n32_[a][p]);
  }
  // The exact value of entry p of modality a.
  Rational value(std::size_t a, std::size_t p) const;
  // Sets out to that value (reusing out's limbs).
  void value_into(std::size_t a, std::size_t p, Rational& out) const;

  bool wide() const noexcept { return wide_; }  // numerators stored as int64 (else int32)
  const std::int32_t* data32(std::size_t a) const noexcept { return n32_[a].data(); }
  const std::int64_t* data64(std::size_t a) const noexcept { return n64_[a].data(); }
  // D_j >= 1, the lcm of the denominators of the column's entries (exceptions excepted).
  const std::vector<std::int64_t>& denominators() const noexcept { return den_; }
  // M_j = max |numerator| over the column (< 2^63).
  const std::vector<std::uint64_t>& column_max() const noexcept { return max_; }
  // The entries held as Rationals, by (modality, p).
  const std::map<std::pair<std::size_t, std::size_t>, Rational>& exceptions() const noexcept { return big_; }

  // Bytes held by the numerators (capacity), for the memory figures.
  std::size_t bytes() const noexcept;

 private:
  static constexpr std::int64_t kMax32 = 2147483647;
  void append_general(std::size_t a, std::int64_t num, std::int64_t den);
  void push_exception(std::size_t a, Rational r);
  void widen();
  bool rescale_column(std::size_t j, std::int64_t factor);  // false: a numerator would leave int64

  std::size_t N_ = 0, d_ = 0, k_ = 0;
  bool wide_ = false;
  std::vector<std::vector<std::int32_t>> n32_;
  std::vector<std::vector<std::int64_t>> n64_;
  std::vector<std::int64_t> den_;
  std::vector<std::size_t> col_;  // per modality: the column of the next entry
  std::vector<std::uint64_t> max_;
  std::map<std::pair<std::size_t, std::size_t>, Rational> big_;
};

}  // namespace constel
