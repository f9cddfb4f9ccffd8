// Adam's update loop (dense, or for the rows of a mini-batch) and the re-projection onto the sphere (see adam.hpp), each with an AVX2 + FMA
// variant chosen at run time. Compiled without errno for sqrt so that the loops vectorise.
#include "constel/train/adam.hpp"

#include <cmath>

#include "constel/cpu.hpp"

#pragma GCC optimize("no-math-errno")

namespace constel::train {
namespace {

#define CONSTEL_INLINE inline __attribute__((always_inline))

// lr * (m / c1) / (sqrt(v / c2) + eps), with one square root and one division per entry.
CONSTEL_INLINE void adam_body(double* p, const double* g, double* m, double* v, std::size_t n, double b1, double b2,
                              double eps, double step_size, double inv_sqrt_c2) {
  for (std::size_t i = 0; i < n; ++i) {
    m[i] = b1 * m[i] + (1.0 - b1) * g[i];
    v[i] = b2 * v[i] + (1.0 - b2) * g[i] * g[i];
    p[i] -= step_size * m[i] / (std::sqrt(v[i]) * inv_sqrt_c2 + eps);
  }
}

__attribute__((target("avx2,fma"))) void adam_avx2(double* p, const double* g, double* m, double* v, std::size_t n,
                                                   double b1, double b2, double eps, double step_size,
                                                   double inv_sqrt_c2) {
  adam_body(p, g, m, v, n, b1, b2, eps, step_size, inv_sqrt_c2);
}

void adam_generic(double* p, const double* g, double* m, double* v, std::size_t n, double b1, double b2, double eps,
                  double step_size, double inv_sqrt_c2) {
  adam_body(p, g, m, v, n, b1, b2, eps, step_size, inv_sqrt_c2);
}

// Four rows at a time, each row's squares summed in its own order (the rows' chains overlap).
CONSTEL_INLINE void normalize_body(double* X, std::size_t N, std::size_t d) {
  auto finish = [d](double* row, double s) __attribute__((always_inline)) {
    if (s == 0) {
      row[0] = 1;
      return;
    }
    const double inv = 1.0 / std::sqrt(s);
    for (std::size_t j = 0; j < d; ++j) row[j] *= inv;
  };
  std::size_t i = 0;
  for (; i + 4 <= N; i += 4) {
    double* r = X + i * d;
    double s0 = 0, s1 = 0, s2 = 0, s3 = 0;
    for (std::size_t j = 0; j < d; ++j) {
      s0 += r[j] * r[j], s1 += r[d + j] * r[d + j];
      s2 += r[2 * d + j] * r[2 * d + j], s3 += r[3 * d + j] * r[3 * d + j];
    }
    finish(r, s0), finish(r + d, s1), finish(r + 2 * d, s2), finish(r + 3 * d, s3);
  }
  for (; i < N; ++i) {
    double* r = X + i * d;
    double s = 0;
    for (std::size_t j = 0; j < d; ++j) s += r[j] * r[j];
    finish(r, s);
  }
}

__attribute__((target("avx2,fma"))) void normalize_avx2(double* X, std::size_t N, std::size_t d) {
  normalize_body(X, N, d);
}

void normalize_generic(double* X, std::size_t N, std::size_t d) { normalize_body(X, N, d); }

}  // namespace

void Adam::update(double* p, const double* g, std::size_t n, std::size_t step, const AdamSettings& s) {
  if (m_.size() < n) {
    m_.resize(n, 0.0);
    v_.resize(n, 0.0);
  }
  const double c1 = 1.0 - std::pow(s.beta1, double(step)), c2 = 1.0 - std::pow(s.beta2, double(step));
  (cpu_has_avx2_fma() ? adam_avx2 : adam_generic)(p, g, m_.data(), v_.data(), n, s.beta1, s.beta2, s.eps, s.lr / c1,
                                                   1.0 / std::sqrt(c2));
}

void Adam::update_rows(double* p, const double* g, const std::vector<std::size_t>& rows, std::size_t width,
                       std::size_t step, const AdamSettings& s) {
  const double c1 = 1.0 - std::pow(s.beta1, double(step)), c2 = 1.0 - std::pow(s.beta2, double(step));
  auto body = cpu_has_avx2_fma() ? adam_avx2 : adam_generic;
  for (std::size_t r = 0; r < rows.size(); ++r) {
    const std::size_t at = rows[r] * width;
    if (m_.size() < at + width) {
      m_.resize(at + width, 0.0);
      v_.resize(at + width, 0.0);
    }
    body(p + at, g + r * width, m_.data() + at, v_.data() + at, width, s.beta1, s.beta2, s.eps, s.lr / c1,
         1.0 / std::sqrt(c2));
  }
}

void normalize_rows(std::vector<double>& X, std::size_t N, std::size_t d) {
  (cpu_has_avx2_fma() ? normalize_avx2 : normalize_generic)(X.data(), N, d);
}

void normalize_listed_rows(std::vector<double>& X, const std::vector<std::size_t>& rows, std::size_t d) {
  auto body = cpu_has_avx2_fma() ? normalize_avx2 : normalize_generic;
  for (std::size_t r : rows) body(X.data() + r * d, 1, d);
}

}  // namespace constel::train
