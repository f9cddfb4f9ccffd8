// generate(): validates which options a construction takes and calls it (see generate.hpp).
#include "constel/construct/generate.hpp"

#include <algorithm>
#include <map>

#include "constel/codes/algebraic.hpp"
#include "constel/construct/constructions.hpp"
#include "constel/error.hpp"
#include "constel/io/cst.hpp"

namespace constel::construct {
namespace {

const std::vector<ConstructionInfo> kTable = {
    {"line", "line --code SPEC", "N(code)", "n", "(1 - alpha)/2", "(1 + alpha)/2", "U = V = the code (docs/math.md section 3.1)"},
    {"lift", "lift --code SPEC --m M --b B", "N(code)", "n + 1", "m", "b",
     "any feasible (m, b) from a code with alpha <= (1+b-3m)/(1+b+m) (docs/math.md section 3.2)"},
    {"construction1", "construction1 (--code SPEC | --input FILE.cst) --delta2 D2 [--phi2 P2]", "N(input)", "d(input) + 2",
     "D2 m", "D2 b + P2 - (1 - D2 - P2)", "Construction 1 (docs/math.md section 3.3); --code starts from the line of the code"},
    {"multimodal", "multimodal --code SPEC --k K --delta2 D2", "N(code)", "n + K - 1", "D2 (1 - alpha)/2",
     "D2 (1 + alpha)/2 - (1 - D2)/(K - 1)", "Construction 2: K modalities, every pair the same (m, b) (docs/math.md section 3.4)"},
    {"gap-tight", "gap-tight --N N", "N", "3", "exact m* (printed)", "exact b* (printed)",
     "Construction 3: modality gap with d - 1 = 2 unavoidable exceptions (docs/math.md section 3.5, rational stand-ins)"},
    {"adapter", "adapter (--code SPEC | --input FILE.cst) --delta2 D2", "N(input)", "d(input) + 1", "D2 m",
     "D2 b - (1 - D2)", "Observation 1: locked U -> (delta U, +sqrt(1-D2)), V -> (delta V, -sqrt(1-D2)) (docs/math.md section 1)"},
};

struct Given {
  const GenerateRequest& r;
  std::map<std::string, bool> has;
  // "parameter m" in the library's words, "--m" for a front end that set option_prefix "--"
  std::string name(const std::string& p) const {
    return r.option_prefix.empty() ? "parameter " + p : r.option_prefix + p;
  }
  explicit Given(const GenerateRequest& req) : r(req) {
    has = {{"code", !r.code.empty()}, {"input", !r.input.empty()}, {"m", bool(r.m)}, {"b", bool(r.b)},
           {"delta2", bool(r.delta2)}, {"phi2", bool(r.phi2)}, {"k", bool(r.k)}, {"N", bool(r.N)}, {"count", bool(r.count)}};
  }
  void allow_only(const std::vector<std::string>& allowed) const {
    for (const auto& [opt, present] : has)
      if (present && std::find(allowed.begin(), allowed.end(), opt) == allowed.end())
        throw InputError("generate " + r.construction + ": " + (r.option_prefix.empty() ? "" : "option ") + name(opt) +
                         " does not apply");
  }
  void need(const std::string& opt) const {
    if (!has.at(opt)) throw InputError("generate " + r.construction + ": " + name(opt) + " is required");
  }
};

Configuration base_configuration(const GenerateRequest& r, const Given& g) {
  if (!r.code.empty() && !r.input.empty())
    throw InputError("generate " + r.construction + ": give " + g.name("code") + " or " + g.name("input") + ", not both");
  if (!r.input.empty() && r.count)
    throw InputError("generate " + r.construction + ": " + g.name("count") + " applies to a code, not to " + g.name("input"));
  if (!r.input.empty()) return read_cst_file(r.input);
  if (r.code.empty())
    throw InputError("generate " + r.construction + ": " + g.name("code") + " (a code SPEC) or " + g.name("input") +
                     " (a .cst file) is required");
  return line(codes::build_code_prefix(r.code, r.count));
}

}  // namespace

const std::vector<ConstructionInfo>& construction_table() { return kTable; }

Configuration generate(const GenerateRequest& r) {
  Given g(r);
  const std::string& c = r.construction;
  if (c == "line") {
    g.allow_only({"code", "count"});
    g.need("code");
    return line(codes::build_code_prefix(r.code, r.count));
  }
  if (c == "lift") {
    g.allow_only({"code", "m", "b", "count"});
    g.need("code"), g.need("m"), g.need("b");
    throw_if_infeasible_target(*r.m, *r.b);  // before building a large code
    return lift(codes::build_code_prefix(r.code, r.count), *r.m, *r.b);
  }
  if (c == "construction1") {
    g.allow_only({"code", "input", "delta2", "phi2", "count"});
    g.need("delta2");
    return construction1(base_configuration(r, g), *r.delta2, r.phi2.value_or(Rational(0)));
  }
  if (c == "multimodal") {
    g.allow_only({"code", "k", "delta2", "count"});
    g.need("code"), g.need("k"), g.need("delta2");
    if (*r.k < 2 || *r.k > 1024) throw InputError("multimodal: " + g.name("k") + " must be in [2, 1024], got " + std::to_string(*r.k));
    if (*r.delta2 <= 0 || *r.delta2 >= 1)
      throw InputError("multimodal: 0 < delta^2 < 1 fails (" + g.name("delta2") + " " + to_string(*r.delta2) + ")");
    return multimodal(codes::build_code_prefix(r.code, r.count), *r.k, *r.delta2);
  }
  if (c == "gap-tight") {
    g.allow_only({"N"});
    g.need("N");
    return gap_tight(*r.N);
  }
  if (c == "adapter") {
    g.allow_only({"code", "input", "delta2", "count"});
    g.need("delta2");
    return adapter(base_configuration(r, g), *r.delta2);
  }
  std::string names;
  for (const auto& t : kTable) names += (names.empty() ? "" : ", ") + t.name;
  throw InputError("unknown construction '" + c + "'; constructions: " + names + " (see constel generate --list)");
}

}  // namespace constel::construct
