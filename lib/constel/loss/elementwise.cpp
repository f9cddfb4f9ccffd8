// The per-entry pass (stable softplus, or the authors' BCE with an epsilon) over a tile of inner products
// (see elementwise.hpp, docs/math.md section 1); the vectorised code is lanes.hpp's, shared with the float32 steps.
#include "constel/loss/elementwise.hpp"

#include <cmath>

#include "constel/cpu.hpp"
#include "constel/loss/detail/lanes.hpp"

// Without this, GCC keeps the scalar clamps and selects as branches (a comparison may trap). No code
// here reads floating-point exception flags.
#pragma GCC optimize("no-trapping-math")
#pragma GCC diagnostic ignored "-Wpsabi"

namespace constel::loss {
namespace {

using namespace lanes;

template <class T>
__attribute__((target("avx2,fma"))) void tile_avx2(T* G, std::size_t rows, std::size_t cols, std::size_t ld,
                                                   std::size_t diag0, T t, T b, T scale, bool want_loss, LossForm form,
                                                   TileSums& s) {
  tile_body<T>(G, rows, cols, ld, diag0, t, b, scale, want_loss, form, s);
}

template <class T>
void tile_generic(T* G, std::size_t rows, std::size_t cols, std::size_t ld, std::size_t diag0, T t, T b, T scale,
                  bool want_loss, LossForm form, TileSums& s) {
  tile_body<T>(G, rows, cols, ld, diag0, t, b, scale, want_loss, form, s);
}

template <class T>
void tile_any(T* G, std::size_t rows, std::size_t cols, std::size_t ld, std::size_t diag0, T t, T b, T scale,
              bool want_loss, TileSums& sums, bool portable, LossForm form) {
  (sigmoid_tile_uses_avx2() && !portable ? tile_avx2<T> : tile_generic<T>)(G, rows, cols, ld, diag0, t, b, scale,
                                                                            want_loss, form, sums);
}

}  // namespace

bool sigmoid_tile_uses_avx2() { return cpu_has_avx2_fma(); }

void sigmoid_tile(double* G, std::size_t rows, std::size_t cols, std::size_t ld, std::size_t diag0, double t,
                  double b, double scale, bool want_loss, TileSums& sums, bool portable, LossForm form) {
  tile_any(G, rows, cols, ld, diag0, t, b, scale, want_loss, sums, portable, form);
}

void sigmoid_tile(float* G, std::size_t rows, std::size_t cols, std::size_t ld, std::size_t diag0, float t, float b,
                  float scale, bool want_loss, TileSums& sums, bool portable, LossForm form) {
  tile_any(G, rows, cols, ld, diag0, t, b, scale, want_loss, sums, portable, form);
}

double exp_nonpositive(double x) { return exp_scalar<double>(x); }
double log1p_unit(double e) { return log1p_poly<double, double>(e); }

double softplus(double y) { return std::max(y, 0.0) + log1p_unit(exp_nonpositive(-std::fabs(y))); }

double sigmoid(double y) {
  double e = exp_nonpositive(-std::fabs(y));
  return y >= 0 ? 1.0 / (1.0 + e) : e / (1.0 + e);
}

}  // namespace constel::loss
