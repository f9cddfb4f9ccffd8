// modality_gap_statistics (statistics.hpp): the means of both modalities (exact rationals for .cst
// input, doubles for float input), the float64 distance and cosine, and the exact side counts of the
// mean-difference hyperplane through the midpoint (docs/gap.md).
#include "constel/gap/statistics.hpp"

#include <algorithm>
#include <cmath>

namespace constel {
namespace {

// The mean of the stored entries r_k of one side (scaled coordinates: x_k = sqrt(q_k) r_k).
std::vector<Rational> mean_entries(const GapPoints& p, GapSide s) {
  const std::size_t n = p.rows(s), d = p.d();
  std::vector<Rational> m(d);
  if (p.is_exact_rational()) {
    for (std::size_t k = 0; k < d; ++k) {
      Rational sum = 0;
      for (std::size_t i = 0; i < n; ++i) sum += p.exact_entry(s, i, k);
      m[k] = sum / Rational(static_cast<long>(n));
    }
    return m;
  }
  std::vector<double> acc(d, 0.0);
  for (std::size_t i = 0; i < n; ++i)
    for (std::size_t k = 0; k < d; ++k) acc[k] += p.float_entry(s, i, k);
  for (std::size_t k = 0; k < d; ++k) m[k] = from_double(acc[k] / double(n));
  return m;
}

// The hyperplane and the float64 figures from the means (scale(k): the squared scales q_k).
template <class Scale>
void from_means(ModalityGapStatistics& s, const std::vector<Rational>& mu, const std::vector<Rational>& mv,
                std::size_t d, Scale scale) {
  Rational c = 0;
  double dist2 = 0, nu2 = 0, nv2 = 0, dot = 0;
  s.hyperplane.g.resize(d);
  for (std::size_t k = 0; k < d; ++k) {
    const Rational& q = scale(k);
    // For float input the normal is rounded to doubles, like the offset below: the check's fast path
    // (gap/direction.cpp) needs double coefficients, else every row is summed in rationals (2 N d exact
    // products). The side counts are exact for the hyperplane so rounded.
    s.hyperplane.g[k] = s.exact_means ? Rational(mu[k] - mv[k]) : from_double(to_double(Rational(mu[k] - mv[k])));
    c -= q * s.hyperplane.g[k] * (mu[k] + mv[k]) / 2;  // -<h, midpoint>
    const double qd = to_double(q), a = to_double(mu[k]), b = to_double(mv[k]);
    dist2 += qd * (a - b) * (a - b), nu2 += qd * a * a, nv2 += qd * b * b, dot += qd * a * b;
  }
  // For float input keep the offset a double (the check's fast path); the hyperplane moves by at most
  // one rounding of c.
  s.hyperplane.offset = s.exact_means ? c : from_double(to_double(c));
  s.centroid_distance = std::sqrt(dist2);
  s.mean_norm_u = std::sqrt(nu2), s.mean_norm_v = std::sqrt(nv2);
  s.means_cosine = nu2 > 0 && nv2 > 0 ? dot / (s.mean_norm_u * s.mean_norm_v) : 0;
}

}  // namespace

ModalityGapStatistics modality_gap_statistics(const GapPoints& p) {
  ModalityGapStatistics s;
  s.N_u = p.rows(GapSide::U), s.N_v = p.rows(GapSide::V);
  s.exact_means = p.is_exact_rational();
  const std::vector<Rational> mu = mean_entries(p, GapSide::U), mv = mean_entries(p, GapSide::V);
  from_means(s, mu, mv, p.d(), [&](std::size_t k) -> const Rational& { return p.scale(k); });
  const GapCheck check = certified_check_direction(p, s.hyperplane);
  s.u_on_side = s.N_u - check.u_nonpositive;
  s.v_on_side = s.N_v - check.v_nonnegative;
  return s;
}

ModalityGapStatistics modality_gap_statistics_rows(std::size_t n_u, std::size_t n_v, std::size_t d,
                                                   const GapRowReader& rows) {
  ModalityGapStatistics s;
  s.N_u = n_u, s.N_v = n_v;
  const std::size_t step = std::max<std::size_t>(1, (std::size_t(1) << 18) / std::max<std::size_t>(1, d));
  auto mean = [&](GapSide side, std::size_t n) {  // mean_entries' float arithmetic, chunk by chunk
    std::vector<double> acc(d, 0.0);
    for (std::size_t a = 0; a < n; a += step) {
      const FloatMatrix m = rows(side, a, std::min(n, a + step));
      for (std::size_t i = 0; i < m.rows(); ++i)
        for (std::size_t k = 0; k < d; ++k) acc[k] += m.value(i, k);
    }
    std::vector<Rational> out(d);
    for (std::size_t k = 0; k < d; ++k) out[k] = from_double(acc[k] / double(n));
    return out;
  };
  const std::vector<Rational> mu = mean(GapSide::U, n_u), mv = mean(GapSide::V, n_v);
  const Rational one = 1;
  from_means(s, mu, mv, d, [&](std::size_t) -> const Rational& { return one; });
  // the side counts are exact per row: each chunk of one side is checked beside one row of the other
  const FloatMatrix u0 = rows(GapSide::U, 0, 1), v0 = rows(GapSide::V, 0, 1);
  std::size_t u_bad = 0, v_wrong = 0;
  for (std::size_t a = 0; a < n_u; a += step)
    u_bad += certified_check_direction(GapPoints::from_floats(rows(GapSide::U, a, std::min(n_u, a + step)), v0),
                                       s.hyperplane).u_nonpositive;
  for (std::size_t a = 0; a < n_v; a += step)
    v_wrong += certified_check_direction(GapPoints::from_floats(u0, rows(GapSide::V, a, std::min(n_v, a + step))),
                                         s.hyperplane).v_nonnegative;
  s.u_on_side = n_u - u_bad;
  s.v_on_side = n_v - v_wrong;
  return s;
}

Json to_json(const ModalityGapStatistics& s) {
  Json j;
  j["centroid_distance"] = s.centroid_distance;
  j["mean_norm_u"] = s.mean_norm_u;
  j["mean_norm_v"] = s.mean_norm_v;
  j["means_cosine"] = s.means_cosine;
  j["u_on_side"] = s.u_on_side;
  j["v_on_side"] = s.v_on_side;
  j["u_fraction"] = s.u_fraction();
  j["v_fraction"] = s.v_fraction();
  j["hyperplane"] = s.exact_means ? "exact means" : "means in float64";
  j["counts_exact"] = true;
  return j;
}

}  // namespace constel
