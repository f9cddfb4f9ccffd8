// The per-thread worker of the tiled pass (certified_kernel.hpp): it computes and reduces one tile at a
// time. Shared by certified_kernel.cpp (the tile's pass in the matrices' precision, the exact slow path,
// the reduction of the threads) and certified_kernel_screened.cpp (the tile through the bfloat16 screen).
// Internal to those two files.
#pragma once

#include <algorithm>
#include <atomic>
#include <cmath>
#include <cstdint>
#include <limits>
#include <utility>
#include <vector>

#include "constel/error.hpp"
#include "constel/verify/detail/certified_kernel.hpp"
#include "constel/verify/detail/extreme.hpp"
#include "constel/verify/detail/tile_products.hpp"

namespace constel::detail {

inline constexpr double kCertInf = std::numeric_limits<double>::infinity();

// Pass 1 of the reduction of one tile row (certified_kernel.cpp), general case: x_j = C_j su sv_j into
// xb, its histogram bin into bb; nonzero when some x_j >= thr or x_j >= cthr[j].
int scan_row(const float* row, std::size_t tj, double su, const double* sv, double hlo, double inv_w, double last,
             double thr, const double* cthr, double* xb, std::int32_t* bb);
int scan_row(const double* row, std::size_t tj, double su, const double* sv, double hlo, double inv_w, double last,
             double thr, const double* cthr, double* xb, std::int32_t* bb);
// Pass 1 for unscaled float32 tiles: bins x a + c (clamped to [0, last]); nonzero when some x >= thr or
// x >= cthr[j].
int scan_row_f32(const float* row, std::size_t tj, float a, float c, float last, float thr, const float* cthr,
                 std::int32_t* bb);
// The largest float <= t (t a double; -inf and +inf map to themselves).
float float_down(double t);

struct TileCand {
  std::uint32_t i, j;
  double lo, hi;
};

template <class T>
class CertifiedWorker {
 public:
  // packed_v: V in panels of 16 rows when the panel kernel runs (float32), else null; null beside a
  // row-major V with the panel kernel on (a screened block over row sources): the tiles that need
  // float32 products pack their rows of V themselves (TileProducts' pack_v_tiles)
  CertifiedWorker(const KernelSetup<T>& s, const PackedPanels* packed_v, std::size_t tile_rows, std::size_t tile_cols,
                  std::atomic<std::uint8_t>* rf, std::atomic<std::uint8_t>* rt, std::atomic<std::uint8_t>* cf,
                  std::atomic<std::uint8_t>* ct)
      : s_(s),
        products_(s.U, s.V, s.d, packed_v, s.panel_kernel, sizeof(T) == 4 && s.panels),
        tile_rows_(tile_rows),
        tile_cols_(tile_cols),
        row_fail_(rf),
        row_tie_(rt),
        col_fail_(cf),
        col_tie_(ct) {
    hist_.assign(s.hist_bins, 0);
    count_.assign(s.hist_bins, 0);
    xbuf_.resize(tile_cols);
    bbuf_.resize(tile_cols);
    inv_w_ = double(s.hist_bins) / (s.hist_hi - s.hist_lo);
    // the panel kernel writes whole 6 x 16 blocks: room for the padding
    C_.resize((tile_rows + kPanelRowsA) * (tile_cols + kPanelRowsB));
    cthr_.resize(tile_cols);
    cthr_f_.resize(tile_cols);
  }

  // Computes and reduces the tile of rows [I0, I0 + tile_rows) and columns [J0, J0 + tile_cols):
  // through the bfloat16 screen when it is on, else (or when the screen decides too little) in the
  // matrices' precision.
  void run_tile(std::size_t I0, std::size_t J0) {
    std::size_t hist_rows = 0;
    if constexpr (sizeof(T) == 4) {
      if (s_.screen_v && run_screened(I0, J0, hist_rows)) return;
    }
    run_full(I0, J0, hist_rows);
  }

  // The column thresholds of a tile for an entry bound gamma ru_i rv_j + extra: each active column's
  // positive less the largest bound of its entries in the tile (inactive columns: +inf). rvmax: the
  // largest rv_j of the tile's columns, for the rows' bounds.
  void column_thresholds(std::size_t I0, std::size_t ti, std::size_t J0, std::size_t tj, double gamma, double extra,
                         double& rvmax) {
    double rumax = 0;
    rvmax = 0;
    for (std::size_t i = 0; i < ti; ++i) rumax = std::max(rumax, s_.ru[I0 + i]);
    for (std::size_t j = 0; j < tj; ++j) rvmax = std::max(rvmax, s_.rv[J0 + j]);
    for (std::size_t j = 0; j < tj; ++j) {
      const std::size_t c = J0 + j;
      const bool active = s_.col_has[c] && !col_fail_[c].load(std::memory_order_relaxed);
      cthr_[j] = active ? s_.col_lo[c] - (gamma * rumax * s_.rv[c] + extra) : kCertInf;
    }
  }

  // The pass in the matrices' precision; the first hist_rows rows of the tile are already in the
  // histogram and the count of negatives (a screened tile that fell back).
  void run_full(std::size_t I0, std::size_t J0, std::size_t hist_rows) {
    const std::size_t ti = std::min(tile_rows_, s_.nu - I0), tj = std::min(tile_cols_, s_.nv - J0);
    const std::size_t ldc = products_.compute(I0, ti, J0, tj, C_.data());
    double rvmax = 0;
    column_thresholds(I0, ti, J0, tj, s_.gamma, s_.extra, rvmax);
    const bool f32 = sizeof(T) == 4 && s_.unscaled;
    if (f32)
      for (std::size_t j = 0; j < tj; ++j) cthr_f_[j] = float_down(cthr_[j]);
    const double* sv = s_.sv + J0;
    const double hlo = s_.hist_lo;
    const long last = long(s_.hist_bins) - 1;
    const float fa = float(inv_w_), fc = float(-hlo * inv_w_);
    for (std::size_t i = 0; i < ti; ++i) {
      const std::size_t r = I0 + i;
      const T* row = C_.data() + i * ldc;
      const double su = s_.su[r];
      const double Ei = s_.gamma * s_.ru[r] * rvmax + s_.extra;
      auto row_threshold = [&] {
        double thr = L_;
        if (!row_fail_[r].load(std::memory_order_relaxed)) thr = std::min(thr, s_.row_lo[r]);
        if (s_.tau) thr = std::min(thr, s_.tau_lo);
        return thr - Ei;
      };
      double thr = row_threshold();
      const std::size_t pos = s_.label[r];
      // pass 1 (vectorised): bins, and whether any entry needs a closer look
      double* xb = xbuf_.data();
      std::int32_t* bb = bbuf_.data();
      int any;
      if constexpr (sizeof(T) == 4)
        any = f32 ? scan_row_f32(row, tj, fa, fc, float(last), float_down(thr), cthr_f_.data(), bb)
                  : scan_row(row, tj, su, sv, hlo, inv_w_, double(last), thr, cthr_.data(), xb, bb);
      else
        any = scan_row(row, tj, su, sv, hlo, inv_w_, double(last), thr, cthr_.data(), xb, bb);
      // pass 2: the histogram of the negatives (the positive, if in this tile, is taken out again)
      const std::size_t skip = (pos >= J0 && pos < J0 + tj) ? pos - J0 : tj;
      if (i >= hist_rows) {
        for (std::size_t j = 0; j < tj; ++j) ++count_[std::size_t(bb[j])];
        if (skip < tj) --count_[std::size_t(bb[skip])];
        negatives_ += tj - (skip < tj ? 1 : 0);
      }
      // pass 3, rare: the precise checks, on the same double values as pass 1 compared
      if (any) {
        for (std::size_t j = 0; j < tj; ++j) {
          const double x = f32 ? double(row[j]) : xb[j];
          if (j == skip || !(x >= thr || x >= cthr_[j])) continue;
          slow(r, J0 + j, x);
          thr = row_threshold();  // the row may have failed, L may have risen
          if (s_.col_has[J0 + j] && col_fail_[J0 + j].load(std::memory_order_relaxed))
            cthr_[j] = kCertInf, cthr_f_[j] = std::numeric_limits<float>::infinity();
        }
      }
    }
    since_flush_ += ti * tj;
    if (since_flush_ > (std::uint64_t(1) << 31)) flush();
  }

  // The tile through the bfloat16 screen (bf16_screen.hpp, docs/math.md section 9.2): screen values
  // x' with the bound E'_ij = screen_gamma ru_i rv_j go through pass 1 and the histogram like the
  // float32 values; the entries they leave undecided against the thresholds as they stood at the
  // start of the tile are collected, then recomputed in float32 and handed to the same slow path
  // (which applies the float32 bound). False, after hist_rows rows were counted into the histogram,
  // when more than 1/32 of the tile is undecided: the caller then runs the float32 pass on the tile.
  bool run_screened(std::size_t I0, std::size_t J0, std::size_t& hist_rows);  // certified_kernel_screened.cpp

  // Adds this worker's screen diagnostics to screen_counters().
  void count_screen() const {
    if (!s_.screen_v) return;
    ScreenCounters& sc = screen_counters();
    sc.recomputed += recomputed_, sc.tiles += tiles_screened_, sc.fallback_tiles += tiles_fallback_;
  }

  // Final candidates for the maximum (those that may still reach L).
  void collect(std::vector<TileCand>& out, double L) const {
    for (const TileCand& c : cands_)
      if (c.hi >= L) out.push_back(c);
  }
  double lower() const { return L_; }
  bool has_best() const { return has_best_; }
  const Integer& best_c() const { return best_c_; }
  std::size_t best_i() const { return best_i_; }
  std::size_t best_j() const { return best_j_; }
  std::uint64_t viol() const { return viol_; }
  std::uint64_t evals() const { return evals_; }
  std::uint64_t negatives() const { return negatives_; }
  const std::vector<std::uint64_t>& hist() {
    flush();
    return hist_;
  }

 private:
  void slow(std::size_t i, std::size_t j, double x) {
    const double E = s_.gamma * s_.ru[i] * s_.rv[j] + s_.extra;
    const double lo = x - E, hi = x + E;
    bool have = false;
    Integer c;
    auto value = [&]() -> const Integer& {
      if (!have) c = s_.exact->dot(i, j), have = true, ++evals_;
      return c;
    };
    // maximum of the negatives
    if (hi >= L_) {
      cands_.push_back({std::uint32_t(i), std::uint32_t(j), lo, hi});
      if (lo > L_) L_ = lo;
      if (cands_.size() > (1u << 16)) shrink();
    }
    // row i: is a negative above (or equal to) the positive?
    if (!row_fail_[i].load(std::memory_order_relaxed)) {
      if (lo > s_.row_hi[i]) {
        row_fail_[i].store(1, std::memory_order_relaxed);
      } else if (hi >= s_.row_lo[i]) {
        int cmp = s_.exact->compare(value(), i, j, (*s_.row_pos)[i], i, s_.label[i]);
        if (cmp > 0) row_fail_[i].store(1, std::memory_order_relaxed);
        if (cmp == 0) row_tie_[i].store(1, std::memory_order_relaxed);
      }
    }
    // column j: is a negative above (or equal to) the best positive of the column?
    if (s_.col_has[j] && !col_fail_[j].load(std::memory_order_relaxed)) {
      if (lo > s_.col_hi[j]) {
        col_fail_[j].store(1, std::memory_order_relaxed);
      } else if (hi >= s_.col_lo[j]) {
        int cmp = s_.exact->compare(value(), i, j, (*s_.col_pos)[j], s_.col_pos_row[j], j);
        if (cmp > 0) col_fail_[j].store(1, std::memory_order_relaxed);
        if (cmp == 0) col_tie_[j].store(1, std::memory_order_relaxed);
      }
    }
    // violations of the negative threshold: value > tau
    if (s_.tau) {
      if (lo > s_.tau_hi)
        ++viol_;
      else if (hi >= s_.tau_lo && s_.exact->compare(value(), i, j, *s_.tau) > 0)
        ++viol_;
    }
  }

  // Keeps the candidate list bounded: drop those below L, and if still long, resolve them exactly.
  void shrink() {
    std::erase_if(cands_, [&](const TileCand& c) { return c.hi < L_; });
    if (cands_.size() <= (1u << 15)) return;
    for (const TileCand& k : cands_) {
      Integer v = s_.exact->dot(k.i, k.j);
      ++evals_;
      if (!has_best_ || better(v, k.i, k.j)) {
        best_c_ = v, best_i_ = k.i, best_j_ = k.j, has_best_ = true;
        if (k.lo > L_) L_ = k.lo;
      }
    }
    cands_.clear();
  }
  bool better(const Integer& v, std::size_t i, std::size_t j) const {
    return replaces<Keep::Largest>(s_.exact->compare(v, i, j, best_c_, best_i_, best_j_), std::pair(i, j),
                                   std::pair(best_i_, best_j_));
  }

  // Row j of V, row-major (a screened tile always has V: certified_plan.cpp keeps a block's rows of V
  // row-major when it screens, instead of copying rows out of the float32 panels).
  const T* v_row(std::size_t j) const {
    if (!s_.V) throw InternalError("certified kernel: the screen's tile has no rows of V");
    return s_.V + j * s_.d;
  }

  const KernelSetup<T>& s_;
  TileProducts<T> products_;
  std::size_t tile_rows_, tile_cols_;
  std::atomic<std::uint8_t>*row_fail_, *row_tie_, *col_fail_, *col_tie_;
  std::vector<T> C_;
  std::vector<double> cthr_;
  std::vector<float> cthr_f_;
  std::vector<std::uint64_t> hist_;
  // compact per-thread bins (cache-resident), flushed before a count can overflow
  std::vector<std::uint32_t> count_;
  std::vector<double> xbuf_;
  std::vector<std::int32_t> bbuf_;
  std::uint64_t since_flush_ = 0;
  void flush() {
    for (std::size_t b = 0; b < count_.size(); ++b) hist_[b] += count_[b], count_[b] = 0;
    since_flush_ = 0;
  }
  double inv_w_ = 1;
  double L_ = -kCertInf;
  std::vector<TileCand> cands_;
  bool has_best_ = false;
  Integer best_c_;
  std::size_t best_i_ = 0, best_j_ = 0;
  std::uint64_t viol_ = 0, evals_ = 0, negatives_ = 0;
  // the bfloat16 screen (float32 only)
  Bf16Panels screen_u_{kPanelRowsA, s_.d};
  std::size_t screen_row0_ = std::size_t(-1);
  std::vector<std::pair<std::uint32_t, std::uint32_t>> undecided_;
  std::uint64_t recomputed_ = 0, tiles_screened_ = 0, tiles_fallback_ = 0;
};

}  // namespace constel::detail
