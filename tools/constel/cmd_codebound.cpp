// `constel codebound --n N --s S [--degree K] [--certificate FILE] [--json]`: bounds on N_SC(n, s), the
// largest spherical code in S^{n-1} with max inner product s (docs/math.md section 5): Rankin, Levenshtein
// (exact, or interval arithmetic beyond degree 12000), certified Delsarte LP (optionally written as a
// certificate file), volume, Rankin's cap bound, Chabauty-Shannon-Wyner.
// `--sdp [--sdp-degree K] [--sdp-certificate FILE]` adds the certified three-point SDP bound (SDPA).
// `--check FILE` re-proves a certificate file (Delsarte or three-point) exactly without any solver.
#include <fmt/format.h>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>

#include "command.hpp"
#include "constel/bounds/bounds_json.hpp"
#include "constel/bounds/code_bounds.hpp"
#include "constel/error.hpp"
#include "constel/io/atomic_file.hpp"
#include "constel/report/progress_bar.hpp"

namespace constel::tool {
namespace {

struct CodeBoundArgs {
  std::string n, s, degree, certificate, check, sdp_degree, sdp_certificate;
  bool json = false, sdp = false, sdp_scale_rows = false, quiet = false;
};

std::size_t parse_size_option(const std::string& option, const std::string& text) {
  return with_option(option, [&] { return parse_count(text); });
}

std::string show(const Rational& x) {
  std::string s = to_string(x);
  if (s.size() > 60 && !std::isfinite(to_double(x)))
    return fmt::format("10^{:.4f}", bounds::log10_of(x)) + " (exact value in --json)";
  if (s.size() > 60) return fmt::format("{:.12g}", to_double(x)) + " (exact value in --json)";
  return denominator(x) == 1 ? s : s + fmt::format(" ({:.12g})", to_double(x));
}

void print_human(const bounds::CodeBoundReport& r) {
  std::ostream& out = std::cout;
  out << "N_SC(n = " << r.n << ", s = " << to_string(r.s) << ")\n";
  if (r.rankin) out << "  Rankin (exact):  " << to_string(*r.rankin) << "\n";
  if (r.levenshtein && r.levenshtein->exact)
    out << "  Levenshtein:     " << show(*r.levenshtein->exact) << "  (degree " << r.levenshtein->degree << ")\n";
  else if (r.levenshtein)
    out << "  Levenshtein:     " << fmt::format("10^{:.4f}", r.levenshtein->log10) << "  (degree "
        << r.levenshtein->degree << ", proved upper bound by interval arithmetic)\n";
  else
    out << "  Levenshtein:     not computed: " << r.levenshtein_note << "\n";
  if (r.delsarte) {
    const auto& d = *r.delsarte;
    if (d.certified)
      out << "  Delsarte LP:     " << show(d.certificate.bound) << "  (certified, degree " << d.degree
          << fmt::format(", grid optimum {:.10g}, eps {:.3g})\n", d.grid_value, to_double(d.certificate.eps));
    else
      out << "  Delsarte LP:     no certified bound: " << d.note << "\n";
  }
  if (r.sdp) {
    const auto& p = *r.sdp;
    if (p.certified)
      out << "  three-point SDP: " << show(p.certificate.bound) << "  (certified, degree " << p.degree
          << fmt::format(", solver value {:.10g}, {:.1f} s + {:.1f} s)\n", p.float_value, p.solve_seconds,
                         p.certify_seconds);
    else
      out << "  three-point SDP: no certified bound (degree " << p.degree << "): " << p.note << "\n";
  }
  if (r.volume) out << "  volume bound:    " << bounds::size_bound_text(*r.volume) << "\n";
  if (r.cap) out << "  cap bound:       " << bounds::size_bound_text(*r.cap) << "\n";
  if (r.csw) out << "  lower (CSW):     " << bounds::size_bound_text(*r.csw) << "\n";
  out << "  best lower:      " << bounds::size_bound_text(r.best_lower) << "\n";
  out << "  best upper:      " << bounds::size_bound_text(r.best_upper) << "\n";
  if (r.kl_exponent) out << fmt::format("  Kabatiansky-Levenshtein exponent: {:.6f} nats per dimension\n", *r.kl_exponent);
}

void check_matches(const CodeBoundArgs& args, std::size_t n, const Rational& s) {
  if (!args.n.empty() && parse_size_option("--n", args.n) != n)
    throw InputError("--check: the certificate is for n = " + std::to_string(n) + ", not " + args.n);
  if (!args.s.empty() && parse_rational_option("--s", args.s) != s)
    throw InputError("--check: the certificate is for s = " + to_string(s) + ", not " + args.s);
}

int run_check_sdp(const CodeBoundArgs& args, const std::string& text) {
  auto c = bounds::parse_three_point_certificate(text, args.check);
  check_matches(args, c.n, c.s);
  std::string why;
  std::optional<Rational> bound = bounds::check_three_point(c, why);
  if (args.json) {
    print_json_line(bounds::three_point_check_json(c, bound, why).dump(2));
  } else if (bound) {
    std::cout << "three-point certificate verified: N_SC(" << c.n << ", " << to_string(c.s) << ") <= " << show(*bound)
              << " (degree " << c.degree << ")\n";
  } else {
    std::cout << "certificate NOT verified: " << why << "\n";
  }
  return bound ? 0 : 1;
}

int run_check(const CodeBoundArgs& args) {
  std::string text;
  {
    std::error_code ec;
    if (std::filesystem::is_directory(args.check, ec))
      throw InputError("--check: cannot read '" + args.check + "': it is a folder, not a file");
    std::ifstream in(args.check, std::ios::binary);
    if (!in) throw InputError("--check: cannot read '" + args.check + "'");
    std::ostringstream s;
    s << in.rdbuf();
    text = s.str();
  }
  if (bounds::is_three_point_certificate(text)) return run_check_sdp(args, text);
  auto p = bounds::parse_delsarte_certificate(text, args.check);
  if (!args.n.empty() && parse_size_option("--n", args.n) != p.n)
    throw InputError("--check: the certificate is for n = " + std::to_string(p.n) + ", not " + args.n);
  if (!args.s.empty() && parse_rational_option("--s", args.s) != p.s)
    throw InputError("--check: the certificate is for s = " + to_string(p.s) + ", not " + args.s);
  bounds::CertificateCheck check = bounds::check_delsarte_certificate(p);
  if (args.json)
    print_json_line(bounds::to_json(check).dump(2));
  else if (check.verified)
    std::cout << "certificate verified exactly: N_SC(" << p.n << ", " << to_string(p.s)
              << ") <= " << show(check.certificate->bound) << " (eps = " << to_string(check.certificate->eps) << ")\n";
  else
    std::cout << "certificate NOT verified: " << check.reason << "\n";
  return check.verified ? 0 : 1;
}

int run_codebound(const CodeBoundArgs& args) {
  if (!args.check.empty()) return run_check(args);
  if (args.n.empty() || args.s.empty()) throw InputError("codebound: give --n and --s (or --check FILE)");
  std::size_t n = parse_size_option("--n", args.n);
  with_option("--n", [&] { bounds::throw_if_bad_dimension(n); });
  Rational s = parse_rational_option("--s", args.s);
  with_option("--s", [&] { bounds::throw_if_bad_inner_product(s); });
  bounds::CodeBoundOptions opt;
  if (!args.degree.empty()) {
    opt.delsarte.degree = parse_size_option("--degree", args.degree);
    with_option("--degree", [&] { bounds::throw_if_bad_delsarte_degree(*opt.delsarte.degree); });
  }
  if (args.sdp || args.sdp_scale_rows || !args.sdp_degree.empty() || !args.sdp_certificate.empty()) {
    if (n < 3) throw InputError("--sdp: the three-point bound needs --n >= 3");
    bounds::ThreePointOptions sdp;
    if (!args.sdp_degree.empty()) {
      sdp.degree = parse_size_option("--sdp-degree", args.sdp_degree);
      if (sdp.degree < 2 || sdp.degree > bounds::kMaxThreePointDegree)
        throw InputError("--sdp-degree: must lie in 2.." + std::to_string(bounds::kMaxThreePointDegree) + ", got " +
                         args.sdp_degree);
    }
    sdp.scale_rows = args.sdp_scale_rows;
    opt.sdp = sdp;
  }
  bounds::CodeBoundReport r;
  {
    ProgressBar progress("codebound", !args.quiet);  // cleared before the report
    opt.hooks.progress = progress.hook();
    r = bounds::spherical_code_bounds(n, s, opt);
  }
  if (!args.sdp_certificate.empty()) {
    if (!r.sdp || !r.sdp->certified)
      throw InputError("--sdp-certificate: no certified three-point bound to write (" +
                       (r.sdp ? r.sdp->note : std::string("not run")) + ")");
    std::string text = bounds::format_three_point_certificate(r.sdp->certificate);
    write_file_atomically(args.sdp_certificate, [&](std::ostream& o) { o << text; });
  }
  if (!args.certificate.empty()) {
    if (!r.delsarte || !r.delsarte->certified)
      throw InputError("--certificate: no certified Delsarte polynomial to write (" +
                       (r.delsarte ? r.delsarte->note : std::string("not run")) + ")");
    std::string text = bounds::format_delsarte_certificate(r.delsarte->certificate);
    write_file_atomically(args.certificate, [&](std::ostream& o) { o << text; });
  }
  if (args.json)
    print_json_line(bounds::to_json(r).dump(2));
  else
    print_human(r);
  return 0;
}

const CommandRegistrar registrar(
    "codebound", "Bounds on spherical codes N_SC(n, s); certified Delsarte LP", [](CLI::App& app) -> RunFunction {
      auto args = std::make_shared<CodeBoundArgs>();
      app.add_option("--n", args->n, "Dimension n >= 2 (points on S^{n-1})");
      app.add_option("--s", args->s, "Max inner product s in [-1, 1) (exact: 0.5 is 1/2)");
      app.add_option("--degree", args->degree, "Delsarte LP degree (default: raised until it stops improving)");
      app.add_option("--certificate", args->certificate, "Write the certified Delsarte polynomial to FILE");
      app.add_option("--check", args->check, "Re-verify a certificate FILE exactly (exit 0 verified, 1 not)");
      app.add_flag("--sdp", args->sdp, "Add the certified three-point SDP bound (Bachoc-Vallentin; n >= 3)");
      app.add_option("--sdp-degree", args->sdp_degree, "Three-point SDP degree (default 6; 2..14, time grows fast)");
      app.add_option("--sdp-certificate", args->sdp_certificate, "Write the three-point certificate to FILE (implies --sdp)");
      app.add_flag("--sdp-scale-rows", args->sdp_scale_rows,
                   "Give SDPA every equality divided by its largest coefficient (implies --sdp; helps n = 6 at degree 11)");
      app.add_flag("--json", args->json, "Print one JSON object on stdout");
      app.add_flag("--quiet", args->quiet, "No progress line on the terminal");
      app.footer(
          "The Delsarte grid optimum is shown as grid_value (a lower bound on the LP optimum of that degree)\n"
          "and is never a bound on N_SC; the certified value is\n"
          "(f(1) - eps) / (f_0 - eps) with eps >= max f on [-1, s] proved by Sturm sequences. See docs/bounds.md.\n"
          "Exit status: 0 on success (with --check: certificate verified), 1 certificate not verified, 2 bad input.\n"
          "Example: constel codebound --n 8 --s 1/2 --certificate e8.txt && constel codebound --check e8.txt\n"
          "Three-point: constel codebound --n 3 --s 1/2 --sdp --sdp-certificate k3.txt && constel codebound --check k3.txt");
      return [args]() -> int { return run_codebound(*args); };
    });

}  // namespace
}  // namespace constel::tool
