// The tiled pass (see certified_kernel.hpp): products per tile, a fast filter per entry against
// conservative thresholds, and an exact slow path for the few entries the bound cannot decide.
#include "constel/verify/detail/certified_kernel.hpp"

#include <algorithm>
#include <atomic>
#include <cmath>
#include <limits>
#include <memory>

#include "constel/blas_threads.hpp"
#include "constel/error.hpp"
#include "constel/threads.hpp"
#include "constel/verify/detail/certified_worker.hpp"

namespace constel::detail {

// Pass 1 of the reduction of one tile row, general case: x_j = C_j su sv_j, its histogram bin, and
// whether any x_j reaches a threshold. Compiled for AVX-512 (x86-64-v4) and AVX2 as well as the baseline,
// chosen at run time.
template <class T>
inline __attribute__((always_inline)) int scan_row_body(const T* row, std::size_t tj, double su, const double* sv,
                                                        double hlo, double inv_w, double last, double thr,
                                                        const double* cthr, double* xb, std::int32_t* bb) {
  int any = 0;
  for (std::size_t j = 0; j < tj; ++j) {
    const double x = double(row[j]) * su * sv[j];
    double fb = (x - hlo) * inv_w;
    fb = fb >= 0 ? (fb > last ? last : fb) : 0;  // NaN (0 * inf) goes to bin 0, never to an index
    xb[j] = x;
    bb[j] = std::int32_t(fb);
    any |= int(x >= thr) | int(x >= cthr[j]);
  }
  return any;
}

#define CONSTEL_SCAN_ROW(T)                                                                                        \
  __attribute__((target_clones("arch=x86-64-v4", "arch=haswell", "default"))) int scan_row(                                          \
      const T* row, std::size_t tj, double su, const double* sv, double hlo, double inv_w, double last, double thr, \
      const double* cthr, double* xb, std::int32_t* bb) {                                                          \
    return scan_row_body(row, tj, su, sv, hlo, inv_w, last, thr, cthr, xb, bb);                                    \
  }
CONSTEL_SCAN_ROW(float)
CONSTEL_SCAN_ROW(double)
#undef CONSTEL_SCAN_ROW

// Pass 1 for float32 tiles whose values are the computed entries themselves (no scaling): the same in
// float, 8 or 16 lanes wide. The thresholds are rounded down to float (float_down), so x >= thr_f whenever
// double(x) >= thr: nothing is missed, at worst an entry more is looked at closely. Bins are float
// statistics; the clamp keeps every index inside the histogram.
__attribute__((target_clones("arch=x86-64-v4", "arch=haswell", "default"))) int scan_row_f32(const float* row, std::size_t tj, float a,
                                                                            float c, float last, float thr,
                                                                            const float* cthr, std::int32_t* bb) {
  int any = 0;
  for (std::size_t j = 0; j < tj; ++j) {
    const float x = row[j];
    float fb = x * a + c;
    fb = fb >= 0 ? (fb > last ? last : fb) : 0;  // NaN goes to bin 0
    bb[j] = std::int32_t(fb);
    any |= int(x >= thr) | int(x >= cthr[j]);
  }
  return any;
}

// The largest float <= t (t a double; -inf and +inf map to themselves).
float float_down(double t) {
  float f = float(t);
  if (double(f) > t) f = std::nextafter(f, -std::numeric_limits<float>::infinity());
  return f;
}

namespace {

template <class A>
std::unique_ptr<A[]> zeros(std::size_t n) {
  auto p = std::make_unique<A[]>(n);
  for (std::size_t k = 0; k < n; ++k) p[k].store(0, std::memory_order_relaxed);
  return p;
}

// The threads' results into res: the maximum among every thread's exact best and the candidates that
// can still reach the largest lower bound L, under the one tie rule; counts and histograms summed.
template <class T>
void reduce_workers(const KernelSetup<T>& s, const std::vector<std::unique_ptr<CertifiedWorker<T>>>& workers,
                    CertifiedPartial& res) {
  double L = -kCertInf;
  for (auto& w : workers) L = std::max(L, w->lower());
  std::vector<TileCand> cands;
  for (auto& w : workers) w->collect(cands, L);
  auto consider = [&](const Integer& v, std::size_t i, std::size_t j) {
    if (!res.has_max || replaces<Keep::Largest>(s.exact->compare(v, i, j, res.max_dot, res.max_i, res.max_j),
                                                std::pair<std::uint64_t, std::uint64_t>(i, j),
                                                std::pair(res.max_i, res.max_j)))
      res.has_max = true, res.max_dot = v, res.max_i = i, res.max_j = j;
  };
  for (auto& w : workers)
    if (w->has_best()) consider(w->best_c(), w->best_i(), w->best_j());
  for (const TileCand& c : cands) {
    consider(s.exact->dot(c.i, c.j), c.i, c.j);
    ++res.exact_evaluations;
  }
  for (auto& w : workers) {
    w->count_screen();
    res.violations_neg += w->viol();
    res.exact_evaluations += w->evals();
    res.negatives += w->negatives();
    const std::vector<std::uint64_t>& h = w->hist();
    for (std::size_t b = 0; b < s.hist_bins; ++b) res.neg_hist[b] += h[b];
  }
}

}  // namespace

template <class T>
std::pair<std::size_t, std::size_t> certified_tile_shape(const KernelSetup<T>& s) {
  auto round_up = [](std::size_t x, std::size_t m) { return (x + m - 1) / m * m; };
  if (sizeof(T) == 4 && s.panels)
    return {s.panel_tile ? round_up(s.panel_tile, kPanelRowsA) : kPanelTileRows,
            s.panel_tile ? round_up(s.panel_tile, kPanelRowsB) : kPanelTileCols};
  return {s.tile, s.tile};
}

template <class T>
void certified_tile_range(const KernelSetup<T>& s, const PackedPanels* packed_v, std::uint64_t first,
                          std::uint64_t last, CertifiedPartial& res) {
  const auto shape = certified_tile_shape(s);  // no structured binding: clang 14 cannot capture one
  const std::size_t rows = shape.first, cols = shape.second;
  const std::size_t tj_count = (s.nv + cols - 1) / cols, total = last - first;
  // tiles are handed out in row-major order, so a thread packs each block of U rows at most once
  auto rf = zeros<std::atomic<std::uint8_t>>(s.nu), rt = zeros<std::atomic<std::uint8_t>>(s.nu);
  auto cf = zeros<std::atomic<std::uint8_t>>(s.nv), ct = zeros<std::atomic<std::uint8_t>>(s.nv);
  for (std::size_t i = 0; i < s.nu; ++i) rf[i].store(res.row_flags[i] & kRowFail, std::memory_order_relaxed);
  for (std::size_t j = 0; j < s.nv; ++j) cf[j].store(res.col_flags[j] & kRowFail, std::memory_order_relaxed);
  unsigned nthreads = unsigned(std::max<std::size_t>(1, std::min<std::size_t>(s.threads, total)));
  std::vector<std::unique_ptr<CertifiedWorker<T>>> workers;
  for (unsigned t = 0; t < nthreads; ++t)
    workers.push_back(
        std::make_unique<CertifiedWorker<T>>(s, packed_v, rows, cols, rf.get(), rt.get(), cf.get(), ct.get()));
  std::atomic<std::size_t> next{first}, done{0};
  const BlasThreadGuard one_blas_thread(1);
  auto body = [&](unsigned id) {
    try {
      for (std::size_t k; (k = next.fetch_add(1)) < last;) {
        if (s.stop && s.stop()) throw Cancelled("certified verification stopped by the caller");
        workers[id]->run_tile((k / tj_count) * rows, (k % tj_count) * cols);
        std::size_t dn = done.fetch_add(1) + 1;
        if (s.progress) s.progress(dn, total);
      }
    } catch (...) {
      next.store(last);  // the other threads stop at their next tile; run_on_threads rethrows
      throw;
    }
  };
  run_on_threads(nthreads, body);

  reduce_workers(s, workers, res);
  auto flags = [](std::vector<std::uint8_t>& out, const auto& fail, const auto& tie) {
    for (std::size_t k = 0; k < out.size(); ++k)
      out[k] |= std::uint8_t((fail[k].load() ? kRowFail : 0) | (tie[k].load() ? kRowTie : 0));
  };
  flags(res.row_flags, rf, rt);
  flags(res.col_flags, cf, ct);
}

template std::pair<std::size_t, std::size_t> certified_tile_shape<float>(const KernelSetup<float>&);
template std::pair<std::size_t, std::size_t> certified_tile_shape<double>(const KernelSetup<double>&);
template void certified_tile_range<float>(const KernelSetup<float>&, const PackedPanels*, std::uint64_t,
                                          std::uint64_t, CertifiedPartial&);
template void certified_tile_range<double>(const KernelSetup<double>&, const PackedPanels*, std::uint64_t,
                                           std::uint64_t, CertifiedPartial&);

}  // namespace constel::detail
