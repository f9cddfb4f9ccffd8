// `constel verify FILE.cst [--m M --b B] [--json]`: the exact verifier on a .cst file (docs/math.md section 1).
// Prints the exact extremes, margin and relative bias, the unit-norm check, the claim check, and with
// --m/--b whether the file is an (m, b)-constellation. Exit 0 when the asked property (and the file's
// claim) holds, 1 when not.
#include <fmt/format.h>

#include <iostream>

#include "command.hpp"
#include "constel/error.hpp"
#include "constel/io/cst.hpp"
#include "constel/verify/exact.hpp"
#include "constel/verify/exact_json.hpp"
#include "constel/verify/target.hpp"
#include "verify_cli.hpp"

namespace constel::tool {
namespace {

ExactArithmetic parse_arithmetic(const std::string& s) {
  if (s == "auto") return ExactArithmetic::Auto;
  if (s == "double") return ExactArithmetic::Double;
  if (s == "int128") return ExactArithmetic::Int128;
  if (s == "gmp") return ExactArithmetic::Gmp;
  throw InputError("--arithmetic: expected auto, double, int128 or gmp, got '" + s + "'");
}

std::string pair_label(const Configuration& c, const PairExtremes& p) {
  return c.names()[p.a] + "/" + c.names()[p.c];
}

std::string show(const Rational& x) {
  std::string s = to_string(x);
  return boost::multiprecision::denominator(x) == 1 ? s : s + " (" + fmt::format("{:.12g}", to_double(x)) + ")";
}

void print_human(const std::string& name, const Configuration& c, const ExactReport& r, const ExactVerifyOptions& opt) {
  std::ostream& out = std::cout;
  out << "exact verification of " << name << ": N = " << r.N << ", d = " << r.d << ", k = " << r.k
      << " (arithmetic: " << r.arithmetic << ")\n";
  if (r.unit_norm) {
    out << "  unit norm:          yes, all " << r.N * r.k << " rows exactly\n";
  } else {
    out << "  unit norm:          NO, " << r.non_unit_rows << " rows are not unit vectors (checked as given)\n";
    for (const auto& nd : r.norm_defects)
      out << "    " << c.names()[nd.modality] << " row " << nd.row << ": |x|^2 = " << show(nd.norm2) << "\n";
  }
  const PairExtremes& pd = r.pairs[r.worst_diag_pair];
  const PairExtremes& po = r.pairs[r.worst_offdiag_pair];
  out << "  min <U_i,V_i>:      " << show(r.min_diag) << " at i = " << pd.argmin_diag;
  if (r.k > 2) out << " (" << pair_label(c, pd) << ")";
  out << "\n";
  if (r.max_offdiag) {
    out << "  max <U_i,V_j>:      " << show(*r.max_offdiag) << " at (i, j) = (" << po.argmax_i << ", " << po.argmax_j << ")";
    if (r.k > 2) out << " (" << pair_label(c, po) << ")";
    out << "\n  margin m*:          " << show(*r.margin) << "\n  relative bias b*:   " << show(*r.relative_bias) << "\n";
  } else {
    out << "  max <U_i,V_j>:      none (N = 1): the margin is unbounded\n";
  }
  out << "  zero-loss infimum:  " << (r.zero_loss_infimum ? "yes (m* > 0)" : "no (m* <= 0)") << "\n";
  if (c.claim())
    out << "  claim (m, b) = (" << to_string(c.claim()->m) << ", " << to_string(c.claim()->b)
        << "): " << (*r.claim_holds ? "holds" : "DOES NOT HOLD") << "\n";
  if (opt.m)
    print_target_verdict(out, *opt.m, *opt.b, *r.is_constellation, r.violations_pos, r.violations_neg,
                         r.unit_norm ? "" : ", and some rows are not unit vectors");
}

}  // namespace

ExactVerifyOptions exact_options(const VerifyArgs& args) {
  ExactVerifyOptions opt;
  opt.m = parse_optional_rational("--m", args.m);
  opt.b = parse_optional_rational("--b", args.b);
  with_option("--m, --b", [&] { throw_if_unpaired_target(opt.m, opt.b); });
  opt.arithmetic = parse_arithmetic(args.arithmetic);
  opt.threads = args.threads;
  return opt;
}

int print_exact_result(const VerifyArgs& args, const Configuration& c, const ExactReport& r,
                       const ExactVerifyOptions& opt) {
  if (args.json)
    print_json_line(to_json(r, c, opt).dump(2));
  else
    print_human(args.file == "-" ? "<stdin>" : args.file, c, r, opt);
  bool ok = (!r.is_constellation || *r.is_constellation) && (!r.claim_holds || *r.claim_holds);
  return ok ? 0 : 1;
}

void add_verify_options(CLI::App& app, VerifyArgs& args, EmbeddingArgs& emb) {
  app.add_option("file", args.file, "Configuration file (.cst; '-' reads standard input)");
  app.add_option("--m", args.m, "Target margin m (exact: 0.1 is 1/10); needs --b");
  app.add_option("--b", args.b, "Target relative bias b_rel (exact); needs --m");
  app.add_flag("--json", args.json, "Print one JSON object on stdout");
  app.add_option("--arithmetic", args.arithmetic, "Exact arithmetic: auto (fastest exact), double, int128, gmp");
  add_threads_option(app, args.threads, "Threads (default: all cores)");
  add_embedding_options(app, emb);
  app.footer(
      "Exit status: 0 when the asked property (--m/--b) and the file's claim hold, 1 when not, 2 on bad input.\n"
      "Example: constel verify simplex.cst --m 3/4 --b 1/4 --json");
}

bool select_embedding_mode(const VerifyArgs& args, EmbeddingArgs& emb) {
  if (embedding_mode_requested(emb)) {  // embedding files: verify_embeddings.cpp
    if (!args.file.empty()) throw InputError("verify: give a .cst file or embedding files (--u/--v), not both");
    emb.m = args.m, emb.b = args.b, emb.json = args.json, emb.threads = args.threads;
    return true;
  }
  if (args.file.empty()) throw InputError("verify: give a .cst file (or '-' for standard input)");
  return false;
}

namespace {

int run_verify_cst(const VerifyArgs& args) {
  ExactVerifyOptions opt = exact_options(args);
  Configuration c = read_cst_or_explain(
      args.file, "verify",
      "the positional FILE is a .cst file; give embeddings as --u U --v V, or --npz FILE (or --safetensors, --hdf5 FILE) "
      "with --u-key K --v-key K");
  ExactReport r = exact_verify(c, opt);
  return print_exact_result(args, c, r, opt);
}

const CommandRegistrar registrar(
    "verify", "Verify a configuration exactly: margin, relative bias, violations", [](CLI::App& app) -> RunFunction {
      auto args = std::make_shared<VerifyArgs>();
      auto emb = std::make_shared<EmbeddingArgs>();
      add_verify_options(app, *args, *emb);
      return [args, emb]() -> int {
        if (select_embedding_mode(*args, *emb)) return run_verify_embeddings(*emb);
        return run_verify_cst(*args);
      };
    });

}  // namespace
}  // namespace constel::tool
