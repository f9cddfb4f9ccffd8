// MappedFile: the whole file read into memory with pread (see mapped_file.hpp). No memory mapping: a
// mapped file that shrinks while it is read raises SIGBUS, while a read simply comes back short and
// becomes a located error.
#include "constel/io/mapped_file.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdint>
#include <cstring>

#include "constel/error.hpp"

namespace constel {
namespace {

// Closes the descriptor on every path out of the constructor.
struct Fd {
  int fd;
  ~Fd() {
    if (fd >= 0) ::close(fd);
  }
};

std::string why() { return std::strerror(errno); }

// A regular file: its size is known, the buffer is allocated once and filled by pread; a file that
// is shorter than its size said when it was opened (truncated meanwhile) is an error.
void read_regular(int fd, std::size_t size, const std::string& path, std::string& out, MemoryCharge& charge) {
  charge.grow(size, path + ": reading the file");
  try {
    out.resize(size);
  } catch (const std::bad_alloc&) {
    throw LimitError(path + ": not enough memory to read " + std::to_string(size) + " bytes");
  }
  std::size_t done = 0;
  while (done < size) {
    ssize_t n = ::pread(fd, out.data() + done, size - done, static_cast<off_t>(done));
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) throw InputError(path + ": read error at byte " + std::to_string(done) + " (" + why() + ")");
    if (n == 0)
      throw InputError(path + ": the file shrank while being read (" + std::to_string(done) + " of " +
                       std::to_string(size) + " bytes)");
    done += static_cast<std::size_t>(n);
  }
}

// Anything else that can be read (a pipe, /dev/stdin): read to the end.
void read_stream(int fd, const std::string& path, std::string& out, MemoryCharge& charge) {
  char buf[1 << 16];
  for (;;) {
    if (out.size() + sizeof buf > charge.bytes()) charge.grow(std::uint64_t(1) << 20, path + ": reading more than " + memory_text(out.size()) + " from the stream");
    ssize_t n = ::read(fd, buf, sizeof buf);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) throw InputError(path + ": read error (" + why() + ")");
    if (n == 0) return;
    out.append(buf, static_cast<std::size_t>(n));
  }
}

}  // namespace

MappedFile::MappedFile(const std::string& path) : path_(path) {
  Fd f{::open(path.c_str(), O_RDONLY)};
  if (f.fd < 0) throw InputError(path + ": cannot open (" + why() + ")");
  struct stat st {};
  if (::fstat(f.fd, &st) != 0) throw InputError(path + ": cannot read (" + why() + ")");
  if (S_ISDIR(st.st_mode)) throw InputError(path + ": is a folder, not a file");
  if (S_ISREG(st.st_mode) && st.st_size > 0)
    read_regular(f.fd, static_cast<std::size_t>(st.st_size), path, fallback_, charge_);
  else  // a pipe, a device, or a file whose size is not known in advance (size 0: /proc)
    read_stream(f.fd, path, fallback_, charge_);
  data_ = fallback_.data();
  size_ = fallback_.size();
}

MappedFile::~MappedFile() = default;

std::uint16_t load_le16(const char* p) noexcept {
  const auto* u = reinterpret_cast<const unsigned char*>(p);
  return static_cast<std::uint16_t>(u[0] | (u[1] << 8));
}
std::uint32_t load_le32(const char* p) noexcept {
  const auto* u = reinterpret_cast<const unsigned char*>(p);
  return std::uint32_t(u[0]) | (std::uint32_t(u[1]) << 8) | (std::uint32_t(u[2]) << 16) | (std::uint32_t(u[3]) << 24);
}
std::uint64_t load_le64(const char* p) noexcept {
  return std::uint64_t(load_le32(p)) | (std::uint64_t(load_le32(p + 4)) << 32);
}

}  // namespace constel
