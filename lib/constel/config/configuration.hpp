// The exact configuration: k >= 2 modalities of N rows each in R^d. Coordinate j of every row is
// sqrt(q_j) * r with one rational squared scale q_j >= 0 per coordinate (shared by all rows) and a
// rational entry r, so every inner product sum_j q_j r_ij r_lj is an exact rational (docs/math.md section 3.6).
// Modality 0 is U and modality 1 is V when k = 2. Optionally the producer's claim (m, b_rel) and a
// free-text source travel with it.
#pragma once

#include <atomic>
#include <cstddef>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "constel/config/compact.hpp"
#include "constel/error.hpp"
#include "constel/number/rational.hpp"

namespace constel {

struct Claim {
  Rational m;
  Rational b;
};

class Configuration {
 public:
  Configuration() = default;
  // N rows per modality, dimension d, k modalities; scales default to 1, entries to 0.
  Configuration(std::size_t N, std::size_t d, std::size_t k);
  // Takes ownership of scales (d values) and data (k modalities of N * d entries, row-major); throws
  // InputError when the sizes disagree or a scale is negative.
  Configuration(std::size_t N, std::size_t d, std::vector<Rational> scales, std::vector<std::vector<Rational>> data);
  // Takes ownership of compact entries (docs/design.md, "Compact entries"; all N * d of each
  // modality): the Rational entries are built from them on the first call of entry() or modality(),
  // and a non-const call of those drops the compact form. Throws InputError like the above.
  Configuration(std::vector<Rational> scales, CompactEntries entries);
  Configuration(const Configuration& o);
  Configuration(Configuration&& o) noexcept;
  Configuration& operator=(const Configuration& o);
  Configuration& operator=(Configuration&& o) noexcept;
  ~Configuration() = default;

  std::size_t N() const noexcept { return N_; }
  std::size_t d() const noexcept { return d_; }
  std::size_t k() const noexcept { return k_; }

  const std::vector<Rational>& scales() const noexcept { return scales_; }
  const Rational& scale(std::size_t j) const { return scales_.at(j); }
  void set_scale(std::size_t j, Rational q);  // throws InputError if q < 0

  // Entry r of row i, coordinate j, modality a (row-major storage per modality). On a configuration
  // read compact, the first call builds every Rational (thread-safe); a non-const one drops the compact
  // form, which would no longer agree.
  const Rational& entry(std::size_t a, std::size_t i, std::size_t j) const {
    if (!built_.load(std::memory_order_acquire)) build_rationals();
    return data_[a][i * d_ + j];
  }
  Rational& entry(std::size_t a, std::size_t i, std::size_t j) {
    if (compact_) drop_compact();
    return data_[a][i * d_ + j];
  }
  const std::vector<Rational>& modality(std::size_t a) const {
    if (!built_.load(std::memory_order_acquire)) build_rationals();
    return data_.at(a);
  }
  std::vector<Rational>& modality(std::size_t a) {
    if (compact_) drop_compact();
    return data_.at(a);
  }
  // The compact entries when the configuration holds them (the .cst reader fills them), else null.
  // The exact verifier reads them without building Rationals.
  const std::shared_ptr<const CompactEntries>& compact() const noexcept { return compact_; }

  // Modality names (default "U", "V", then "M2", "M3", ...).
  const std::vector<std::string>& names() const noexcept { return names_; }
  void set_name(std::size_t a, std::string name) { names_.at(a) = std::move(name); }

  const std::optional<Claim>& claim() const noexcept { return claim_; }
  void set_claim(std::optional<Claim> c) { claim_ = std::move(c); }
  const std::string& source() const noexcept { return source_; }
  void set_source(std::string s) { source_ = std::move(s); }

  // Exact inner product <row i of modality a, row l of modality c> (slow: for tests and small sizes).
  Rational inner(std::size_t a, std::size_t i, std::size_t c, std::size_t l) const;

 private:
  std::size_t N_ = 0, d_ = 0, k_ = 0;
  std::vector<Rational> scales_;
  void build_rationals() const;
  void drop_compact();

  // data_ is complete unless built_ is false (then compact_ holds the entries and data_ is built
  // under mutex_ on first use).
  mutable std::vector<std::vector<Rational>> data_;
  std::shared_ptr<const CompactEntries> compact_;
  mutable std::atomic<bool> built_{true};
  mutable std::unique_ptr<std::mutex> mutex_ = std::make_unique<std::mutex>();
  std::vector<std::string> names_;
  std::optional<Claim> claim_;
  std::string source_;
};

// Throws InputError unless N >= 1, d >= 1, k >= 2 and N * d * k stays below the library's limit.
void throw_if_bad_shape(std::size_t N, std::size_t d, std::size_t k);

}  // namespace constel
