// Read-only view of a whole input file for the embedding readers: the file is read into memory with
// pread (a regular file, in one allocation of its size) or read to its end (a pipe). It is not
// memory-mapped: a mapped file truncated while it is read would kill the process with SIGBUS; a short
// read is an InputError naming the path. Opening errors are InputErrors naming the path. The buffer is
// charged against the memory limit (memory_limit.hpp) before it is allocated (a regular file) or as it
// grows (a pipe): over it, a LimitError "PATH: reading the file needs X, over the memory limit of L".
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "constel/error.hpp"
#include "constel/memory_limit.hpp"

namespace constel {

class MappedFile {
 public:
  explicit MappedFile(const std::string& path);
  ~MappedFile();
  MappedFile(const MappedFile&) = delete;
  MappedFile& operator=(const MappedFile&) = delete;

  std::string_view bytes() const noexcept { return {data_, size_}; }
  const std::string& path() const noexcept { return path_; }

 private:
  std::string path_;
  const char* data_ = nullptr;
  std::size_t size_ = 0;
  std::string fallback_;
  MemoryCharge charge_;
};

// Little-endian loads from a byte view (the caller has checked the bounds).
std::uint16_t load_le16(const char* p) noexcept;
std::uint32_t load_le32(const char* p) noexcept;
std::uint64_t load_le64(const char* p) noexcept;

}  // namespace constel
