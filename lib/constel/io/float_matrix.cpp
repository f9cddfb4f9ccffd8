// FloatMatrix storage, exact half-precision widening, and the finiteness check shared by every reader.
#include "constel/io/float_matrix.hpp"

#include <cmath>
#include <cstring>

#include "constel/error.hpp"

namespace constel {

std::string dtype_name(FloatDType t) {
  switch (t) {
    case FloatDType::F16: return "float16";
    case FloatDType::BF16: return "bfloat16";
    case FloatDType::F32: return "float32";
    case FloatDType::F64: return "float64";
  }
  return "?";
}

FloatMatrix::FloatMatrix(std::size_t rows, std::size_t cols, FloatDType stored, std::string source)
    : rows_(rows), cols_(cols), stored_(stored), source_(std::move(source)) {
  const std::uint64_t n = checked_entries(rows, cols, source_);
  charge_ = MemoryCharge(memory_product(n, is_single() ? 4 : 8),
                         source_ + ": " + std::to_string(rows) + " x " + std::to_string(cols) +
                             (is_single() ? " float32" : " float64"));
  if (is_single())
    f32_.assign(rows * cols, 0.0f);
  else
    f64_.assign(rows * cols, 0.0);
}

FloatMatrix FloatMatrix::view(const float* data, std::size_t rows, std::size_t cols, FloatDType stored,
                              std::string source) {
  if (stored == FloatDType::F64) throw InternalError("FloatMatrix::view: float data cannot be stored float64");
  checked_entries(rows, cols, source);
  FloatMatrix m;
  m.rows_ = rows, m.cols_ = cols, m.stored_ = stored, m.source_ = std::move(source);
  m.view32_ = data;
  return m;
}

FloatMatrix FloatMatrix::view(const double* data, std::size_t rows, std::size_t cols, std::string source) {
  checked_entries(rows, cols, source);
  FloatMatrix m;
  m.rows_ = rows, m.cols_ = cols, m.stored_ = FloatDType::F64, m.source_ = std::move(source);
  m.view64_ = data;
  return m;
}

std::vector<double> FloatMatrix::to_double() const {
  const std::size_t n = rows_ * cols_;
  if (!is_single()) return std::vector<double>(f64(), f64() + n);
  return std::vector<double>(f32(), f32() + n);
}

void FloatMatrix::throw_if_empty() const {
  if (rows_ == 0 || cols_ == 0)
    throw InputError(source_ + ": empty array (" + std::to_string(rows_) + " rows, " + std::to_string(cols_) +
                     " columns)");
}

void FloatMatrix::throw_if_not_finite() const {
  const std::size_t n = rows_ * cols_;
  for (std::size_t k = 0; k < n; ++k) {
    double v = is_single() ? f32()[k] : f64()[k];
    if (!std::isfinite(v))
      throw InputError(source_ + ": row " + std::to_string(k / cols_) + ", column " + std::to_string(k % cols_) +
                       " is " + (std::isnan(v) ? "NaN" : "infinite") + " (rows and columns count from 0)");
  }
}

float widen_f16(std::uint16_t h) noexcept {
  std::uint32_t sign = std::uint32_t(h & 0x8000u) << 16;
  std::uint32_t exp = (h >> 10) & 0x1fu;
  std::uint32_t mant = h & 0x3ffu;
  std::uint32_t bits;
  if (exp == 0x1f) {
    bits = sign | 0x7f800000u | (mant << 13);  // Inf or NaN
  } else if (exp != 0) {
    bits = sign | ((exp + 112u) << 23) | (mant << 13);
  } else if (mant == 0) {
    bits = sign;
  } else {  // subnormal half: mant * 2^-24, exactly a normal float
    float v = std::ldexp(static_cast<float>(mant), -24);
    return sign ? -v : v;
  }
  float f;
  std::memcpy(&f, &bits, 4);
  return f;
}

float widen_bf16(std::uint16_t h) noexcept {
  std::uint32_t bits = std::uint32_t(h) << 16;
  float f;
  std::memcpy(&f, &bits, 4);
  return f;
}

std::uint64_t checked_entries(std::uint64_t rows, std::uint64_t cols, const std::string& source) {
  if (cols != 0 && rows > kMaxMatrixEntries / cols)
    throw LimitError(source + ": shape " + std::to_string(rows) + " x " + std::to_string(cols) +
                     " is beyond the limit of 2^40 entries");
  return rows * cols;
}

}  // namespace constel
