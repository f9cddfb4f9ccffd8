// Unnamed temporary + fsync + linkat + rename, with the rules of atomic_file.hpp.
#include "constel/io/atomic_file.hpp"

#include <dirent.h>
#include <fcntl.h>
#include <signal.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <iostream>
#include <random>
#include <sstream>
#include <vector>

#include "constel/error.hpp"

namespace constel {
namespace {

namespace fs = std::filesystem;

std::string why() { return std::strerror(errno); }

bool stat_of(const std::string& path, struct stat& st) { return ::stat(path.c_str(), &st) == 0; }

bool is_stdout_name(const std::string& path) {
  return path == "-" || path == "/dev/stdout" || path == "/dev/fd/1" || path == "/proc/self/fd/1";
}

void write_stdout(const std::string& bytes) {
  std::cout.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
  std::cout.flush();
  if (!std::cout || std::fflush(stdout) != 0) throw InputError("cannot write to standard output (" + why() + ")");
}

// The file a path finally names: symbolic links followed (relative ones from their own folder).
std::string resolve_links(const std::string& path) {
  fs::path p(path);
  for (int hops = 0;; ++hops) {
    std::error_code ec;
    if (!fs::is_symlink(fs::symlink_status(p, ec))) return p.string();
    if (hops == 40) throw InputError("cannot write '" + path + "': too many levels of symbolic links");
    fs::path t = fs::read_symlink(p, ec);
    if (ec) throw InputError("cannot write '" + path + "': " + ec.message());
    p = t.is_absolute() ? t : p.parent_path() / t;
  }
}

std::string folder_of(const std::string& target) {
  fs::path parent = fs::path(target).parent_path();
  return parent.empty() ? std::string(".") : parent.string();
}

mode_t new_file_mode() {
  mode_t mask = ::umask(0);
  ::umask(mask);
  return 0666 & ~mask;
}

// Removes TARGET.tmp.PID.XXXXXX files of constel processes that no longer run (a kill -9 between
// naming and renaming, or a file system without O_TMPFILE).
void remove_stale_temporaries(const std::string& target) {
  const std::string dir = folder_of(target), prefix = fs::path(target).filename().string() + ".tmp.";
  DIR* d = ::opendir(dir.c_str());
  if (!d) return;
  while (dirent* e = ::readdir(d)) {
    std::string name = e->d_name;
    if (name.rfind(prefix, 0) != 0) continue;
    std::string rest = name.substr(prefix.size());
    std::size_t dot = rest.find('.');
    if (dot == std::string::npos || dot == 0 || dot > 9 || rest.size() - dot != 7) continue;
    if (rest.find_first_not_of("0123456789") != dot) continue;
    long pid = std::stol(rest.substr(0, dot));
    if (pid > 0 && ::kill(pid_t(pid), 0) != 0 && errno == ESRCH) ::unlink((dir + "/" + name).c_str());
  }
  ::closedir(d);
}

std::string temporary_name(const std::string& target) {
  static const char* hex = "0123456789abcdef";
  std::random_device rd;
  std::string s = target + ".tmp." + std::to_string(::getpid()) + ".";
  for (int k = 0; k < 6; ++k) s += hex[rd() % 16];
  return s;
}

class Output {
 public:
  Output(const std::string& target, const std::string& shown) : target_(target), shown_(shown) {}
  ~Output() {
    if (fd_ >= 0) ::close(fd_);
    if (!named_.empty()) ::unlink(named_.c_str());
  }
  void fail(const std::string& what) {
    throw InputError("cannot write '" + shown_ + "': " + what + " (" + why() + "); the old file, if any, is kept");
  }
  // Opens the unnamed temporary; false when the file system has no O_TMPFILE.
  bool open_unnamed(mode_t mode) {
#ifdef O_TMPFILE
    fd_ = ::open(folder_of(target_).c_str(), O_TMPFILE | O_WRONLY | O_CLOEXEC, mode);
    if (fd_ >= 0) return true;
    if (errno != EOPNOTSUPP && errno != EISDIR && errno != EINVAL) fail("cannot create a file in its folder");
#endif
    return false;
  }
  void open_named(mode_t mode) {
    named_ = temporary_name(target_);
    fd_ = ::open(named_.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode);
    if (fd_ < 0) {
      named_.clear();
      fail("cannot create a file in its folder");
    }
  }
  void write_all(const std::string& bytes) {
    const char* data = bytes.data();
    std::size_t size = bytes.size();
    while (size > 0) {
      ssize_t n = ::write(fd_, data, size);
      if (n < 0 && errno == EINTR) continue;
      if (n < 0) fail("write failed");
      data += n;
      size -= static_cast<std::size_t>(n);
    }
  }
  void keep_owner_and_mode(const struct stat& old) {
    ::fchmod(fd_, old.st_mode & 07777);
    if (old.st_uid != ::geteuid() || old.st_gid != ::getegid())
      if (::fchown(fd_, old.st_uid, old.st_gid) == 0) ::fchmod(fd_, old.st_mode & 07777);
  }
  // fsync, give the unnamed file a name (linkat through /proc), rename it over the target.
  bool commit() {
    if (::fsync(fd_) != 0) fail("cannot flush to disk");
    if (named_.empty()) {
      std::string proc = "/proc/self/fd/" + std::to_string(fd_), name = temporary_name(target_);
      if (::linkat(AT_FDCWD, proc.c_str(), AT_FDCWD, name.c_str(), AT_SYMLINK_FOLLOW) != 0) return false;
      named_ = name;
    }
    if (::close(fd_) != 0) {
      fd_ = -1;
      fail("cannot flush to disk");
    }
    fd_ = -1;
    if (std::rename(named_.c_str(), target_.c_str()) != 0) fail("cannot rename the finished file over it");
    named_.clear();
    return true;
  }

 private:
  std::string target_, shown_, named_;
  int fd_ = -1;
};

void write_regular(const std::string& target, const std::string& shown, const std::string& bytes) {
  struct stat old {};
  const bool exists = stat_of(target, old);
  remove_stale_temporaries(target);
  const mode_t mode = new_file_mode();
  {
    Output out(target, shown);
    if (out.open_unnamed(mode)) {
      out.write_all(bytes);
      if (exists) out.keep_owner_and_mode(old);
      if (out.commit()) return;
    }
  }
  Output out(target, shown);  // no O_TMPFILE, or no /proc to name it: a named temporary
  out.open_named(mode);
  out.write_all(bytes);
  if (exists) out.keep_owner_and_mode(old);
  out.commit();
}

bool same_as_stdout(const struct stat& st) {
  struct stat so {};
  return ::fstat(1, &so) == 0 && so.st_dev == st.st_dev && so.st_ino == st.st_ino;
}

}  // namespace

bool writes_to_stdout(const std::string& path) {
  if (is_stdout_name(path)) return true;
  struct stat st {};
  return stat_of(path, st) && same_as_stdout(st);
}

void write_bytes_atomically(const std::string& path, const std::string& bytes) {
  if (path.empty()) throw InputError("empty output path");
  if (writes_to_stdout(path)) return write_stdout(bytes);
  const std::string target = resolve_links(path);
  struct stat st {};
  if (stat_of(target, st) && !S_ISREG(st.st_mode))
    throw InputError("cannot write '" + path + "': it exists and is not a regular file (" +
                     (S_ISDIR(st.st_mode) ? "a folder" : S_ISFIFO(st.st_mode) ? "a FIFO" : "a device or socket") +
                     "); refusing to replace it");
  write_regular(target, path, bytes);
}

void write_file_atomically(const std::string& path, const std::function<void(std::ostream&)>& write) {
  std::ostringstream out;
  write(out);
  write_bytes_atomically(path, out.str());
}

void throw_if_same_file(const std::string& output, const std::string& input, const std::string& what) {
  if (output.empty() || input.empty() || input == "-" || writes_to_stdout(output)) return;
  struct stat a {}, b {};
  bool same = false;
  if (stat_of(output, a) && stat_of(input, b)) {
    same = a.st_dev == b.st_dev && a.st_ino == b.st_ino;
  } else {  // one does not exist yet: the same name after links and '..' are resolved
    std::error_code e1, e2;
    fs::path x = fs::weakly_canonical(resolve_links(output), e1), y = fs::weakly_canonical(resolve_links(input), e2);
    same = !e1 && !e2 && x == y;
  }
  if (same)
    throw InputError(what + " are the same file ('" + output + "' is '" + input +
                     "'): writing one would destroy the other");
}

}  // namespace constel
