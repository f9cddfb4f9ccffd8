// .npy reading and writing (see npy.hpp). The header dict is parsed by a small tokenizer that accepts
// exactly what numpy's repr writes (and quotes of either kind, extra spaces, a trailing comma).
#include "constel/io/npy.hpp"

#include <cstring>

#include "constel/error.hpp"
#include "constel/io/mapped_file.hpp"

namespace constel {
namespace {

std::string shape_text(const std::vector<std::uint64_t>& s) {
  std::string t = "(";
  for (std::size_t k = 0; k < s.size(); ++k) t += (k ? ", " : "") + std::to_string(s[k]);
  return t + (s.size() == 1 ? ",)" : ")");
}

class DictParser {
 public:
  DictParser(std::string_view text, const std::string& source) : t_(text), src_(source) {}

  void parse(NpyHeader& h) {
    bool have_descr = false, have_fortran = false, have_shape = false;
    skip();
    expect('{');
    for (;;) {
      skip();
      if (peek() == '}') break;
      std::string key = string_literal();
      skip();
      expect(':');
      skip();
      if (key == "descr") {
        if (peek() == '[') fail("structured dtypes (descr is a list) are not supported");
        h.descr = string_literal();
        have_descr = true;
      } else if (key == "fortran_order") {
        h.fortran = boolean();
        have_fortran = true;
      } else if (key == "shape") {
        h.shape = tuple();
        have_shape = true;
      } else {
        fail("unexpected key '" + key + "' in the header");
      }
      skip();
      if (peek() == ',') ++p_;
    }
    if (!have_descr || !have_fortran || !have_shape)
      fail("the header lacks one of 'descr', 'fortran_order', 'shape'");
  }

 private:
  [[noreturn]] void fail(const std::string& what) const { throw InputError(src_ + ": bad .npy header: " + what); }
  char peek() const { return p_ < t_.size() ? t_[p_] : '\0'; }
  void skip() {
    while (p_ < t_.size() && (t_[p_] == ' ' || t_[p_] == '\t' || t_[p_] == '\n' || t_[p_] == '\r')) ++p_;
  }
  void expect(char c) {
    if (peek() != c) fail(std::string("expected '") + c + "' at header offset " + std::to_string(p_));
    ++p_;
  }
  std::string string_literal() {
    char q = peek();
    if (q != '\'' && q != '"') fail("expected a quoted string at header offset " + std::to_string(p_));
    ++p_;
    std::size_t start = p_;
    while (p_ < t_.size() && t_[p_] != q) {
      if (t_[p_] == '\\') fail("escapes in header strings are not supported");
      ++p_;
    }
    if (p_ >= t_.size()) fail("unterminated string");
    std::string s(t_.substr(start, p_ - start));
    ++p_;
    return s;
  }
  bool boolean() {
    if (t_.substr(p_, 4) == "True") return p_ += 4, true;
    if (t_.substr(p_, 5) == "False") return p_ += 5, false;
    fail("fortran_order must be True or False");
  }
  std::vector<std::uint64_t> tuple() {
    std::vector<std::uint64_t> s;
    expect('(');
    for (;;) {
      skip();
      if (peek() == ')') break;
      if (peek() < '0' || peek() > '9') fail("shape must be a tuple of non-negative integers");
      std::uint64_t v = 0;
      while (peek() >= '0' && peek() <= '9') {
        unsigned digit = unsigned(peek() - '0');
        if (v > (UINT64_MAX - digit) / 10) fail("shape dimension too large");
        v = v * 10 + digit;
        ++p_;
      }
      if (peek() == 'L') ++p_;
      s.push_back(v);
      if (s.size() > 32) fail("more than 32 dimensions");
      skip();
      if (peek() == ',') {
        ++p_;
      } else if (peek() != ')') {
        fail("expected ',' or ')' in shape");
      }
    }
    ++p_;
    return s;
  }

  std::string_view t_;
  const std::string& src_;
  std::size_t p_ = 0;
};

void parse_descr(NpyHeader& h, const std::string& source) {
  const std::string& d = h.descr;
  if (d.size() < 3 || (d[0] != '<' && d[0] != '>' && d[0] != '|' && d[0] != '='))
    throw InputError(source + ": unsupported dtype '" + d + "'");
  h.byte_order = d[0] == '=' ? '<' : d[0];
  h.kind = d[1];
  unsigned size = 0;
  for (std::size_t k = 2; k < d.size(); ++k) {
    if (d[k] < '0' || d[k] > '9' || size > 1000) throw InputError(source + ": unsupported dtype '" + d + "'");
    size = size * 10 + unsigned(d[k] - '0');
  }
  if (size == 0) throw InputError(source + ": unsupported dtype '" + d + "'");
  h.itemsize = size;
}

template <class Load>
void fill(FloatMatrix& m, const char* data, const NpyHeader& h, Load load) {
  const std::size_t n = m.rows(), d = m.cols();
  for (std::size_t i = 0; i < n; ++i)
    for (std::size_t j = 0; j < d; ++j) {
      std::size_t k = h.fortran ? j * n + i : i * d + j;
      m.set(i, j, load(data + k * h.itemsize));
    }
}

std::uint64_t load_bytes(const char* p, unsigned size, bool big) {
  std::uint64_t v = 0;
  for (unsigned b = 0; b < size; ++b) {
    unsigned idx = big ? b : size - 1 - b;
    v = (v << 8) | static_cast<unsigned char>(p[idx]);
  }
  return v;
}

}  // namespace

NpyHeader parse_npy_header(std::string_view bytes, const std::string& source) {
  static const char magic[] = "\x93NUMPY";
  if (bytes.size() < 10 || std::memcmp(bytes.data(), magic, 6) != 0)
    throw InputError(source + ": not a .npy file (the magic \\x93NUMPY is missing" +
                     (bytes.empty() ? ", the file is empty)" : ")"));
  NpyHeader h;
  h.major = static_cast<unsigned char>(bytes[6]);
  if (h.major < 1 || h.major > 3)
    throw InputError(source + ": unsupported .npy format version " + std::to_string(h.major) + "." +
                     std::to_string(static_cast<unsigned char>(bytes[7])));
  std::uint64_t hlen;
  std::size_t pre;
  if (h.major == 1) {
    hlen = load_le16(bytes.data() + 8);
    pre = 10;
  } else {
    if (bytes.size() < 12) throw InputError(source + ": truncated .npy header");
    hlen = load_le32(bytes.data() + 8);
    pre = 12;
  }
  if (hlen > kMaxNpyHeader)
    throw LimitError(source + ": .npy header length " + std::to_string(hlen) + " is absurd (limit " +
                     std::to_string(kMaxNpyHeader) + " bytes)");
  if (pre + hlen > bytes.size())
    throw InputError(source + ": truncated .npy file: the header says " + std::to_string(hlen) +
                     " header bytes, the file has " + std::to_string(bytes.size()) + " bytes in all");
  DictParser(bytes.substr(pre, hlen), source).parse(h);
  parse_descr(h, source);
  if (h.kind == 'O') throw InputError(source + ": object arrays (pickled Python objects) are not supported");
  if (h.kind == 'U') h.itemsize *= 4;  // UCS-4 characters
  h.data_offset = pre + hlen;
  h.count = 1;
  for (std::uint64_t s : h.shape) {
    if (s != 0 && h.count > kMaxMatrixEntries / s)
      throw LimitError(source + ": shape " + shape_text(h.shape) + " is beyond the limit of 2^40 entries");
    h.count *= s;
  }
  std::uint64_t need = h.count * h.itemsize;
  std::uint64_t have = bytes.size() - h.data_offset;
  if (have < need)
    throw InputError(source + ": truncated .npy file: shape " + shape_text(h.shape) + " of '" + h.descr + "' needs " +
                     std::to_string(need) + " data bytes, the file has " + std::to_string(have));
  if (have > need)
    throw InputError(source + ": the header's shape " + shape_text(h.shape) + " of '" + h.descr + "' needs " +
                     std::to_string(need) + " data bytes but the file has " + std::to_string(have) +
                     " (the header lies about the shape)");
  return h;
}

FloatMatrix decode_npy_matrix(std::string_view bytes, const std::string& source) {
  NpyHeader h = parse_npy_header(bytes, source);
  if (h.kind != 'f' || (h.itemsize != 2 && h.itemsize != 4 && h.itemsize != 8))
    throw InputError(source + ": wrong dtype '" + h.descr +
                     "': embeddings must be float16, float32 or float64 ('<f2', '<f4', '<f8')");
  if (h.shape.size() != 2)
    throw InputError(source + ": expected a 2-D array (N, d), got shape " + shape_text(h.shape));
  FloatDType t = h.itemsize == 2 ? FloatDType::F16 : h.itemsize == 4 ? FloatDType::F32 : FloatDType::F64;
  FloatMatrix m(h.shape[0], h.shape[1], t, source);
  if (h.count == 0) return m;  // empty: refused by the callers with a clear message (throw_if_empty)
  const char* data = bytes.data() + h.data_offset;
  const bool big = h.byte_order == '>';
  if (t == FloatDType::F32 && !big && !h.fortran) {
    std::memcpy(m.f32(), data, h.count * 4);
  } else if (t == FloatDType::F64 && !big && !h.fortran) {
    std::memcpy(m.f64(), data, h.count * 8);
  } else if (t == FloatDType::F16) {
    fill(m, data, h, [&](const char* p) { return double(widen_f16(std::uint16_t(load_bytes(p, 2, big)))); });
  } else if (t == FloatDType::F32) {
    fill(m, data, h, [&](const char* p) {
      std::uint32_t b = std::uint32_t(load_bytes(p, 4, big));
      float f;
      std::memcpy(&f, &b, 4);
      return double(f);
    });
  } else {
    fill(m, data, h, [&](const char* p) {
      std::uint64_t b = load_bytes(p, 8, big);
      double f;
      std::memcpy(&f, &b, 8);
      return f;
    });
  }
  return m;
}

std::vector<std::int64_t> decode_npy_integers(std::string_view bytes, const std::string& source) {
  NpyHeader h = parse_npy_header(bytes, source);
  bool ok_kind = (h.kind == 'i' || h.kind == 'u') && (h.itemsize == 1 || h.itemsize == 2 || h.itemsize == 4 ||
                                                      h.itemsize == 8);
  if (!ok_kind)
    throw InputError(source + ": wrong dtype '" + h.descr + "': labels must be integers ('<i8', '<i4', '<u2', ...)");
  if (!(h.shape.size() == 1 || (h.shape.size() == 2 && h.shape[1] == 1)))
    throw InputError(source + ": expected a 1-D array of labels, got shape " + shape_text(h.shape));
  std::vector<std::int64_t> out(h.count);
  const char* data = bytes.data() + h.data_offset;
  const bool big = h.byte_order == '>';
  for (std::uint64_t k = 0; k < h.count; ++k) {
    std::uint64_t raw = load_bytes(data + k * h.itemsize, h.itemsize, big);
    if (h.kind == 'i') {
      unsigned shift = 64 - 8 * h.itemsize;
      out[k] = static_cast<std::int64_t>(raw << shift) >> shift;
    } else {
      if (raw > std::uint64_t(INT64_MAX))
        throw InputError(source + ": label " + std::to_string(k) + " is out of range (" + std::to_string(raw) + ")");
      out[k] = static_cast<std::int64_t>(raw);
    }
  }
  return out;
}

FloatMatrix read_npy_matrix(const std::string& path) {
  MappedFile f(path);
  return decode_npy_matrix(f.bytes(), path);
}

std::vector<std::int64_t> read_npy_integers(const std::string& path) {
  MappedFile f(path);
  return decode_npy_integers(f.bytes(), path);
}

std::string encode_npy_raw(const std::string& descr, const std::vector<std::uint64_t>& shape, bool fortran,
                           std::string_view data, int major) {
  std::string dict = "{'descr': '" + descr + "', 'fortran_order': " + (fortran ? "True" : "False") +
                     ", 'shape': " + shape_text(shape) + ", }";
  std::size_t pre = major == 1 ? 10 : 12;
  std::size_t total = pre + dict.size() + 1;
  std::size_t padded = (total + 63) / 64 * 64;
  dict.append(padded - total, ' ');
  dict.push_back('\n');
  std::string out("\x93NUMPY", 6);
  out.push_back(static_cast<char>(major));
  out.push_back('\0');
  std::uint32_t hl = static_cast<std::uint32_t>(dict.size());
  out.push_back(static_cast<char>(hl & 0xff));
  out.push_back(static_cast<char>((hl >> 8) & 0xff));
  if (major != 1) {
    out.push_back(static_cast<char>((hl >> 16) & 0xff));
    out.push_back(static_cast<char>((hl >> 24) & 0xff));
  }
  out += dict;
  out.append(data.data(), data.size());
  return out;
}

std::string encode_npy(const FloatMatrix& m, bool fortran, int major) {
  const std::size_t n = m.rows(), d = m.cols();
  const std::size_t item = m.is_single() ? 4 : 8;
  std::string data(n * d * item, '\0');
  for (std::size_t i = 0; i < n; ++i)
    for (std::size_t j = 0; j < d; ++j) {
      std::size_t k = fortran ? j * n + i : i * d + j;
      if (m.is_single()) {
        float f = static_cast<float>(m.value(i, j));
        std::memcpy(&data[k * 4], &f, 4);
      } else {
        double v = m.value(i, j);
        std::memcpy(&data[k * 8], &v, 8);
      }
    }
  return encode_npy_raw(m.is_single() ? "<f4" : "<f8", {n, d}, fortran, data, major);
}

}  // namespace constel
