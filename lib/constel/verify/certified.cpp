// certified_verify: checks the input, picks the kernel's precision, computes the exact positives and
// norms, sets up the error bound, runs the tiled pass and turns its exact results into the report.
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

#include <algorithm>
#include <cstring>
#include <cmath>
#include <memory>
#include <thread>

#include "constel/error.hpp"
#include "constel/threads.hpp"
#include "constel/verify/certified_kernel.hpp"
#include "constel/verify/certified_stats.hpp"
#include "constel/verify/certified_values.hpp"
#include "constel/verify/panel_kernel.hpp"

namespace constel {

namespace {

using detail::CertifiedInterval;
using detail::cosine_interval;
using detail::exact_dot;
using detail::exact_dot_exponent;
using detail::from_exact;
using detail::from_interval;
using detail::half_combination;
using detail::scaled_to_double;

detail::PanelKernel panel_kernel_of(Float32Kernel k) {
  switch (k) {
    case Float32Kernel::Avx512:
      return detail::PanelKernel::Avx512;
    case Float32Kernel::Avx2:
      return detail::PanelKernel::Avx2;
    case Float32Kernel::Portable:
      return detail::PanelKernel::Portable;
    default:
      return detail::PanelKernel::Auto;
  }
}

template <class F>
void parallel_for(std::size_t n, unsigned threads, F f) {
  threads = unsigned(std::max<std::size_t>(1, std::min<std::size_t>(threads, n / 64 + 1)));
  run_on_threads(threads, [&](unsigned t) {
    for (std::size_t k = t; k < n; k += threads) f(k);
  });
}

double percentile_sorted(const std::vector<double>& a, double q) {
  if (a.empty()) return std::nan("");
  double h = (double(a.size()) - 1) * q;
  std::size_t lo = std::size_t(std::floor(h));
  if (lo + 1 >= a.size()) return a.back();
  return a[lo] + (h - double(lo)) * (a[lo + 1] - a[lo]);
}


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

template <class T>
CertifiedReport run_kernel(const T* U, const T* V, std::size_t nu, std::size_t nv, std::size_t d,
                           const std::vector<std::uint32_t>& label, const CertifiedOptions& opt, unsigned threads,
                           CertifiedReport rep) {
  constexpr int E = exact_dot_exponent<T>();
  constexpr double u = sizeof(T) == 4 ? 0x1p-24 : 0x1p-53;
  // Squared norms: exact when --normalize needs them for exact comparisons; otherwise in double with
  // the bound |fl(sum x^2) - sum x^2| <= gamma_d sum x^2, and exact only to settle "exactly unit?".
  std::vector<Integer> nU, nV;
  if (opt.normalize) {
    nU.resize(nu), nV.resize(nv);
    parallel_for(nu, threads, [&](std::size_t i) { nU[i] = exact_dot(U + i * d, U + i * d, d); });
    parallel_for(nv, threads, [&](std::size_t j) { nV[j] = exact_dot(V + j * d, V + j * d, d); });
  }
  std::vector<double> dU(nu), dV(nv), su(nu, 1.0), sv(nv, 1.0), ru(nu), rv(nv);
  const Integer one = Integer(1) << (-E);
  const double rel = double(d + 2) * 0x1p-52;  // >= gamma_d in double, with room
  bool unit = true;
  double dev_max = -1, dev_sum = 0;
  auto norms = [&](const T* X, std::vector<Integer>& n, std::vector<double>& dn, std::vector<double>& s,
                   std::vector<double>& r, const char* side) {
    parallel_for(dn.size(), threads, [&](std::size_t i) {
      if (opt.normalize) {
        dn[i] = scaled_to_double(n[i], E);
      } else {
        double acc = 0;
        for (std::size_t k = 0; k < d; ++k) acc += double(X[i * d + k]) * double(X[i * d + k]);
        dn[i] = acc;
      }
    });
    for (std::size_t i = 0; i < dn.size(); ++i) {
      if (unit) {
        if (opt.normalize)
          unit = n[i] == one;
        else
          unit = std::fabs(dn[i] - 1) <= 4 * rel && exact_dot(X + i * d, X + i * d, d) == one;
      }
      double len = std::sqrt(dn[i]), dev = std::fabs(len - 1);
      dev_sum += dev;
      if (dev > dev_max) dev_max = dev, rep.norm_max_where = std::string(side) + " row " + std::to_string(i);
      if (opt.normalize) {
        if (n[i] == 0) throw InputError(std::string("--normalize: ") + side + " row " + std::to_string(i) + " is zero");
        s[i] = 1.0 / len;
        r[i] = 1.0 + 0x1p-46;
      } else {
        r[i] = std::sqrt(dn[i] * (1 + rel)) * (1.0 + 0x1p-50);
      }
    }
  };
  norms(U, nU, dU, su, ru, "U");
  norms(V, nV, dV, sv, rv, "V");
  rep.unit_norm_exact = unit;
  rep.norm_max_deviation = dev_max;
  rep.norm_mean_deviation = dev_sum / double(nu + nv);

  detail::ExactContext<T> ex{U, V, d, opt.normalize, &nU, &nV};
  // exact positives and their double bounds
  std::vector<Integer> P(nu);
  parallel_for(nu, threads, [&](std::size_t i) { P[i] = exact_dot(U + i * d, V + std::size_t(label[i]) * d, d); });
  std::vector<double> plo(nu), phi(nu), papprox(nu);
  for (std::size_t i = 0; i < nu; ++i) {
    double v = scaled_to_double(P[i], E);
    if (opt.normalize) v = v / std::sqrt(dU[i] * dV[label[i]]);
    double pad = std::fabs(v) * (opt.normalize ? 0x1p-46 : 0x1p-50);
    papprox[i] = v, plo[i] = v - pad, phi[i] = v + pad;
  }
  // the minimum positive, exactly (smallest row among ties)
  std::size_t amin = 0;
  for (std::size_t i = 1; i < nu; ++i)
    if (ex.compare(P[i], i, label[i], P[amin], amin, label[amin]) < 0) amin = i;
  rep.argmin_diag = amin;
  // best positive of each column
  std::vector<Integer> Q(nv);
  std::vector<std::size_t> qrow(nv, 0);
  std::vector<std::uint8_t> has(nv, 0);
  std::vector<double> qlo(nv, 0), qhi(nv, 0);
  for (std::size_t i = 0; i < nu; ++i) {
    std::size_t j = label[i];
    if (!has[j] || ex.compare(P[i], i, j, Q[j], qrow[j], j) > 0) Q[j] = P[i], qrow[j] = i, has[j] = 1;
  }
  for (std::size_t j = 0; j < nv; ++j)
    if (has[j]) qlo[j] = plo[qrow[j]], qhi[j] = phi[qrow[j]];

  detail::KernelSetup<T> ks;
  ks.U = U, ks.V = V, ks.nu = nu, ks.nv = nv, ks.d = d, ks.label = label.data();
  ks.su = su.data(), ks.sv = sv.data(), ks.ru = ru.data(), ks.rv = rv.data(), ks.unscaled = !opt.normalize;
  const double n = double(d + 2);
  ks.gamma = (n * u / (1 - n * u)) * (1 + 0x1p-40) + (opt.normalize ? 0x1p-46 : 0x1p-50);
  ks.extra = 0;
  ks.exact = &ex;
  ks.row_pos = &P, ks.row_lo = plo.data(), ks.row_hi = phi.data();
  ks.col_pos = &Q, ks.col_pos_row = qrow.data(), ks.col_lo = qlo.data(), ks.col_hi = qhi.data(), ks.col_has = has.data();
  if (opt.m) {
    ks.tau = *opt.b - *opt.m;
    double t = to_double(*ks.tau);
    ks.tau_lo = std::nextafter(t, -INFINITY), ks.tau_hi = std::nextafter(t, INFINITY);
  }
  const double H = *std::max_element(ru.begin(), ru.end()) * *std::max_element(rv.begin(), rv.end()) * (1 + 2 * ks.gamma);
  // histogram range: the spread of a sample of negatives, widened by its span on each side (values
  // beyond fall into the end bins, which the percentile treats as unresolved)
  double smin = INFINITY, smax = -INFINITY;
  const std::size_t srows = std::min<std::size_t>(nu, 16), scols = std::min<std::size_t>(nv, 1024);
  for (std::size_t a = 0; a < srows; ++a)
    for (std::size_t b = 0; b < scols; ++b) {
      std::size_t i = a * nu / srows, j = b * nv / scols;
      if (j == label[i]) continue;
      double s = 0;
      for (std::size_t k = 0; k < d; ++k) s += double(U[i * d + k]) * double(V[j * d + k]);
      s *= su[i] * sv[j];
      smin = std::min(smin, s), smax = std::max(smax, s);
    }
  ks.hist_lo = -H, ks.hist_hi = H;
  if (smax > smin) ks.hist_lo = std::max(-H, smin - (smax - smin)), ks.hist_hi = std::min(H, smax + (smax - smin));
  ks.threads = threads;
  ks.tile = opt.tile ? opt.tile : 512;
  ks.panels = !opt.float32_blas_tiles && opt.kernel != Float32Kernel::Blas;
  ks.panel_kernel = panel_kernel_of(opt.kernel);
  ks.panel_tile = opt.tile;
  ks.progress = opt.progress;
  detail::KernelResult kr = detail::certified_tile_pass(ks);
  rep.exact_evaluations = kr.exact_evaluations + nu + (opt.normalize ? nu + nv : 0);
  rep.negatives = kr.negatives;

  // certified values
  std::unique_ptr<CertifiedInterval> min_iv, max_iv;
  if (!opt.normalize) {
    rep.min_diag = from_exact(detail::scaled_to_rational(P[amin], E));
  } else {
    min_iv = std::make_unique<CertifiedInterval>();
    cosine_interval(P[amin], nU[amin], nV[label[amin]], *min_iv);
    rep.min_diag = from_interval(*min_iv);
  }
  rep.has_offdiag = kr.has_max;
  if (kr.has_max) {
    rep.argmax_i = kr.max_i, rep.argmax_j = kr.max_j;
    if (!opt.normalize) {
      rep.max_offdiag = from_exact(detail::scaled_to_rational(kr.max_c, E));
      rep.margin = from_exact((rep.min_diag.value - rep.max_offdiag.value) / 2);
      rep.relative_bias = from_exact((rep.min_diag.value + rep.max_offdiag.value) / 2);
    } else {
      max_iv = std::make_unique<CertifiedInterval>();
      cosine_interval(kr.max_c, nU[kr.max_i], nV[kr.max_j], *max_iv);
      rep.max_offdiag = from_interval(*max_iv);
      rep.margin = half_combination(*min_iv, *max_iv, -1);
      rep.relative_bias = half_combination(*min_iv, *max_iv, +1);
    }
  }
  // recall@1 both ways
  rep.u2v_total = nu;
  for (std::size_t i = 0; i < nu; ++i) {
    if (kr.row_fail[i]) continue;
    (kr.row_tie[i] ? rep.u2v_ties : rep.u2v_correct)++;
  }
  for (std::size_t j = 0; j < nv; ++j) {
    if (!has[j]) continue;
    rep.v2u_total++;
    if (kr.col_fail[j]) continue;
    (kr.col_tie[j] ? rep.v2u_ties : rep.v2u_correct)++;
  }
  // violations for (m, b): positives below b + m, negatives above b - m
  if (opt.m) {
    Rational pos_thr = *opt.b + *opt.m;
    for (std::size_t i = 0; i < nu; ++i)
      if (ex.compare(P[i], i, label[i], pos_thr) < 0) rep.violations_pos++;
    rep.violations_neg = kr.viol_neg;
    rep.is_constellation = rep.violations_pos == 0 && rep.violations_neg == 0;
  }
  // float statistics
  double spos = 0;
  for (double v : papprox) spos += v;
  rep.mean_pos = spos / double(nu);
  const double neg_count = double(nu) * double(nv) - double(nu);
  double sall = detail::total_inner_sum(U, nu, su.data(), V, nv, sv.data(), d);
  rep.mean_neg = neg_count > 0 ? (sall - spos) / neg_count : std::nan("");
  std::sort(papprox.begin(), papprox.end());
  rep.p5_pos = percentile_sorted(papprox, 0.05);
  rep.p95_neg = detail::histogram_percentile(kr.hist, ks.hist_lo, ks.hist_hi, 0.95, rep.p95_neg_resolution);
  if (rep.p95_neg_resolution < 0) rep.p95_neg_resolution = 2 * H;  // fell among clamped values
  rep.xi = detail::xi_statistic(U, nu, su.data(), V, sv.data(), label.data(), d);
  rep.positives = std::move(papprox);
  rep.neg_hist = kr.hist;
  rep.neg_hist_lo = ks.hist_lo, rep.neg_hist_hi = ks.hist_hi;
  return rep;
}

CertifiedReport run_certified(const FloatMatrix& U, const FloatMatrix& V, const CertifiedOptions& opt) {
  U.throw_if_empty();
  V.throw_if_empty();
  if (U.cols() != V.cols())
    throw InputError("U has d = " + std::to_string(U.cols()) + " columns but V has d = " + std::to_string(V.cols()) +
                     " (" + U.source() + ", " + V.source() + ")");
  if (opt.m.has_value() != opt.b.has_value()) throw InputError("--m and --b go together: give both or neither");
  const std::size_t nu = U.rows(), nv = V.rows(), d = U.cols();
  if (nu >= (std::size_t(1) << 32) || nv >= (std::size_t(1) << 32))
    throw LimitError("more than 2^32 - 1 rows are not supported");
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
                       ": pairs need equal counts (give --labels for many-to-one pairs)");
    for (std::size_t i = 0; i < nu; ++i) label[i] = std::uint32_t(i);
  }
  unsigned threads = opt.threads ? opt.threads : std::max(1u, std::thread::hardware_concurrency());
  const ValueScan su = scan_values(U, threads), sv = scan_values(V, threads);
  if (!su.finite) U.throw_if_not_finite();  // names the first bad row and column
  if (!sv.finite) V.throw_if_not_finite();
  CertifiedReport rep;
  rep.N_u = nu, rep.N_v = nv, rep.d = d, rep.labels_mode = opt.labels.has_value(), rep.normalized = opt.normalize;
  rep.dtype_u = dtype_name(U.stored_type()), rep.dtype_v = dtype_name(V.stored_type());
#ifdef CONSTEL_HAVE_CBLAS
  const std::string blas = "OpenBLAS";
#else
  const std::string blas = "Eigen";
#endif
  if (!float32_kernel_supported(opt.kernel)) detail::resolve_panel_kernel(panel_kernel_of(opt.kernel));  // throws
  bool single = U.is_single() && V.is_single() && !opt.force_float64_kernel && d < (std::size_t(1) << 20) &&
                su.narrow && sv.narrow;
  if (single) {
    const bool sgemm = opt.float32_blas_tiles || opt.kernel == Float32Kernel::Blas;
    rep.kernel = sgemm ? "float32 sgemm (" + blas + ")"
                       : std::string("float32 ") + detail::panel_kernel_name(panel_kernel_of(opt.kernel)) + " panels";
    return run_kernel<float>(U.f32(), V.f32(), nu, nv, d, label, opt, threads, std::move(rep));
  }
  if (d >= (std::size_t(1) << 28)) throw LimitError("d >= 2^28 is not supported");
  if (!su.wide || !sv.wide)
    throw LimitError("values of magnitude outside [2^-400, 2^400] are not supported by the certified kernel");
  rep.kernel = "float64 dgemm (" + blas + ")";
  std::vector<double> u64, v64;
  const double* pu = U.is_single() ? (u64 = U.to_double()).data() : U.f64();
  const double* pv = V.is_single() ? (v64 = V.to_double()).data() : V.f64();
  return run_kernel<double>(pu, pv, nu, nv, d, label, opt, threads, std::move(rep));
}

}  // namespace

bool float32_kernel_supported(Float32Kernel k) { return detail::panel_kernel_supported(panel_kernel_of(k)); }

CertifiedReport certified_verify(const FloatMatrix& U, const FloatMatrix& V, const CertifiedOptions& opt) {
  return run_certified(U, V, opt);
}

}  // namespace constel
