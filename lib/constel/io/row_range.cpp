// Row-range reading of embedding files (see row_range.hpp): the header or directory through a lazy
// map, the rows through pread into the matrix (or a small buffer when the bytes must be converted).
#include "constel/io/row_range.hpp"

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstring>
#include <memory>
#include <string_view>
#include <vector>

#include "constel/io/embedding_file.hpp"
#include "constel/io/fvecs.hpp"
#include "constel/io/hdf5.hpp"
#include "constel/io/mapped_file.hpp"
#include "constel/io/npy.hpp"
#include "constel/io/npz.hpp"
#include "constel/io/safetensors.hpp"

namespace constel {
namespace {

// Where the rows lie: element (i, j) is at offset + (fortran ? j * rows + i : i * cols + j) * item,
// or for fvecs at offset + i * (4 + 4 cols) + 4 + 4 j.
struct Placement {
  EmbeddingLayout layout;
  std::uint64_t offset = 0;
  unsigned item = 4;
  bool fortran = false, big_endian = false, fvecs = false, hdf5 = false;
};

class PositionedFile {
 public:
  explicit PositionedFile(const std::string& path) : path_(path), fd_(::open(path.c_str(), O_RDONLY)) {
    if (fd_ < 0) throw InputError(path + ": cannot open (" + std::strerror(errno) + ")");
  }
  ~PositionedFile() { ::close(fd_); }
  PositionedFile(const PositionedFile&) = delete;
  PositionedFile& operator=(const PositionedFile&) = delete;

  void read(void* dst, std::size_t len, std::uint64_t offset) const {
    char* p = static_cast<char*>(dst);
    while (len > 0) {
      ssize_t got = ::pread(fd_, p, len, static_cast<off_t>(offset));
      if (got < 0 && errno == EINTR) continue;
      if (got <= 0)
        throw InputError(path_ + ": cannot read " + std::to_string(len) + " bytes at offset " + std::to_string(offset) +
                         (got < 0 ? " (" + std::string(std::strerror(errno)) + ")" : " (the file is shorter)"));
      p += got, len -= std::size_t(got), offset += std::uint64_t(got);
    }
  }

 private:
  std::string path_;
  int fd_;
};

// The header of a .npy, .fvecs or .safetensors file without reading the whole file: its first `prefix` bytes at the
// start of a buffer of the file's size whose other pages are never written (an anonymous mapping: they
// are never resident). The header parsers read nothing beyond the largest header they accept and
// check the file's size against the header, so they see what they would see in the whole file.
// Anything but a non-empty regular file is read whole (MappedFile, with its messages).
class HeaderView {
 public:
  HeaderView(const std::string& path, std::size_t prefix) {
    const int fd = ::open(path.c_str(), O_RDONLY);
    struct stat st {};
    if (fd >= 0 && ::fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && st.st_size > 0) {
      size_ = std::size_t(st.st_size);
      void* p = ::mmap(nullptr, size_, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
      if (p != MAP_FAILED) map_ = static_cast<char*>(p);
    }
    if (map_) {
      for (std::size_t done = 0, want = std::min(prefix, size_); done < want;) {
        const ssize_t got = ::pread(fd, map_ + done, want - done, static_cast<off_t>(done));
        if (got < 0 && errno == EINTR) continue;
        if (got <= 0) {  // unreadable or shrunk: the whole-file reader says which
          ::munmap(map_, size_), map_ = nullptr;
          break;
        }
        done += std::size_t(got);
      }
    }
    if (fd >= 0) ::close(fd);
    if (!map_) whole_ = std::make_unique<MappedFile>(path);
  }
  ~HeaderView() {
    if (map_) ::munmap(map_, size_);
  }
  HeaderView(const HeaderView&) = delete;
  HeaderView& operator=(const HeaderView&) = delete;
  std::string_view bytes() const { return map_ ? std::string_view(map_, size_) : whole_->bytes(); }

 private:
  char* map_ = nullptr;
  std::size_t size_ = 0;
  std::unique_ptr<MappedFile> whole_;
};

// The bytes a .safetensors header takes from the start of the file: 8 and the length those 8 give
// (8 alone when the length is beyond the limit or unreadable: the parser refuses it from them).
std::size_t safetensors_header_bytes(const std::string& path) {
  const int fd = ::open(path.c_str(), O_RDONLY);
  char b[8] = {};
  const ssize_t got = fd >= 0 ? ::pread(fd, b, 8, 0) : -1;
  if (fd >= 0) ::close(fd);
  const std::uint64_t n = got == 8 ? load_le64(b) : 0;
  return n <= kMaxSafetensorsHeader ? std::size_t(8 + n) : 8;
}

FloatDType npy_float_type(const NpyHeader& h, const std::string& source) {
  if (h.kind != 'f' || (h.itemsize != 2 && h.itemsize != 4 && h.itemsize != 8))
    throw InputError(source + ": wrong dtype '" + h.descr +
                     "': embeddings must be float16, float32 or float64 ('<f2', '<f4', '<f8')");
  if (h.shape.size() != 2) {
    std::string s = "(";
    for (std::size_t k = 0; k < h.shape.size(); ++k) s += (k ? ", " : "") + std::to_string(h.shape[k]);
    s += h.shape.size() == 1 ? ",)" : ")";
    throw InputError(source + ": expected a 2-D array (N, d), got shape " + s);
  }
  return h.itemsize == 2 ? FloatDType::F16 : h.itemsize == 4 ? FloatDType::F32 : FloatDType::F64;
}

Placement npy_placement(std::string_view bytes, std::uint64_t base, const std::string& source) {
  NpyHeader h = parse_npy_header(bytes, source);
  Placement p;
  p.layout.stored = npy_float_type(h, source);
  p.layout.rows = h.shape[0], p.layout.cols = h.shape[1];
  p.layout.by_offset = true, p.layout.source = source;
  p.offset = base + h.data_offset, p.item = h.itemsize, p.fortran = h.fortran, p.big_endian = h.byte_order == '>';
  return p;
}

Placement fvecs_placement(std::string_view b, const std::string& source) {
  const FvecsShape shape = fvecs_shape(b, source);
  Placement p;
  p.layout.rows = shape.rows, p.layout.cols = shape.cols, p.layout.stored = FloatDType::F32;
  p.layout.by_offset = true, p.layout.source = source, p.fvecs = true;
  return p;
}

// The placement of a file readable by offset, or a layout with by_offset false (and the whole matrix
// in `whole`) for the others.
Placement place(const std::string& path, const std::string& key, FloatMatrix* whole) {
  EmbeddingFormat f = embedding_format_of(path);
  bool keyed = embedding_format_is_keyed(f);
  if (keyed && key.empty()) throw InputError(path + ": an array name (key) is needed to read from this file");
  if (!keyed && !key.empty()) throw InputError(path + ": holds one array, a key ('" + key + "') makes no sense");
  Placement p;
  if (f == EmbeddingFormat::Hdf5) {  // rows by hyperslab (hdf5.hpp)
    const Hdf5Layout h = probe_hdf5_matrix(path, key);
    p.layout.rows = h.rows, p.layout.cols = h.cols, p.layout.stored = h.stored;
    p.layout.by_offset = true, p.layout.source = h.where, p.hdf5 = true;
    return p;
  }
  if (f == EmbeddingFormat::Npy || f == EmbeddingFormat::Fvecs || f == EmbeddingFormat::Safetensors ||
      f == EmbeddingFormat::Npz) {
    if (f == EmbeddingFormat::Npy || f == EmbeddingFormat::Fvecs) {  // the header alone (HeaderView)
      const HeaderView view(path, 12 + kMaxNpyHeader);
      return f == EmbeddingFormat::Npy ? npy_placement(view.bytes(), 0, path) : fvecs_placement(view.bytes(), path);
    }
    if (f == EmbeddingFormat::Safetensors) {  // the header alone (HeaderView)
      const HeaderView view(path, safetensors_header_bytes(path));
      SafetensorsEntry e = locate_safetensors_matrix(view.bytes(), key, path);
      p.layout.rows = e.rows, p.layout.cols = e.cols, p.layout.stored = e.kind;
      p.layout.by_offset = true, p.layout.source = e.where;
      p.offset = e.offset, p.item = e.item;
      return p;
    }
    MappedFile map(path);
    const std::string_view b = map.bytes();
    ZipMember m = find_npz_member(b, key, path);
    if (m.method == 0 && !(m.flags & 1)) {
      std::uint64_t at = zip_stored_member_offset(b, m, path);
      return npy_placement(b.substr(at, m.compressed), at, path + "[" + key + "]");
    }
  }
  FloatMatrix all = read_embedding_matrix(path, key);  // text and deflated members: the whole array
  p.layout.rows = all.rows(), p.layout.cols = all.cols(), p.layout.stored = all.stored_type();
  p.layout.by_offset = false, p.layout.source = all.source();
  if (whole) *whole = std::move(all);
  return p;
}

void throw_if_empty_layout(const EmbeddingLayout& L) {
  if (L.rows == 0 || L.cols == 0)
    throw InputError(L.source + ": empty array (" + std::to_string(L.rows) + " rows, " + std::to_string(L.cols) +
                     " columns)");
}

std::uint64_t load_big(const char* p, unsigned size) {
  std::uint64_t v = 0;
  for (unsigned b = 0; b < size; ++b) v = (v << 8) | static_cast<unsigned char>(p[b]);
  return v;
}

double decode_value(const char* p, const Placement& P) {
  std::uint64_t bits = 0;
  if (P.big_endian)
    bits = load_big(p, P.item);
  else
    for (unsigned b = P.item; b-- > 0;) bits = (bits << 8) | static_cast<unsigned char>(p[b]);
  if (P.item == 2) return P.layout.stored == FloatDType::BF16 ? widen_bf16(std::uint16_t(bits)) : widen_f16(std::uint16_t(bits));
  if (P.item == 4) {
    std::uint32_t b32 = std::uint32_t(bits);
    float f;
    std::memcpy(&f, &b32, 4);
    return f;
  }
  double x;
  std::memcpy(&x, &bits, 8);
  return x;
}

// Reads `count` consecutive stored values starting at element `first` (row-major for C order) into
// row `i0`, column `j0` onwards of m (moving along a row for C order, down a column for Fortran).
void read_run(const PositionedFile& file, const Placement& P, std::uint64_t first, std::size_t count, FloatMatrix& m,
              std::size_t i0, std::size_t j0) {
  const std::uint64_t at = P.offset + first * P.item;
  const bool along_row = !P.fortran;
  if (along_row && !P.big_endian && P.item == 4 && m.is_single()) return file.read(m.f32() + i0 * m.cols() + j0, 4 * count, at);
  if (along_row && !P.big_endian && P.item == 8 && !m.is_single()) return file.read(m.f64() + i0 * m.cols() + j0, 8 * count, at);
  constexpr std::size_t kChunk = std::size_t(1) << 16;
  std::vector<char> buf;
  for (std::size_t done = 0; done < count;) {
    std::size_t n = std::min(kChunk, count - done);
    buf.resize(n * P.item);
    file.read(buf.data(), buf.size(), at + done * P.item);
    for (std::size_t k = 0; k < n; ++k) {
      std::size_t e = done + k;
      m.set(along_row ? i0 : i0 + e, along_row ? j0 + e : j0, decode_value(buf.data() + k * P.item, P));
    }
    done += n;
  }
}

void read_fvecs_rows(const PositionedFile& file, const Placement& P, std::size_t begin, FloatMatrix& m) {
  const std::size_t d = m.cols();
  const std::uint64_t rec = 4 + 4 * std::uint64_t(d);
  const std::size_t per = std::max<std::size_t>(1, (std::size_t(1) << 20) / rec);
  std::vector<char> buf;
  for (std::size_t r = 0; r < m.rows(); r += per) {
    std::size_t n = std::min(per, m.rows() - r);
    buf.resize(n * rec);
    file.read(buf.data(), buf.size(), (begin + r) * rec);
    for (std::size_t k = 0; k < n; ++k) {
      const char* p = buf.data() + k * rec;
      std::int32_t di = static_cast<std::int32_t>(load_le32(p));
      if (di != std::int32_t(d))
        throw InputError(P.layout.source + ": vector " + std::to_string(begin + r + k) + " has dimension " +
                         std::to_string(di) + ", vector 0 has " + std::to_string(d));
      std::memcpy(m.f32() + (r + k) * d, p + 4, 4 * d);
    }
  }
}

}  // namespace

bool embedding_readable_by_offset(const std::string& path, const std::string& key) {
  try {
    EmbeddingFormat f = embedding_format_of(path);
    if (f == EmbeddingFormat::Csv) return false;
    if (f == EmbeddingFormat::Hdf5) return true;
    if (f != EmbeddingFormat::Npz || key.empty()) return true;
    MappedFile map(path);
    ZipMember m = find_npz_member(map.bytes(), key, path);
    return m.method == 0 && !(m.flags & 1);
  } catch (const Error&) {
    return true;
  }
}

EmbeddingLayout probe_embedding(const std::string& path, const std::string& key) {
  EmbeddingLayout L = place(path, key, nullptr).layout;
  throw_if_empty_layout(L);
  return L;
}

namespace {

FloatMatrix rows_of(const std::string& path, const std::string& key, const Placement& P, const FloatMatrix& whole,
                    std::size_t begin, std::size_t end, bool check_finite) {
  if (begin > end || end > P.layout.rows)
    throw InputError(P.layout.source + ": rows " + std::to_string(begin) + ".." + std::to_string(end) +
                     " asked for, the array has " + std::to_string(P.layout.rows));
  const std::size_t d = P.layout.cols, n = end - begin;
  if (P.hdf5) {
    FloatMatrix h = read_hdf5_rows(path, key, begin, end);
    if (check_finite) throw_if_not_finite_rows(h, begin);
    return h;
  }
  FloatMatrix m(n, d, P.layout.stored, P.layout.source);
  if (!P.layout.by_offset) {  // read whole: keep the rows asked for
    for (std::size_t i = 0; i < n; ++i)
      for (std::size_t j = 0; j < d; ++j) m.set(i, j, whole.value(begin + i, j));
    return m;
  }
  if (n > 0) {
    PositionedFile file(path);
    if (P.fvecs)
      read_fvecs_rows(file, P, begin, m);
    else if (!P.fortran)
      read_run(file, P, std::uint64_t(begin) * d, n * d, m, 0, 0);
    else
      for (std::size_t j = 0; j < d; ++j) read_run(file, P, std::uint64_t(j) * P.layout.rows + begin, n, m, 0, j);
  }
  if (check_finite) throw_if_not_finite_rows(m, begin);
  return m;
}

}  // namespace

FloatMatrix read_embedding_rows(const std::string& path, const std::string& key, std::size_t begin, std::size_t end,
                                bool check_finite) {
  FloatMatrix whole;
  const Placement P = place(path, key, &whole);
  throw_if_empty_layout(P.layout);
  return rows_of(path, key, P, whole, begin, end, check_finite);
}

struct EmbeddingRowReader::State {
  std::string path, key;
  Placement placement;
  FloatMatrix whole;  // the array, for files not readable by offset
};

EmbeddingRowReader::EmbeddingRowReader(const std::string& path, const std::string& key) {
  auto s = std::make_shared<State>();
  s->path = path, s->key = key;
  s->placement = place(path, key, &s->whole);
  throw_if_empty_layout(s->placement.layout);
  state_ = std::move(s);
}

const EmbeddingLayout& EmbeddingRowReader::layout() const { return state_->placement.layout; }

FloatMatrix EmbeddingRowReader::rows(std::size_t begin, std::size_t end, bool check_finite) const {
  const State& s = *state_;
  return rows_of(s.path, s.key, s.placement, s.whole, begin, end, check_finite);
}

void throw_if_not_finite_rows(const FloatMatrix& m, std::size_t first_row) {
  const std::size_t d = m.cols(), n = m.rows() * d;
  for (std::size_t k = 0; k < n; ++k) {
    double v = m.is_single() ? double(m.f32()[k]) : m.f64()[k];
    if (!std::isfinite(v))
      throw InputError(m.source() + ": row " + std::to_string(first_row + k / d) + ", column " + std::to_string(k % d) +
                       " is " + (std::isnan(v) ? "NaN" : "infinite") + " (rows and columns count from 0)");
  }
}

}  // namespace constel
