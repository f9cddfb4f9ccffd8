// The process-wide memory limit (docs/reliability.md section 4): the big buffers of the library (the
// float matrices of the readers, the readers' file buffers, the .cst entries, the verifiers' plans, the
// training state, generate's output) are checked against it BEFORE they are allocated, and a request
// over it is a LimitError naming the quantity ("U.npy: 200000 x 768 float32 needs 614 MB, over the
// memory limit of 512 MiB"). Small buffers (per row scalars below the plan estimates, messages, JSON)
// and the BLAS library's own workspace are not counted.
//
// Two kinds of use:
//   - MemoryCharge: a buffer that lives on (a FloatMatrix, a file read whole) holds a charge of its
//     bytes; the charges alive at once are summed, and a new request fails when the sum plus the
//     request is over the limit;
//   - check_memory(bytes, what): a computation that is about to allocate checks its estimate, plus
//     the charges already held, without holding anything itself.
//
// The limit: by default half of the usable physical memory (the smaller of sysconf's physical pages
// and a cgroup v2 `memory.max`, when one is set), 16 GiB where neither can be read. set_memory_limit
// changes it for the whole process; ScopedMemoryLimit changes it for its lifetime and restores the
// previous value (process-wide too, not per thread: do not nest guards on several threads at once).
#pragma once

#include <atomic>
#include <cstdint>
#include <string>
#include <string_view>
#include <utility>

#include "constel/error.hpp"

namespace constel {

// No limit (set_memory_limit(kNoMemoryLimit), "none" on the command line).
inline constexpr std::uint64_t kNoMemoryLimit = ~std::uint64_t(0);

// The usable physical memory in bytes (see above); 0 when it cannot be read.
std::uint64_t usable_physical_memory();
// Half of usable_physical_memory(), or 16 GiB when that is 0.
std::uint64_t default_memory_limit();

std::uint64_t memory_limit();                 // the limit now (kNoMemoryLimit: none)
void set_memory_limit(std::uint64_t bytes);   // 0 is refused (InputError): use kNoMemoryLimit for none
std::uint64_t memory_charged();               // bytes held by the live MemoryCharges

class ScopedMemoryLimit {
 public:
  explicit ScopedMemoryLimit(std::uint64_t bytes);
  ~ScopedMemoryLimit();
  ScopedMemoryLimit(const ScopedMemoryLimit&) = delete;
  ScopedMemoryLimit& operator=(const ScopedMemoryLimit&) = delete;

 private:
  std::uint64_t previous_;
};

// Throws LimitError("WHAT needs X, over the memory limit of L[; Y already held]") when the charges held
// plus `bytes` are over the limit.
void check_memory(std::uint64_t bytes, const std::string& what);

// Bytes held against the limit while the object lives. Constructing (or grow) checks first and throws
// LimitError as check_memory does, holding nothing then. A copy holds the same bytes again (without a
// check: a copy of a matrix is no new request of the user's); a move passes them on.
class MemoryCharge {
 public:
  MemoryCharge() noexcept = default;
  MemoryCharge(std::uint64_t bytes, const std::string& what);
  MemoryCharge(const MemoryCharge& o) noexcept;
  MemoryCharge(MemoryCharge&& o) noexcept : bytes_(o.bytes_) { o.bytes_ = 0; }
  MemoryCharge& operator=(MemoryCharge o) noexcept {
    std::swap(bytes_, o.bytes_);
    return *this;
  }
  ~MemoryCharge();

  void grow(std::uint64_t more, const std::string& what);  // checks `more`, then holds it too
  void release() noexcept;                                 // holds nothing from now on
  std::uint64_t bytes() const noexcept { return bytes_; }

 private:
  std::uint64_t bytes_ = 0;
};

// The bytes an exact entry (a GMP rational with its two limb arrays) takes, about: what the estimates
// of configurations and codes held as exact numbers count.
inline constexpr std::uint64_t kExactEntryBytes = 96;

// a * b (* c), saturating at 2^64 - 1 (an estimate that overflows is simply over any limit).
std::uint64_t memory_product(std::uint64_t a, std::uint64_t b, std::uint64_t c = 1) noexcept;
std::uint64_t memory_sum(std::uint64_t a, std::uint64_t b) noexcept;

// A size in decimal units, three digits: "614 MB", "1.50 GB", "900 bytes"; "no limit" for
// kNoMemoryLimit.
std::string memory_text(std::uint64_t bytes);
// A limit: in binary units when it is a whole number of them ("512 MiB", as "512M" asked), else as
// memory_text.
std::string memory_limit_text(std::uint64_t bytes);

// A size as the user writes it, parsed exactly: a number (decimals allowed: "1.5G") with an optional
// unit: none or B (bytes), K/M/G/T or KiB/MiB/GiB/TiB (powers of 1024), KB/MB/GB/TB (powers of
// 1000), case-insensitive; the result must be a whole number of bytes, at least 1. "none" and
// "unlimited" give kNoMemoryLimit. Anything else is an InputError naming the text.
std::uint64_t parse_memory_size(std::string_view text);

}  // namespace constel
