// `constel generate NAME [parameters] -o FILE [--format cst|npz] [--json]` and `constel generate --list`:
// explicit constellations from spherical codes (docs/math.md section 3). The work is in lib/constel/construct/
// (generate.hpp) and lib/constel/codes/; this file parses options, writes the file and prints a summary.
#include <fmt/format.h>

#include <iostream>

#include "command.hpp"
#include "constel/codes/algebraic.hpp"
#include "constel/codes/catalog.hpp"
#include "constel/construct/catalog_json.hpp"
#include "constel/construct/constructions.hpp"
#include "constel/construct/float_claim.hpp"
#include "constel/construct/generate.hpp"
#include "constel/construct/generate_json.hpp"
#include "constel/error.hpp"
#include "constel/io/cst.hpp"
#include "constel/io/npz_writer.hpp"
#include "constel/io/atomic_file.hpp"

namespace constel::tool {
namespace {

struct GenerateArgs {
  std::string name, code, input, m, b, delta2, phi2, t, b_rel, out, format = "cst";
  std::size_t k = 0, N = 0, count = 0;
  bool list = false, json = false;
  CLI::Option *k_opt = nullptr, *N_opt = nullptr, *count_opt = nullptr;
};

int run_list(bool json) {
  if (json) {
    print_json_line(construct::catalog_to_json().dump(2));
    return 0;
  }
  std::cout << "constructions (constel generate NAME ... -o FILE):\n";
  for (const auto& c : construct::construction_table())
    std::cout << "  " << c.usage << "\n      " << c.description << "\n      N = " << c.N << ", d = " << c.d
              << ", m = " << c.m << ", b = " << c.b << "\n";
  std::cout << "codes (--code SPEC; points in R^n, max inner product alpha):\n";
  std::vector<codes::CodeFamily> families = codes::code_families();
  for (const auto& f : codes::algebraic_families()) families.push_back(f);
  for (const auto& f : families)
    std::cout << "  " << f.usage << (f.params.empty() ? "" : "  (" + f.params + ")") << "\n      " << f.description
              << ": n = " << f.n_formula << ", N = " << f.N_formula << ", alpha = " << f.alpha_formula << "\n";
  return 0;
}

int run_generate(const GenerateArgs& a) {
  if (a.list) return run_list(a.json);
  if (a.name.empty()) throw InputError("generate: a construction NAME is required (see constel generate --list)");
  if (a.out.empty()) throw InputError("generate: -o FILE is required");
  if (a.json && writes_to_stdout(a.out)) throw InputError("generate: --json and -o - both write to standard output; choose one");
  if (a.format != "cst" && a.format != "npz") throw InputError("--format: expected cst or npz, got '" + a.format + "'");
  throw_if_same_file(a.out, a.input, "-o and --input");
  construct::GenerateRequest r;
  r.construction = a.name;
  r.option_prefix = "--";
  r.code = a.code;
  r.input = a.input;
  r.m = parse_optional_rational("--m", a.m);
  r.b = parse_optional_rational("--b", a.b);
  r.delta2 = parse_optional_rational("--delta2", a.delta2);
  r.phi2 = parse_optional_rational("--phi2", a.phi2);
  if (a.k_opt->count()) r.k = a.k;
  if (a.N_opt->count()) r.N = a.N;
  if (a.count_opt->count()) r.count = a.count;
  auto t = parse_optional_rational("--t", a.t);
  auto b_rel = parse_optional_rational("--b-rel", a.b_rel);
  if ((t || b_rel) && a.name != "adapter") throw InputError("generate " + a.name + ": --t and --b-rel apply to adapter only");
  if (t.has_value() != b_rel.has_value()) throw InputError("--t and --b-rel go together");
  if (t && *t <= 0) throw InputError("--t: must be positive, got " + to_string(*t));
  Configuration c = construct::generate(r);
  std::optional<construct::FloatOutput> floats;
  if (a.format == "cst") {
    write_cst_file(a.out, c);
  } else {
    std::optional<Rational> slack;  // a lift of a catalog code: its negatives' distance below b - m
    if (a.name == "lift" && !a.code.empty()) {
      try {
        slack = construct::lift_negative_slack(codes::code_info(a.code).alpha, *r.m, *r.b);
      } catch (const InputError&) {  // a file code: no alpha without building, the certified pass decides
      }
    }
    floats = construct::float_arrays(c, slack);  // the claim the stored float64 values satisfy, verified
    write_npz_file(a.out, floats->arrays);
  }
  std::optional<construct::LossParameters> rescaled;
  if (t) rescaled = construct::adapter_parameters({*t, *b_rel}, *r.delta2);
  if (a.json) {
    const construct::GenerateSummary summary{c, a.name, a.code, a.out, a.format, rescaled, floats ? &*floats : nullptr,
                                              r.count};
    print_json_line(construct::to_json(summary).dump(2));
  } else if (!writes_to_stdout(a.out)) {
    std::cout << "wrote " << a.out << " (" << a.format << "): N = " << c.N() << ", d = " << c.d() << ", k = " << c.k();
    if (c.claim())
      std::cout << fmt::format(", claim (m, b) = ({}, {}) = ({:.10g}, {:.10g})", to_string(c.claim()->m),
                               to_string(c.claim()->b), to_double(c.claim()->m), to_double(c.claim()->b));
    else
      std::cout << ", no claim (the input had none)";
    std::cout << "\n";
    if (floats && floats->claim)
      std::cout << fmt::format("the stored float64 values satisfy (m, b) = ({}, {}) ({:.17g}, {:.17g}; {}), verified\n",
                               to_string(floats->claim->m), to_string(floats->claim->b), to_double(floats->claim->m),
                               to_double(floats->claim->b), floats->method);
    if (rescaled)
      std::cout << "the adapted pair at t = " << to_string(rescaled->t) << ", b_rel = " << to_string(rescaled->b_rel)
                << " has the loss of the original at t = " << to_string(*t) << ", b_rel = " << to_string(*b_rel) << "\n";
  }
  return 0;
}

const CommandRegistrar registrar(
    "generate", "Build explicit constellations from spherical codes (docs/math.md section 3)", [](CLI::App& app) -> RunFunction {
      auto a = std::make_shared<GenerateArgs>();
      app.add_option("name", a->name, "Construction: line, lift, construction1, multimodal, gap-tight, adapter");
      app.add_flag("--list", a->list, "List the constructions and codes with their formulas");
      app.add_option("--code", a->code, "Code SPEC: simplex:N, cross:n, simplex-code:r, rm1:r, rm:r,mu, golay24, golay23, "
                                        "nr, nr288, dn:n, e8, leech, a2, e6, e7, e7star, k12, bw16, lambda:n, linear:FILE, "
                                        "words:FILE, coords:FILE, bch:m,delta[,k], ebch:m,delta[,k], rs-simplex:mu,K[,L], "
                                        "rs-rm1:mu,K[,L]");
      a->count_opt = add_count_option(app, "--count", a->count,
                                      "Only the first K points of the code (codewords 0..K-1 of a linear code; "
                                      "at most 2^23 coordinates in all)", 1, std::size_t(1) << 23);
      app.add_option("--input", a->input, "Input .cst (construction1, adapter); its claim gives (m, b)");
      app.add_option("--m", a->m, "Target margin m (lift; exact: 0.1 is 1/10)");
      app.add_option("--b", a->b, "Target relative bias b_rel (lift; exact)");
      app.add_option("--delta2", a->delta2, "delta^2 (construction1, multimodal, adapter)");
      app.add_option("--phi2", a->phi2, "phi^2 (construction1; default 0)");
      a->k_opt = add_count_option(app, "--k", a->k, "Number of modalities (multimodal; at most 1024)", 0, 1024);
      a->N_opt = add_count_option(app, "--N", a->N, "Number of pairs (gap-tight; at most 10^6)", 0, 1000000);
      app.add_option("--t", a->t, "adapter: inverse temperature t of the original, to print the adapted one");
      app.add_option("--b-rel", a->b_rel, "adapter: relative bias of the original, with --t");
      app.add_option("-o,--output", a->out, "Output file ('-' for standard output)");
      app.add_option("--format", a->format, "cst (exact, default) or npz (float64 arrays U, V or M0..M{k-1}, with the claim the stored floats "
                                      "satisfy, verified)");
      app.add_flag("--json", a->json, "Print a JSON summary on stdout");
      return [a] { return run_generate(*a); };
    });

}  // namespace
}  // namespace constel::tool
