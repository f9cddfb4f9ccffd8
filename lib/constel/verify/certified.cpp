// certified_verify and its parts (certified_parts.hpp): checks the input, picks the kernel's precision
// and builds the plan (certified_plan.cpp), runs ranges of tiles, merges partials, finishes.
//
// The error bound (Higham, Accuracy and Stability of Numerical Algorithms, 2nd ed., section 3.1): a dot
// product of length d evaluated in floating point with unit roundoff u, in ANY order of summation and
// with or without fused multiply-adds, satisfies |fl(x.y) - x.y| <= gamma_d sum_k |x_k y_k| <=
// gamma_d |x| |y| with gamma_d = d u / (1 - d u), provided no underflow or overflow occurs. We take
// gamma_{d+2}, pad it for the double arithmetic that forms x +- E (and, with normalize, for the
// scaling by 1/|x|), and we make underflow impossible: the float32 kernel runs only when every
// nonzero |value| is in [2^-40, 2^40], so every product and every partial sum is a multiple of 2^-126
// (hence zero or a normal float: flush-to-zero modes change nothing) and nothing overflows; otherwise
// the float64 kernel runs on the widened values (exact), where the same argument holds with room to
// spare for float data and for double data in [2^-400, 2^400].
#include "constel/verify/certified.hpp"
#include "constel/verify/target.hpp"

#include <algorithm>
#include <cstdio>
#include <cstring>
#include <cmath>
#include <memory>
#include <thread>

#include "constel/cpu.hpp"
#include "constel/error.hpp"
#include "constel/memory_limit.hpp"
#include "constel/io/row_range.hpp"
#include "constel/threads.hpp"
#include "constel/verify/certified_parts.hpp"
#include "constel/verify/certified_share.hpp"
#include "constel/verify/detail/bf16_screen.hpp"
#include "constel/verify/detail/certified_plan.hpp"
#include "constel/verify/detail/extreme.hpp"
#include "constel/verify/detail/panel_kernel.hpp"

namespace constel {

namespace {

// One pass over a matrix, in parallel: are all values finite, and are the nonzero magnitudes inside
// [2^-40, 2^40] (float32 kernel) and [2^-400, 2^400] (float64 kernel)?
struct ValueScan {
  bool finite = true, narrow = true, wide = true;
};

ValueScan scan_values(const FloatMatrix& M, unsigned threads) {
  const std::size_t n = M.rows() * M.cols(), chunks = std::max<std::size_t>(1, std::min<std::size_t>(threads, n >> 16));
  std::vector<ValueScan> part(chunks);
  auto scan = [&](std::size_t c) {
    ValueScan v;
    if (M.is_single()) {  // on the bits, branch-free: |x| is monotone in the bits of |x|
      constexpr std::uint32_t inf = 0x7f800000u, lo = 0x2b800000u /* 2^-40 */, hi = 0x53800000u /* 2^40 */;
      std::uint32_t bad_finite = 0, bad_narrow = 0;
      const float* x = M.f32();
      for (std::size_t k = n * c / chunks, e = n * (c + 1) / chunks; k < e; ++k) {
        std::uint32_t b;
        std::memcpy(&b, x + k, 4);
        b &= 0x7fffffffu;
        bad_finite |= std::uint32_t(b >= inf);
        bad_narrow |= std::uint32_t(b != 0) & (std::uint32_t(b < lo) | std::uint32_t(b > hi));
      }
      v.finite = !bad_finite, v.narrow = !bad_narrow;  // every finite float is inside [2^-400, 2^400]
      part[c] = v;
      return;
    }
    for (std::size_t k = n * c / chunks, e = n * (c + 1) / chunks; k < e; ++k) {
      const double a = std::fabs(M.f64()[k]);
      v.finite &= a <= 0x1p1023 + (0x1p1023 - 0x1p970);  // false for NaN and Inf
      if (a != 0) v.narrow &= a >= 0x1p-40 && a <= 0x1p40, v.wide &= a >= 0x1p-400 && a <= 0x1p400;
    }
    part[c] = v;
  };
  run_on_threads(unsigned(chunks), scan);
  ValueScan all;
  for (const ValueScan& v : part) all.finite &= v.finite, all.narrow &= v.narrow, all.wide &= v.wide;
  return all;
}

std::string fmt_double(double x) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.17g", x);
  return buf;
}

// Names the first nonzero float64 entry outside [2^-400, 2^400] (the range of the certified kernel).
[[noreturn]] void throw_outside_range(const FloatMatrix& M) {
  for (std::size_t i = 0; i < M.rows(); ++i)
    for (std::size_t j = 0; j < M.cols(); ++j) {
      const double a = std::fabs(M.value(i, j));
      if (a != 0 && (a < 0x1p-400 || a > 0x1p400))
        throw LimitError(M.source() + ": row " + std::to_string(i) + ", column " + std::to_string(j) + ": " +
                         fmt_double(M.value(i, j)) +
                         " is outside the range of the certified kernel (nonzero magnitudes 2^-400 .. 2^400)");
    }
  throw InternalError("certified verify: a value outside [2^-400, 2^400] was reported but not found");
}

// The unit roundoff of a stored type: what one normalisation in that type leaves (the unit-row rule).
double unit_roundoff(FloatDType t) {
  return t == FloatDType::F64 ? 0x1p-53 : t == FloatDType::F32 ? 0x1p-24 : t == FloatDType::F16 ? 0x1p-11 : 0x1p-8;
}

std::vector<std::uint32_t> checked_labels(const CertifiedOptions& opt, std::size_t nu, std::size_t nv) {
  std::vector<std::uint32_t> label(nu);
  if (opt.labels) {
    const auto& L = *opt.labels;
    if (L.size() != nu)
      throw InputError("labels: " + std::to_string(L.size()) + " labels for " + std::to_string(nu) + " rows of U");
    for (std::size_t i = 0; i < nu; ++i) {
      if (L[i] < 0 || std::uint64_t(L[i]) >= nv)
        throw InputError("labels: entry " + std::to_string(i) + " is " + std::to_string(L[i]) + ", out of range 0.." +
                         std::to_string(nv - 1) + " (V has " + std::to_string(nv) + " rows)");
      label[i] = std::uint32_t(L[i]);
    }
  } else {
    if (nu != nv)
      throw InputError("U has " + std::to_string(nu) + " rows and V has " + std::to_string(nv) +
                       ": pairs need equal counts (labels allow many U rows per V row)");
    for (std::size_t i = 0; i < nu; ++i) label[i] = std::uint32_t(i);
  }
  return label;
}

// The memory limit (memory_limit.hpp), checked where the plan's sizes are known and before it is built
// (U and V themselves are held already when they are matrices the readers made): per row about 96
// bytes of bounds, exact positives and flags (144 with normalize's exact norms); the float32 panels'
// copy of V (and the bfloat16 screen's), or the widened float64 copies of float32 input; per thread
// two tiles of products and their panels.
void check_plan_memory(std::size_t nu, std::size_t nv, std::size_t d, std::size_t item, std::uint64_t copies,
                       bool normalize, unsigned threads, std::size_t tile) {
  std::uint64_t rows = memory_product(nu + nv, normalize ? 144 : 96);
  std::uint64_t per_thread = memory_sum(memory_product(tile, tile, 16), memory_product(2 * tile, d, item));
  std::uint64_t total = memory_sum(memory_sum(rows, copies), memory_product(per_thread, threads));
  check_memory(total, "the certified verifier's plan (N_u = " + std::to_string(nu) + ", N_v = " + std::to_string(nv) +
                          ", d = " + std::to_string(d) + ", " + std::to_string(threads) + " threads)");
}

// The scan of a matrix read through a source, chunk by chunk (the whole scan's answer).
ValueScan scan_rows(const CertifiedRowSource& src, unsigned threads) {
  ValueScan all;
  const std::size_t step = std::max<std::size_t>(1, (std::size_t(1) << 18) / std::max<std::size_t>(1, src.cols));
  for (std::size_t a = 0; a < src.rows; a += step) {
    const FloatMatrix m = src.read(a, std::min(src.rows, a + step));
    if (!m.is_single() && src.stored != FloatDType::F64) throw InternalError("certified plan: a row source changed type");
    const ValueScan v = scan_values(m, threads);
    if (!v.finite) throw_if_not_finite_rows(m, a);
    all.finite &= v.finite, all.narrow &= v.narrow, all.wide &= v.wide;
  }
  return all;
}

// throw_outside_range over a source: the first offending entry, in row order.
[[noreturn]] void throw_outside_range_rows(const CertifiedRowSource& src, std::size_t from = 0) {
  const std::size_t step = std::max<std::size_t>(1, (std::size_t(1) << 18) / std::max<std::size_t>(1, src.cols));
  for (std::size_t a = std::min(from, src.rows); a < src.rows; a += step) {
    const FloatMatrix m = src.read(a, std::min(src.rows, a + step));
    for (std::size_t i = 0; i < m.rows(); ++i)
      for (std::size_t j = 0; j < m.cols(); ++j) {
        const double x = m.value(i, j), ax = std::fabs(x);
        if (ax != 0 && (ax < 0x1p-400 || ax > 0x1p400))
          throw LimitError(src.source + ": row " + std::to_string(a + i) + ", column " + std::to_string(j) + ": " +
                           fmt_double(x) +
                           " is outside the range of the certified kernel (nonzero magnitudes 2^-400 .. 2^400)");
      }
  }
  throw InternalError("certified verify: a value outside [2^-400, 2^400] was reported but not found");
}

// A shape-only stand-in for a matrix read through a source (rows, columns, type, name; no values).
FloatMatrix shape_of(const CertifiedRowSource& s) {
  if (s.stored == FloatDType::F64) return FloatMatrix::view(static_cast<const double*>(nullptr), s.rows, s.cols, s.source);
  return FloatMatrix::view(static_cast<const float*>(nullptr), s.rows, s.cols, s.stored, s.source);
}

// The first row of a source holding a non-finite value, named as scan_rows names it.
[[noreturn]] void throw_not_finite_at(const CertifiedRowSource& src, std::uint64_t row) {
  if (row < src.rows) throw_if_not_finite_rows(src.read(row, row + 1), row);
  throw InternalError("certified plan share: a non-finite value was reported in row " + std::to_string(row) + " of " +
                      src.source + " but not found");
}

// The scans of a source: its merged share's (share not null; the first failure thrown as scan_rows
// throws it), else read in chunks.
ValueScan scan_side(const CertifiedRowSource& src, const CertifiedPlanShare::Side* share, unsigned threads) {
  if (!share) return scan_rows(src, threads);
  if (!share->finite) throw_not_finite_at(src, share->first_not_finite);
  return ValueScan{share->finite, share->narrow, share->wide};
}

// The plan over held U and V, or (rsu, rsv not null: U and V are shape_of them) over row sources,
// whose row quantities come from `share` when it is not null (certified_share.hpp).
std::shared_ptr<const detail::CertifiedPlanState> plan_certified(const FloatMatrix& U, const FloatMatrix& V,
                                                                 const CertifiedOptions& opt,
                                                                 const CertifiedRowSource* rsu = nullptr,
                                                                 const CertifiedRowSource* rsv = nullptr,
                                                                 const CertifiedPlanShare* share = nullptr) {
  std::vector<std::uint32_t> label = detail::certified_checked_input(U, V, opt);
  const std::size_t nu = U.rows(), nv = V.rows(), d = U.cols();
  if (share) detail::throw_if_foreign_share(*share, nu, nv, d, opt);
  unsigned threads = opt.threads ? opt.threads : std::max(1u, std::thread::hardware_concurrency());
  const ValueScan su = rsu ? scan_side(*rsu, share ? &share->u : nullptr, threads) : scan_values(U, threads);
  const ValueScan sv = rsv ? scan_side(*rsv, share ? &share->v : nullptr, threads) : scan_values(V, threads);
  if (!su.finite) U.throw_if_not_finite();  // names the first bad row and column
  if (!sv.finite) V.throw_if_not_finite();
  CertifiedReport rep;
  rep.N_u = nu, rep.N_v = nv, rep.d = d, rep.labels_mode = opt.labels.has_value(), rep.normalized = opt.normalize;
  rep.dtype_u = dtype_name(U.stored_type()), rep.dtype_v = dtype_name(V.stored_type());
  rep.norm_tolerance = 4 * double(d + 2) * std::max(unit_roundoff(U.stored_type()), unit_roundoff(V.stored_type()));
#ifdef CONSTEL_HAVE_CBLAS
  const std::string blas = "OpenBLAS";
#else
  const std::string blas = "Eigen";
#endif
  if (!float32_kernel_supported(opt.kernel))
    detail::resolve_panel_kernel(detail::panel_kernel_for(opt.kernel));  // throws, naming what is missing
  bool single = U.is_single() && V.is_single() && !opt.force_float64_kernel && d < (std::size_t(1) << 20) &&
                su.narrow && sv.narrow;
  if (opt.screen == ScreenMode::On && !bf16_screen_supported())
    throw InputError("the bfloat16 screen was asked for, but this processor lacks AVX512_BF16");
  if (single) {
    const bool sgemm = opt.float32_blas_tiles || opt.kernel == Float32Kernel::Blas;
    rep.kernel = sgemm ? "float32 sgemm (" + blas + ")"
                       : std::string("float32 ") + detail::panel_kernel_name(detail::panel_kernel_for(opt.kernel)) +
                             " panels";
    // the screen: only beside the float32 panels; by default only where it pays (docs/verify-embeddings.md)
    const bool screen = !sgemm && bf16_screen_supported() &&
                        (opt.screen == ScreenMode::On ||
                         (opt.screen == ScreenMode::Auto && double(nu) * double(nv) >= 0x1p26 &&
                          detail::bf16_screen_pays()));
    if (screen) rep.kernel = "bf16 screen + " + rep.kernel;
    const std::uint64_t panels = sgemm ? 0 : memory_product(nv + 64, d, screen ? 6 : 4);
    check_plan_memory(nu, nv, d, 4, panels, opt.normalize, threads, opt.tile ? opt.tile : 512);
    CertifiedOptions resolved = opt;
    resolved.screen = screen ? ScreenMode::On : ScreenMode::Off;
    if (rsu)
      return detail::make_certified_plan<float>(nullptr, nullptr, nu, nv, d, std::move(label), resolved, threads,
                                                std::move(rep), {}, {}, rsu, rsv, share);
    return detail::make_certified_plan<float>(U.f32(), V.f32(), nu, nv, d, std::move(label), resolved, threads,
                                              std::move(rep), {}, {});
  }
  if (d >= (std::size_t(1) << 28)) throw LimitError("d >= 2^28 is not supported");
  if (!su.wide) rsu ? throw_outside_range_rows(*rsu, share ? share->u.first_outside : 0) : throw_outside_range(U);
  if (!sv.wide) rsv ? throw_outside_range_rows(*rsv, share ? share->v.first_outside : 0) : throw_outside_range(V);
  rep.kernel = "float64 dgemm (" + blas + ")";
  const std::uint64_t widened = memory_product((U.is_single() ? nu : 0) + (V.is_single() ? nv : 0), d, 8);
  check_plan_memory(nu, nv, d, 8, widened, opt.normalize, threads, opt.tile ? opt.tile : 512);
  if (rsu)
    return detail::make_certified_plan<double>(nullptr, nullptr, nu, nv, d, std::move(label), opt, threads,
                                               std::move(rep), {}, {}, rsu, rsv, share);
  std::vector<double> u64, v64;
  const double* pu = U.is_single() ? (u64 = U.to_double()).data() : U.f64();
  const double* pv = V.is_single() ? (v64 = V.to_double()).data() : V.f64();
  return detail::make_certified_plan<double>(pu, pv, nu, nv, d, std::move(label), opt, threads, std::move(rep),
                                             std::move(u64), std::move(v64));
}

// Throws unless the two partials come from plans of the same shape, kernel and options.
void throw_if_foreign(const CertifiedPartial& a, const CertifiedPartial& b) {
  if (a.N_u != b.N_u || a.N_v != b.N_v || a.d != b.d || a.tiles != b.tiles || a.kernel != b.kernel ||
      a.normalized != b.normalized || a.with_target != b.with_target || a.hist_bins != b.hist_bins ||
      a.hist_lo != b.hist_lo || a.hist_hi != b.hist_hi || a.row_flags.size() != b.row_flags.size() ||
      a.col_flags.size() != b.col_flags.size() || a.neg_hist.size() != b.neg_hist.size())
    throw InputError("certified partials of different plans cannot be merged (N_u " + std::to_string(a.N_u) + " vs " +
                     std::to_string(b.N_u) + ", " + std::to_string(a.tiles) + " vs " + std::to_string(b.tiles) +
                     " tiles, kernel " + a.kernel + " vs " + b.kernel + ")");
}

}  // namespace

// What plan_certified checks from the shapes and options alone, before it reads a value (the same on
// every worker of a shared plan, certified_share.cpp): the labels, checked.
std::vector<std::uint32_t> detail::certified_checked_input(const FloatMatrix& U, const FloatMatrix& V,
                                                           const CertifiedOptions& opt) {
  U.throw_if_empty();
  V.throw_if_empty();
  if (U.cols() != V.cols())
    throw InputError("U has d = " + std::to_string(U.cols()) + " columns but V has d = " + std::to_string(V.cols()) +
                     " (" + U.source() + ", " + V.source() + ")");
  throw_if_unpaired_target(opt.m, opt.b);
  if (U.rows() >= (std::size_t(1) << 32) || V.rows() >= (std::size_t(1) << 32))
    throw LimitError("more than 2^32 - 1 rows are not supported");
  return checked_labels(opt, U.rows(), V.rows());
}

FloatMatrix detail::certified_shape_of(const CertifiedRowSource& s) { return shape_of(s); }

std::uint64_t CertifiedPlan::tiles() const { return state_->empty.tiles; }

CertifiedPlan certified_prepare(const FloatMatrix& U, const FloatMatrix& V, const CertifiedOptions& opt) {
  CertifiedPlan plan;
  plan.state_ = plan_certified(U, V, opt);
  return plan;
}

CertifiedPlan certified_prepare_rows(const CertifiedRowSource& U, const CertifiedRowSource& V,
                                     const CertifiedOptions& opt) {
  if (!U.read || !V.read) throw InputError("certified_prepare_rows: a row source without a reader");
  CertifiedPlan plan;
  plan.state_ = plan_certified(shape_of(U), shape_of(V), opt, &U, &V);
  return plan;
}

CertifiedPlan certified_prepare_shared(const CertifiedRowSource& U, const CertifiedRowSource& V,
                                       const CertifiedOptions& opt, const CertifiedPlanShare& all) {
  if (!U.read || !V.read) throw InputError("certified_prepare_shared: a row source without a reader");
  CertifiedPlan plan;
  plan.state_ = plan_certified(shape_of(U), shape_of(V), opt, &U, &V, &all);
  return plan;
}

CertifiedTileGrid certified_tile_grid(const CertifiedPlan& plan) { return plan.state().grid(); }

CertifiedPartial certified_process_block(const CertifiedPlan& plan, const PairBlock& tiles) {
  return plan.state().process_block(tiles);
}

CertifiedPartial certified_empty_partial(const CertifiedPlan& plan) { return plan.state().empty; }

CertifiedPartial certified_process(const CertifiedPlan& plan, std::uint64_t first, std::uint64_t last) {
  if (last > plan.tiles())
    throw InputError("tile range [" + std::to_string(first) + ", " + std::to_string(last) + ") is beyond the " +
                     std::to_string(plan.tiles()) + " tiles of the plan");
  CertifiedPartial p = plan.state().empty;
  p.covered = TileSet(first, last);
  if (first < last) plan.state().process(first, last, p);
  return p;
}

CertifiedReport certified_finish(const CertifiedPlan& plan, const CertifiedPartial& all) {
  throw_if_foreign(plan.state().empty, all);
  if (!all.covered.covers(plan.tiles()))
    throw InputError("the certified partial covers " + std::to_string(all.covered.count()) + " of the " +
                     std::to_string(plan.tiles()) + " tiles: every part must be merged before finishing");
  return plan.state().finish(all);
}

void merge(CertifiedPartial& into, const CertifiedPartial& o) {
  throw_if_foreign(into, o);
  into.covered.merge(o.covered);
  if (o.has_max && (!into.has_max || detail::replaces<detail::Keep::Largest>(
                                         detail::CertifiedPlanState::compare_maxima(o, into),
                                         std::pair(o.max_i, o.max_j), std::pair(into.max_i, into.max_j)))) {
    into.has_max = true;
    into.max_dot = o.max_dot, into.max_i = o.max_i, into.max_j = o.max_j;
    into.max_norm_u = o.max_norm_u, into.max_norm_v = o.max_norm_v;
  }
  for (std::size_t i = 0; i < into.row_flags.size(); ++i) into.row_flags[i] |= o.row_flags[i];
  for (std::size_t j = 0; j < into.col_flags.size(); ++j) into.col_flags[j] |= o.col_flags[j];
  into.violations_neg += o.violations_neg;
  into.negatives += o.negatives;
  into.exact_evaluations += o.exact_evaluations;
  for (std::size_t b = 0; b < into.neg_hist.size(); ++b) into.neg_hist[b] += o.neg_hist[b];
}

bool bf16_screen_supported() { return cpu_has_avx512bf16(); }

bool float32_kernel_supported(Float32Kernel k) { return detail::panel_kernel_supported(detail::panel_kernel_for(k)); }

CertifiedReport certified_verify(const FloatMatrix& U, const FloatMatrix& V, const CertifiedOptions& opt) {
  const CertifiedPlan plan = certified_prepare(U, V, opt);
  return certified_finish(plan, certified_process(plan, 0, plan.tiles()));
}

}  // namespace constel
