// `constel bound --d D --m M --b B [--json]`: lower and upper bounds on N_MRB(d, m, b), the largest
// number of pairs of an (m, b)-constellation in S^{d-1} (docs/math.md sections 2, 4, 5), with the region of (m, b),
// every bound that applies and the exponents. The work is in lib/constel/bounds/mrb_bounds.hpp.
#include <fmt/format.h>

#include <iostream>

#include "command.hpp"
#include "sdp_option.hpp"
#include "constel/bounds/bounds_json.hpp"
#include "constel/bounds/mrb_bounds.hpp"
#include "constel/error.hpp"

namespace constel::tool {
namespace {

struct BoundArgs {
  std::string d, m, b;
  bool json = false;
  SdpArgs sdp;
};

void print_human(const bounds::MrbBounds& r) {
  std::ostream& out = std::cout;
  out << "N_MRB(d = " << r.d << ", m = " << to_string(r.m) << ", b = " << to_string(r.b) << ")\n";
  out << "  region:   " << r.region.name << " (" << r.region.description << ")\n";
  if (r.region.alpha)
    out << "  alpha:    " << to_string(*r.region.alpha) << fmt::format(" ({:.10g})", to_double(*r.region.alpha))
        << "\n";
  out << "  lower:    " << bounds::size_bound_text(r.lower) << "\n";
  out << "  upper:    " << bounds::size_bound_text(r.upper) << "\n";
  if (r.exponent_lower && r.exponent_upper)
    out << fmt::format("  exponent: {:.6f} <= (1/d) ln N <= {:.6f} as d -> infinity (nats per dimension)\n",
                       *r.exponent_lower, *r.exponent_upper);
  out << "  all lower bounds:\n";
  for (const auto& x : r.lower_all) out << "    " << bounds::size_bound_text(x) << "\n";
  out << "  all upper bounds:\n";
  for (const auto& x : r.upper_all) out << "    " << bounds::size_bound_text(x) << "\n";
  for (const auto& n : r.notes) out << "  note: " << n << "\n";
}

int run_bound(const BoundArgs& args) {
  if (args.d.empty() || args.m.empty() || args.b.empty()) throw InputError("bound: give --d, --m and --b");
  const std::uint64_t d = with_option("--d", [&] { return parse_count(args.d); });
  with_option("--d", [&] { bounds::throw_if_bad_dimension(d); });
  Rational m = parse_rational_option("--m", args.m), b = parse_rational_option("--b", args.b);
  with_option("--m", [&] { bounds::throw_if_bad_margin(m); });
  with_option("--b", [&] { bounds::throw_if_bad_relative_bias(b); });
  bounds::MrbOptions options;
  options.sdp = args.sdp.options();
  auto r = bounds::mrb_bounds(d, m, b, options);
  if (args.json)
    print_json_line(bounds::to_json(r).dump(2));
  else
    print_human(r);
  return 0;
}

const CommandRegistrar registrar(
    "bound", "Lower and upper bounds on the number of pairs N_MRB(d, m, b)", [](CLI::App& app) -> RunFunction {
      auto args = std::make_shared<BoundArgs>();
      app.add_option("--d", args->d, "Dimension d >= 2");
      app.add_option("--m", args->m, "Margin m >= 0 (exact: 0.1 is 1/10)");
      app.add_option("--b", args->b, "Relative bias b_rel in [-1, 1] (exact)");
      app.add_flag("--json", args->json, "Print one JSON object on stdout");
      args->sdp.add_to(app);
      app.footer(
          "Upper bounds: Theorem 3.5 (best delta), the reduction N_MRB(d,m,b) <= N_SC(d, alpha) with the exact\n"
          "Levenshtein bound, the certified Delsarte LP (d <= 24) and the volume bound, Theorem 3.4 for alpha < 0;\n"
          "with --sdp also the certified three-point SDP bound on N_SC(d, alpha) for 3 <= d <= 24 (a note otherwise).\n"
          "Lower bounds: Chabauty-Shannon-Wyner in R^(d-1) and explicit codes lifted (docs/math.md section 3.2). See docs/bounds.md.\n"
          "Exit status: 0 on success, 2 on bad input.\n"
          "Example: constel bound --d 768 --m 0.0695 --b 0.068 --json");
      return [args]() -> int { return run_bound(*args); };
    });

}  // namespace
}  // namespace constel::tool
