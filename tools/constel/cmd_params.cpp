// `constel params`: converts between the Hugging Face SigLIP parameters (logit_scale, logit_bias;
// logits = exp(logit_scale) cos + logit_bias) and the paper's (t, b, b_rel; logit = t <U,V> - b,
// b_rel = b / t), in either direction (gap/params.hpp). Inputs are exact; exp and ln give irrational
// values, printed as MPFR decimals and marked as such.
#include <iostream>

#include "command.hpp"
#include "constel/error.hpp"
#include "constel/gap/params.hpp"

namespace constel::tool {
namespace {

struct ParamsArgs {
  std::string hf_scale, hf_bias, t, b, b_rel;
  unsigned digits = 30;
  bool json = false;
};

std::string shown(const ParamValue& v) {
  if (v.exact) return to_string(v.value) + (denominator(v.value) == 1 ? "" : " = " + v.decimal) + " (exact)";
  return v.decimal + " (irrational, rounded)";
}

int run_params(const ParamsArgs& a) {
  const bool from_hf = !a.hf_scale.empty() || !a.hf_bias.empty();
  const bool from_paper = !a.t.empty() || !a.b.empty() || !a.b_rel.empty();
  if (from_hf == from_paper)
    throw InputError("params: give --hf-logit-scale and --hf-logit-bias, or --t with --b or --b-rel");
  ParamsConversion r;
  if (from_hf) {
    if (a.hf_scale.empty() || a.hf_bias.empty())
      throw InputError("params: --hf-logit-scale and --hf-logit-bias go together");
    r = params_from_hf(parse_rational_option("--hf-logit-scale", a.hf_scale),
                       parse_rational_option("--hf-logit-bias", a.hf_bias), a.digits);
  } else {
    if (a.t.empty() || a.b.empty() == a.b_rel.empty()) throw InputError("params: give --t with exactly one of --b and --b-rel");
    Rational t = parse_rational_option("--t", a.t);
    r = a.b.empty() ? params_from_t_b_rel(t, parse_rational_option("--b-rel", a.b_rel), a.digits)
                    : params_from_t_b(t, parse_rational_option("--b", a.b), a.digits);
  }
  if (a.json) {
    print_json_line(to_json(r).dump(2));
    return 0;
  }
  std::ostream& out = std::cout;
  out << "paper: logit = t <U,V> - b, b_rel = b / t;  Hugging Face: logits = exp(logit_scale) cos + logit_bias\n";
  out << "  logit_scale = " << shown(r.logit_scale) << (from_hf ? "" : "   = ln t") << "\n";
  out << "  logit_bias  = " << shown(r.logit_bias) << (from_hf ? "" : "   = -b") << "\n";
  out << "  t           = " << shown(r.t) << (from_hf ? "   = exp(logit_scale)" : "") << "\n";
  out << "  b           = " << shown(r.b) << (from_hf ? "   = -logit_bias" : "") << "\n";
  out << "  b_rel       = " << shown(r.b_rel) << "   = b / t\n";
  if (!r.t.exact || !r.logit_scale.exact || !r.b_rel.exact)
    out << "  irrational values: " << r.digits << " significant digits from MPFR at " << r.digits + 20
        << " digits of working precision\n";
  return 0;
}

const CommandRegistrar registrar(
    "params", "Convert Hugging Face logit_scale/logit_bias to t, b, b_rel and back", [](CLI::App& app) -> RunFunction {
      auto a = std::make_shared<ParamsArgs>();
      app.add_option("--hf-logit-scale", a->hf_scale, "Hugging Face logit_scale S (t = exp(S)); exact, e.g. 4.7");
      app.add_option("--hf-logit-bias", a->hf_bias, "Hugging Face logit_bias B (b = -B); exact, e.g. -10");
      app.add_option("--t", a->t, "Inverse temperature t > 0 (exact)");
      app.add_option("--b", a->b, "Bias b of the paper (logit = t<U,V> - b)");
      app.add_option("--b-rel", a->b_rel, "Relative bias b_rel = b / t");
      app.add_option("--digits", a->digits, "Significant digits of irrational values (default 30, at most 1000)");
      app.add_flag("--json", a->json, "Print one JSON object on stdout");
      app.footer("Example: constel params --hf-logit-scale 4.7 --hf-logit-bias -10 --json");
      return [a]() -> int { return run_params(*a); };
    });

}  // namespace
}  // namespace constel::tool
