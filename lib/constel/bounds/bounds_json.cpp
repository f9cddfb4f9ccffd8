// The JSON of the bounds reports (see bounds_json.hpp). Key order is part of the output users see:
// keep it, and add new keys at the end of their group.
#include "constel/bounds/bounds_json.hpp"

namespace constel::bounds {

namespace {

Json optional_number(const std::optional<double>& x) { return x ? Json(*x) : Json(nullptr); }

Json rational_strings(const std::vector<Rational>& c) {
  Json a = Json::array();
  for (const auto& x : c) a.push_back(to_string(x));
  return a;
}

Json delsarte_json(const DelsarteResult& dr) {
  Json ds;
  if (dr.certified) {
    put_exact(ds, "value", dr.certificate.bound);
    put_exact(ds, "eps", dr.certificate.eps);
    ds["grid_value"] = dr.grid_value;
    ds["degree"] = dr.degree;
    ds["certificate"] = rational_strings(dr.certificate.coefficients);
  } else {
    ds["value"] = nullptr;
    ds["grid_value"] = dr.degree ? Json(dr.grid_value) : Json(nullptr);
    ds["degree"] = dr.degree ? Json(dr.degree) : Json(nullptr);
    ds["certificate"] = nullptr;
    ds["note"] = dr.note;
  }
  return ds;
}

Json sdp_json(const ThreePointResult& r) {
  Json o;
  if (r.certified) {
    put_exact(o, "value", r.certificate.bound);
  } else {
    o["value"] = nullptr;
  }
  o["float_value"] = r.float_value;
  o["degree"] = r.degree;
  o["solver"] = "SDPA";
  o["solver_status"] = r.solver_status;
  o["certified"] = r.certified;
  if (!r.certified) o["reason"] = r.note;
  o["solve_seconds"] = r.solve_seconds;
  o["certify_seconds"] = r.certify_seconds;
  o["margin"] = r.margin;  // G_0 >= margin I in the solve that was rounded
  return o;
}

}  // namespace

Json to_json(const ThreePointResult& r) { return sdp_json(r); }

Json to_json(const SizeBound& b) { return size_bound_json(b); }

Json to_json(const MrbBounds& r) {
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
  o["lower"] = to_json(r.lower);
  o["upper"] = to_json(r.upper);
  o["lower_all"] = Json::array();
  for (const auto& x : r.lower_all) o["lower_all"].push_back(to_json(x));
  o["upper_all"] = Json::array();
  for (const auto& x : r.upper_all) o["upper_all"].push_back(to_json(x));
  o["exponent_lower"] = optional_number(r.exponent_lower);
  o["exponent_upper"] = optional_number(r.exponent_upper);
  // The exponents are limits (d -> infinity) evaluated in double precision, not bounds at this d.
  o["exponents_rigorous"] = false;
  o["exponents_note"] = "asymptotic exponents (nats per dimension as d -> infinity) in double precision; not bounds at this d";
  o["notes"] = r.notes;
  return o;
}

Json to_json(const CodeBoundReport& r) {
  Json o;
  o["n"] = r.n;
  put_exact(o, "s", r.s);
  if (r.rankin) o["rankin"] = to_string(*r.rankin);
  if (r.levenshtein) {
    Json l;
    if (r.levenshtein->exact) {
      put_exact(l, "value", *r.levenshtein->exact);
    } else {
      l["value"] = nullptr;  // beyond exact arithmetic: log10 of a proved upper bound
      l["value_decimal"] = nullptr;
    }
    l["exact"] = r.levenshtein->exact.has_value();
    l["log10"] = r.levenshtein->log10;
    l["degree"] = r.levenshtein->degree;
    o["levenshtein"] = l;
  } else {
    o["levenshtein"] = Json{{"value", nullptr}, {"note", r.levenshtein_note}};
  }
  if (r.delsarte) o["delsarte"] = delsarte_json(*r.delsarte);
  if (r.sdp) o["sdp"] = sdp_json(*r.sdp);
  if (r.volume) o["volume"] = to_json(*r.volume);
  o["cap"] = r.cap ? to_json(*r.cap) : Json(nullptr);
  if (r.csw) o["lower"] = to_json(*r.csw);
  o["best_lower"] = to_json(r.best_lower);
  o["best_upper"] = to_json(r.best_upper);
  o["kabatiansky_levenshtein_exponent"] = optional_number(r.kl_exponent);
  return o;
}

Json to_json(const CertificateCheck& c) {
  Json o;
  o["n"] = c.n;
  put_exact(o, "s", c.s);
  o["verified"] = c.verified;
  if (c.certificate) {
    put_exact(o, "eps", c.certificate->eps);
    put_exact(o, "bound", c.certificate->bound);
  }
  if (!c.verified) o["reason"] = c.reason;
  return o;
}

Json three_point_check_json(const ThreePointCertificate& c, const std::optional<Rational>& bound,
                            const std::string& why) {
  Json o;
  o["kind"] = "three-point SDP";
  o["n"] = c.n;
  put_exact(o, "s", c.s);
  o["degree"] = c.degree;
  o["verified"] = bound.has_value();
  if (bound)
    put_exact(o, "bound", *bound);
  else
    o["reason"] = why;
  return o;
}

}  // namespace constel::bounds
