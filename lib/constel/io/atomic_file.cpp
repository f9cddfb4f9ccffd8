// Temporary file + fsync + rename (see atomic_file.hpp).
#include "constel/io/atomic_file.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <iostream>
#include <sstream>
#include <vector>

#include "constel/error.hpp"

namespace constel {
namespace {

void write_all(int fd, const char* data, std::size_t size, const std::string& tmp) {
  while (size > 0) {
    ssize_t n = ::write(fd, data, size);
    if (n < 0) {
      if (errno == EINTR) continue;
      std::string why = std::strerror(errno);
      ::close(fd);
      ::unlink(tmp.c_str());
      throw InternalError("cannot write '" + tmp + "': " + why);
    }
    data += n;
    size -= static_cast<std::size_t>(n);
  }
}

}  // namespace

void write_bytes_atomically(const std::string& path, const std::string& bytes) {
  if (path.empty()) throw InputError("empty output path");
  if (path == "-") {
    std::cout.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
    std::cout.flush();
    if (!std::cout) throw InternalError("cannot write to standard output");
    return;
  }
  std::string tmpl = path + ".tmp.XXXXXX";
  std::vector<char> name(tmpl.begin(), tmpl.end());
  name.push_back('\0');
  int fd = ::mkstemp(name.data());
  if (fd < 0) throw InputError("cannot create output file '" + path + "': " + std::strerror(errno));
  std::string tmp(name.data());
  write_all(fd, bytes.data(), bytes.size(), tmp);
  ::fchmod(fd, 0644);
  if (::fsync(fd) != 0 || ::close(fd) != 0) {
    ::unlink(tmp.c_str());
    throw InternalError("cannot flush '" + tmp + "': " + std::strerror(errno));
  }
  if (std::rename(tmp.c_str(), path.c_str()) != 0) {
    std::string why = std::strerror(errno);
    ::unlink(tmp.c_str());
    throw InputError("cannot create output file '" + path + "': " + why);
  }
}

void write_file_atomically(const std::string& path, const std::function<void(std::ostream&)>& write) {
  std::ostringstream out;
  write(out);
  write_bytes_atomically(path, out.str());
}

}  // namespace constel
