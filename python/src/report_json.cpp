// INTERIM mirrors of the CLI's report JSON (see report_json.hpp): deleted when the library owns them.
#include "report_json.hpp"

#include <cmath>

#include "constel/bounds/size_bound_json.hpp"
#include "constel/codes/catalog.hpp"
#include "constel/construct/generate.hpp"

namespace constel::python {

namespace {

Json pair_json(const Configuration& c, const PairExtremes& p) {
  Json o;
  o["modalities"] = {p.a, p.c};
  o["names"] = {c.names()[p.a], c.names()[p.c]};
  put_exact(o, "min_diag", p.min_diag);
  o["argmin_diag"] = p.argmin_diag;
  if (p.max_offdiag) {
    put_exact(o, "max_offdiag", *p.max_offdiag);
    o["argmax_offdiag"] = {p.argmax_i, p.argmax_j};
    put_exact(o, "margin", (p.min_diag - *p.max_offdiag) / 2);
    put_exact(o, "relative_bias", (p.min_diag + *p.max_offdiag) / 2);
  }
  return o;
}

void put_value(Json& o, const std::string& key, const CertifiedValue& v) {
  if (v.exact) {
    put_exact(o, key, v.value);
  } else {
    o[key] = v.approx;
    o[key + "_interval"] = {v.lo, v.hi};
  }
}

Json number_or_null(double x) { return std::isfinite(x) ? Json(x) : Json(nullptr); }

Json optional_number(const std::optional<double>& x) { return x ? Json(*x) : Json(nullptr); }

Json bound_or_null(const std::optional<bounds::SizeBound>& b) { return b ? bounds::size_bound_json(*b) : Json(nullptr); }

Json certificate_strings(const std::vector<Rational>& c) {
  Json a = Json::array();
  for (const auto& x : c) a.push_back(to_string(x));
  return a;
}

void put_param(Json& o, const std::string& key, const ParamValue& v) {
  if (v.exact) {
    put_exact(o, key, v.value);
  } else {
    o[key] = v.decimal;
    o[key + "_decimal"] = v.approx;
  }
  o[key + "_exact"] = v.exact;
}

}  // namespace

Json exact_report_json(const Configuration& c, const ExactReport& r, const ExactVerifyOptions& opt) {
  Json o;
  o["N"] = r.N;
  o["d"] = r.d;
  o["k"] = r.k;
  o["exact"] = true;
  o["arithmetic"] = r.arithmetic;
  o["unit_norm"] = r.unit_norm;
  o["non_unit_rows"] = r.non_unit_rows;
  Json defects = Json::array();
  for (const auto& nd : r.norm_defects) {
    Json x;
    x["modality"] = nd.modality;
    x["row"] = nd.row;
    put_exact(x, "norm2", nd.norm2);
    defects.push_back(x);
  }
  o["norm_defects"] = defects;
  const PairExtremes& pd = r.pairs[r.worst_diag_pair];
  const PairExtremes& po = r.pairs[r.worst_offdiag_pair];
  put_exact(o, "min_diag", r.min_diag);
  o["argmin_diag"] = pd.argmin_diag;
  if (r.max_offdiag) {
    put_exact(o, "max_offdiag", *r.max_offdiag);
    o["argmax_offdiag"] = {po.argmax_i, po.argmax_j};
    put_exact(o, "margin", *r.margin);
    put_exact(o, "relative_bias", *r.relative_bias);
  } else {
    o["max_offdiag"] = nullptr;
    o["argmax_offdiag"] = nullptr;
    o["margin"] = nullptr;
    o["relative_bias"] = nullptr;
  }
  o["zero_loss_infimum"] = r.zero_loss_infimum;
  if (r.k > 2) {
    o["argmin_diag_modalities"] = {pd.a, pd.c};
    o["argmax_offdiag_modalities"] = {po.a, po.c};
    Json pairs = Json::array();
    for (const auto& p : r.pairs) pairs.push_back(pair_json(c, p));
    o["pairs"] = pairs;
  }
  if (opt.m) {
    put_exact(o, "m", *opt.m);
    put_exact(o, "b", *opt.b);
    o["is_constellation"] = *r.is_constellation;
    o["violations"] = {{"positive", r.violations_pos}, {"negative", r.violations_neg}};
    o["violations_pos"] = r.violations_pos;
    o["violations_neg"] = r.violations_neg;
  }
  if (c.claim()) {
    Json cl;
    put_exact(cl, "m", c.claim()->m);
    put_exact(cl, "b", c.claim()->b);
    cl["holds"] = *r.claim_holds;
    o["claim"] = cl;
    o["claim_holds"] = *r.claim_holds;
  }
  if (!c.source().empty()) o["source"] = c.source();
  return o;
}

Json certified_report_json(const CertifiedReport& r, const CertifiedOptions& opt) {
  Json o;
  o["N_u"] = r.N_u, o["N_v"] = r.N_v, o["d"] = r.d;
  o["certified"] = true;
  o["exact"] = !r.normalized;
  o["normalized"] = r.normalized;
  o["labels"] = r.labels_mode;
  o["dtype_u"] = r.dtype_u, o["dtype_v"] = r.dtype_v;
  o["kernel"] = r.kernel;
  put_value(o, "min_diag", r.min_diag);
  o["argmin_diag"] = r.argmin_diag;
  if (r.labels_mode) o["argmin_diag_v"] = (*opt.labels)[r.argmin_diag];
  if (r.has_offdiag) {
    put_value(o, "max_offdiag", r.max_offdiag);
    o["argmax_offdiag"] = {r.argmax_i, r.argmax_j};
    put_value(o, "margin", r.margin);
    put_value(o, "relative_bias", r.relative_bias);
  } else {
    for (const char* k : {"max_offdiag", "argmax_offdiag", "margin", "relative_bias"}) o[k] = nullptr;
  }
  o["norm_max_deviation"] = r.norm_max_deviation;
  o["norm_mean_deviation"] = r.norm_mean_deviation;
  o["norm_max_deviation_at"] = r.norm_max_where;
  o["unit_norm_exact"] = r.unit_norm_exact;
  put_exact(o, "recall_at_1_u2v", Rational(Integer(r.u2v_correct), Integer(r.u2v_total)));
  o["recall_at_1_u2v_correct"] = r.u2v_correct, o["recall_at_1_u2v_ties"] = r.u2v_ties;
  o["recall_at_1_u2v_total"] = r.u2v_total;
  if (r.v2u_total)
    put_exact(o, "recall_at_1_v2u", Rational(Integer(r.v2u_correct), Integer(r.v2u_total)));
  else
    o["recall_at_1_v2u"] = nullptr;
  o["recall_at_1_v2u_correct"] = r.v2u_correct, o["recall_at_1_v2u_ties"] = r.v2u_ties;
  o["recall_at_1_v2u_total"] = r.v2u_total;
  if (opt.m) {
    put_exact(o, "m", *opt.m);
    put_exact(o, "b", *opt.b);
    o["is_constellation"] = *r.is_constellation;
    o["violations_pos"] = r.violations_pos, o["violations_neg"] = r.violations_neg;
  }
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
  return o;
}

Json bound_json(const bounds::MrbBounds& r) {
  Json o;
  o["d"] = r.d;
  put_exact(o, "m", r.m);
  put_exact(o, "b", r.b);
  if (r.region.alpha)
    put_exact(o, "alpha", *r.region.alpha);
  else
    o["alpha"] = nullptr;
  o["region"] = r.region.name;
  o["region_description"] = r.region.description;
  o["lower"] = bounds::size_bound_json(r.lower);
  o["upper"] = bounds::size_bound_json(r.upper);
  o["lower_all"] = Json::array();
  for (const auto& x : r.lower_all) o["lower_all"].push_back(bounds::size_bound_json(x));
  o["upper_all"] = Json::array();
  for (const auto& x : r.upper_all) o["upper_all"].push_back(bounds::size_bound_json(x));
  o["exponent_lower"] = optional_number(r.exponent_lower);
  o["exponent_upper"] = optional_number(r.exponent_upper);
  o["notes"] = r.notes;
  return o;
}

Json codebound_json(const bounds::CodeBoundReport& r) {
  Json o;
  o["n"] = r.n;
  put_exact(o, "s", r.s);
  if (r.rankin) o["rankin"] = to_string(*r.rankin);
  if (r.levenshtein) {
    Json l;
    put_exact(l, "value", r.levenshtein->value);
    l["degree"] = r.levenshtein->degree;
    o["levenshtein"] = l;
  } else {
    o["levenshtein"] = Json{{"value", nullptr}, {"note", r.levenshtein_note}};
  }
  if (r.delsarte) {
    Json ds;
    const auto& dr = *r.delsarte;
    if (dr.certified) {
      put_exact(ds, "value", dr.certificate.bound);
      put_exact(ds, "eps", dr.certificate.eps);
      ds["grid_value"] = dr.grid_value;
      ds["degree"] = dr.degree;
      ds["certificate"] = certificate_strings(dr.certificate.coefficients);
    } else {
      ds["value"] = nullptr;
      ds["grid_value"] = dr.degree ? Json(dr.grid_value) : Json(nullptr);
      ds["degree"] = dr.degree ? Json(dr.degree) : Json(nullptr);
      ds["certificate"] = nullptr;
      ds["note"] = dr.note;
    }
    o["delsarte"] = ds;
  }
  if (r.volume) o["volume"] = bounds::size_bound_json(*r.volume);
  if (r.csw) o["lower"] = bounds::size_bound_json(*r.csw);
  o["best_lower"] = bounds::size_bound_json(r.best_lower);
  o["best_upper"] = bounds::size_bound_json(r.best_upper);
  o["kabatiansky_levenshtein_exponent"] = r.kl_exponent ? Json(*r.kl_exponent) : Json(nullptr);
  return o;
}

Json dimension_json(const choose::DimensionAnswer& a) {
  Json o;
  o["d"] = a.d ? Json(*a.d) : Json(nullptr);
  o["method"] = a.method;
  o["bound_at_d"] = bound_or_null(a.at_d);
  o["bound_at_d_minus_1"] = bound_or_null(a.below_d);
  if (!a.note.empty()) o["note"] = a.note;
  return o;
}

Json explicit_json(const choose::ExplicitAnswer& a) {
  Json o;
  o["d"] = a.d ? Json(*a.d) : Json(nullptr);
  if (a.construction) {
    const auto& c = *a.construction;
    o["construction"] = c.construction;
    o["code"] = c.code_spec;
    o["code_name"] = c.code_name;
    o["code_dimension"] = c.code_dimension;
    o["pairs"] = to_string(c.N);
    put_exact(o, "code_alpha", c.code_alpha);
    o["command"] = a.command;
  }
  if (!a.note.empty()) o["note"] = a.note;
  return o;
}

Json margin_json(const choose::MarginAnswer& a) {
  Json o;
  put_exact(o, "m", a.m);
  if (a.b) put_exact(o, "b", *a.b);
  o["method"] = a.method;
  if (a.bound) o["bound"] = bounds::size_bound_json(*a.bound);
  if (!a.command.empty()) o["command"] = a.command;
  return o;
}

Json params_json(const ParamsConversion& r, const std::string& direction) {
  Json o;
  o["direction"] = direction;
  put_param(o, "logit_scale", r.logit_scale);
  put_param(o, "logit_bias", r.logit_bias);
  put_param(o, "t", r.t);
  put_param(o, "b", r.b);
  put_param(o, "b_rel", r.b_rel);
  o["digits"] = r.digits;
  o["convention"] = "paper: logit = t<U,V> - b, b_rel = b/t; Hugging Face: logits = exp(logit_scale) cos + logit_bias";
  return o;
}

Json codes_json() {
  Json o;
  o["constructions"] = Json::array();
  for (const auto& c : construct::construction_table())
    o["constructions"].push_back({{"name", c.name}, {"usage", c.usage}, {"N", c.N}, {"d", c.d}, {"m", c.m},
                                  {"b", c.b}, {"description", c.description}});
  o["codes"] = Json::array();
  for (const auto& f : codes::code_families())
    o["codes"].push_back({{"name", f.name}, {"spec", f.usage}, {"parameters", f.params}, {"n", f.n_formula},
                          {"N", f.N_formula}, {"alpha", f.alpha_formula}, {"description", f.description}});
  return o;
}

}  // namespace constel::python
