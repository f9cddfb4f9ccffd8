// The BLAS-free small-problem path of the sigmoid loss (see small_edge.hpp, docs/math.md section 1).
#include "constel/loss/small_edge.hpp"

#include "constel/loss/detail/lanes.hpp"

#pragma GCC optimize("no-trapping-math")
#pragma GCC diagnostic ignored "-Wpsabi"

namespace constel::loss {
namespace {

using namespace lanes;

// One edge: VT = V^T (d x Np, zero padding columns), Vpad = V (N x dp, zero padding entries); W (N x Np)
// receives scale * dL/dz (its padding columns stay 0: U_i . 0), dU (N x dp) t W V, dVT (d x Np) t U^T W.
template <class T>
CONSTEL_INLINE void small_edge_body(const T* U, const T* VT, const T* Vpad, std::size_t N, std::size_t Np,
                                    std::size_t d, std::size_t dp, T t, T b, T scale, bool want_grad, bool want_loss,
                                    LossForm form, T* W, T* dU, T* dVT, TileSums& s) {
  Acc<T> A;
  auto pass = [&](std::size_t i0, std::size_t rows) __attribute__((always_inline)) {
    rows_pass_any<T, true>(W + i0 * Np, rows, N, Np, i0, t, b, scale, want_loss, form, A, s);
  };
  std::size_t i0 = 0;
  for (; i0 + 2 <= N; i0 += 2) {  // two rows share the loads of VT
    combine_cols<T, 2, 4>(U + i0 * d, d, 1, VT, Np, d, Np, T(1), W + i0 * Np, Np);
    pass(i0, 2);
  }
  if (i0 < N) {
    combine_cols<T, 1, 4>(U + i0 * d, d, 1, VT, Np, d, Np, T(1), W + i0 * Np, Np);
    pass(i0, 1);
  }
  A.flush(s);
  if (!want_grad) return;
  for (i0 = 0; i0 + 4 <= N; i0 += 4) combine_cols<T, 4, 3>(W + i0 * Np, Np, 1, Vpad, dp, N, dp, t, dU + i0 * dp, dp);
  for (; i0 < N; ++i0) combine_cols<T, 1, 3>(W + i0 * Np, Np, 1, Vpad, dp, N, dp, t, dU + i0 * dp, dp);
  std::size_t k0 = 0;
  for (; k0 + 2 <= d; k0 += 2) combine_cols<T, 2, 4>(U + k0, 1, d, W, Np, N, Np, t, dVT + k0 * Np, Np);
  if (k0 < d) combine_cols<T, 1, 4>(U + k0, 1, d, W, Np, N, Np, t, dVT + k0 * Np, Np);
}

template <class T>
__attribute__((target("avx2,fma"))) void small_edge_avx2(const T* U, const T* VT, const T* Vpad, std::size_t N,
                                                         std::size_t Np, std::size_t d, std::size_t dp, T t, T b,
                                                         T scale, bool want_grad, bool want_loss, LossForm form, T* W,
                                                         T* dU, T* dVT, TileSums& s) {
  small_edge_body<T>(U, VT, Vpad, N, Np, d, dp, t, b, scale, want_grad, want_loss, form, W, dU, dVT, s);
}

template <class T>
void small_edge_generic(const T* U, const T* VT, const T* Vpad, std::size_t N, std::size_t Np, std::size_t d,
                        std::size_t dp, T t, T b, T scale, bool want_grad, bool want_loss, LossForm form, T* W,
                        T* dU, T* dVT, TileSums& s) {
  small_edge_body<T>(U, VT, Vpad, N, Np, d, dp, t, b, scale, want_grad, want_loss, form, W, dU, dVT, s);
}

// Resizes v to n entries, all zero when its size changes (padding that nothing else writes stays 0).
template <class T>
void sized(std::vector<T>& v, std::size_t n) {
  if (v.size() != n) v.assign(n, T(0));
}

}  // namespace

template <class T>
void small_edges(const std::vector<std::vector<T>>& X, std::size_t N, std::size_t d, const SyncGraph& graph, T t, T b,
                 T scale, bool want_grad, bool want_loss, LossForm form, bool avx2, SmallEdgeWork<T>& w,
                 std::vector<std::vector<T>>& grad, TileSums& sums) {
  constexpr std::size_t L = Lanes<T>::L;
  const std::size_t Np = (N + L - 1) / L * L, dp = (d + L - 1) / L * L;
  sized(w.vt, d * Np);
  sized(w.vpad, N * dp);
  sized(w.W, N * Np);
  if (want_grad) sized(w.du, N * dp), sized(w.dvt, d * Np);
  for (auto [a, c] : graph.edges) {
    const T* V = X[c].data();
    for (std::size_t j = 0; j < N; ++j)
      for (std::size_t k = 0; k < d; ++k) w.vt[k * Np + j] = w.vpad[j * dp + k] = V[j * d + k];
    (avx2 ? small_edge_avx2<T> : small_edge_generic<T>)(X[a].data(), w.vt.data(), w.vpad.data(), N, Np, d, dp, t, b,
                                                        scale, want_grad, want_loss, form, w.W.data(), w.du.data(),
                                                        w.dvt.data(), sums);
    if (!want_grad) continue;
    for (std::size_t i = 0; i < N; ++i)
      for (std::size_t k = 0; k < d; ++k) grad[a][i * d + k] += w.du[i * dp + k];
    for (std::size_t j = 0; j < N; ++j)
      for (std::size_t k = 0; k < d; ++k) grad[c][j * d + k] += w.dvt[k * Np + j];
  }
}

template void small_edges<double>(const std::vector<std::vector<double>>&, std::size_t, std::size_t, const SyncGraph&,
                                  double, double, double, bool, bool, LossForm, bool, SmallEdgeWork<double>&,
                                  std::vector<std::vector<double>>&, TileSums&);
template void small_edges<float>(const std::vector<std::vector<float>>&, std::size_t, std::size_t, const SyncGraph&,
                                 float, float, float, bool, bool, LossForm, bool, SmallEdgeWork<float>&,
                                 std::vector<std::vector<float>>&, TileSums&);

}  // namespace constel::loss
