// The catalog's JSON (see catalog_json.hpp).
#include "constel/construct/catalog_json.hpp"

#include "constel/codes/algebraic.hpp"
#include "constel/codes/catalog.hpp"
#include "constel/construct/generate.hpp"

namespace constel::construct {

Json catalog_to_json() {
  Json o;
  o["constructions"] = Json::array();
  for (const auto& c : construction_table())
    o["constructions"].push_back({{"name", c.name}, {"usage", c.usage}, {"N", c.N}, {"d", c.d}, {"m", c.m},
                                  {"b", c.b}, {"description", c.description}});
  o["codes"] = Json::array();
  std::vector<codes::CodeFamily> families = codes::code_families();
  for (const auto& f : codes::algebraic_families()) families.push_back(f);
  for (const auto& f : families)
    o["codes"].push_back({{"name", f.name}, {"spec", f.usage}, {"parameters", f.params}, {"n", f.n_formula},
                          {"N", f.N_formula}, {"alpha", f.alpha_formula}, {"description", f.description}});
  return o;
}

}  // namespace constel::construct
