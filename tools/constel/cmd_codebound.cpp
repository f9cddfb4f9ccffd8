// `constel codebound --n N --s S [--degree K] [--certificate FILE] [--json]`: bounds on N_SC(n, s), the
// largest spherical code in S^{n-1} with max inner product s (MATH.md 5): Rankin, exact Levenshtein,
// certified Delsarte LP (optionally written as a certificate file), volume, Chabauty-Shannon-Wyner.
// `--check FILE` re-proves a certificate file exactly without the LP solver.
#include <fmt/format.h>

#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>

#include "command.hpp"
#include "constel/bounds/code_bounds.hpp"
#include "constel/bounds/size_bound_json.hpp"
#include "constel/error.hpp"
#include "constel/io/atomic_file.hpp"
#include "constel/report/json.hpp"

namespace constel::tool {
namespace {

struct CodeBoundArgs {
  std::string n, s, degree, certificate, check;
  bool json = false;
};

std::size_t parse_size_option(const std::string& option, const std::string& text) {
  try {
    return parse_count(text);
  } catch (const InputError& e) {
    throw InputError(option + ": " + e.what());
  }
}

Json certificate_strings(const std::vector<Rational>& c) {
  Json a = Json::array();
  for (const auto& x : c) a.push_back(to_string(x));
  return a;
}

Json report_json(const bounds::CodeBoundReport& r) {
  Json o;
  o["n"] = r.n;
  put_exact(o, "s", r.s);
  if (r.rankin) o["rankin"] = to_string(*r.rankin);
  if (r.levenshtein) {
    Json l;
    put_exact(l, "value", r.levenshtein->value);
    l["degree"] = r.levenshtein->degree;
    o["levenshtein"] = l;
  } else {
    o["levenshtein"] = Json{{"value", nullptr}, {"note", r.levenshtein_note}};
  }
  if (r.delsarte) {
    Json ds;
    const auto& dr = *r.delsarte;
    if (dr.certified) {
      put_exact(ds, "value", dr.certificate.bound);
      put_exact(ds, "eps", dr.certificate.eps);
      ds["grid_value"] = dr.grid_value;
      ds["degree"] = dr.degree;
      ds["certificate"] = certificate_strings(dr.certificate.coefficients);
    } else {
      ds["value"] = nullptr;
      ds["grid_value"] = dr.degree ? Json(dr.grid_value) : Json(nullptr);
      ds["degree"] = dr.degree ? Json(dr.degree) : Json(nullptr);
      ds["certificate"] = nullptr;
      ds["note"] = dr.note;
    }
    o["delsarte"] = ds;
  }
  if (r.volume) o["volume"] = bounds::size_bound_json(*r.volume);
  if (r.csw) o["lower"] = bounds::size_bound_json(*r.csw);
  o["best_lower"] = bounds::size_bound_json(r.best_lower);
  o["best_upper"] = bounds::size_bound_json(r.best_upper);
  o["kabatiansky_levenshtein_exponent"] = r.kl_exponent ? Json(*r.kl_exponent) : Json(nullptr);
  return o;
}

std::string show(const Rational& x) {
  std::string s = to_string(x);
  if (s.size() > 60) return fmt::format("{:.12g}", to_double(x)) + " (exact value in --json)";
  return denominator(x) == 1 ? s : s + fmt::format(" ({:.12g})", to_double(x));
}

void print_human(const bounds::CodeBoundReport& r) {
  std::ostream& out = std::cout;
  out << "N_SC(n = " << r.n << ", s = " << to_string(r.s) << ")\n";
  if (r.rankin) out << "  Rankin (exact):  " << to_string(*r.rankin) << "\n";
  if (r.levenshtein)
    out << "  Levenshtein:     " << show(r.levenshtein->value) << "  (degree " << r.levenshtein->degree << ")\n";
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
  if (r.volume) out << "  volume bound:    " << bounds::size_bound_text(*r.volume) << "\n";
  if (r.csw) out << "  lower (CSW):     " << bounds::size_bound_text(*r.csw) << "\n";
  out << "  best lower:      " << bounds::size_bound_text(r.best_lower) << "\n";
  out << "  best upper:      " << bounds::size_bound_text(r.best_upper) << "\n";
  if (r.kl_exponent) out << fmt::format("  Kabatiansky-Levenshtein exponent: {:.6f} nats per dimension\n", *r.kl_exponent);
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
  auto p = bounds::parse_delsarte_certificate(text, args.check);
  if (!args.n.empty() && parse_size_option("--n", args.n) != p.n)
    throw InputError("--check: the certificate is for n = " + std::to_string(p.n) + ", not " + args.n);
  if (!args.s.empty() && parse_rational_option("--s", args.s) != p.s)
    throw InputError("--check: the certificate is for s = " + to_string(p.s) + ", not " + args.s);
  std::string why;
  auto cert = bounds::certify_delsarte(p.n, p.s, p.coefficients, p.eps, why);
  bool ok = cert.has_value() && (!p.bound || *p.bound >= cert->bound);
  if (cert && !ok) why = "the stated bound " + to_string(*p.bound) + " is below the proved " + to_string(cert->bound);
  if (args.json) {
    Json o;
    o["n"] = p.n;
    put_exact(o, "s", p.s);
    o["verified"] = ok;
    if (cert) {
      put_exact(o, "eps", cert->eps);
      put_exact(o, "bound", cert->bound);
    }
    if (!ok) o["reason"] = why;
    print_json_line(o.dump(2));
  } else if (ok) {
    std::cout << "certificate verified exactly: N_SC(" << p.n << ", " << to_string(p.s) << ") <= " << show(cert->bound)
              << " (eps = " << to_string(cert->eps) << ")\n";
  } else {
    std::cout << "certificate NOT verified: " << why << "\n";
  }
  return ok ? 0 : 1;
}

int run_codebound(const CodeBoundArgs& args) {
  if (!args.check.empty()) return run_check(args);
  if (args.n.empty() || args.s.empty()) throw InputError("codebound: give --n and --s (or --check FILE)");
  std::size_t n = parse_size_option("--n", args.n);
  if (n < 2) throw InputError("--n: the dimension must be >= 2, got " + args.n);
  if (n > 1000000) throw LimitError("--n: dimensions above 1000000 are not supported, got " + args.n);
  Rational s = parse_rational_option("--s", args.s);
  if (s < -1 || s >= 1) throw InputError("--s: the max inner product must lie in [-1, 1), got " + args.s);
  bounds::CodeBoundOptions opt;
  if (!args.degree.empty()) opt.delsarte.degree = parse_size_option("--degree", args.degree);
  auto r = bounds::spherical_code_bounds(n, s, opt);
  if (!args.certificate.empty()) {
    if (!r.delsarte || !r.delsarte->certified)
      throw InputError("--certificate: no certified Delsarte polynomial to write (" +
                       (r.delsarte ? r.delsarte->note : std::string("not run")) + ")");
    std::string text = bounds::format_delsarte_certificate(r.delsarte->certificate);
    write_file_atomically(args.certificate, [&](std::ostream& o) { o << text; });
  }
  if (args.json)
    print_json_line(report_json(r).dump(2));
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
      app.add_flag("--json", args->json, "Print one JSON object on stdout");
      app.footer(
          "The Delsarte grid optimum is shown as grid_value and is never a bound; the certified value is\n"
          "(f(1) - eps) / (f_0 - eps) with eps >= max f on [-1, s] proved by Sturm sequences. See docs/bounds.md.\n"
          "Exit status: 0 on success (with --check: certificate verified), 1 certificate not verified, 2 bad input.\n"
          "Example: constel codebound --n 8 --s 1/2 --certificate e8.txt && constel codebound --check e8.txt");
      return [args]() -> int { return run_codebound(*args); };
    });

}  // namespace
}  // namespace constel::tool
