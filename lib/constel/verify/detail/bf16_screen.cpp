// The bfloat16 screen's packing, micro-kernel and bound (see bf16_screen.hpp, docs/math.md section 9.2).
#include "constel/verify/detail/bf16_screen.hpp"

#include <immintrin.h>

#include <algorithm>
#include <chrono>
#include <atomic>
#include <cstdlib>
#include <new>
#include <vector>

#include "constel/cpu.hpp"
#include "constel/error.hpp"
#include "constel/threads.hpp"
#include "constel/verify/detail/tile_products.hpp"

namespace constel::detail {
namespace {

constexpr std::size_t kMR = kPanelRowsA, kNR = kPanelRowsB, kPc = 384;  // k blocks of 768 (384 pairs)

// (6 NA) x (16 NB) block, NA, NB in {1, 2}, over pc pairs: per pair NB loads of B, 6 NA broadcasts of
// A (one 32-bit word: two bfloat16), 6 NA NB vdpbf16ps into as many zmm accumulators. Each lane adds
// its two products of a pair into its float32 accumulator (docs/math.md section 9.2), so every entry
// is a float32 sum of its d exact products in some order.
template <int NA, int NB>
__attribute__((target("avx512f,avx512bf16"))) void micro_bf16(const std::uint32_t* A0, const std::uint32_t* A1,
                                                               const std::uint32_t* B0, const std::uint32_t* B1,
                                                               std::size_t pc, float* C, std::size_t ldc, bool acc) {
  constexpr int R = 6 * NA;
  __m512 c[R][NB];
#pragma GCC unroll 12
  for (int q = 0; q < R; ++q)
#pragma GCC unroll 2
    for (int b = 0; b < NB; ++b) c[q][b] = acc ? _mm512_loadu_ps(C + q * ldc + 16 * b) : _mm512_setzero_ps();
  for (std::size_t p = 0; p < pc; ++p) {
    const __m512bh b0 = (__m512bh)_mm512_load_si512(B0 + kNR * p);
    const __m512bh b1 = NB > 1 ? (__m512bh)_mm512_load_si512(B1 + kNR * p) : b0;
#pragma GCC unroll 12
    for (int q = 0; q < R; ++q) {
      const __m512bh a = (__m512bh)_mm512_set1_epi32(int((q < 6 ? A0 : A1)[kMR * p + q % 6]));
      c[q][0] = _mm512_dpbf16_ps(c[q][0], a, b0);
      if constexpr (NB > 1) c[q][1] = _mm512_dpbf16_ps(c[q][1], a, b1);
    }
  }
#pragma GCC unroll 12
  for (int q = 0; q < R; ++q)
#pragma GCC unroll 2
    for (int b = 0; b < NB; ++b) _mm512_storeu_ps(C + q * ldc + 16 * b, c[q][b]);
}

__attribute__((target("avx512f"))) float dot_avx512(const float* x, const float* y, std::size_t d) {
  __m512 a0 = _mm512_setzero_ps(), a1 = _mm512_setzero_ps();
  std::size_t k = 0;
  for (; k + 32 <= d; k += 32) {
    a0 = _mm512_fmadd_ps(_mm512_loadu_ps(x + k), _mm512_loadu_ps(y + k), a0);
    a1 = _mm512_fmadd_ps(_mm512_loadu_ps(x + k + 16), _mm512_loadu_ps(y + k + 16), a1);
  }
  for (; k + 16 <= d; k += 16) a0 = _mm512_fmadd_ps(_mm512_loadu_ps(x + k), _mm512_loadu_ps(y + k), a0);
  if (k < d) {
    const __mmask16 m = __mmask16((1u << (d - k)) - 1);
    a1 = _mm512_fmadd_ps(_mm512_maskz_loadu_ps(m, x + k), _mm512_maskz_loadu_ps(m, y + k), a1);
  }
  alignas(64) float t[16];
  _mm512_store_ps(t, _mm512_add_ps(a0, a1));
  float s = 0;
  for (float x : t) s += x;
  return s;
}

// Register-only loops of 24 independent chains (as many accumulators as the micro-kernels keep):
// vdpbf16ps adds 32 products into 16 lanes (64 flops), a 16-lane FMA is 32 flops.
__attribute__((target("avx512f,avx512bf16"))) float bf16_chains(long iters) {
  __m512 a[24];
  const __m512bh x = _mm512_cvtne2ps_pbh(_mm512_set1_ps(1e-3f), _mm512_set1_ps(1e-3f));
  for (int k = 0; k < 24; ++k) a[k] = _mm512_set1_ps(float(k));
  for (long i = 0; i < iters; ++i)
#pragma GCC unroll 24
    for (int k = 0; k < 24; ++k) a[k] = _mm512_dpbf16_ps(a[k], x, x);
  alignas(64) float t[16];
  float s = 0;
  for (int k = 0; k < 24; ++k) _mm512_store_ps(t, a[k]), s += t[k % 16];
  return s;
}

__attribute__((target("avx512f"))) float fma_chains(long iters) {
  __m512 a[24];
  const __m512 x = _mm512_set1_ps(0.999f), y = _mm512_set1_ps(1e-3f);
  for (int k = 0; k < 24; ++k) a[k] = _mm512_set1_ps(float(k));
  for (long i = 0; i < iters; ++i)
#pragma GCC unroll 24
    for (int k = 0; k < 24; ++k) a[k] = _mm512_fmadd_ps(a[k], x, y);
  alignas(64) float t[16];
  float s = 0;
  for (int k = 0; k < 24; ++k) _mm512_store_ps(t, a[k]), s += t[k % 16];
  return s;
}

struct Rates {
  double bf16 = 0, fp32 = 0;
};

Rates measure_rates() {
  Rates r;
  if (!cpu_has_avx512bf16()) return r;
  using Clock = std::chrono::steady_clock;
  const long iters = 20000;  // 15 and 31 Mflop: well under a millisecond each
  volatile float sink = 0;
  for (int round = 0; round < 3; ++round) {
    auto t0 = Clock::now();
    sink = sink + bf16_chains(iters);
    auto t1 = Clock::now();
    sink = sink + fma_chains(iters);
    auto t2 = Clock::now();
    r.bf16 = std::max(r.bf16, 1536.0 * double(iters) / std::chrono::duration<double>(t1 - t0).count() / 1e9);
    r.fp32 = std::max(r.fp32, 768.0 * double(iters) / std::chrono::duration<double>(t2 - t1).count() / 1e9);
  }
  return r;
}

const Rates& rates() {
  static const Rates r = measure_rates();
  return r;
}

}  // namespace

bool bf16_screen_pays() { return rates().bf16 >= 1.4 * rates().fp32 && rates().fp32 > 0; }

void bf16_screen_rates(double& bf16, double& fp32) { bf16 = rates().bf16, fp32 = rates().fp32; }

double bf16_screen_gamma(std::size_t d, bool scaled) {
  const double n = double(d + 2), u = 0x1p-24;
  const double input = 0x1p-8 * (2 + 0x1p-8);                     // rounding of both inputs
  const double accumulate = (n * u / (1 - n * u)) * (1 + 0x1p-8) * (1 + 0x1p-8);  // gamma_{d+2} |bu| |bv|
  return (input + accumulate) * (1 + 0x1p-40) + (scaled ? 0x1p-46 : 0x1p-50);
}

void Bf16Panels::Free::operator()(std::uint32_t* p) const { std::free(p); }

void Bf16Panels::pack(const float* X, std::size_t row0, std::size_t rows, unsigned threads) {
  pack_rows(X + row0 * d_, rows, 0, rows, threads);
}

void Bf16Panels::pack_rows(const float* X, std::size_t rows, std::size_t from, std::size_t to, unsigned threads) {
  const std::size_t np = (rows + width_ - 1) / width_, need = std::max<std::size_t>(1, np * width_ * pairs_);
  if (from % width_ != 0 || from > to || to > rows) throw InternalError("Bf16Panels::pack_rows: bad row range");
  const std::size_t pfirst = from / width_, n = (to + width_ - 1) / width_ - pfirst;
  if (need > capacity_) {
    const std::size_t bytes = (need * 4 + 63) / 64 * 64;
    auto* p = static_cast<std::uint32_t*>(std::aligned_alloc(64, bytes));
    if (!p) throw std::bad_alloc();
    data_.reset(p), capacity_ = need;
  }
  rows_ = rows;
  const std::size_t d = d_, P = pairs_, w = width_;
  auto pack_panels = [&](std::size_t p0, std::size_t p1) {
    for (std::size_t p = p0; p < p1; ++p) {
      std::uint32_t* dst = data_.get() + p * w * P;
      for (std::size_t q = 0; q < w; ++q) {
        const std::size_t i = p * w + q;
        if (i >= to) {
          for (std::size_t k = 0; k < P; ++k) dst[k * w + q] = 0;
          continue;
        }
        const float* src = X + (i - from) * d;
        for (std::size_t k = 0; k < P; ++k) {
          const std::uint32_t lo = bf16_round(src[2 * k]);
          const std::uint32_t hi = 2 * k + 1 < d ? bf16_round(src[2 * k + 1]) : 0u;
          dst[k * w + q] = lo | (hi << 16);
        }
      }
    }
  };
  threads = unsigned(std::max<std::size_t>(1, std::min<std::size_t>(threads, n / 64)));
  run_on_threads(threads, [&](unsigned t) { pack_panels(pfirst + n * t / threads, pfirst + n * (t + 1) / threads); });
}

void bf16_tile_product(const Bf16Panels& A, std::size_t ti, const Bf16Panels& B, std::size_t b0, std::size_t tj,
                       float* C, std::size_t ldc) {
  if (!cpu_has_avx512bf16()) throw InternalError("bf16_tile_product: the processor lacks AVX512_BF16");
  if (A.d() != B.d() || A.width() != kMR || B.width() != kNR || b0 % kNR != 0 || ti > A.rows() ||
      b0 + tj > B.rows())
    throw InternalError("bf16_tile_product: operands do not match");
  const std::size_t P = A.pairs(), pa = (ti + kMR - 1) / kMR, pb = (tj + kNR - 1) / kNR, q0 = b0 / kNR;
  const std::size_t blocks = std::max<std::size_t>(1, (P + kPc - 1) / kPc);
  for (std::size_t kb = 0; kb < blocks; ++kb) {
    const std::size_t k0 = P * kb / blocks, pc = P * (kb + 1) / blocks - k0;
    const bool acc = kb > 0;
    for (std::size_t jp = 0; jp < pb; jp += 2) {
      const std::uint32_t* B0 = B.panel(q0 + jp) + k0 * kNR;
      const bool two_b = jp + 1 < pb;
      const std::uint32_t* B1 = two_b ? B.panel(q0 + jp + 1) + k0 * kNR : B0;
      for (std::size_t ip = 0; ip < pa; ip += 2) {
        const std::uint32_t* A0 = A.panel(ip) + k0 * kMR;
        const bool two_a = ip + 1 < pa;
        const std::uint32_t* A1 = two_a ? A.panel(ip + 1) + k0 * kMR : A0;
        float* Cp = C + ip * kMR * ldc + jp * kNR;
        if (two_a && two_b)
          micro_bf16<2, 2>(A0, A1, B0, B1, pc, Cp, ldc, acc);
        else if (two_a)
          micro_bf16<2, 1>(A0, A1, B0, B1, pc, Cp, ldc, acc);
        else if (two_b)
          micro_bf16<1, 2>(A0, A1, B0, B1, pc, Cp, ldc, acc);
        else
          micro_bf16<1, 1>(A0, A1, B0, B1, pc, Cp, ldc, acc);
      }
    }
  }
}

float float32_dot(const float* x, const float* y, std::size_t d) {
  if (cpu_has_avx512f()) return dot_avx512(x, y, d);
  float s = 0;
  for (std::size_t k = 0; k < d; ++k) s += x[k] * y[k];
  return s;
}

double plain_bf16_panel_products(const float* U, const float* V, std::size_t nu, std::size_t nv, std::size_t d,
                                 unsigned threads) {
  Bf16Panels pv(kNR, d);
  pv.pack(V, 0, nv, threads);
  const std::size_t rows = kPanelTileRows, cols = kPanelTileCols;
  const std::size_t tj_count = (nv + cols - 1) / cols, total = ((nu + rows - 1) / rows) * tj_count;
  std::atomic<std::size_t> next{0};
  std::vector<double> sums(threads, 0.0);
  run_on_threads(threads, [&](unsigned id) {
    Bf16Panels pu(kMR, d);
    std::size_t packed = std::size_t(-1);
    std::vector<float> C((rows + kMR) * (cols + kNR));
    for (std::size_t k; (k = next.fetch_add(1)) < total;) {
      const std::size_t I0 = (k / tj_count) * rows, J0 = (k % tj_count) * cols;
      const std::size_t ti = std::min(rows, nu - I0), tj = std::min(cols, nv - J0);
      if (packed != I0) pu.pack(U, I0, ti), packed = I0;
      const std::size_t ldc = (tj + kNR - 1) / kNR * kNR;
      bf16_tile_product(pu, ti, pv, J0, tj, C.data(), ldc);
      sums[id] += C[0] + C[(ti - 1) * ldc + tj - 1];
    }
  });
  double s = 0;
  for (double x : sums) s += x;
  return s;
}

ScreenCounters& screen_counters() {
  static ScreenCounters c;
  return c;
}

}  // namespace constel::detail
