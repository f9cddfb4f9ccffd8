// Packed panels and the 6 x 16 micro-kernel (see panel_kernel.hpp).
#include "constel/verify/detail/panel_kernel.hpp"

#include <immintrin.h>

#include <algorithm>
#include <cstdlib>
#include <new>

#include "constel/cpu.hpp"
#include "constel/error.hpp"
#include "constel/threads.hpp"

namespace constel::detail {
namespace {

constexpr std::size_t kMR = kPanelRowsA, kNR = kPanelRowsB, kKc = 768;

// Portable micro-kernel: C (6 x 16, row stride ldc) = (acc ? C : 0) + A B^T over kc steps.
void micro_portable(const float* A, const float* B, std::size_t kc, float* C, std::size_t ldc, bool acc) {
  float c[kMR][kNR];
  for (std::size_t q = 0; q < kMR; ++q)
    for (std::size_t r = 0; r < kNR; ++r) c[q][r] = acc ? C[q * ldc + r] : 0.0f;
  for (std::size_t k = 0; k < kc; ++k, A += kMR, B += kNR)
    for (std::size_t q = 0; q < kMR; ++q)
      for (std::size_t r = 0; r < kNR; ++r) c[q][r] += A[q] * B[r];
  for (std::size_t q = 0; q < kMR; ++q)
    for (std::size_t r = 0; r < kNR; ++r) C[q * ldc + r] = c[q][r];
}

// The same with twelve 8-wide accumulators in registers: per k, two loads of B, six broadcasts of A,
// twelve FMAs.
__attribute__((target("avx2,fma"))) void micro_avx2(const float* A, const float* B, std::size_t kc, float* C,
                                                    std::size_t ldc, bool acc) {
  __m256 c00, c01, c10, c11, c20, c21, c30, c31, c40, c41, c50, c51;
  if (acc) {
    c00 = _mm256_loadu_ps(C), c01 = _mm256_loadu_ps(C + 8);
    c10 = _mm256_loadu_ps(C + ldc), c11 = _mm256_loadu_ps(C + ldc + 8);
    c20 = _mm256_loadu_ps(C + 2 * ldc), c21 = _mm256_loadu_ps(C + 2 * ldc + 8);
    c30 = _mm256_loadu_ps(C + 3 * ldc), c31 = _mm256_loadu_ps(C + 3 * ldc + 8);
    c40 = _mm256_loadu_ps(C + 4 * ldc), c41 = _mm256_loadu_ps(C + 4 * ldc + 8);
    c50 = _mm256_loadu_ps(C + 5 * ldc), c51 = _mm256_loadu_ps(C + 5 * ldc + 8);
  } else {
    c00 = c01 = c10 = c11 = c20 = c21 = c30 = c31 = c40 = c41 = c50 = c51 = _mm256_setzero_ps();
  }
  for (std::size_t k = 0; k < kc; ++k, A += kMR, B += kNR) {
    const __m256 b0 = _mm256_load_ps(B), b1 = _mm256_load_ps(B + 8);
    __m256 a = _mm256_broadcast_ss(A);
    c00 = _mm256_fmadd_ps(a, b0, c00), c01 = _mm256_fmadd_ps(a, b1, c01);
    a = _mm256_broadcast_ss(A + 1);
    c10 = _mm256_fmadd_ps(a, b0, c10), c11 = _mm256_fmadd_ps(a, b1, c11);
    a = _mm256_broadcast_ss(A + 2);
    c20 = _mm256_fmadd_ps(a, b0, c20), c21 = _mm256_fmadd_ps(a, b1, c21);
    a = _mm256_broadcast_ss(A + 3);
    c30 = _mm256_fmadd_ps(a, b0, c30), c31 = _mm256_fmadd_ps(a, b1, c31);
    a = _mm256_broadcast_ss(A + 4);
    c40 = _mm256_fmadd_ps(a, b0, c40), c41 = _mm256_fmadd_ps(a, b1, c41);
    a = _mm256_broadcast_ss(A + 5);
    c50 = _mm256_fmadd_ps(a, b0, c50), c51 = _mm256_fmadd_ps(a, b1, c51);
  }
  _mm256_storeu_ps(C, c00), _mm256_storeu_ps(C + 8, c01);
  _mm256_storeu_ps(C + ldc, c10), _mm256_storeu_ps(C + ldc + 8, c11);
  _mm256_storeu_ps(C + 2 * ldc, c20), _mm256_storeu_ps(C + 2 * ldc + 8, c21);
  _mm256_storeu_ps(C + 3 * ldc, c30), _mm256_storeu_ps(C + 3 * ldc + 8, c31);
  _mm256_storeu_ps(C + 4 * ldc, c40), _mm256_storeu_ps(C + 4 * ldc + 8, c41);
  _mm256_storeu_ps(C + 5 * ldc, c50), _mm256_storeu_ps(C + 5 * ldc + 8, c51);
}

}  // namespace

bool panel_kernel_is_avx2() { return cpu_has_avx2_fma(); }

void PackedPanels::Free::operator()(float* p) const { std::free(p); }

void PackedPanels::pack(const float* X, std::size_t row0, std::size_t rows, unsigned threads) {
  const std::size_t np = (rows + width_ - 1) / width_, need = std::max<std::size_t>(1, np * width_ * d_);
  if (need > capacity_) {
    const std::size_t bytes = (need * sizeof(float) + 63) / 64 * 64;
    float* p = static_cast<float*>(std::aligned_alloc(64, bytes));
    if (!p) throw std::bad_alloc();
    data_.reset(p), capacity_ = need;
  }
  rows_ = rows;
  auto pack_panels = [&](std::size_t p0, std::size_t p1) {
    for (std::size_t p = p0; p < p1; ++p) {
      float* dst = data_.get() + p * width_ * d_;
      for (std::size_t q = 0; q < width_; ++q) {
        const std::size_t i = p * width_ + q;
        if (i < rows) {
          const float* src = X + (row0 + i) * d_;
          for (std::size_t k = 0; k < d_; ++k) dst[k * width_ + q] = src[k];
        } else {
          for (std::size_t k = 0; k < d_; ++k) dst[k * width_ + q] = 0.0f;
        }
      }
    }
  };
  threads = unsigned(std::max<std::size_t>(1, std::min<std::size_t>(threads, np / 64)));
  run_on_threads(threads, [&](unsigned t) { pack_panels(np * t / threads, np * (t + 1) / threads); });
}

void PackedPanels::row(std::size_t i, float* out) const {
  const float* src = data_.get() + (i / width_) * width_ * d_ + i % width_;
  for (std::size_t k = 0; k < d_; ++k) out[k] = src[k * width_];
}

void panel_tile_product(const PackedPanels& A, std::size_t ti, const PackedPanels& B, std::size_t b0, std::size_t tj,
                        float* C, std::size_t ldc, bool portable) {
  if (A.d() != B.d() || A.width() != kMR || B.width() != kNR || b0 % kNR != 0 || ti > A.rows() ||
      b0 + tj > B.rows())
    throw InternalError("panel_tile_product: operands do not match");
  const std::size_t d = A.d(), pa = (ti + kMR - 1) / kMR, pb = (tj + kNR - 1) / kNR, p0 = b0 / kNR;
  const std::size_t blocks = std::max<std::size_t>(1, (d + kKc - 1) / kKc);
  const bool avx2 = !portable && panel_kernel_is_avx2();
  for (std::size_t kb = 0; kb < blocks; ++kb) {
    const std::size_t k0 = d * kb / blocks, kc = d * (kb + 1) / blocks - k0;
    for (std::size_t jp = 0; jp < pb; ++jp) {
      const float* Bp = B.panel(p0 + jp) + k0 * kNR;
      for (std::size_t ip = 0; ip < pa; ++ip) {
        const float* Ap = A.panel(ip) + k0 * kMR;
        float* Cp = C + ip * kMR * ldc + jp * kNR;
        if (avx2)
          micro_avx2(Ap, Bp, kc, Cp, ldc, kb > 0);
        else
          micro_portable(Ap, Bp, kc, Cp, ldc, kb > 0);
      }
    }
  }
}

}  // namespace constel::detail
