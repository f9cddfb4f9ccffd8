// One pass of the certified loss of given embeddings (detail/given_pass.hpp): dgemm row tiles of
// U V^T on our own threads, the loss term of every pair with libm's exp/log1p/log, a compensated sum
// per thread (combined in thread order, so a run is deterministic for a thread count), the extremes of
// the computed inner products and their histograms; and the enclosures built from a pass
// (docs/math.md section 1.b).
#include <algorithm>
#include <cmath>

#include "constel/blas_threads.hpp"
#include "constel/error.hpp"
#include "constel/loss/detail/gemm.hpp"
#include "constel/loss/detail/given_pass.hpp"
#include "constel/threads.hpp"

namespace constel::loss::detail {

double softplus_libm(double y) {
  return y > 0 ? y + std::log1p(std::exp(-y)) : std::log1p(std::exp(y));
}

double sigmoid_libm(double y) {
  if (y >= 0) return 1 / (1 + std::exp(-y));
  double e = std::exp(y);
  return e / (1 + e);
}

namespace {

struct ThreadPart {
  CompensatedSum sum;
  double min_pos = std::numeric_limits<double>::infinity(), max_neg = -std::numeric_limits<double>::infinity();
  std::vector<std::uint64_t> pos, neg;
};

// The terms of rows r0 .. r0 + nr whose products are in G (nr x Nv).
void tile_terms(const Prepared& p, const double* G, std::size_t r0, std::size_t nr, double t, double b,
                LossForm form, Histograms* hist, ThreadPart& part) {
  const double inv_w = hist ? double(hist->bins) / (2 * p.g_bound) : 0;
  for (std::size_t r = 0; r < nr; ++r) {
    const std::size_t i = r0 + r;
    for (std::size_t j = 0; j < p.Nv; ++j) {
      double g = G[r * p.Nv + j];
      if (p.normalize) g = g / (p.nu[i] * p.nv[j]);
      const bool pos = p.positive(i, j);
      if (pos)
        part.min_pos = std::min(part.min_pos, g);
      else
        part.max_neg = std::max(part.max_neg, g);
      if (hist) {
        double x = (g + p.g_bound) * inv_w;
        if (!(x >= 0) || x > double(hist->bins)) throw InternalError("loss: an inner product beyond its bound");
        std::size_t k = std::min(hist->bins - 1, static_cast<std::size_t>(x));
        ++(pos ? part.pos : part.neg)[k];
      }
      const double z = t * g - b;
      const double y = pos ? -z : z;  // softplus(y) is the pair's term
      part.sum.add(form == LossForm::Softplus ? softplus_libm(y) : -std::log(sigmoid_libm(-y) + kBceEpsilon));
    }
  }
}

}  // namespace

PassResult loss_pass(const Prepared& p, double t, double b, LossForm form, Histograms* hist) {
  const std::size_t rows = std::max<std::size_t>(1, std::min<std::size_t>(p.Nu, (std::size_t(1) << 19) / std::max<std::size_t>(p.Nv, 1)));
  const std::size_t tiles = (p.Nu + rows - 1) / rows;
  const unsigned threads = static_cast<unsigned>(std::max<std::size_t>(1, std::min<std::size_t>(p.threads, tiles)));
  std::vector<ThreadPart> parts(threads);
  const BlasThreadGuard one_blas_thread(1);  // products run inside our threads
  run_on_threads(threads, [&](unsigned q) {
    ThreadPart& part = parts[q];
    if (hist) part.pos.assign(hist->bins, 0), part.neg.assign(hist->bins, 0);
    std::vector<double> G(rows * p.Nv);
    for (std::size_t tile = q; tile < tiles; tile += threads) {
      if (p.stop && p.stop()) throw Cancelled("loss: stopped");
      const std::size_t r0 = tile * rows, nr = std::min(rows, p.Nu - r0);
      gemm_rowmajor(false, true, nr, p.Nv, p.d, 1.0, p.U.data() + r0 * p.d, p.d, p.V.data(), p.d, 0.0, G.data(), p.Nv);
      tile_terms(p, G.data(), r0, nr, t, b, form, hist, part);
    }
  });
  PassResult r;
  r.partial_sums = threads;
  if (hist) hist->pos.assign(hist->bins, 0), hist->neg.assign(hist->bins, 0);
  for (const ThreadPart& part : parts) {
    r.loss.add(part.sum.sum());
    r.abs_terms += part.sum.abs;
    r.loss.n += part.sum.n - 1;  // count terms, not partial sums
    r.min_pos = std::min(r.min_pos, part.min_pos);
    r.max_neg = std::max(r.max_neg, part.max_neg);
    if (hist)
      for (std::size_t k = 0; k < hist->bins; ++k) hist->pos[k] += part.pos[k], hist->neg[k] += part.neg[k];
  }
  return r;
}

double logit_error_bound(const Prepared& p, double t, double b, double t_rel_error) {
  return 1.01 * (t * p.g_error + (4 * kUnit + t_rel_error) * (t * p.g_bound + std::abs(b))) + 1e-300;
}

void loss_enclosure(const PassResult& r, LossForm form, double delta, double& lo, double& hi) {
  const double u = kUnit, n = double(r.loss.n), S = r.loss.sum(), A = r.abs_terms;
  // The compensated sums per thread and their combination (docs/math.md section 1.b).
  const double sum_error = (6 * u + double(r.partial_sums) * u + 8 * n * u * u) * A + n * 0x1p-1070;
  if (form == LossForm::Softplus) {
    // Every term is log-1-Lipschitz in the logit and computed within 8 u relative.
    lo = std::max(0.0, S - sum_error) * (1 - 8 * u) * std::exp(-delta) * (1 - 8 * u);
    hi = (S + sum_error) / (1 - 8 * u) * std::exp(delta) * (1 + 8 * u);
  } else {
    // Every term is 1-Lipschitz in the logit and computed within 8 u + 2.1 u |term| absolute.
    const double err = sum_error + n * (delta + 8 * u) + 2.1 * u * A;
    lo = S - err, hi = S + err;
    const double slack = 8 * u * (std::abs(S) + err);
    lo -= slack, hi += slack;
  }
}

}  // namespace constel::loss::detail
