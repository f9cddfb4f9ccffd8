// Packed panels and the micro-kernels: 12 x 32 AVX-512, 6 x 16 AVX2 and portable (see panel_kernel.hpp).
#include "constel/verify/detail/panel_kernel.hpp"

#include <immintrin.h>

#include <algorithm>
#include <cstdlib>
#include <new>
#include <string>

#include "constel/cpu.hpp"
#include "constel/error.hpp"
#include "constel/threads.hpp"

namespace constel::detail {
namespace {

// k blocks of at most 768 for every kernel. For AVX-512 the two B panels of a 12 x 32 block (96 KiB)
// and the tile's A panels (240 x 768 floats, 720 KiB) then stream from L2; blocks of 256 (B in L1)
// measured about 5% slower on Zen 5, blocks of 384 to 1024 alike.
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

// (6 NA) x (16 NB) block with NA, NB in {1, 2}: rows 0..5 from A panel A0, 6..11 from A1; columns
// 0..15 from B panel B0, 16..31 from B1. Per k: NB aligned loads of B, 6 NA broadcasts of A, 6 NA NB
// FMAs into as many zmm accumulators (24 at most, of 32 registers). Each entry is a plain sequential
// FMA chain over k, like the other kernels.
template <int NA, int NB>
__attribute__((target("avx512f"))) void micro_avx512(const float* A0, const float* A1, const float* B0,
                                                     const float* B1, std::size_t kc, float* C, std::size_t ldc,
                                                     bool acc) {
  constexpr int R = 6 * NA;
  __m512 c[R][NB];
#pragma GCC unroll 12
  for (int q = 0; q < R; ++q)
#pragma GCC unroll 2
    for (int b = 0; b < NB; ++b) c[q][b] = acc ? _mm512_loadu_ps(C + q * ldc + 16 * b) : _mm512_setzero_ps();
  for (std::size_t k = 0; k < kc; ++k) {
    const __m512 b0 = _mm512_load_ps(B0 + kNR * k);
    const __m512 b1 = NB > 1 ? _mm512_load_ps(B1 + kNR * k) : b0;
#pragma GCC unroll 12
    for (int q = 0; q < R; ++q) {
      const __m512 a = _mm512_set1_ps((q < 6 ? A0 : A1)[kMR * k + q % 6]);
      c[q][0] = _mm512_fmadd_ps(a, b0, c[q][0]);
      if constexpr (NB > 1) c[q][1] = _mm512_fmadd_ps(a, b1, c[q][1]);
    }
  }
#pragma GCC unroll 12
  for (int q = 0; q < R; ++q)
#pragma GCC unroll 2
    for (int b = 0; b < NB; ++b) _mm512_storeu_ps(C + q * ldc + 16 * b, c[q][b]);
}

// One k block of the whole tile with the AVX-512 kernel: pairs of B panels outside, pairs of A
// panels inside (the last of each may be single).
void block_avx512(const PackedPanels& A, std::size_t pa, const PackedPanels& B, std::size_t p0, std::size_t pb,
                  std::size_t k0, std::size_t kc, float* C, std::size_t ldc, bool acc) {
  for (std::size_t jp = 0; jp < pb; jp += 2) {
    const float* B0 = B.panel(p0 + jp) + k0 * kNR;
    const bool two_b = jp + 1 < pb;
    const float* B1 = two_b ? B.panel(p0 + jp + 1) + k0 * kNR : B0;
    for (std::size_t ip = 0; ip < pa; ip += 2) {
      const float* A0 = A.panel(ip) + k0 * kMR;
      const bool two_a = ip + 1 < pa;
      const float* A1 = two_a ? A.panel(ip + 1) + k0 * kMR : A0;
      float* Cp = C + ip * kMR * ldc + jp * kNR;
      if (two_a && two_b)
        micro_avx512<2, 2>(A0, A1, B0, B1, kc, Cp, ldc, acc);
      else if (two_a)
        micro_avx512<2, 1>(A0, A1, B0, B1, kc, Cp, ldc, acc);
      else if (two_b)
        micro_avx512<1, 2>(A0, A1, B0, B1, kc, Cp, ldc, acc);
      else
        micro_avx512<1, 1>(A0, A1, B0, B1, kc, Cp, ldc, acc);
    }
  }
}

}  // namespace

bool panel_kernel_supported(PanelKernel k) {
  switch (k) {
    case PanelKernel::Avx512:
      return cpu_has_avx512f();
    case PanelKernel::Avx2:
      return cpu_has_avx2_fma();
    default:
      return true;
  }
}

PanelKernel resolve_panel_kernel(PanelKernel k) {
  if (k == PanelKernel::Auto)
    return cpu_has_avx512f() ? PanelKernel::Avx512 : cpu_has_avx2_fma() ? PanelKernel::Avx2 : PanelKernel::Portable;
  if (!panel_kernel_supported(k))
    throw InputError(std::string("the ") + panel_kernel_name(k) + " kernel was asked for, but this processor lacks " +
                     (k == PanelKernel::Avx512 ? "AVX-512F" : "AVX2 + FMA"));
  return k;
}

const char* panel_kernel_name(PanelKernel k) {
  switch (k) {
    case PanelKernel::Avx512:
      return "AVX-512";
    case PanelKernel::Avx2:
      return "AVX2";
    case PanelKernel::Portable:
      return "portable";
    default:
      return panel_kernel_name(resolve_panel_kernel(k));
  }
}

void PackedPanels::Free::operator()(float* p) const { std::free(p); }

void PackedPanels::pack(const float* X, std::size_t row0, std::size_t rows, unsigned threads) {
  pack_rows(X + row0 * d_, rows, 0, rows, threads);
}

void PackedPanels::pack_rows(const float* X, std::size_t rows, std::size_t from, std::size_t to, unsigned threads) {
  const std::size_t np = (rows + width_ - 1) / width_, need = std::max<std::size_t>(1, np * width_ * d_);
  if (from % width_ != 0 || from > to || to > rows) throw InternalError("PackedPanels::pack_rows: bad row range");
  if (need > capacity_) {
    const std::size_t bytes = (need * sizeof(float) + 63) / 64 * 64;
    float* p = static_cast<float*>(std::aligned_alloc(64, bytes));
    if (!p) throw std::bad_alloc();
    data_.reset(p), capacity_ = need;
  }
  rows_ = rows;
  const std::size_t pfirst = from / width_, plast = (to + width_ - 1) / width_;
  auto pack_panels = [&](std::size_t p0, std::size_t p1) {
    for (std::size_t p = p0; p < p1; ++p) {
      float* dst = data_.get() + p * width_ * d_;
      for (std::size_t q = 0; q < width_; ++q) {
        const std::size_t i = p * width_ + q;
        if (i < to) {
          const float* src = X + (i - from) * d_;
          for (std::size_t k = 0; k < d_; ++k) dst[k * width_ + q] = src[k];
        } else {
          for (std::size_t k = 0; k < d_; ++k) dst[k * width_ + q] = 0.0f;
        }
      }
    }
  };
  const std::size_t n = plast - pfirst;
  threads = unsigned(std::max<std::size_t>(1, std::min<std::size_t>(threads, n / 64)));
  run_on_threads(threads, [&](unsigned t) { pack_panels(pfirst + n * t / threads, pfirst + n * (t + 1) / threads); });
}

void PackedPanels::row(std::size_t i, float* out) const {
  const float* src = data_.get() + (i / width_) * width_ * d_ + i % width_;
  for (std::size_t k = 0; k < d_; ++k) out[k] = src[k * width_];
}

void panel_tile_product(const PackedPanels& A, std::size_t ti, const PackedPanels& B, std::size_t b0, std::size_t tj,
                        float* C, std::size_t ldc, PanelKernel kernel) {
  if (A.d() != B.d() || A.width() != kMR || B.width() != kNR || b0 % kNR != 0 || ti > A.rows() ||
      b0 + tj > B.rows())
    throw InternalError("panel_tile_product: operands do not match");
  const std::size_t d = A.d(), pa = (ti + kMR - 1) / kMR, pb = (tj + kNR - 1) / kNR, p0 = b0 / kNR;
  kernel = resolve_panel_kernel(kernel);
  const std::size_t blocks = std::max<std::size_t>(1, (d + kKc - 1) / kKc);
  const bool avx2 = kernel == PanelKernel::Avx2;
  for (std::size_t kb = 0; kb < blocks; ++kb) {
    const std::size_t k0 = d * kb / blocks, kc = d * (kb + 1) / blocks - k0;
    if (kernel == PanelKernel::Avx512) {
      block_avx512(A, pa, B, p0, pb, k0, kc, C, ldc, kb > 0);
      continue;
    }
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
