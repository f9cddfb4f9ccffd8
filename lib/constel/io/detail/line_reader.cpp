// Block-wise line reading (see line_reader.hpp).
#include "constel/io/detail/line_reader.hpp"

#include <algorithm>
#include <cstring>

namespace constel {
namespace {

constexpr std::size_t kBlock = std::size_t{1} << 20;

}  // namespace

LineReader::LineReader(std::istream& in, std::size_t max_line)
    : in_(in), max_line_(max_line), buf_(new char[kBlock]), cap_(kBlock) {
  // a stream already failed is a read error, one already at its end is empty (as for std::getline)
  if (!in_.good()) eof_ = true, error_ = in_.fail();
}

bool LineReader::fill() {
  if (eof_) return false;
  std::streambuf* sb = in_.rdbuf();
  if (sb == nullptr) {
    eof_ = error_ = true;
    return false;
  }
  if (begin_ > 0) {  // the unfinished line to the front of the block
    std::memmove(buf_.get(), buf_.get() + begin_, end_ - begin_);
    end_ -= begin_, scan_ -= begin_, begin_ = 0;
  }
  if (end_ == cap_) {  // a line longer than the block: a larger one
    const std::size_t cap = std::min(std::max(cap_ * 2, end_ + kBlock), max_line_ + kBlock);
    std::unique_ptr<char[]> bigger(new char[cap]);
    std::memcpy(bigger.get(), buf_.get(), end_);
    buf_ = std::move(bigger), cap_ = cap;
  }
  std::streamsize got = 0;
  try {
    got = sb->sgetn(buf_.get() + end_, std::streamsize(cap_ - end_));
  } catch (...) {
    error_ = true;
  }
  if (got <= 0) {
    eof_ = true;
    in_.setstate(error_ ? std::ios_base::badbit | std::ios_base::eofbit : std::ios_base::eofbit);
    return false;
  }
  end_ += std::size_t(got);
  return true;
}

LineReader::Status LineReader::next(std::string_view& line) {
  for (;;) {
    const char* base = buf_.get();
    if (const void* nl = scan_ < end_ ? std::memchr(base + scan_, '\n', end_ - scan_) : nullptr) {
      const std::size_t at = std::size_t(static_cast<const char*>(nl) - base);
      const std::size_t n = at - begin_;
      line = n > max_line_ ? std::string_view() : std::string_view(base + begin_, n);
      begin_ = scan_ = at + 1;
      return n > max_line_ ? Status::TooLong : Status::Line;
    }
    scan_ = end_;
    if (end_ - begin_ > max_line_) {
      // too long whatever follows (the caller stops here)
      begin_ = scan_ = end_;
      line = {};
      return Status::TooLong;
    }
    if (!fill()) {
      if (error_) return Status::ReadError;
      if (begin_ == end_) return Status::End;
      line = std::string_view(buf_.get() + begin_, end_ - begin_);
      begin_ = scan_ = end_;
      return Status::Line;
    }
  }
}

}  // namespace constel
