// The JSON of choose-d (see choose_json.hpp). Key order is part of the output users see: keep it, and
// add new keys at the end of their group.
#include "constel/choose/choose_json.hpp"

#include "constel/bounds/region.hpp"
#include "constel/bounds/size_bound_json.hpp"

namespace constel::choose {

namespace {

Json bound_or_null(const std::optional<bounds::SizeBound>& b) { return b ? bounds::size_bound_json(*b) : Json(nullptr); }

Json dimension_json(const DimensionAnswer& a) {
  Json o;
  o["d"] = a.d ? Json(*a.d) : Json(nullptr);
  o["method"] = a.method;
  o["bound_at_d"] = bound_or_null(a.at_d);
  o["bound_at_d_minus_1"] = bound_or_null(a.below_d);
  if (!a.note.empty()) o["note"] = a.note;
  return o;
}

Json explicit_json(const ExplicitAnswer& a) {
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
    o["written_in_full"] = c.written_in_full;
    if (c.count) o["count"] = c.count;
    if (c.log2_N) o["log2_pairs"] = c.log2_N;
  }
  if (!a.note.empty()) o["note"] = a.note;
  return o;
}

}  // namespace

Json to_json(const ChooseDResult& r) {
  Json x;
  x["N"] = to_string(r.N);
  x["log10_N"] = bounds::log10_of(Rational(r.N));
  x["d_necessary"] = dimension_json(r.necessary);
  x["d_sufficient"] = dimension_json(r.sufficient);
  x["d_explicit"] = explicit_json(r.explicit_code);
  return x;
}

Json to_json(const ChooseDReport& r) {
  auto region = bounds::classify_region(r.m, r.b);
  Json o;
  put_exact(o, "m", r.m);
  put_exact(o, "b", r.b);
  if (region.alpha) put_exact(o, "alpha", *region.alpha);
  o["region"] = region.name;
  o["max_d"] = r.max_d;
  o["results"] = Json::array();
  for (const auto& x : r.results) o["results"].push_back(to_json(x));
  return o;
}

Json to_json(const MarginAnswer& a) {
  Json o;
  put_exact(o, "m", a.m);
  if (a.b) put_exact(o, "b", *a.b);
  o["method"] = a.method;
  if (a.bound) o["bound"] = bounds::size_bound_json(*a.bound);
  if (!a.command.empty()) o["command"] = a.command;
  return o;
}

Json to_json(const MarginResult& r) {
  Json x;
  x["N"] = to_string(r.N);
  x["upper"] = to_json(r.upper);
  x["lower"] = to_json(r.lower);
  x["explicit"] = to_json(r.explicit_code);
  return x;
}

Json to_json(const MarginReport& r) {
  Json o;
  o["d"] = r.d;
  if (r.b)
    put_exact(o, "b", *r.b);
  else
    o["b"] = "line";
  put_exact(o, "resolution", r.resolution);
  o["results"] = Json::array();
  for (const auto& x : r.results) o["results"].push_back(to_json(x));
  return o;
}

}  // namespace constel::choose
