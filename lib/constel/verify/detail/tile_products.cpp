// Tile products (see tile_products.hpp).
#include "constel/verify/detail/tile_products.hpp"

#include <algorithm>
#include <atomic>
#include <vector>

#include "constel/blas_threads.hpp"
#include "constel/threads.hpp"

#ifdef CONSTEL_HAVE_CBLAS
#include <cblas.h>
#else
#include <Eigen/Core>
#endif

namespace constel::detail {
namespace {

template <class T>
void blas_tile_product(const T* A, const T* B, std::size_t ti, std::size_t tj, std::size_t d, T* C) {
#ifdef CONSTEL_HAVE_CBLAS
  if constexpr (sizeof(T) == 4)
    cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasTrans, int(ti), int(tj), int(d), 1.0f, A, int(d), B, int(d), 0.0f,
                C, int(tj));
  else
    cblas_dgemm(CblasRowMajor, CblasNoTrans, CblasTrans, int(ti), int(tj), int(d), 1.0, A, int(d), B, int(d), 0.0, C,
                int(tj));
#else
  using M = Eigen::Matrix<T, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;
  Eigen::Map<const M> a(A, Eigen::Index(ti), Eigen::Index(d)), b(B, Eigen::Index(tj), Eigen::Index(d));
  Eigen::Map<M> c(C, Eigen::Index(ti), Eigen::Index(tj));
  c.noalias() = a * b.transpose();
#endif
}

// Every tile of rows x cols once, on `threads` threads, no reduction; the sum of two entries per tile.
double plain_products(const float* U, const float* V, std::size_t nu, std::size_t nv, std::size_t d,
                      unsigned threads, std::size_t rows, std::size_t cols, const PackedPanels* packed_v,
                      PanelKernel kernel) {
  const std::size_t tj_count = (nv + cols - 1) / cols, total = ((nu + rows - 1) / rows) * tj_count;
  std::atomic<std::size_t> next{0};
  std::vector<double> sums(threads, 0.0);
  const BlasThreadGuard one_blas_thread(1);
  auto body = [&](unsigned id) {
    TileProducts<float> products(U, V, d, packed_v, kernel);
    std::vector<float> C((rows + kPanelRowsA) * (cols + kPanelRowsB));
    for (std::size_t k; (k = next.fetch_add(1)) < total;) {
      const std::size_t I0 = (k / tj_count) * rows, J0 = (k % tj_count) * cols;
      const std::size_t ti = std::min(rows, nu - I0), tj = std::min(cols, nv - J0);
      const std::size_t ldc = products.compute(I0, ti, J0, tj, C.data());
      sums[id] += C[0] + C[(ti - 1) * ldc + tj - 1];
    }
  };
  run_on_threads(threads, body);
  double s = 0;
  for (double x : sums) s += x;
  return s;
}

}  // namespace

template <class T>
std::size_t TileProducts<T>::compute(std::size_t I0, std::size_t ti, std::size_t J0, std::size_t tj, T* C) {
  if constexpr (sizeof(T) == 4) {
    if (packed_v_ || pack_v_tiles_) {
      if (packed_row0_ != I0) packed_u_.pack(U_, I0, ti), packed_row0_ = I0;
      const std::size_t ldc = (tj + kPanelRowsB - 1) / kPanelRowsB * kPanelRowsB;
      if (packed_v_) {
        panel_tile_product(packed_u_, ti, *packed_v_, J0, tj, C, ldc, kernel_);
      } else {
        if (tile_v_row0_ != J0 || tile_v_rows_ != tj) tile_v_.pack(V_, J0, tj), tile_v_row0_ = J0, tile_v_rows_ = tj;
        panel_tile_product(packed_u_, ti, tile_v_, 0, tj, C, ldc, kernel_);
      }
      return ldc;
    }
  }
  blas_tile_product(U_ + I0 * d_, V_ + J0 * d_, ti, tj, d_, C);
  return tj;
}

template class TileProducts<float>;
template class TileProducts<double>;

double plain_tile_products(const float* U, const float* V, std::size_t nu, std::size_t nv, std::size_t d,
                           unsigned threads, std::size_t tile) {
  return plain_products(U, V, nu, nv, d, threads, tile, tile, nullptr, PanelKernel::Auto);
}

double plain_panel_products(const float* U, const float* V, std::size_t nu, std::size_t nv, std::size_t d,
                            unsigned threads, PanelKernel kernel) {
  PackedPanels pv(kPanelRowsB, d);
  pv.pack(V, 0, nv, threads);
  return plain_products(U, V, nu, nv, d, threads, kPanelTileRows, kPanelTileCols, &pv, kernel);
}

}  // namespace constel::detail
