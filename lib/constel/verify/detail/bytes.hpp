// A small binary encoding for the verifiers' partial results, so that parts computed elsewhere (other
// processes, MPI ranks) come back losslessly: unsigned 64-bit little-endian integers, doubles by their
// bits, GMP integers as sign + length + magnitude bytes, byte and count arrays with their lengths. The
// reader checks every length against what is left and throws InputError naming the partial and the
// byte offset, so truncated or foreign bytes are refused, never misread.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "constel/number/rational.hpp"

namespace constel::detail {

class ByteWriter {
 public:
  void u64(std::uint64_t x);
  void f64(double x);
  void integer(const Integer& z);
  void bytes(const std::vector<std::uint8_t>& v);
  void counts(const std::vector<std::uint64_t>& v);  // runs of zeros compressed
  void text(std::string_view s);  // length + bytes
  void raw(std::string_view s) { out_.append(s); }
  std::string take() { return std::move(out_); }

 private:
  std::string out_;
};

class ByteReader {
 public:
  ByteReader(std::string_view in, std::string what) : in_(in), what_(std::move(what)) {}
  void expect(std::string_view magic);  // throws unless the next bytes are exactly magic
  std::uint64_t u64();
  bool flag();  // a u64 that must be 0 or 1
  std::string text();
  double f64();
  Integer integer();
  std::vector<std::uint8_t> bytes();
  std::string_view raw(std::size_t n);  // the next n bytes as they are
  std::vector<std::uint64_t> counts();
  void finish() const;  // throws unless every byte was read
  [[noreturn]] void fail(const std::string& why) const;

 private:
  void need(std::size_t n) const;
  std::string_view in_;
  std::size_t pos_ = 0;
  std::string what_;
};

}  // namespace constel::detail
