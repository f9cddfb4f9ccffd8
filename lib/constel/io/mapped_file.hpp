// Read-only view of a whole input file for the binary embedding readers: the file is memory-mapped
// (so a 10 GB .npy costs no copy and pages are released when the view dies), or read into memory when
// it cannot be mapped (a pipe). Opening errors are InputErrors naming the path.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace constel {

class MappedFile {
 public:
  // `populate`: read every page in at once (the whole-file readers); false maps lazily, so that only
  // the pages looked at are read (headers and directories for the row-range readers).
  explicit MappedFile(const std::string& path, bool populate = true);
  ~MappedFile();
  MappedFile(const MappedFile&) = delete;
  MappedFile& operator=(const MappedFile&) = delete;

  std::string_view bytes() const noexcept { return {data_, size_}; }
  const std::string& path() const noexcept { return path_; }

 private:
  std::string path_;
  const char* data_ = nullptr;
  std::size_t size_ = 0;
  void* map_ = nullptr;
  std::string fallback_;
};

// Little-endian loads from a byte view (the caller has checked the bounds).
std::uint16_t load_le16(const char* p) noexcept;
std::uint32_t load_le32(const char* p) noexcept;
std::uint64_t load_le64(const char* p) noexcept;

}  // namespace constel
