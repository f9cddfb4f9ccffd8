// Configuration storage and the slow exact inner product (see configuration.hpp).
#include "constel/config/configuration.hpp"

#include "constel/error.hpp"
#include "constel/memory_limit.hpp"

namespace constel {

void throw_if_bad_shape(std::size_t N, std::size_t d, std::size_t k) {
  if (N == 0) throw InputError("N must be at least 1");
  if (d == 0) throw InputError("d must be at least 1");
  if (k < 2) throw InputError("k must be at least 2 (two modalities U and V)");
  constexpr std::size_t kMaxEntries = std::size_t{1} << 32;
  if (N > kMaxEntries || d > kMaxEntries || k > 1024 || N * d > kMaxEntries / k)
    throw LimitError("configuration of N=" + std::to_string(N) + ", d=" + std::to_string(d) +
                     ", k=" + std::to_string(k) + " is too large (at most 2^32 entries)");
}

namespace {

// N d, after the shape and the memory limit (memory_limit.hpp) are checked: the N d k exact entries
// take about kExactEntryBytes each.
std::size_t checked_exact_entries(std::size_t N, std::size_t d, std::size_t k) {
  throw_if_bad_shape(N, d, k);
  check_memory(memory_product(memory_product(N, d, k), kExactEntryBytes),
               "a configuration of N = " + std::to_string(N) + ", d = " + std::to_string(d) + ", k = " +
                   std::to_string(k) + " (" + std::to_string(N * d * k) + " exact entries)");
  return N * d;
}

}  // namespace

Configuration::Configuration(std::size_t N, std::size_t d, std::size_t k)
    : N_(N), d_(d), k_(k), scales_(d, Rational(1)), data_(k, std::vector<Rational>(checked_exact_entries(N, d, k))) {
  names_.reserve(k);
  for (std::size_t a = 0; a < k; ++a)
    names_.push_back(a == 0 ? "U" : a == 1 ? "V" : "M" + std::to_string(a));
}

Configuration::Configuration(std::size_t N, std::size_t d, std::vector<Rational> scales,
                             std::vector<std::vector<Rational>> data)
    : N_(N), d_(d), k_(data.size()), scales_(std::move(scales)), data_(std::move(data)) {
  throw_if_bad_shape(N_, d_, k_);
  if (scales_.size() != d_) throw InputError("expected " + std::to_string(d_) + " scales, got " + std::to_string(scales_.size()));
  for (std::size_t j = 0; j < d_; ++j)
    if (scales_[j] < 0) throw InputError("scale " + std::to_string(j) + " is negative: " + to_string(scales_[j]));
  for (std::size_t a = 0; a < k_; ++a)
    if (data_[a].size() != N_ * d_)
      throw InputError("modality " + std::to_string(a) + " has " + std::to_string(data_[a].size()) + " entries, expected N * d");
  for (std::size_t a = 0; a < k_; ++a) names_.push_back(a == 0 ? "U" : a == 1 ? "V" : "M" + std::to_string(a));
}

Configuration::Configuration(std::vector<Rational> scales, CompactEntries entries)
    : N_(entries.N()), d_(entries.d()), k_(entries.k()), scales_(std::move(scales)) {
  throw_if_bad_shape(N_, d_, k_);
  if (scales_.size() != d_) throw InputError("expected " + std::to_string(d_) + " scales, got " + std::to_string(scales_.size()));
  for (std::size_t j = 0; j < d_; ++j)
    if (scales_[j] < 0) throw InputError("scale " + std::to_string(j) + " is negative: " + to_string(scales_[j]));
  for (std::size_t a = 0; a < k_; ++a)
    if (entries.size(a) != N_ * d_)
      throw InputError("modality " + std::to_string(a) + " has " + std::to_string(entries.size(a)) + " entries, expected N * d");
  compact_ = std::make_shared<const CompactEntries>(std::move(entries));
  built_.store(false);
  for (std::size_t a = 0; a < k_; ++a) names_.push_back(a == 0 ? "U" : a == 1 ? "V" : "M" + std::to_string(a));
}

Configuration::Configuration(const Configuration& o)
    : N_(o.N_), d_(o.d_), k_(o.k_), scales_(o.scales_), names_(o.names_), claim_(o.claim_), source_(o.source_) {
  std::lock_guard<std::mutex> lock(*o.mutex_);
  data_ = o.data_;
  compact_ = o.compact_;
  built_.store(o.built_.load());
}

Configuration::Configuration(Configuration&& o) noexcept
    : N_(o.N_), d_(o.d_), k_(o.k_), scales_(std::move(o.scales_)), data_(std::move(o.data_)),
      compact_(std::move(o.compact_)), built_(o.built_.load()), mutex_(std::make_unique<std::mutex>()),
      names_(std::move(o.names_)), claim_(std::move(o.claim_)), source_(std::move(o.source_)) {
  o.built_.store(true);
}

Configuration& Configuration::operator=(const Configuration& o) {
  if (this != &o) *this = Configuration(o);
  return *this;
}

Configuration& Configuration::operator=(Configuration&& o) noexcept {
  if (this == &o) return *this;
  N_ = o.N_, d_ = o.d_, k_ = o.k_;
  scales_ = std::move(o.scales_);
  data_ = std::move(o.data_);
  compact_ = std::move(o.compact_);
  built_.store(o.built_.load());
  o.built_.store(true);
  names_ = std::move(o.names_);
  claim_ = std::move(o.claim_);
  source_ = std::move(o.source_);
  return *this;
}

void Configuration::build_rationals() const {
  std::lock_guard<std::mutex> lock(*mutex_);
  if (built_.load(std::memory_order_relaxed)) return;
  data_.assign(k_, std::vector<Rational>());
  for (std::size_t a = 0; a < k_; ++a) {
    data_[a].resize(N_ * d_);
    for (std::size_t p = 0; p < N_ * d_; ++p) compact_->value_into(a, p, data_[a][p]);
  }
  built_.store(true, std::memory_order_release);
}

void Configuration::drop_compact() {
  if (!built_.load(std::memory_order_acquire)) build_rationals();
  compact_.reset();
}

void Configuration::set_scale(std::size_t j, Rational q) {
  if (q < 0) throw InputError("scale " + std::to_string(j) + " is negative: " + to_string(q));
  scales_.at(j) = std::move(q);
}

Rational Configuration::inner(std::size_t a, std::size_t i, std::size_t c, std::size_t l) const {
  Rational sum = 0;
  for (std::size_t j = 0; j < d_; ++j) sum += scales_[j] * entry(a, i, j) * entry(c, l, j);
  return sum;
}

}  // namespace constel
