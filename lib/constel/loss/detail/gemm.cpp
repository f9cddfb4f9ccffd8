// The matrix products of the loss (see gemm.hpp): cblas_dgemm / cblas_sgemm or an Eigen fallback.
#include "constel/loss/detail/gemm.hpp"

#include <Eigen/Dense>

#ifdef CONSTEL_HAVE_CBLAS
#include <cblas.h>
#endif

namespace constel::loss {

namespace {

template <class T>
void gemm_impl(bool trans_a, bool trans_b, std::size_t m, std::size_t n, std::size_t k, T alpha, const T* A,
               std::size_t lda, const T* B, std::size_t ldb, T beta, T* C, std::size_t ldc) {
  if (m == 0 || n == 0) return;
#ifdef CONSTEL_HAVE_CBLAS
  auto call = [](auto... args) {
    if constexpr (sizeof(T) == 8)
      cblas_dgemm(args...);
    else
      cblas_sgemm(args...);
  };
  call(CblasRowMajor, trans_a ? CblasTrans : CblasNoTrans, trans_b ? CblasTrans : CblasNoTrans, static_cast<int>(m),
       static_cast<int>(n), static_cast<int>(k), alpha, A, static_cast<int>(lda), B, static_cast<int>(ldb), beta, C,
       static_cast<int>(ldc));
#else
  using Mat = Eigen::Matrix<T, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;
  using Stride = Eigen::OuterStride<>;
  Eigen::Map<Mat, 0, Stride> c(C, m, n, Stride(ldc));
  auto a_rows = trans_a ? k : m, a_cols = trans_a ? m : k;
  auto b_rows = trans_b ? n : k, b_cols = trans_b ? k : n;
  Eigen::Map<const Mat, 0, Stride> a(A, a_rows, a_cols, Stride(lda));
  Eigen::Map<const Mat, 0, Stride> b(B, b_rows, b_cols, Stride(ldb));
  if (beta == 0) c.setZero(); else c *= beta;
  if (trans_a && trans_b) c.noalias() += alpha * a.transpose() * b.transpose();
  else if (trans_a) c.noalias() += alpha * a.transpose() * b;
  else if (trans_b) c.noalias() += alpha * a * b.transpose();
  else c.noalias() += alpha * a * b;
#endif
}

}  // namespace

void gemm_rowmajor(bool trans_a, bool trans_b, std::size_t m, std::size_t n, std::size_t k, double alpha,
                   const double* A, std::size_t lda, const double* B, std::size_t ldb, double beta, double* C,
                   std::size_t ldc) {
  gemm_impl(trans_a, trans_b, m, n, k, alpha, A, lda, B, ldb, beta, C, ldc);
}

void gemm_rowmajor(bool trans_a, bool trans_b, std::size_t m, std::size_t n, std::size_t k, float alpha,
                   const float* A, std::size_t lda, const float* B, std::size_t ldb, float beta, float* C,
                   std::size_t ldc) {
  gemm_impl(trans_a, trans_b, m, n, k, alpha, A, lda, B, ldb, beta, C, ldc);
}

const char* gemm_backend() {
#ifdef CONSTEL_HAVE_CBLAS
  return "OpenBLAS cblas_dgemm";
#else
  return "Eigen";
#endif
}

}  // namespace constel::loss
