// The process-wide memory limit and the charges held against it (memory_limit.hpp).
#include "constel/memory_limit.hpp"

#include <unistd.h>

#include <cctype>
#include <cmath>
#include <cstdio>
#include <fstream>

#include "constel/number/rational.hpp"

namespace constel {
namespace {

std::atomic<std::uint64_t>& limit_cell() {
  static std::atomic<std::uint64_t> limit{default_memory_limit()};
  return limit;
}

std::atomic<std::uint64_t> g_charged{0};

// A cgroup v2 limit on this process's memory (the container's), 0 when none is set or readable.
std::uint64_t cgroup_limit() {
  std::ifstream in("/sys/fs/cgroup/memory.max");
  std::string text;
  if (!(in >> text) || text == "max" || text.empty()) return 0;
  std::uint64_t v = 0;
  for (char c : text) {
    if (c < '0' || c > '9' || v > (kNoMemoryLimit - 9) / 10) return 0;
    v = v * 10 + std::uint64_t(c - '0');
  }
  return v;
}

std::string over_message(std::uint64_t bytes, std::uint64_t held, std::uint64_t limit, const std::string& what) {
  std::string need = memory_text(bytes), lim = memory_limit_text(limit);
  if (need == lim) need = std::to_string(bytes) + " bytes", lim = std::to_string(limit) + " bytes";
  std::string msg = what + " needs " + need + ", over the memory limit of " + lim;
  if (held) msg += " with " + memory_text(held) + " already held";
  return msg;
}

// Adds `bytes` to the charges when they fit under the limit (atomically); false otherwise.
bool try_charge(std::uint64_t bytes, std::uint64_t& held) {
  const std::uint64_t limit = memory_limit();
  held = g_charged.load();
  for (;;) {
    if (limit != kNoMemoryLimit && (bytes > limit || held > limit - bytes)) return false;
    if (g_charged.compare_exchange_weak(held, held + bytes)) return true;
  }
}

}  // namespace

std::uint64_t usable_physical_memory() {
  long pages = ::sysconf(_SC_PHYS_PAGES), size = ::sysconf(_SC_PAGESIZE);
  std::uint64_t phys = pages > 0 && size > 0 ? std::uint64_t(pages) * std::uint64_t(size) : 0;
  std::uint64_t cg = cgroup_limit();
  if (cg && (phys == 0 || cg < phys)) return cg;
  return phys;
}

std::uint64_t default_memory_limit() {
  std::uint64_t p = usable_physical_memory();
  return p ? p / 2 : std::uint64_t(16) << 30;
}

std::uint64_t memory_limit() { return limit_cell().load(); }

void set_memory_limit(std::uint64_t bytes) {
  if (bytes == 0) throw InputError("the memory limit must be at least 1 byte (or no limit)");
  limit_cell().store(bytes);
}

std::uint64_t memory_charged() { return g_charged.load(); }

ScopedMemoryLimit::ScopedMemoryLimit(std::uint64_t bytes) : previous_(memory_limit()) { set_memory_limit(bytes); }
ScopedMemoryLimit::~ScopedMemoryLimit() { limit_cell().store(previous_); }

void check_memory(std::uint64_t bytes, const std::string& what) {
  const std::uint64_t limit = memory_limit(), held = g_charged.load();
  if (limit == kNoMemoryLimit) return;
  if (bytes > limit || held > limit - bytes) throw LimitError(over_message(bytes, held, limit, what));
}

MemoryCharge::MemoryCharge(std::uint64_t bytes, const std::string& what) { grow(bytes, what); }

MemoryCharge::MemoryCharge(const MemoryCharge& o) noexcept : bytes_(o.bytes_) { g_charged += bytes_; }

MemoryCharge::~MemoryCharge() { release(); }

void MemoryCharge::grow(std::uint64_t more, const std::string& what) {
  std::uint64_t held = 0;
  if (!try_charge(more, held)) throw LimitError(over_message(more, held, memory_limit(), what));
  bytes_ += more;
}

void MemoryCharge::release() noexcept {
  g_charged -= bytes_;
  bytes_ = 0;
}

std::uint64_t memory_product(std::uint64_t a, std::uint64_t b, std::uint64_t c) noexcept {
  auto mul = [](std::uint64_t x, std::uint64_t y) {
    return x != 0 && y > kNoMemoryLimit / x ? kNoMemoryLimit : x * y;
  };
  return mul(mul(a, b), c);
}

std::uint64_t memory_sum(std::uint64_t a, std::uint64_t b) noexcept {
  return a > kNoMemoryLimit - b ? kNoMemoryLimit : a + b;
}

std::string memory_text(std::uint64_t bytes) {
  if (bytes == kNoMemoryLimit) return "no limit";
  if (bytes < 1000) return std::to_string(bytes) + (bytes == 1 ? " byte" : " bytes");
  static const char* decimal[] = {"KB", "MB", "GB", "TB", "PB", "EB"};
  int k = 0;
  double v = double(bytes) / 1000;
  while (v >= 999.5 && k < 5) v /= 1000, ++k;
  char buf[32];
  std::snprintf(buf, sizeof buf, v >= 99.5 ? "%.0f" : v >= 9.95 ? "%.1f" : "%.2f", v);
  std::string text = buf;  // three digits, trailing zeros dropped: "1.5 GB", "20 KB"
  if (text.find('.') != std::string::npos) {
    while (text.back() == '0') text.pop_back();
    if (text.back() == '.') text.pop_back();
  }
  return text + " " + decimal[k];
}

std::string memory_limit_text(std::uint64_t bytes) {
  static const char* binary[] = {"KiB", "MiB", "GiB", "TiB", "PiB"};
  if (bytes != kNoMemoryLimit)
    for (int k = 4; k >= 0; --k) {
      std::uint64_t unit = std::uint64_t(1) << (10 * (k + 1));
      if (bytes >= unit && bytes % unit == 0) return std::to_string(bytes / unit) + " " + binary[k];
    }
  return memory_text(bytes);
}

std::uint64_t parse_memory_size(std::string_view text) {
  auto bad = [&](const std::string& why) {
    return InputError("'" + std::string(text) + "' is not a memory size: " + why +
                      " (a number of bytes with an optional unit K, M, G, T = KiB, MiB, GiB, TiB, or KB, MB, GB, "
                      "TB, or 'none')");
  };
  std::string lower;
  for (char c : text) lower += char(std::tolower(static_cast<unsigned char>(c)));
  while (!lower.empty() && lower.back() == ' ') lower.pop_back();
  if (lower == "none" || lower == "unlimited") return kNoMemoryLimit;
  std::size_t n = lower.size();
  while (n > 0 && std::isalpha(static_cast<unsigned char>(lower[n - 1]))) --n;
  std::string number = lower.substr(0, n), unit = lower.substr(n);
  while (!number.empty() && number.back() == ' ') number.pop_back();
  if (number.empty()) throw bad("no number");
  Rational scale = 1;
  if (!unit.empty() && unit != "b") {
    const std::string letters = "kmgt";
    std::size_t power = letters.find(unit[0]);
    std::string rest = unit.substr(1);
    if (power == std::string::npos || (rest != "" && rest != "ib" && rest != "b")) throw bad("unknown unit '" + unit + "'");
    Rational base = rest == "b" ? 1000 : 1024;
    for (std::size_t i = 0; i <= power; ++i) scale *= base;
  }
  Rational value;
  if (!try_parse_rational(number, value, 30)) throw bad("not a number");
  value *= scale;
  if (value < 1) throw bad("less than 1 byte");
  if (denominator(value) != 1) throw bad("not a whole number of bytes");
  if (numerator(value) >= Integer(kNoMemoryLimit)) throw bad("too large");
  return numerator(value).convert_to<std::uint64_t>();
}

}  // namespace constel
