// `constel choose-d --N N [--N N2 ...] --m M --b B [--json]`: the dimension a dataset of N pairs needs at
// margin m and relative bias b: d_necessary (upper bound), d_sufficient (lower bound), d_explicit (a code of
// the toolkit, with the generate command). `--margin-for --d D --N N [--b B]`: the largest margin the
// bounds allow and the constructions reach at d. The work is in lib/constel/choose/choose_d.hpp.
#include <fmt/format.h>

#include <iostream>
#include <memory>

#include "command.hpp"
#include "sdp_option.hpp"
#include "constel/bounds/size_bound_json.hpp"
#include "constel/choose/choose_d.hpp"
#include "constel/choose/choose_json.hpp"
#include "constel/error.hpp"

namespace constel::tool {
namespace {

struct ChooseArgs {
  std::vector<std::string> N;
  std::string m, b, d, resolution = "1e-6", max_d = "1000000";
  bool margin_for = false, json = false, delsarte = false, no_delsarte = false;
  SdpArgs sdp;
};

std::string d_text(const std::optional<std::size_t>& d) { return d ? std::to_string(*d) : "none"; }

void print_choose(const choose::ChooseDResult& r) {
  std::cout << fmt::format("N = {} (log10 {:.4f})\n", to_string(r.N), bounds::log10_of(Rational(r.N)));
  auto line = [](const char* name, const choose::DimensionAnswer& a, const char* why) {
    std::cout << fmt::format("  {:<13} = {}  ({})\n", name, d_text(a.d), why);
    if (a.at_d) std::cout << "      bound at d:     " << bounds::size_bound_text(*a.at_d) << "\n";
    if (a.below_d) std::cout << "      bound at d - 1: " << bounds::size_bound_text(*a.below_d) << "\n";
    if (!a.note.empty()) std::cout << "      note: " << a.note << "\n";
  };
  line("d_necessary", r.necessary, "smallest d the upper bound does not rule out");
  line("d_sufficient", r.sufficient, "smallest d where the lower bound guarantees N");
  const auto& e = r.explicit_code;
  std::cout << fmt::format("  {:<13} = {}  (smallest d where the toolkit builds N pairs)\n", "d_explicit", d_text(e.d));
  if (e.construction)
    std::cout << "      " << e.construction->construction << " of " << e.construction->code_spec << " ("
              << e.construction->code_name << ", " << choose::pairs_text(*e.construction) << " points in R^"
              << e.construction->code_dimension << ", alpha' = " << to_string(e.construction->code_alpha) << ")\n"
              << "      command: " << e.command << "\n";
  if (!e.note.empty()) std::cout << "      note: " << e.note << "\n";
}

int run_choose(const ChooseArgs& a, const Rational& m, const Rational& b, const std::vector<Integer>& Ns,
               const bounds::MrbOptions& options) {
  with_option("--m", [&] { bounds::throw_if_bad_margin(m); });
  with_option("--b", [&] { bounds::throw_if_bad_relative_bias(b); });
  choose::throw_if_bad_target(m, b);
  std::size_t max_d = parse_count(a.max_d);
  if (max_d < 2 || max_d > 1000000) throw InputError("--max-d: must be in [2, 1000000]");
  choose::BoundCache cache(m, b, options);
  choose::ChooseDReport report{m, b, max_d, {}};
  int code = 0;
  for (const auto& N : Ns) {
    report.results.push_back(choose::choose_d(cache, N, a.m, a.b, max_d));
    if (!report.results.back().necessary.d) code = 1;
  }
  if (a.json) {
    print_json_line(choose::to_json(report).dump(2));
    return code;
  }
  auto region = bounds::classify_region(m, b);
  std::cout << "m = " << to_string(m) << ", b = " << to_string(b) << ", region " << region.name
            << (region.alpha ? fmt::format(", alpha = {} ({:.6f})", to_string(*region.alpha), to_double(*region.alpha)) : "")
            << "\n";
  for (const auto& r : report.results) print_choose(r);
  return code;
}

void print_margin(std::size_t d, const std::optional<Rational>& b, const Rational& res, const choose::MarginResult& r) {
  std::cout << fmt::format("d = {}, N = {}, {} (grid m = j * {}, bisection)\n", d, to_string(r.N),
                           b ? "b = " + to_string(*b) : std::string("best b (on the line b = 1 - m)"), to_string(res));
  auto show = [](const char* what, const choose::MarginAnswer& x, const char* meaning) {
    std::cout << fmt::format("  {:<9} m = {} ({:.6f}), b = {}  {}\n", what, to_string(x.m), to_double(x.m),
                             x.b ? to_string(*x.b) : "-", meaning);
    if (x.bound) std::cout << "            bound: " << bounds::size_bound_text(*x.bound) << "\n";
    else std::cout << "            " << x.method << "\n";
    if (!x.command.empty()) std::cout << "            command: " << x.command << "\n";
  };
  show("upper:", r.upper, "(no constellation has margin above m + resolution)");
  show("lower:", r.lower, "(a constellation with this margin exists)");
  show("explicit:", r.explicit_code, "(the toolkit builds it)");
}

int run_margin(const ChooseArgs& a, const std::vector<Integer>& Ns, const bounds::MrbOptions& options) {
  if (a.d.empty()) throw InputError("choose-d --margin-for: give --d");
  const std::size_t d = with_option("--d", [&] { return parse_count(a.d); });
  with_option("--d", [&] { bounds::throw_if_bad_dimension(d); });
  std::optional<Rational> b;
  if (!a.b.empty()) b = parse_rational_option("--b", a.b);
  if (b) with_option("--b", [&] { bounds::throw_if_bad_relative_bias(*b); });
  Rational res = parse_rational_option("--resolution", a.resolution);
  with_option("--resolution", [&] { choose::throw_if_bad_resolution(res); });
  choose::MarginReport report{d, b, res, {}};
  for (const auto& N : Ns)  // what margin_for can still refuse is a resolution too fine for the range
    report.results.push_back(with_option("--resolution", [&] { return choose::margin_for(d, N, b, res, options); }));
  if (a.json) {
    print_json_line(choose::to_json(report).dump(2));
    return 0;
  }
  for (const auto& r : report.results) print_margin(d, b, res, r);
  return 0;
}

int run(const ChooseArgs& a) {
  if (a.N.empty()) throw InputError("choose-d: give --N (one or more)");
  std::vector<Integer> Ns;
  for (const auto& t : a.N) Ns.push_back(choose::parse_pair_count("--N", t));
  if (a.delsarte && a.no_delsarte) throw InputError("choose-d: --delsarte and --no-delsarte contradict each other");
  bounds::MrbOptions options;  // the defaults of `constel bound`, so both give one answer
  if (a.no_delsarte) options.delsarte_max_dimension = 0;  // the LP takes seconds per d; Levenshtein is instant
  options.sdp = a.sdp.options();  // run only at the probes d <= 24 the cheaper bounds leave undecided
  if (a.margin_for) return run_margin(a, Ns, options);
  if (a.m.empty() || a.b.empty()) throw InputError("choose-d: give --m and --b (or --margin-for --d D)");
  return run_choose(a, parse_rational_option("--m", a.m), parse_rational_option("--b", a.b), Ns, options);
}

const CommandRegistrar registrar(
    "choose-d", "The dimension N pairs need at (m, b), or the margin a dimension allows", [](CLI::App& app) -> RunFunction {
      auto a = std::make_shared<ChooseArgs>();
      app.add_option("--N", a->N, "Number of pairs, exact integer >= 1 (1e10 allowed); repeatable");
      app.add_option("--m", a->m, "Margin m > 0 (exact: 0.1 is 1/10)");
      app.add_option("--b", a->b, "Relative bias b_rel in [-1, 1]; with --margin-for, omit for the best b");
      app.add_flag("--margin-for", a->margin_for, "Given --d and --N: the largest margin m (bounds, constructions)");
      app.add_option("--d", a->d, "Dimension (with --margin-for)");
      app.add_option("--resolution", a->resolution, "Grid step of m for --margin-for (default 1e-6)");
      app.add_option("--max-d", a->max_d, "Largest dimension searched (default 1000000, the limit of the bounds)");
      app.add_flag("--delsarte", a->delsarte,
                   "Use the certified Delsarte LP for d <= 24 (the default, as in constel bound; kept for old scripts)");
      app.add_flag("--no-delsarte", a->no_delsarte,
                   "Skip the Delsarte LP (faster; d_necessary can then be smaller than what constel bound proves)");
      app.add_flag("--json", a->json, "Print one JSON object on stdout");
      a->sdp.add_to(app);
      app.footer(
          "d_necessary: at d_necessary - 1 the certified upper bound on N_MRB is below N, so no smaller d works.\n"
          "d_sufficient: the lower bound of constel bound (Chabauty-Shannon-Wyner or an explicit code) reaches N.\n"
          "d_explicit: a code of the toolkit's table, or a binary linear code with a proved distance (BCH,\n"
          "Reed-Solomon concatenated, Reed-Muller; docs/math.md section 3.7), gives N pairs (line m + b = 1 or lift,\n"
          "docs/math.md sections 3.1-3.2); for a code too large to write the command has --count K.\n"
          "Upper bounds: the set of constel bound (Delsarte LP for d <= 24, Levenshtein, volume, Theorem 3.5, all\n"
          "certified); --no-delsarte drops the LP; --sdp adds the certified three-point SDP bound at the probed\n"
          "d <= 24 the other bounds leave undecided (a tighter upper bound can only raise d_necessary).\n"
          "Exit status: 0 on success, 1 when some N fits in no dimension, 2 on bad input.\n"
          "Examples: constel choose-d --N 1e10 --m 0.0695 --b 0.068\n"
          "          constel choose-d --margin-for --d 768 --N 1e10 --b 0");
      return [a]() -> int { return run(*a); };
    });

}  // namespace
}  // namespace constel::tool
