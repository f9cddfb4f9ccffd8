// The JSON of `constel gap` (see gap_json.hpp). Key order is part of the output users see: keep it,
// and add new keys at the end of their group.
#include "constel/gap/gap_json.hpp"

namespace constel {

namespace {

Json index_list(const std::vector<std::size_t>& v) {
  Json out = Json::array();
  for (std::size_t i = 0; i < v.size() && i < kGapListedIndices; ++i) out.push_back(v[i]);
  return out;
}

Json hypotheses_json(const GapHypotheses& hyp) {
  Json h;
  h["enough_pairs"] = hyp.enough_pairs;
  h["positives_positive"] = hyp.positives_positive;
  h["negatives_negative"] = hyp.negatives_negative;
  put_exact(h, "min_positive", hyp.min_positive);
  h["argmin_positive"] = hyp.argmin_positive;
  if (hyp.max_negative) {
    put_exact(h, "max_negative", *hyp.max_negative);
    h["argmax_negative"] = {hyp.argmax_i, hyp.argmax_j};
  } else {
    h["max_negative"] = nullptr;
  }
  h["failure"] = hyp.failure;
  return h;
}

Json direction_json(const GapReport& r) {
  Json d;
  Json g = Json::array();
  for (const auto& x : r.direction.g) g.push_back(to_string(x));
  d["g"] = g;
  d["offset"] = r.direction.offset ? Json(to_string(*r.direction.offset)) : Json(nullptr);
  d["scaled_coordinates"] = r.scaled_coordinates;
  if (r.search) d["found_by"] = r.search->found_by;
  return d;
}

Json search_json(const GapSearchResult& s) {
  Json j;
  j["lp_ran"] = s.lp_ran;
  j["lp_solves"] = s.lp_solves;
  j["candidates_checked"] = s.candidates_checked;
  j["lp_found_u_infeasible"] = s.lp_found_u_infeasible;
  j["note"] = s.lp_note;
  return j;
}

void put_counts(Json& j, const GapReport& r) {
  const GapCheck& c = r.check;
  j["all_u_positive"] = c.all_u_positive();
  j["u_nonpositive"] = c.u_nonpositive;
  j["u_nonpositive_indices"] = index_list(c.bad_u);
  j["wrong_side_v"] = c.v_nonnegative;
  j["wrong_side_v_indices"] = index_list(c.wrong_v);
  j["wrong_side_v_optimal"] = c.v_nonnegative == 0;  // no count is below 0 (the U side is reported apart)
  j["wrong_side_v_is"] = c.v_nonnegative == 0 ? "optimal (zero)" : "an upper bound on the optimum";
  j["within_guarantee"] = r.within_guarantee ? Json(*r.within_guarantee) : Json(nullptr);
  j["separable_all"] = c.separates();
  j["certified"] = true;
  j["exact_evaluations"] = c.exact_evaluations;
}

}  // namespace

Json to_json(const GapReport& r) {
  Json j;
  j["N"] = r.N_u;
  j["N_u"] = r.N_u;
  j["N_v"] = r.N_v;
  j["d"] = r.d;
  j["input"] = r.cst.empty() ? Json{{"u", r.u}, {"v", r.v}} : Json{{"cst", r.cst}};
  j["labels"] = r.hypotheses.labels;
  j["mode"] = r.mode;
  j["affine"] = r.affine;
  j["hypotheses"] = hypotheses_json(r.hypotheses);
  j["hypotheses_hold"] = r.hypotheses.hold;
  j["guarantee_max_wrong"] = r.hypotheses.hold ? Json(r.d) : Json(nullptr);
  put_counts(j, r);
  j["direction"] = direction_json(r);
  j["certificate"] = r.certificate ? Json(*r.certificate) : Json(nullptr);
  if (r.search) j["search"] = search_json(*r.search);
  j["statistics"] = r.statistics ? to_json(*r.statistics) : Json(nullptr);
  return j;
}

}  // namespace constel
