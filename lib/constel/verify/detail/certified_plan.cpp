// The certified verifier's plan (see certified_parts.hpp, detail/certified_plan.hpp): prepare computes
// the exact positives and norms, the scales and error bounds and the histogram range (the error
// bound's argument is in certified.cpp), process runs the tile kernel on a range of tiles, and finish
// (certified_plan_finish.cpp) turns a partial covering every tile into the report. The class is in
// certified_plan_of.hpp.
#include <algorithm>
#include <cmath>

#include "constel/threads.hpp"
#include "constel/verify/detail/certified_plan_of.hpp"
#include "constel/verify/detail/certified_stats.hpp"
#include "constel/verify/detail/certified_values.hpp"

namespace constel::detail {
namespace {

template <class F>
void parallel_for(std::size_t n, unsigned threads, F f) {
  threads = unsigned(std::max<std::size_t>(1, std::min<std::size_t>(threads, n / 64 + 1)));
  run_on_threads(threads, [&](unsigned t) {
    for (std::size_t k = t; k < n; k += threads) f(k);
  });
}

}  // namespace

// Squared norms: exact when normalize needs them for exact comparisons; otherwise in double with the
// bound |fl(sum x^2) - sum x^2| <= gamma_d sum x^2, and exact only to settle "exactly unit?".
// z 2^from as a multiple of 2^to (to <= from: exact), for a share computed in float32 units when the
// plan runs the float64 kernel.
static std::vector<Integer> rescaled(const std::vector<Integer>& z, int from, int to) {
  if (from < to) throw InternalError("certified plan share: exact values in units finer than the kernel's");
  std::vector<Integer> out(z);
  if (from > to)
    for (Integer& x : out) x <<= unsigned(from - to);
  return out;
}

template <class T>
void PlanOf<T>::norms() {
  if (opt_.normalize && share_) {
    nU_ = rescaled(share_->u.exact_sq, share_->exponent, E), nV_ = rescaled(share_->v.exact_sq, share_->exponent, E);
  } else if (opt_.normalize) {
    nU_.resize(nu_), nV_.resize(nv_);
    auto exact_norms = [&](const RowAccess<T>& X, std::size_t n, std::vector<Integer>& out) {
      X.chunks(0, n, [&](std::size_t a, std::size_t b, const T* R) {
        parallel_for(b - a, threads_, [&](std::size_t k) { out[a + k] = exact_dot(R + k * d_, R + k * d_, d_); });
      });
    };
    exact_norms(ur_, nu_, nU_);
    exact_norms(vr_, nv_, nV_);
  }
  dU_.resize(nu_), dV_.resize(nv_), su_.assign(nu_, 1.0), sv_.assign(nv_, 1.0), ru_.resize(nu_), rv_.resize(nv_);
  bool unit = true;
  double dev_max = -1, dev_sum = 0;
  norms_of(ur_, nU_, dU_, su_, ru_, "U", unit, dev_max, dev_sum, share_ ? &share_->u : nullptr);
  norms_of(vr_, nV_, dV_, sv_, rv_, "V", unit, dev_max, dev_sum, share_ ? &share_->v : nullptr);
  header_.unit_norm_exact = unit;
  header_.norm_max_deviation = dev_max;
  header_.norm_mean_deviation = dev_sum / double(nu_ + nv_);
}

template <class T>
void PlanOf<T>::norms_of(const RowAccess<T>& X, std::vector<Integer>& n, std::vector<double>& dn, std::vector<double>& s,
                         std::vector<double>& r, const char* side, bool& unit, double& dev_max, double& dev_sum,
                         const CertifiedPlanShare::Side* shared) {
  const std::size_t d = d_;
  const Integer one = Integer(1) << (-E);
  const double rel = double(d + 2) * 0x1p-52;  // >= gamma_d in double, with room
  if (shared) {  // the share computed the squared norms and the exact-unit test row by row (certified_share.cpp)
    for (std::size_t i = 0; i < dn.size(); ++i) dn[i] = opt_.normalize ? scaled_to_double(n[i], E) : shared->sq[i];
    if (!opt_.normalize) unit = unit && shared->unit;
    for (std::size_t i = 0; i < dn.size(); ++i) row_bounds(i, n, dn, s, r, side, unit, dev_max, dev_sum);
    return;
  }
  X.chunks(0, dn.size(), [&](std::size_t a, std::size_t b, const T* R) {
    parallel_for(b - a, threads_, [&](std::size_t k) {
      const std::size_t i = a + k;
      if (opt_.normalize) {
        dn[i] = scaled_to_double(n[i], E);
      } else {
        double acc = 0;
        for (std::size_t c = 0; c < d; ++c) acc += double(R[k * d + c]) * double(R[k * d + c]);
        dn[i] = acc;
      }
    });
    for (std::size_t i = a; i < b; ++i) {
      const T* row = R + (i - a) * d;
      if (unit && !opt_.normalize) unit = std::fabs(dn[i] - 1) <= 4 * rel && exact_dot(row, row, d) == one;
      row_bounds(i, n, dn, s, r, side, unit, dev_max, dev_sum);
    }
  });
}

template <class T>
void PlanOf<T>::row_bounds(std::size_t i, const std::vector<Integer>& n, const std::vector<double>& dn,
                           std::vector<double>& s, std::vector<double>& r, const char* side, bool& unit,
                           double& dev_max, double& dev_sum) {
  const Integer one = Integer(1) << (-E);
  const double rel = double(d_ + 2) * 0x1p-52;
  if (unit && opt_.normalize) unit = n[i] == one;
  double len = std::sqrt(dn[i]), dev = std::fabs(len - 1);
  dev_sum += dev;
  if (dev > dev_max) dev_max = dev, header_.norm_max_where = std::string(side) + " row " + std::to_string(i);
  if (opt_.normalize) {
    if (n[i] == 0) throw InputError(std::string("cannot normalize: ") + side + " row " + std::to_string(i) + " is zero");
    s[i] = 1.0 / len;
    r[i] = 1.0 + 0x1p-46;
  } else {
    r[i] = std::sqrt(dn[i] * (1 + rel)) * (1.0 + 0x1p-50);
  }
}

// The exact positives and their double bounds, the minimum positive (smallest row among ties), and
// the best positive of each column.
template <class T>
void PlanOf<T>::positives() {
  const std::size_t nu = nu_, nv = nv_, d = d_;
  ex_ = ExactContext<T>{U_, V_, d, opt_.normalize, &nU_, &nV_};
  if (share_) {
    P_ = rescaled(share_->positives, share_->exponent, E);
  } else {
    P_.resize(nu);
    pairs([&](std::size_t a, std::size_t b, const T* R, const typename RowAccess<T>::Picked& vs) {
      parallel_for(b - a, threads_, [&](std::size_t k) { P_[a + k] = exact_dot(R + k * d, vs.row(label_[a + k]), d); });
    });
  }
  plo_.resize(nu), phi_.resize(nu), papprox_.resize(nu);
  for (std::size_t i = 0; i < nu; ++i) {
    double v = scaled_to_double(P_[i], E);
    if (opt_.normalize) v = v / std::sqrt(dU_[i] * dV_[label_[i]]);
    double pad = std::fabs(v) * (opt_.normalize ? 0x1p-46 : 0x1p-50);
    papprox_[i] = v, plo_[i] = v - pad, phi_[i] = v + pad;
  }
  for (std::size_t i = 1; i < nu; ++i)
    if (replaces<Keep::Smallest>(ex_.compare(P_[i], i, label_[i], P_[amin_], amin_, label_[amin_]), i, amin_)) amin_ = i;
  Q_.resize(nv), qrow_.assign(nv, 0), has_.assign(nv, 0), qlo_.assign(nv, 0), qhi_.assign(nv, 0);
  for (std::size_t i = 0; i < nu; ++i) {
    std::size_t j = label_[i];
    if (!has_[j] || ex_.compare(P_[i], i, j, Q_[j], qrow_[j], j) > 0) Q_[j] = P_[i], qrow_[j] = i, has_[j] = 1;
  }
  for (std::size_t j = 0; j < nv; ++j)
    if (has_[j]) qlo_[j] = plo_[qrow_[j]], qhi_[j] = phi_[qrow_[j]];
}

template <class T>
void PlanOf<T>::setup() {
  constexpr double u = sizeof(T) == 4 ? 0x1p-24 : 0x1p-53;
  KernelSetup<T>& ks = ks_;
  ks.U = U_, ks.V = V_, ks.nu = nu_, ks.nv = nv_, ks.d = d_, ks.label = label_.data();
  ks.su = su_.data(), ks.sv = sv_.data(), ks.ru = ru_.data(), ks.rv = rv_.data(), ks.unscaled = !opt_.normalize;
  const double n = double(d_ + 2);
  ks.gamma = (n * u / (1 - n * u)) * (1 + 0x1p-40) + (opt_.normalize ? 0x1p-46 : 0x1p-50);
  ks.extra = 0;
  ks.exact = &ex_;
  ks.row_pos = &P_, ks.row_lo = plo_.data(), ks.row_hi = phi_.data();
  ks.col_pos = &Q_, ks.col_pos_row = qrow_.data(), ks.col_lo = qlo_.data(), ks.col_hi = qhi_.data();
  ks.col_has = has_.data();
  if (opt_.m) {
    ks.tau = *opt_.b - *opt_.m;
    double t = to_double(*ks.tau);
    ks.tau_lo = std::nextafter(t, -INFINITY), ks.tau_hi = std::nextafter(t, INFINITY);
  }
  H_ = *std::max_element(ru_.begin(), ru_.end()) * *std::max_element(rv_.begin(), rv_.end()) * (1 + 2 * ks.gamma);
  histogram_range();
  ks.threads = threads_;
  ks.tile = opt_.tile ? opt_.tile : 512;
  ks.panels = !opt_.float32_blas_tiles && opt_.kernel != Float32Kernel::Blas;
  ks.panel_kernel = panel_kernel_for(opt_.kernel);
  ks.panel_tile = opt_.tile;
  ks.progress = opt_.progress;
  ks.stop = opt_.stop;
  if constexpr (sizeof(T) == 4) {
    screened_ = ks.panels && opt_.screen == ScreenMode::On;  // resolved by certified.cpp: the screen runs
    if (screened_) ks.screen_gamma = bf16_screen_gamma(d_, opt_.normalize);
    if (ks.panels && V_) {  // a plan over row sources packs the rows of each block (process_block)
      packed_v_ = std::make_unique<PackedPanels>(kPanelRowsB, d_);
      packed_v_->pack(V_, 0, nv_, threads_);
      if (opt_.screen == ScreenMode::On) {  // resolved by certified.cpp: the bfloat16 screen runs
        screen_v_ = std::make_unique<Bf16Panels>(kPanelRowsB, d_);
        screen_v_->pack(V_, 0, nv_, threads_);
        ks.screen_v = screen_v_.get();
        ks.screen_gamma = bf16_screen_gamma(d_, opt_.normalize);
      }
    }
  }
}

// The histogram range: the spread of a sample of negatives, widened by its span on each side (values
// beyond fall into the end bins, which the percentile treats as unresolved).
template <class T>
void PlanOf<T>::histogram_range() {
  double smin = INFINITY, smax = -INFINITY;
  const std::size_t srows = std::min<std::size_t>(nu_, 16), scols = std::min<std::size_t>(nv_, 1024);
  const auto us = ur_.pick(ur_.held() ? std::vector<std::size_t>() : certified_sample_rows(nu_, 16));
  const auto vs = vr_.pick(vr_.held() ? std::vector<std::size_t>() : certified_sample_rows(nv_, 1024));
  for (std::size_t a = 0; a < srows; ++a)
    for (std::size_t b = 0; b < scols; ++b) {
      std::size_t i = a * nu_ / srows, j = b * nv_ / scols;
      if (j == label_[i]) continue;
      double s = 0;
      const T *ui = us.row(i), *vj = vs.row(j);
      for (std::size_t k = 0; k < d_; ++k) s += double(ui[k]) * double(vj[k]);
      s *= su_[i] * sv_[j];
      smin = std::min(smin, s), smax = std::max(smax, s);
    }
  // an all-zero U or V has H = 0: every product is 0, and the histogram keeps a range of positive width
  const double H = hist_half_width();
  ks_.hist_lo = -H, ks_.hist_hi = H;
  if (smax > smin) ks_.hist_lo = std::max(-H, smin - (smax - smin)), ks_.hist_hi = std::min(H, smax + (smax - smin));
}

std::vector<std::size_t> certified_sample_rows(std::size_t n, std::size_t most) {
  const std::size_t k = std::min(n, most);
  std::vector<std::size_t> rows(k);
  for (std::size_t a = 0; a < k; ++a) rows[a] = a * n / k;
  return rows;
}

template <class T>
void PlanOf<T>::make_empty() {
  const auto [rows, cols] = certified_tile_shape(ks_);
  CertifiedPartial& p = empty;
  p.N_u = nu_, p.N_v = nv_, p.d = d_;
  p.tiles = std::uint64_t((nu_ + rows - 1) / rows) * std::uint64_t((nv_ + cols - 1) / cols);
  p.kernel = header_.kernel;
  p.normalized = opt_.normalize, p.with_target = opt_.m.has_value();
  p.hist_bins = ks_.hist_bins, p.hist_lo = ks_.hist_lo, p.hist_hi = ks_.hist_hi;
  p.row_flags.assign(nu_, 0), p.col_flags.assign(nv_, 0);
  p.neg_hist.assign(ks_.hist_bins, 0);
}

// The rows of a block over row sources: the rows of U the tiles meet are read into room for every row
// (SparseRows: the others are never touched, so never resident). The rows of V they meet: with the
// bfloat16 screen, row-major into SparseRows like U's, and the screen's panels packed from them; the
// screened tiles' recomputed entries and the exact values read V's rows in place, and the few tiles
// that fall back to float32 pack their columns' panels themselves (TileProducts' pack_v_tiles: the
// same products as from panels of all of V). A row copied out of the float32 panels reads a whole
// panel (a row is one value per cache line), which is why the screened block does not keep them.
// Without the screen (and for the retrieval pass) every tile needs float32 products, so the rows go,
// chunk by chunk, straight into V's float32 panels, of which only their panels are written, and the
// few exact values copy their row of V out of the panels (they hold it exactly). The float64 kernel
// and float32 BLAS tiles read V's rows into SparseRows like U's.
template <class T>
void PlanOf<T>::read_block(const PairBlock& t, BlockRows& rows, KernelSetup<T>& ks, ExactContext<T>& ex,
                           const PackedPanels*& pv, bool screen) const {
  const CertifiedTileGrid g = grid();
  const std::size_t u0 = t.row_begin * g.tile_rows, u1 = std::min(nu_, t.row_end * g.tile_rows);
  const std::size_t v0 = t.col_begin * g.tile_cols, v1 = std::min(nv_, t.col_end * g.tile_cols);
  rows.u = std::make_unique<SparseRows<T>>(nu_ * d_);
  ur_.copy_rows(u0, u1, rows.u->data() + u0 * d_);
  ks.U = ex.U = rows.u->data();
  ks.exact = &ex;
  pv = nullptr;
  if constexpr (sizeof(T) == 4) {
    ks.screen_v = nullptr;
    if (ks.panels && !(screened_ && screen)) {
      vr_.chunks(
          v0, v1, [&](std::size_t a, std::size_t b, const T* R) { rows.packed.pack_rows(R, nv_, a, b); }, kPanelRowsB);
      ks.V = ex.V = nullptr, ex.packed_v = pv = &rows.packed;
      return;
    }
  }
  rows.v = std::make_unique<SparseRows<T>>(nv_ * d_);
  vr_.copy_rows(v0, v1, rows.v->data() + v0 * d_);
  ks.V = ex.V = rows.v->data();
  if constexpr (sizeof(T) == 4) {
    if (ks.panels) {  // screened (above): the bfloat16 panels of the block's rows
      rows.screen.pack_rows(rows.v->data() + v0 * d_, nv_, v0, v1);
      ks.screen_v = &rows.screen;
    }
  }
}

// A rectangle of tiles, tile row by tile row; over row sources with only the rows it meets
// (read_block).
template <class T>
CertifiedPartial PlanOf<T>::process_block(const PairBlock& t) const {
  const CertifiedTileGrid g = grid();
  if (t.row_begin > t.row_end || t.col_begin > t.col_end || t.row_end > g.grid_rows || t.col_end > g.grid_cols)
    throw InputError("tile block [" + std::to_string(t.row_begin) + ", " + std::to_string(t.row_end) + ") x [" +
                     std::to_string(t.col_begin) + ", " + std::to_string(t.col_end) + ") is beyond the " +
                     std::to_string(g.grid_rows) + " x " + std::to_string(g.grid_cols) + " tiles of the plan");
  CertifiedPartial all = empty;
  if (t.empty()) return all;
  KernelSetup<T> ks = ks_;
  ExactContext<T> ex = ex_;
  const PackedPanels* pv = packed_v_.get();
  BlockRows rows{d_};
  if (!U_) read_block(t, rows, ks, ex, pv);
  for (std::size_t r = t.row_begin; r < t.row_end; ++r) {
    CertifiedPartial p = empty;
    const std::uint64_t first = r * g.grid_cols + t.col_begin, last = r * g.grid_cols + t.col_end;
    p.covered = TileSet(first, last);
    certified_tile_range(ks, pv, first, last, p);
    if (opt_.normalize && p.has_max) p.max_norm_u = nU_[p.max_i], p.max_norm_v = nV_[p.max_j];
    merge(all, p);
  }
  return all;
}

template class PlanOf<float>;
template class PlanOf<double>;

int CertifiedPlanState::compare_maxima(const CertifiedPartial& a, const CertifiedPartial& b) {
  if (!a.normalized) return a.max_dot < b.max_dot ? -1 : (a.max_dot > b.max_dot ? 1 : 0);
  return compare_cosines(a.max_dot, a.max_norm_u, a.max_norm_v, b.max_dot, b.max_norm_u, b.max_norm_v);
}

template <class T>
std::shared_ptr<const CertifiedPlanState> make_certified_plan(const T* U, const T* V, std::size_t nu, std::size_t nv,
                                                              std::size_t d, std::vector<std::uint32_t> label,
                                                              const CertifiedOptions& opt, unsigned threads,
                                                              CertifiedReport header, std::vector<double> widened_u,
                                                              std::vector<double> widened_v,
                                                              const CertifiedRowSource* su,
                                                              const CertifiedRowSource* sv,
                                                              const CertifiedPlanShare* share) {
  return std::make_shared<const PlanOf<T>>(U, V, nu, nv, d, std::move(label), opt, threads, std::move(header),
                                           std::move(widened_u), std::move(widened_v), su, sv, share);
}

template std::shared_ptr<const CertifiedPlanState> make_certified_plan<float>(
    const float*, const float*, std::size_t, std::size_t, std::size_t, std::vector<std::uint32_t>,
    const CertifiedOptions&, unsigned, CertifiedReport, std::vector<double>, std::vector<double>,
    const CertifiedRowSource*, const CertifiedRowSource*, const CertifiedPlanShare*);
template std::shared_ptr<const CertifiedPlanState> make_certified_plan<double>(
    const double*, const double*, std::size_t, std::size_t, std::size_t, std::vector<std::uint32_t>,
    const CertifiedOptions&, unsigned, CertifiedReport, std::vector<double>, std::vector<double>,
    const CertifiedRowSource*, const CertifiedRowSource*, const CertifiedPlanShare*);

PanelKernel panel_kernel_for(Float32Kernel k) {
  switch (k) {
    case Float32Kernel::Avx512:
      return PanelKernel::Avx512;
    case Float32Kernel::Avx2:
      return PanelKernel::Avx2;
    case Float32Kernel::Portable:
      return PanelKernel::Portable;
    default:
      return PanelKernel::Auto;
  }
}

}  // namespace constel::detail
