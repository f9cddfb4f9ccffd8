// modality_gap_statistics (statistics.hpp): the means of both modalities (exact rationals for .cst
// input, doubles for float input), the float64 distance and cosine, and the exact side counts of the
// mean-difference hyperplane through the midpoint (docs/gap.md).
#include "constel/gap/statistics.hpp"

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

}  // namespace

ModalityGapStatistics modality_gap_statistics(const GapPoints& p) {
  ModalityGapStatistics s;
  s.N_u = p.rows(GapSide::U), s.N_v = p.rows(GapSide::V);
  s.exact_means = p.is_exact_rational();
  const std::vector<Rational> mu = mean_entries(p, GapSide::U), mv = mean_entries(p, GapSide::V);
  const std::size_t d = p.d();
  Rational c = 0;
  double dist2 = 0, nu2 = 0, nv2 = 0, dot = 0;
  s.hyperplane.g.resize(d);
  for (std::size_t k = 0; k < d; ++k) {
    const Rational& q = p.scale(k);
    s.hyperplane.g[k] = mu[k] - mv[k];
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
  const GapCheck check = certified_check_direction(p, s.hyperplane);
  s.u_on_side = s.N_u - check.u_nonpositive;
  s.v_on_side = s.N_v - check.v_nonnegative;
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
