// The JSON of an exact verification (see exact_json.hpp). Key order is part of the output users see:
// keep it, and add new keys at the end of their group.
#include "constel/verify/exact_json.hpp"

namespace constel {

Json to_json(const PairExtremes& p, const Configuration& c) {
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

namespace {

Json norm_defects_json(const ExactReport& r) {
  Json defects = Json::array();
  for (const auto& nd : r.norm_defects) {
    Json x;
    x["modality"] = nd.modality;
    x["row"] = nd.row;
    put_exact(x, "norm2", nd.norm2);
    defects.push_back(x);
  }
  return defects;
}

void put_extremes(Json& o, const ExactReport& r) {
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
}

}  // namespace

Json to_json(const ExactReport& r, const Configuration& c, const ExactVerifyOptions& opt) {
  Json o;
  o["N"] = r.N;
  o["d"] = r.d;
  o["k"] = r.k;
  o["exact"] = true;
  o["arithmetic"] = r.arithmetic;
  o["unit_norm"] = r.unit_norm;
  o["non_unit_rows"] = r.non_unit_rows;
  o["norm_defects"] = norm_defects_json(r);
  put_extremes(o, r);
  o["zero_loss_infimum"] = r.zero_loss_infimum;
  if (r.k > 2) {
    const PairExtremes& pd = r.pairs[r.worst_diag_pair];
    const PairExtremes& po = r.pairs[r.worst_offdiag_pair];
    o["argmin_diag_modalities"] = {pd.a, pd.c};
    o["argmax_offdiag_modalities"] = {po.a, po.c};
    Json pairs = Json::array();
    for (const auto& p : r.pairs) pairs.push_back(to_json(p, c));
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

}  // namespace constel
