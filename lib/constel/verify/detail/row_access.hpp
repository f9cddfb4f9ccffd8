// Rows of U or V for the certified verifier's plan: held (a pointer to every row) or read on demand,
// in chunks, through a CertifiedRowSource (certified_parts.hpp), so that a plan over data a process
// does not hold computes its O(N d) quantities chunk by chunk, in row order, with the same arithmetic
// as over held data. SparseRows: room for every row of a matrix of which only some are written (an
// anonymous mapping: pages never written are never resident).
#pragma once

#include <sys/mman.h>

#include <algorithm>
#include <cstddef>
#include <new>
#include <string>
#include <utility>
#include <vector>

#include "constel/error.hpp"
#include "constel/verify/certified_parts.hpp"

namespace constel::detail {

template <class T>
class RowAccess {
 public:
  RowAccess() = default;
  RowAccess(const T* data, const CertifiedRowSource* src, std::size_t d) : data_(data), src_(src), d_(d) {}
  bool held() const noexcept { return data_ != nullptr; }

  // Rows [a, b) into out[0 .. (b - a) d), converted exactly to T.
  void read_into(std::size_t a, std::size_t b, T* out) const {
    if (a >= b) return;
    const FloatMatrix m = src_->read(a, b);
    if (m.rows() != b - a || m.cols() != d_)
      throw InternalError("certified plan: a row source gave " + std::to_string(m.rows()) + " x " +
                          std::to_string(m.cols()) + " for rows " + std::to_string(a) + ".." + std::to_string(b));
    const std::size_t n = (b - a) * d_;
    if constexpr (sizeof(T) == 4) {
      if (!m.is_single()) throw InternalError("certified plan: float64 rows for the float32 kernel");
      std::copy(m.f32(), m.f32() + n, out);
    } else if (m.is_single()) {
      std::copy(m.f32(), m.f32() + n, out);  // exact widening
    } else {
      std::copy(m.f64(), m.f64() + n, out);
    }
  }

  // Rows [a, b) into out (row a at out), read in chunks straight into place.
  void copy_rows(std::size_t a, std::size_t b, T* out) const {
    const std::size_t step = chunk_rows();
    for (std::size_t c = a; c < b; c += step) {
      const std::size_t e = std::min(b, c + step);
      if (data_)
        std::copy(data_ + c * d_, data_ + e * d_, out + (c - a) * d_);
      else
        read_into(c, e, out + (c - a) * d_);
    }
  }

  // Calls f(begin, end, rows) for consecutive chunks covering [a, b); rows points at row `begin`.
  // Read chunks are a multiple of `align` rows (but the last).
  template <class F>
  void chunks(std::size_t a, std::size_t b, F&& f, std::size_t align = 1) const {
    if (a >= b) return;
    if (data_) {
      f(a, b, data_ + a * d_);
      return;
    }
    const std::size_t step = std::max(align, chunk_rows() / align * align);
    std::vector<T> buf(std::min(b - a, step) * d_);
    for (std::size_t c = a; c < b; c += step) {
      const std::size_t e = std::min(b, c + step);
      read_into(c, e, buf.data());
      f(c, e, static_cast<const T*>(buf.data()));
    }
  }

  // Some rows, by index: row(j) for every j of `want` (held: any j).
  class Picked {
   public:
    const T* row(std::size_t j) const {
      if (data_) return data_ + j * d_;
      auto it = std::upper_bound(start_.begin(), start_.end(), j) - 1;
      const std::size_t r = std::size_t(it - start_.begin());
      return buf_[r].data() + (j - *it) * d_;
    }

   private:
    friend class RowAccess;
    const T* data_ = nullptr;
    std::size_t d_ = 0;
    std::vector<std::size_t> start_;
    std::vector<std::vector<T>> buf_;
  };

  // The runs [a, b) of consecutive rows that pick(want) reads (gaps of a few rows read through).
  static std::vector<std::pair<std::size_t, std::size_t>> runs(std::vector<std::size_t> want) {
    std::vector<std::pair<std::size_t, std::size_t>> out;
    std::sort(want.begin(), want.end());
    want.erase(std::unique(want.begin(), want.end()), want.end());
    for (std::size_t k = 0; k < want.size();) {
      std::size_t e = k + 1;
      while (e < want.size() && want[e] <= want[e - 1] + 8) ++e;
      out.push_back({want[k], want[e - 1] + 1});
      k = e;
    }
    return out;
  }

  // Reads the rows of `want` as runs of consecutive rows (runs()).
  Picked pick(std::vector<std::size_t> want) const {
    Picked p;
    p.data_ = data_, p.d_ = d_;
    if (data_ || want.empty()) return p;
    for (const auto& [a, b] : runs(std::move(want))) {
      p.start_.push_back(a);
      p.buf_.emplace_back((b - a) * d_);
      read_into(a, b, p.buf_.back().data());
    }
    return p;
  }

  // The rows of a chunk that chunks() reads at a time (1 MB of float32).
  static std::size_t chunk_rows(std::size_t d) { return std::max<std::size_t>(1, (std::size_t(1) << 18) / d); }

 private:
  std::size_t chunk_rows() const { return chunk_rows(d_); }
  const T* data_ = nullptr;
  const CertifiedRowSource* src_ = nullptr;
  std::size_t d_ = 0;
};

template <class T>
class SparseRows {
 public:
  explicit SparseRows(std::size_t values) : bytes_(std::max<std::size_t>(1, values) * sizeof(T)) {
    void* p = mmap(nullptr, bytes_, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
    if (p == MAP_FAILED) throw std::bad_alloc();
    p_ = static_cast<T*>(p);
  }
  ~SparseRows() { munmap(p_, bytes_); }
  SparseRows(const SparseRows&) = delete;
  SparseRows& operator=(const SparseRows&) = delete;
  T* data() const noexcept { return p_; }

 private:
  std::size_t bytes_;
  T* p_ = nullptr;
};

}  // namespace constel::detail
