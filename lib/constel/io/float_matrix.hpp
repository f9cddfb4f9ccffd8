// The float matrix every embedding reader produces: row-major, N rows of d values, holding exactly the
// numbers the file stores. float16 and bfloat16 are widened exactly to float32 (every such value is a
// float32), float32 stays float32, float64 (and text, read as the nearest double) is kept as double.
// Nothing is rounded or renormalised here: the certified verifier (verify/certified.hpp) treats these
// values as exact binary rationals (docs/math.md sections 1, 7).
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "constel/error.hpp"
#include "constel/memory_limit.hpp"

namespace constel {

// The type the file stored (for reports); the in-memory type is float32 for all but F64.
enum class FloatDType { F16, BF16, F32, F64 };

std::string dtype_name(FloatDType t);  // "float16", "bfloat16", "float32", "float64"

class FloatMatrix {
 public:
  FloatMatrix() = default;
  // Zero-filled rows x cols matrix, in float32 unless stored is F64. `source` names it in messages.
  // Its storage is charged against the memory limit (memory_limit.hpp) before it is allocated: over
  // the limit, a LimitError "SOURCE: R x C float32 needs X, over the memory limit of L".
  FloatMatrix(std::size_t rows, std::size_t cols, FloatDType stored, std::string source);

  // A read-only view (the Python module hands numpy buffers over this way, without a copy): rows x
  // cols row-major values the caller owns and keeps alive (and unchanged)
  // while the view is used; nothing is copied. `stored` is F16, BF16 or F32 for the float overload
  // (the values already widened), F64 for the double one. Writing through f32()/f64()/set() of a view
  // is not allowed.
  static FloatMatrix view(const float* data, std::size_t rows, std::size_t cols, FloatDType stored,
                          std::string source);
  static FloatMatrix view(const double* data, std::size_t rows, std::size_t cols, std::string source);
  bool is_view() const noexcept { return view32_ != nullptr || view64_ != nullptr; }

  std::size_t rows() const noexcept { return rows_; }
  std::size_t cols() const noexcept { return cols_; }
  FloatDType stored_type() const noexcept { return stored_; }
  bool is_single() const noexcept { return stored_ != FloatDType::F64; }
  const std::string& source() const noexcept { return source_; }

  // Row-major storage; f32() is valid when is_single(), f64() otherwise.
  float* f32() noexcept { return view32_ ? const_cast<float*>(view32_) : f32_.data(); }
  const float* f32() const noexcept { return view32_ ? view32_ : f32_.data(); }
  double* f64() noexcept { return view64_ ? const_cast<double*>(view64_) : f64_.data(); }
  const double* f64() const noexcept { return view64_ ? view64_ : f64_.data(); }

  // The stored value (exact: a float32 widens exactly to double).
  double value(std::size_t i, std::size_t j) const noexcept {
    return is_single() ? static_cast<double>(f32()[i * cols_ + j]) : f64()[i * cols_ + j];
  }
  void set(std::size_t i, std::size_t j, double v) noexcept {
    if (is_single())
      f32()[i * cols_ + j] = static_cast<float>(v);
    else
      f64()[i * cols_ + j] = v;
  }

  // A copy of the values as doubles (exact).
  std::vector<double> to_double() const;

  // Throws InputError "SOURCE: row R, column C is NaN" (or infinite) for the first such entry, and
  // InputError for an empty matrix (no rows or no columns).
  void throw_if_not_finite() const;
  void throw_if_empty() const;

 private:
  std::size_t rows_ = 0, cols_ = 0;
  FloatDType stored_ = FloatDType::F32;
  std::string source_;
  std::vector<float> f32_;
  std::vector<double> f64_;
  MemoryCharge charge_;            // the storage's bytes, held against the memory limit
  const float* view32_ = nullptr;  // set for a view (then f32_ and f64_ are empty)
  const double* view64_ = nullptr;
};

// Exact widening of IEEE binary16 and bfloat16 bit patterns to float32 (NaN and Inf kept).
float widen_f16(std::uint16_t bits) noexcept;
float widen_bf16(std::uint16_t bits) noexcept;

// Largest total number of entries a reader accepts (2^40): beyond it a LimitError, never an attempt
// to allocate.
constexpr std::uint64_t kMaxMatrixEntries = std::uint64_t(1) << 40;

// rows * cols with overflow and limit checks (LimitError naming source).
std::uint64_t checked_entries(std::uint64_t rows, std::uint64_t cols, const std::string& source);

}  // namespace constel
