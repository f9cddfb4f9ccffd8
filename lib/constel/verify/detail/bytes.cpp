// The partial results' binary encoding (see bytes.hpp).
#include "constel/verify/detail/bytes.hpp"

#include <gmp.h>

#include <cstring>

#include "constel/error.hpp"

namespace constel::detail {

void ByteWriter::u64(std::uint64_t x) {
  for (int b = 0; b < 8; ++b) out_.push_back(char((x >> (8 * b)) & 0xff));
}

void ByteWriter::f64(double x) {
  std::uint64_t b;
  std::memcpy(&b, &x, 8);
  u64(b);
}

void ByteWriter::integer(const Integer& z) {
  const std::size_t n = (mpz_sizeinbase(z.backend().data(), 2) + 7) / 8;
  std::string mag(n, '\0');
  std::size_t written = 0;
  if (z != 0) mpz_export(mag.data(), &written, 1, 1, 0, 0, z.backend().data());
  u64(z.sign() < 0 ? 1 : 0);
  u64(written);
  out_.append(mag.data(), written);
}

void ByteWriter::text(std::string_view s) {
  u64(s.size());
  out_.append(s);
}

void ByteWriter::bytes(const std::vector<std::uint8_t>& v) {
  u64(v.size());
  out_.append(reinterpret_cast<const char*>(v.data()), v.size());
}

void ByteWriter::counts(const std::vector<std::uint64_t>& v) {
  u64(v.size());
  std::uint64_t nonzero = 0;
  for (std::uint64_t c : v) nonzero += c != 0;
  u64(nonzero);
  for (std::size_t k = 0; k < v.size(); ++k)
    if (v[k] != 0) u64(k), u64(v[k]);
}

void ByteReader::fail(const std::string& why) const {
  throw InputError(what_ + ": " + why + " at byte " + std::to_string(pos_));
}

void ByteReader::need(std::size_t n) const {
  if (n > in_.size() - pos_) fail("truncated (" + std::to_string(n) + " more bytes expected)");
}

void ByteReader::expect(std::string_view magic) {
  if (in_.substr(pos_, magic.size()) != magic) fail("not an encoded partial of this kind and version");
  pos_ += magic.size();
}

std::uint64_t ByteReader::u64() {
  need(8);
  std::uint64_t x = 0;
  for (int b = 0; b < 8; ++b) x |= std::uint64_t(static_cast<unsigned char>(in_[pos_ + b])) << (8 * b);
  pos_ += 8;
  return x;
}

bool ByteReader::flag() {
  const std::uint64_t x = u64();
  if (x > 1) fail("a flag is neither 0 nor 1");
  return x == 1;
}

std::string ByteReader::text() {
  const std::uint64_t n = u64();
  need(n);
  std::string s(in_.substr(pos_, n));
  pos_ += n;
  return s;
}

double ByteReader::f64() {
  std::uint64_t b = u64();
  double x;
  std::memcpy(&x, &b, 8);
  return x;
}

Integer ByteReader::integer() {
  const std::uint64_t neg = u64(), n = u64();
  if (neg > 1) fail("bad sign of an integer");
  need(n);
  Integer z = 0;
  if (n > 0) mpz_import(z.backend().data(), n, 1, 1, 0, 0, in_.data() + pos_);
  pos_ += n;
  return neg ? Integer(-z) : z;
}

std::vector<std::uint8_t> ByteReader::bytes() {
  const std::uint64_t n = u64();
  need(n);
  std::vector<std::uint8_t> v(n);
  std::memcpy(v.data(), in_.data() + pos_, n);
  pos_ += n;
  return v;
}

std::string_view ByteReader::raw(std::size_t n) {
  need(n);
  std::string_view v = in_.substr(pos_, n);
  pos_ += n;
  return v;
}

std::vector<std::uint64_t> ByteReader::counts() {
  const std::uint64_t n = u64(), nonzero = u64();
  if (nonzero > n || n > (std::uint64_t(1) << 40)) fail("bad length of a count array");
  need(nonzero * 16);
  std::vector<std::uint64_t> v(n, 0);
  for (std::uint64_t t = 0; t < nonzero; ++t) {
    const std::uint64_t k = u64(), c = u64();
    if (k >= n) fail("count index out of range");
    v[k] = c;
  }
  return v;
}

void ByteReader::finish() const {
  if (pos_ != in_.size()) fail(std::to_string(in_.size() - pos_) + " trailing bytes");
}

}  // namespace constel::detail
