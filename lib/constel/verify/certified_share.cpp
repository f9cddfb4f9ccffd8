// A share of the certified plan's row quantities (certified_share.hpp): the value scans, squared norms,
// exact-unit test and exact positives of a range of rows, with the arithmetic of the plan's own pass
// (detail/certified_plan.cpp: the same double sums in the same order per row, the same exact dot
// products), so that the plan built from the merged shares holds the same values. The exact numbers
// are computed in float32 units (2^-298) when both sides are float32 data (float16 and bfloat16 are
// widened to it) and in float64 units (2^-2148) otherwise; the plan shifts them exactly when it runs the
// float64 kernel on float32 data. Bytes: a versioned magic line, the shape, then each side and the
// positives (detail/bytes.hpp).
#include "constel/verify/certified_share.hpp"

#include <algorithm>
#include <cmath>
#include <thread>

#include "constel/threads.hpp"
#include "constel/verify/detail/bytes.hpp"
#include "constel/verify/detail/certified_exact.hpp"
#include "constel/verify/detail/certified_plan.hpp"
#include "constel/verify/detail/row_access.hpp"

namespace constel {
namespace {

constexpr std::string_view kMagic = "constel certified plan share 1\n";
using Side = CertifiedPlanShare::Side;

template <class F>
void parallel_rows(std::size_t n, unsigned threads, F f) {
  threads = unsigned(std::max<std::size_t>(1, std::min<std::size_t>(threads, n / 64 + 1)));
  run_on_threads(threads, [&](unsigned t) {
    for (std::size_t k = t; k < n; k += threads) f(k);
  });
}

// The value scan of rows [first, first + n) (as certified.cpp's scan_values: finite, nonzero magnitudes
// inside [2^-40, 2^40] and [2^-400, 2^400]), recording the first row of each failure.
template <class T>
bool scan_chunk(const T* R, std::size_t n, std::size_t d, std::size_t first, Side& s) {
  bool all_finite = true;
  for (std::size_t i = 0; i < n; ++i) {
    bool finite = true, narrow = true, wide = true;
    for (std::size_t k = 0; k < d; ++k) {
      const double a = std::fabs(double(R[i * d + k]));
      finite &= a <= 0x1p1023 + (0x1p1023 - 0x1p970);  // false for NaN and Inf
      if (a != 0) narrow &= a >= 0x1p-40 && a <= 0x1p40, wide &= a >= 0x1p-400 && a <= 0x1p400;
    }
    if (!finite) {
      if (s.finite) s.first_not_finite = first + i;
      s.finite = all_finite = false;
      continue;
    }
    s.narrow &= narrow;
    if (!wide && s.wide) s.first_outside = first + i;
    s.wide &= wide;
  }
  return all_finite;
}

template <class T>
bool row_finite(const T* x, std::size_t d) {
  for (std::size_t k = 0; k < d; ++k)
    if (!std::isfinite(double(x[k]))) return false;
  return true;
}

// Rows [a, b) of one side (chunk rows point at row a): the scan, then (while the side is finite) the
// squared norms and the exact-unit test, as PlanOf<T>::norms and norms_of compute them.
template <class T>
void side_chunk(const T* R, std::size_t a, std::size_t b, std::size_t d, bool normalize, unsigned threads, Side& s) {
  if (!scan_chunk(R, b - a, d, a, s) || !s.finite) return;
  const std::size_t at = a - s.begin;
  if (normalize) {
    parallel_rows(b - a, threads,
                  [&](std::size_t k) { s.exact_sq[at + k] = detail::exact_dot(R + k * d, R + k * d, d); });
    return;
  }
  parallel_rows(b - a, threads, [&](std::size_t k) {
    double acc = 0;
    for (std::size_t c = 0; c < d; ++c) acc += double(R[k * d + c]) * double(R[k * d + c]);
    s.sq[at + k] = acc;
  });
  const Integer one = Integer(1) << (-detail::exact_dot_exponent<T>());
  const double rel = double(d + 2) * 0x1p-52;
  for (std::size_t i = a; i < b && s.unit; ++i)
    s.unit =
        std::fabs(s.sq[i - s.begin] - 1) <= 4 * rel && detail::exact_dot(R + (i - a) * d, R + (i - a) * d, d) == one;
}

void size_side(Side& s, std::pair<std::size_t, std::size_t> r, bool normalize) {
  s.begin = r.first, s.end = r.second;
  (normalize ? s.exact_sq.resize(r.second - r.first) : s.sq.resize(r.second - r.first));
}

template <class T>
void compute_share(const CertifiedRowSource& U, const CertifiedRowSource& V, const CertifiedOptions& opt,
                   const std::vector<std::uint32_t>& label, unsigned threads, CertifiedPlanShare& out) {
  const std::size_t d = U.cols;
  const detail::RowAccess<T> ur(nullptr, &U, d), vr(nullptr, &V, d);
  const bool normalize = opt.normalize;
  out.positives.resize(out.u.end - out.u.begin);
  // pairs without labels over equal ranges: the partners of the share's rows of U are its rows of V,
  // so V's side is computed from the rows read for the positives
  const bool fused = !opt.labels && out.u.begin == out.v.begin && out.u.end == out.v.end;
  ur.chunks(out.u.begin, out.u.end, [&](std::size_t a, std::size_t b, const T* R) {
    side_chunk(R, a, b, d, normalize, threads, out.u);
    const auto vs =
        vr.pick(std::vector<std::size_t>(label.begin() + std::ptrdiff_t(a), label.begin() + std::ptrdiff_t(b)));
    if (fused) side_chunk(vs.row(a), a, b, d, normalize, threads, out.v);
    if (!out.u.finite) return;
    parallel_rows(b - a, threads, [&](std::size_t k) {
      const T* partner = vs.row(label[a + k]);
      if (row_finite(partner, d)) out.positives[a + k - out.u.begin] = detail::exact_dot(R + k * d, partner, d);
    });
  });
  if (!fused)
    vr.chunks(out.v.begin, out.v.end,
              [&](std::size_t a, std::size_t b, const T* R) { side_chunk(R, a, b, d, normalize, threads, out.v); });
}

void throw_if_bad_range(std::pair<std::size_t, std::size_t> r, std::size_t rows, const char* side) {
  if (r.first > r.second || r.second > rows)
    throw InputError(std::string("certified plan share: rows ") + std::to_string(r.first) + ".." +
                     std::to_string(r.second) + " of " + side + ", which has " + std::to_string(rows));
}

void write_side(detail::ByteWriter& w, const Side& s) {
  w.u64(s.begin), w.u64(s.end);
  w.u64(s.finite), w.u64(s.narrow), w.u64(s.wide), w.u64(s.unit);
  w.u64(s.first_not_finite), w.u64(s.first_outside);
  w.u64(s.sq.size());
  for (double x : s.sq) w.f64(x);
  w.u64(s.exact_sq.size());
  for (const Integer& z : s.exact_sq) w.integer(z);
}

Side read_side(detail::ByteReader& r, bool normalized) {
  Side s;
  s.begin = r.u64(), s.end = r.u64();
  s.finite = r.flag(), s.narrow = r.flag(), s.wide = r.flag(), s.unit = r.flag();
  s.first_not_finite = r.u64(), s.first_outside = r.u64();
  if (s.begin > s.end) r.fail("bad row range");
  const std::uint64_t n = s.end - s.begin, nsq = r.u64();
  if (nsq != (normalized ? 0 : n)) r.fail("squared norms of the wrong length");
  s.sq.resize(nsq);
  for (double& x : s.sq) x = r.f64();
  if (r.u64() != (normalized ? n : 0)) r.fail("exact squared norms of the wrong length");
  s.exact_sq.resize(normalized ? n : 0);
  for (Integer& z : s.exact_sq) z = r.integer();
  return s;
}

void append_side(Side& into, const Side& next) {
  if (into.finite && !next.finite) into.first_not_finite = next.first_not_finite;
  if (into.wide && !next.wide) into.first_outside = next.first_outside;
  into.finite &= next.finite, into.narrow &= next.narrow, into.wide &= next.wide, into.unit &= next.unit;
  into.end = next.end;
  into.sq.insert(into.sq.end(), next.sq.begin(), next.sq.end());
  into.exact_sq.insert(into.exact_sq.end(), next.exact_sq.begin(), next.exact_sq.end());
}

}  // namespace

std::pair<std::size_t, std::size_t> certified_share_rows(std::size_t n, std::size_t k, std::size_t P) {
  if (P == 0 || k >= P)
    throw InputError("certified plan share: share " + std::to_string(k) + " of " + std::to_string(P));
  const auto at = [&](std::size_t q) { return std::size_t((unsigned __int128)(n)*q / P); };
  return {at(k), at(k + 1)};
}

CertifiedPlanShare certified_plan_share(const CertifiedRowSource& U, const CertifiedRowSource& V,
                                        const CertifiedOptions& opt, std::pair<std::size_t, std::size_t> u_rows,
                                        std::pair<std::size_t, std::size_t> v_rows) {
  if (!U.read || !V.read) throw InputError("certified_plan_share: a row source without a reader");
  const std::vector<std::uint32_t> label =
      detail::certified_checked_input(detail::certified_shape_of(U), detail::certified_shape_of(V), opt);
  throw_if_bad_range(u_rows, U.rows, "U");
  throw_if_bad_range(v_rows, V.rows, "V");
  CertifiedPlanShare s;
  s.N_u = U.rows, s.N_v = V.rows, s.d = U.cols, s.normalized = opt.normalize;
  const bool single = U.stored != FloatDType::F64 && V.stored != FloatDType::F64;
  s.exponent = single ? detail::exact_dot_exponent<float>() : detail::exact_dot_exponent<double>();
  size_side(s.u, u_rows, opt.normalize);
  size_side(s.v, v_rows, opt.normalize);
  const unsigned threads = opt.threads ? opt.threads : std::max(1u, std::thread::hardware_concurrency());
  if (single)
    compute_share<float>(U, V, opt, label, threads, s);
  else
    compute_share<double>(U, V, opt, label, threads, s);
  return s;
}

namespace {

// Sorted, overlapping or touching runs joined.
std::vector<std::pair<std::size_t, std::size_t>> joined(std::vector<std::pair<std::size_t, std::size_t>> r) {
  std::sort(r.begin(), r.end());
  std::vector<std::pair<std::size_t, std::size_t>> out;
  for (const auto& x : r) {
    if (x.first >= x.second) continue;
    if (!out.empty() && x.first <= out.back().second)
      out.back().second = std::max(out.back().second, x.second);
    else
      out.push_back(x);
  }
  return out;
}

}  // namespace

CertifiedRowRuns certified_share_reads(std::size_t N_u, std::size_t N_v, std::size_t d, const CertifiedOptions& opt,
                                       std::pair<std::size_t, std::size_t> u_rows,
                                       std::pair<std::size_t, std::size_t> v_rows) {
  using Access = detail::RowAccess<float>;  // runs and chunks do not depend on the type
  CertifiedRowRuns out;
  out.u = {u_rows}, out.v = {v_rows};
  if (opt.labels && opt.labels->size() != N_u) return out;  // the share refuses the labels
  const std::size_t step = Access::chunk_rows(std::max<std::size_t>(1, d));
  for (std::size_t a = u_rows.first; a < u_rows.second; a += step) {  // the partners, chunk by chunk (compute_share)
    const std::size_t b = std::min(u_rows.second, a + step);
    std::vector<std::size_t> want;
    for (std::size_t i = a; i < b; ++i) {
      const std::int64_t l = opt.labels ? (*opt.labels)[i] : std::int64_t(i);
      if (l >= 0 && std::uint64_t(l) < N_v) want.push_back(std::size_t(l));
    }
    for (const auto& r : Access::runs(std::move(want))) out.v.push_back(r);
  }
  for (const auto& r : Access::runs(detail::certified_sample_rows(N_u, 16))) out.u.push_back(r);
  for (const auto& r : Access::runs(detail::certified_sample_rows(N_v, 1024))) out.v.push_back(r);
  out.u = joined(std::move(out.u)), out.v = joined(std::move(out.v));
  return out;
}

void merge(CertifiedPlanShare& into, const CertifiedPlanShare& next) {
  if (into.N_u != next.N_u || into.N_v != next.N_v || into.d != next.d || into.normalized != next.normalized ||
      into.exponent != next.exponent)
    throw InputError("certified plan shares of different inputs cannot be merged");
  if (next.u.begin != into.u.end || next.v.begin != into.v.end)
    throw InputError("certified plan shares merge in row order: rows " + std::to_string(next.u.begin) +
                     ".. of U after " + std::to_string(into.u.end) + ", " + std::to_string(next.v.begin) +
                     ".. of V after " + std::to_string(into.v.end));
  append_side(into.u, next.u);
  append_side(into.v, next.v);
  into.positives.insert(into.positives.end(), next.positives.begin(), next.positives.end());
}

void detail::throw_if_foreign_share(const CertifiedPlanShare& s, std::size_t nu, std::size_t nv, std::size_t d,
                                    const CertifiedOptions& opt) {
  if (s.N_u != nu || s.N_v != nv || s.d != d || s.normalized != opt.normalize || s.u.begin != 0 || s.u.end != nu ||
      s.v.begin != 0 || s.v.end != nv || s.positives.size() != nu ||
      (opt.normalize ? s.u.exact_sq.size() != nu || s.v.exact_sq.size() != nv
                     : s.u.sq.size() != nu || s.v.sq.size() != nv))
    throw InputError("the certified plan share does not cover the " + std::to_string(nu) + " x " + std::to_string(d) +
                     " U and " + std::to_string(nv) + " x " + std::to_string(d) + " V with these options (rows " +
                     std::to_string(s.u.begin) + ".." + std::to_string(s.u.end) + " and " + std::to_string(s.v.begin) +
                     ".." + std::to_string(s.v.end) + ")");
}

std::string encode(const CertifiedPlanShare& s) {
  detail::ByteWriter w;
  w.raw(kMagic);
  w.u64(s.N_u), w.u64(s.N_v), w.u64(s.d), w.u64(s.normalized), w.u64(std::uint64_t(-s.exponent));
  write_side(w, s.u);
  write_side(w, s.v);
  w.u64(s.positives.size());
  for (const Integer& z : s.positives) w.integer(z);
  return w.take();
}

CertifiedPlanShare decode_certified_plan_share(std::string_view bytes) {
  detail::ByteReader r(bytes, "certified plan share");
  r.expect(kMagic);
  CertifiedPlanShare s;
  s.N_u = r.u64(), s.N_v = r.u64(), s.d = r.u64(), s.normalized = r.flag();
  const std::uint64_t e = r.u64();
  if (e != 298 && e != 2148) r.fail("unknown exponent");
  s.exponent = -int(e);
  s.u = read_side(r, s.normalized);
  s.v = read_side(r, s.normalized);
  if (s.u.end > s.N_u || s.v.end > s.N_v) r.fail("rows beyond the matrix");
  if (r.u64() != s.u.end - s.u.begin) r.fail("positives of the wrong length");
  s.positives.resize(s.u.end - s.u.begin);
  for (Integer& z : s.positives) z = r.integer();
  r.finish();
  return s;
}

}  // namespace constel
