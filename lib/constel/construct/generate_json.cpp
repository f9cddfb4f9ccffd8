// The JSON summary of `constel generate` (see generate_json.hpp). Key order is part of the output users
// see: keep it, and add new keys at the end.
#include "constel/construct/generate_json.hpp"

namespace constel::construct {

Json to_json(const GenerateSummary& s) {
  const Configuration& c = s.configuration;
  Json o;
  o["construction"] = s.construction;
  if (!s.code.empty()) o["code"] = s.code;
  if (s.count) o["count"] = *s.count;
  o["file"] = s.file;
  o["format"] = s.format;
  o["N"] = c.N();
  o["d"] = c.d();
  o["k"] = c.k();
  if (c.claim()) {
    put_exact(o, "m", c.claim()->m);
    put_exact(o, "b", c.claim()->b);
  } else {
    o["m"] = nullptr;
    o["b"] = nullptr;
  }
  if (s.adapted) {
    put_exact(o, "adapted_t", s.adapted->t);
    put_exact(o, "adapted_b_rel", s.adapted->b_rel);
  }
  o["source"] = c.source();
  if (s.floats) {
    const FloatOutput& fl = *s.floats;
    Json f;
    f["method"] = fl.method;
    if (fl.claim) {
      put_exact(f, "m", fl.claim->m);
      put_exact(f, "b", fl.claim->b);
    }
    f["verified"] = bool(fl.claim);
    if (fl.claim)
      f["check"] = fl.method == "directed-rounding-a-priori"
                       ? "a priori rounding bound: slack of the negatives >= 2^-50 (docs/constructions.md)"
                       : "certified verification of the stored floats";
    o["float_claim"] = f;
  }
  return o;
}

}  // namespace constel::construct
