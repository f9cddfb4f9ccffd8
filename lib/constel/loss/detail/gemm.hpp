// Row-major double and float matrix products for the loss: OpenBLAS cblas_dgemm when the library was built with
// it (CONSTEL_HAVE_CBLAS), Eigen otherwise. C = alpha * op(A) * op(B) + beta * C.
#pragma once

#include <cstddef>

namespace constel::loss {

void gemm_rowmajor(bool trans_a, bool trans_b, std::size_t m, std::size_t n, std::size_t k, double alpha,
                   const double* A, std::size_t lda, const double* B, std::size_t ldb, double beta, double* C,
                   std::size_t ldc);
void gemm_rowmajor(bool trans_a, bool trans_b, std::size_t m, std::size_t n, std::size_t k, float alpha,
                   const float* A, std::size_t lda, const float* B, std::size_t ldb, float beta, float* C,
                   std::size_t ldc);

// "OpenBLAS cblas_dgemm" or "Eigen".
const char* gemm_backend();

}  // namespace constel::loss
