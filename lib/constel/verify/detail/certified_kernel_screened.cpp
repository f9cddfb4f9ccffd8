// The screened path of the tiled pass (certified_worker.hpp): a float32 tile through the bfloat16
// screen, the undecided entries recomputed in float32.
#include <cstdint>

#include "constel/verify/detail/certified_worker.hpp"

namespace constel::detail {

// The tile through the bfloat16 screen (bf16_screen.hpp, docs/math.md section 9.2): screen values
// x' with the bound E'_ij = screen_gamma ru_i rv_j go through pass 1 and the histogram like the
// float32 values; the entries they leave undecided against the thresholds as they stood at the
// start of the tile are collected, then recomputed in float32 and handed to the same slow path
// (which applies the float32 bound). False, after hist_rows rows were counted into the histogram,
// when more than 1/32 of the tile is undecided: the caller then runs the float32 pass on the tile.
template <class T>
bool CertifiedWorker<T>::run_screened(std::size_t I0, std::size_t J0, std::size_t& hist_rows) {
  const std::size_t ti = std::min(tile_rows_, s_.nu - I0), tj = std::min(tile_cols_, s_.nv - J0);
  if (screen_row0_ != I0) screen_u_.pack(s_.U, I0, ti), screen_row0_ = I0;
  const std::size_t ldc = (tj + kPanelRowsB - 1) / kPanelRowsB * kPanelRowsB;
  float* Cf = reinterpret_cast<float*>(C_.data());
  bf16_tile_product(screen_u_, ti, *s_.screen_v, J0, tj, Cf, ldc);
  ++tiles_screened_;
  const double g = s_.screen_gamma;
  double rvmax = 0;
  column_thresholds(I0, ti, J0, tj, g, 0.0, rvmax);
  const bool f32 = s_.unscaled;
  if (f32)
    for (std::size_t j = 0; j < tj; ++j) cthr_f_[j] = float_down(cthr_[j]);
  const double* sv = s_.sv + J0;
  const double hlo = s_.hist_lo;
  const long last = long(s_.hist_bins) - 1;
  const float fa = float(inv_w_), fc = float(-hlo * inv_w_);
  const std::size_t limit = std::max<std::size_t>(64, ti * tj / 32);
  undecided_.clear();
  for (std::size_t i = 0; i < ti; ++i) {
    const std::size_t r = I0 + i;
    const float* row = Cf + i * ldc;
    const double su = s_.su[r];
    double thr = L_;
    if (!row_fail_[r].load(std::memory_order_relaxed)) thr = std::min(thr, s_.row_lo[r]);
    if (s_.tau) thr = std::min(thr, s_.tau_lo);
    thr -= g * s_.ru[r] * rvmax;
    const std::size_t pos = s_.label[r];
    double* xb = xbuf_.data();
    std::int32_t* bb = bbuf_.data();
    const int any = f32 ? scan_row_f32(row, tj, fa, fc, float(last), float_down(thr), cthr_f_.data(), bb)
                        : scan_row(row, tj, su, sv, hlo, inv_w_, double(last), thr, cthr_.data(), xb, bb);
    const std::size_t skip = (pos >= J0 && pos < J0 + tj) ? pos - J0 : tj;
    for (std::size_t j = 0; j < tj; ++j) ++count_[std::size_t(bb[j])];
    if (skip < tj) --count_[std::size_t(bb[skip])];
    negatives_ += tj - (skip < tj ? 1 : 0);
    hist_rows = i + 1;
    if (!any) continue;
    for (std::size_t j = 0; j < tj; ++j) {
      const double x = f32 ? double(row[j]) : xb[j];
      if (j == skip || !(x >= thr || x >= cthr_[j])) continue;
      // what the screen's interval decides by itself: a lower bound of the maximum (this entry
      // stays in the list, so the one that reaches it is recomputed), a row or column failed
      const std::size_t c = J0 + j;
      const double lo = x - g * s_.ru[r] * s_.rv[c];
      bool changed = false;
      if (lo > L_) L_ = lo, changed = true;
      if (!row_fail_[r].load(std::memory_order_relaxed) && lo > s_.row_hi[r])
        row_fail_[r].store(1, std::memory_order_relaxed), changed = true;
      if (s_.col_has[c] && !col_fail_[c].load(std::memory_order_relaxed) && lo > s_.col_hi[c])
        col_fail_[c].store(1, std::memory_order_relaxed), cthr_[j] = kCertInf, cthr_f_[j] = float(kCertInf);
      if (changed) {
        thr = L_;
        if (!row_fail_[r].load(std::memory_order_relaxed)) thr = std::min(thr, s_.row_lo[r]);
        if (s_.tau) thr = std::min(thr, s_.tau_lo);
        thr -= g * s_.ru[r] * rvmax;
      }
      if (x >= thr || x >= cthr_[j]) undecided_.push_back({std::uint32_t(i), std::uint32_t(j)});
    }
    if (undecided_.size() > limit) {
      ++tiles_fallback_;
      return false;
    }
  }
  const std::size_t d = s_.d;
  for (const auto& [i, j] : undecided_) {
    const std::size_t r = I0 + i, c = J0 + j;
    const double f = double(float32_dot(s_.U + r * d, v_row(c), d));
    slow(r, c, s_.unscaled ? f : f * s_.su[r] * s_.sv[c]);
  }
  recomputed_ += undecided_.size();
  since_flush_ += ti * tj;
  if (since_flush_ > (std::uint64_t(1) << 31)) flush();
  return true;
}

template bool CertifiedWorker<float>::run_screened(std::size_t, std::size_t, std::size_t&);

}  // namespace constel::detail
