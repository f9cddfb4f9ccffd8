// The JSON of a certified verification (see certified_json.hpp). Key order is part of the output users
// see: keep it, and add new keys at the end of their group.
#include "constel/verify/certified_json.hpp"

#include <cmath>
#include <cstdio>

namespace constel {

void put_certified(Json& o, const std::string& key, const CertifiedValue& v) {
  if (v.exact) {
    put_exact(o, key, v.value);
  } else {
    o[key] = v.approx;
    o[key + "_interval"] = {v.lo, v.hi};
  }
}

namespace {

Json number_or_null(double x) { return std::isfinite(x) ? Json(x) : Json(nullptr); }

void put_extremes(Json& o, const CertifiedReport& r, const CertifiedOptions& opt) {
  put_certified(o, "min_diag", r.min_diag);
  o["argmin_diag"] = r.argmin_diag;
  if (r.labels_mode) o["argmin_diag_v"] = (*opt.labels)[r.argmin_diag];
  if (r.has_offdiag) {
    put_certified(o, "max_offdiag", r.max_offdiag);
    o["argmax_offdiag"] = {r.argmax_i, r.argmax_j};
    put_certified(o, "margin", r.margin);
    put_certified(o, "relative_bias", r.relative_bias);
  } else {
    for (const char* k : {"max_offdiag", "argmax_offdiag", "margin", "relative_bias"}) o[k] = nullptr;
  }
}

void put_recall(Json& o, const CertifiedReport& r) {
  put_exact(o, "recall_at_1_u2v", Rational(Integer(r.u2v_correct), Integer(r.u2v_total)));
  o["recall_at_1_u2v_correct"] = r.u2v_correct, o["recall_at_1_u2v_ties"] = r.u2v_ties;
  o["recall_at_1_u2v_total"] = r.u2v_total;
  if (r.v2u_total)
    put_exact(o, "recall_at_1_v2u", Rational(Integer(r.v2u_correct), Integer(r.v2u_total)));
  else
    o["recall_at_1_v2u"] = nullptr;
  o["recall_at_1_v2u_correct"] = r.v2u_correct, o["recall_at_1_v2u_ties"] = r.v2u_ties;
  o["recall_at_1_v2u_total"] = r.v2u_total;
}

void put_statistics(Json& o, const CertifiedReport& r) {
  o["statistics_arithmetic"] = "float64, not certified";
  o["mean_pos"] = r.mean_pos, o["mean_neg"] = number_or_null(r.mean_neg);
  o["mean_margin"] = number_or_null((r.mean_pos - r.mean_neg) / 2);
  o["mean_relative_bias"] = number_or_null((r.mean_pos + r.mean_neg) / 2);
  o["p5_pos"] = r.p5_pos, o["p95_neg"] = number_or_null(r.p95_neg);
  o["p95_neg_resolution"] = r.p95_neg_resolution;
  o["percentile_margin"] = number_or_null((r.p5_pos - r.p95_neg) / 2);
  o["percentile_relative_bias"] = number_or_null((r.p5_pos + r.p95_neg) / 2);
  o["xi"] = r.xi;
  o["negatives"] = r.negatives;
  o["exact_evaluations"] = r.exact_evaluations;
  o["p95_neg_arithmetic"] = r.p95_neg_arithmetic;
}

Json recall_array(const std::vector<RecallCount>& v) {
  Json a = Json::array();
  for (const RecallCount& c : v) {
    Json o;
    o["k"] = c.k, o["correct"] = c.correct, o["ties"] = c.ties, o["total"] = c.total;
    if (c.total)
      put_exact(o, "recall", Rational(Integer(c.correct), Integer(c.total)));
    else
      o["recall"] = nullptr;
    a.push_back(o);
  }
  return a;
}

Json pair_array(const std::vector<RankedPair>& v) {
  Json a = Json::array();
  for (const RankedPair& p : v) {
    Json o;
    o["i"] = p.i, o["j"] = p.j;
    put_certified(o, "value", p.value);
    a.push_back(o);
  }
  return a;
}

}  // namespace

std::vector<std::string> certified_warnings(const CertifiedReport& r) {
  constexpr double kFar = 1e-3;
  std::vector<std::string> w;
  if (!r.normalized && r.norm_max_deviation > kFar) {
    char dev[32];
    std::snprintf(dev, sizeof dev, "%.3g", r.norm_max_deviation);
    w.push_back("rows are far from unit norm: " + r.norm_max_where + " has | |x| - 1 | = " + dev +
                " (> 0.001): the values are inner products, not cosines");
  }
  return w;
}

void put_retrieval(Json& o, const RetrievalReport& r, const RetrievalOptions& opt) {
  if (!opt.recall_k.empty()) o["recall_at_k"] = {{"u2v", recall_array(r.u2v)}, {"v2u", recall_array(r.v2u)}};
  if (opt.hardest) {
    o["hardest_negatives"] = pair_array(r.hardest_negatives);
    o["weakest_positives"] = pair_array(r.weakest_positives);
  }
  if (opt.per_class) o["classes"] = r.classes.size();
  o["retrieval_exact_evaluations"] = r.exact_evaluations;
}

Json to_json(const CertifiedReport& r, const CertifiedOptions& opt) {
  Json o;
  o["N_u"] = r.N_u, o["N_v"] = r.N_v, o["d"] = r.d;
  o["certified"] = true;
  o["exact"] = !r.normalized;
  o["normalized"] = r.normalized;
  o["labels"] = r.labels_mode;
  o["dtype_u"] = r.dtype_u, o["dtype_v"] = r.dtype_v;
  o["kernel"] = r.kernel;
  put_extremes(o, r, opt);
  o["norm_max_deviation"] = r.norm_max_deviation;
  o["norm_mean_deviation"] = r.norm_mean_deviation;
  o["norm_max_deviation_at"] = r.norm_max_where;
  o["unit_norm_exact"] = r.unit_norm_exact;
  put_recall(o, r);
  if (opt.m) {
    put_exact(o, "m", *opt.m);
    put_exact(o, "b", *opt.b);
    o["is_constellation"] = *r.is_constellation;
    o["violations_pos"] = r.violations_pos, o["violations_neg"] = r.violations_neg;
    o["unit_within_tolerance"] = r.unit_within_tolerance;
    o["norm_tolerance"] = r.norm_tolerance;
  }
  put_statistics(o, r);
  o["warnings"] = certified_warnings(r);
  return o;
}

}  // namespace constel
