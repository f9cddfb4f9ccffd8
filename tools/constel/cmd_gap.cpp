// `constel gap`: the modality gap (docs/math.md section 6, Theorem 3.6) of a .cst file or of two embedding files.
// Checks the theorem's hypotheses exactly, searches a direction h (with an offset under --affine) that
// puts every U on the positive side and as few V as possible on the non-negative side
// (gap/search.hpp), or re-checks a given certificate (--check-certificate). The counts printed come
// from the exact check of h (gap/direction.hpp). Exit 0 when all U are positive and the V count is 0
// or within the theorem's guarantee d, 1 otherwise, 2 on bad input.
#include <fmt/format.h>

#include <iostream>
#include <optional>

#include "command.hpp"
#include "constel/error.hpp"
#include "constel/gap/certificate.hpp"
#include "constel/gap/gap_json.hpp"
#include "constel/gap/hypotheses.hpp"
#include "constel/gap/search.hpp"
#include "constel/gap/statistics.hpp"
#include "constel/io/atomic_file.hpp"
#include "constel/io/cst.hpp"
#include "constel/io/embedding_file.hpp"
#include "constel/report/progress_bar.hpp"

namespace constel::tool {
namespace {

struct GapArgs {
  std::string file, u, v, u_key, v_key, labels, labels_key, certificate, check_certificate;
  std::string csv_header = "auto";
  bool affine = false, json = false, require_hypotheses = false, no_lp = false, force_exact = false, quiet = false;
  std::uint64_t max_lp_entries = GapSearchOptions{}.max_lp_entries;
  std::size_t rounds = GapSearchOptions{}.reweight_rounds;
  unsigned threads = 0;
};

bool ends_with(const std::string& s, const std::string& suffix) {
  return s.size() >= suffix.size() && s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

GapPoints load_points(GapArgs& a) {
  if (a.file.empty() && ends_with(a.u, ".cst") && a.v.empty()) std::swap(a.file, a.u);
  if (!a.file.empty()) {
    if (!a.u.empty() || !a.v.empty()) throw InputError("gap: give a .cst file or --u/--v embedding files, not both");
    return GapPoints::from_configuration(read_cst_file(a.file));
  }
  if (a.u.empty() || a.v.empty()) throw InputError("gap: give a .cst file, or --u and --v (embedding files)");
  const CsvHeader header = parse_csv_header(a.csv_header);
  return GapPoints::from_floats(read_embedding_matrix(a.u, a.u_key, header), read_embedding_matrix(a.v, a.v_key, header));
}

std::string input_name(const GapArgs& a) {
  if (!a.file.empty()) return a.file == "-" ? "<stdin>" : a.file;
  auto named = [](const std::string& path, const std::string& key) { return key.empty() ? path : path + "[" + key + "]"; };
  return named(a.u, a.u_key) + " / " + named(a.v, a.v_key);
}

std::string show(const Rational& x) {
  std::string s = to_string(x);
  return denominator(x) == 1 ? s : s + " (" + fmt::format("{:.12g}", to_double(x)) + ")";
}

std::string listed(const std::vector<std::size_t>& v) {
  std::string s;
  for (std::size_t i = 0; i < v.size() && i < kGapListedIndices; ++i) s += (i ? ", " : "") + std::to_string(v[i]);
  return v.size() > kGapListedIndices ? s + ", ..." : s;
}

void print_human(const std::string& name, const GapPoints& p, const GapReport& o) {
  std::ostream& out = std::cout;
  const std::size_t nu = p.rows(GapSide::U), nv = p.rows(GapSide::V);
  out << "modality gap of " << name << ": N_u = " << nu << ", N_v = " << nv << ", d = " << p.d()
      << (o.affine ? " (affine: <h,x> + c)" : " (through the origin)") << "\n";
  out << "  hypotheses of Theorem 3.6: " << (o.hypotheses.hold ? "hold" : "do not hold (" + o.hypotheses.failure + ")") << "\n";
  out << "    min positive pair: " << show(o.hypotheses.min_positive) << " at U row " << o.hypotheses.argmin_positive << "\n";
  if (o.hypotheses.max_negative)
    out << "    max negative pair: " << show(*o.hypotheses.max_negative) << " at (" << o.hypotheses.argmax_i << ", " << o.hypotheses.argmax_j
        << ")\n";
  out << "  direction g" << (p.is_exact_rational() ? " (h_k = sqrt(q_k) g_k)" : "") << ": (";
  for (std::size_t k = 0; k < o.direction.g.size() && k < 12; ++k) out << (k ? ", " : "") << to_string(o.direction.g[k]);
  out << (o.direction.g.size() > 12 ? ", ...)" : ")");
  if (o.direction.offset) out << ", offset c = " << to_string(*o.direction.offset);
  if (o.search) out << "; found by " << o.search->found_by;
  out << "\n  U on the positive side: ";
  if (o.check.all_u_positive())
    out << "all " << nu << "\n";
  else
    out << nu - o.check.u_nonpositive << " of " << nu << " (not: " << listed(o.check.bad_u) << ")\n";
  out << "  V on the wrong side (<h,V_j>" << (o.affine ? " + c" : "") << " >= 0): " << o.check.v_nonnegative
      << " of " << nv;
  if (!o.check.wrong_v.empty()) out << ": " << listed(o.check.wrong_v);
  out << "\n  ";
  if (o.check.separates())
    out << "h separates all U from all V (0 is optimal)\n";
  else
    out << "this count is an upper bound on the optimum" << (o.within_guarantee && *o.within_guarantee ? ", within the theorem's guarantee d = " + std::to_string(p.d()) : std::string()) << "\n";
  if (o.hypotheses.hold) out << "  Theorem 3.6 guarantees some h with at most d = " << p.d() << " V on the wrong side\n";
  if (p.is_exact_rational())
    out << "  certified: every sign decided in exact rational arithmetic\n";
  else
    out << "  certified: every sign decided exactly (double sums with a rounding-error bound; "
        << o.check.exact_evaluations << " rows needed the exact rational sum)\n";
  if (o.search && !o.search->lp_note.empty()) out << "  note: " << o.search->lp_note << "\n";
  if (o.statistics) {
    const ModalityGapStatistics& s = *o.statistics;
    out << fmt::format("  statistics (float64): |mean(U) - mean(V)| = {:.6g}, cos(mean(U), mean(V)) = {:.6g}\n",
                       s.centroid_distance, s.means_cosine);
    out << fmt::format("  mean-difference hyperplane through the midpoint ({}): U on its side {} of {} ({:.4g}), "
                       "V on its side {} of {} ({:.4g}), counts exact\n",
                       s.exact_means ? "exact means" : "means in float64", s.u_on_side, nu, s.u_fraction(),
                       s.v_on_side, nv, s.v_fraction());
  }
}

int run_gap(GapArgs a) {
  if (a.certificate == "-" && a.json) throw InputError("gap: --certificate - (standard output) does not go with --json");
  for (const std::string* in : {&a.file, &a.u, &a.v, &a.labels, &a.check_certificate})
    throw_if_same_file(a.certificate, *in, "--certificate and an input");
  GapPoints p = load_points(a);
  std::optional<std::vector<std::int64_t>> labels;
  if (!a.labels.empty()) labels = read_labels(a.labels, a.labels_key, parse_csv_header(a.csv_header));
  GapReport o;
  o.N_u = p.rows(GapSide::U), o.N_v = p.rows(GapSide::V), o.d = p.d();
  o.cst = a.file, o.u = a.u, o.v = a.v;
  o.mode = a.check_certificate.empty() ? "search" : "check-certificate";
  o.scaled_coordinates = p.is_exact_rational();
  if (!a.certificate.empty()) o.certificate = a.certificate;
  // One progress line: the hypothesis check (a verify run), then the search; cleared before the report.
  std::optional<ProgressBar> progress(std::in_place, "gap (hypotheses)", !a.quiet);
  const RunHooks hooks{nullptr, progress->hook()};
  if (labels)  // what the check refuses with labels is about them
    o.hypotheses = with_option("--labels", [&] { return exact_check_hypotheses(p, labels, a.threads, hooks); });
  else
    o.hypotheses = exact_check_hypotheses(p, labels, a.threads, hooks);
  if (a.require_hypotheses && !o.hypotheses.hold)
    throw InputError("gap: --require-hypotheses: the hypotheses of Theorem 3.6 do not hold: " + o.hypotheses.failure);
  if (!a.check_certificate.empty()) {
    if (a.affine) throw InputError("gap: --affine does not go with --check-certificate (the file's offset line decides)");
    o.direction = read_gap_certificate_file(a.check_certificate);
    o.check = certified_check_direction(p, o.direction, a.force_exact);
  } else {
    GapSearchOptions opt;
    opt.affine = a.affine;
    opt.reweight_rounds = a.rounds;
    opt.max_lp_entries = a.no_lp ? 0 : a.max_lp_entries;
    opt.force_exact_check = a.force_exact;
    progress->relabel("gap (search)");
    opt.hooks = hooks;
    o.search = search_separating_direction(p, opt);
    o.direction = o.search->direction;
    o.check = o.search->check;
  }
  progress.reset();
  o.affine = o.direction.offset.has_value();
  o.statistics = modality_gap_statistics(p);
  if (!a.certificate.empty()) {
    std::string comment = "constel gap certificate for " + input_name(a) + "\n" +
                          "claim: " + std::to_string(o.check.u_nonpositive) + " U rows with <h,x>" +
                          (o.affine ? " + c" : "") + " <= 0, " + std::to_string(o.check.v_nonnegative) +
                          " V rows with <h,x>" + (o.affine ? " + c" : "") + " >= 0";
    write_gap_certificate_file(a.certificate, o.direction, comment);
    if (a.certificate != "-") {  // re-read what was written and check it again
      GapCheck again = certified_check_direction(p, read_gap_certificate_file(a.certificate), a.force_exact);
      if (again.bad_u != o.check.bad_u || again.wrong_v != o.check.wrong_v)
        throw InternalError("gap: the written certificate does not re-check to the reported counts");
    }
  }
  if (o.hypotheses.hold) o.within_guarantee = o.check.all_u_positive() && o.check.v_nonnegative <= p.d();
  const bool exit_ok = o.check.all_u_positive() && (o.check.separates() || (o.within_guarantee && *o.within_guarantee));
  if (a.json)
    print_json_line(to_json(o).dump(2));
  else if (a.certificate != "-")
    print_human(input_name(a), p, o);
  return exit_ok ? 0 : 1;
}

const CommandRegistrar registrar(
    "gap", "Modality gap: a certified separating direction (Theorem 3.6)", [](CLI::App& app) -> RunFunction {
      auto a = std::make_shared<GapArgs>();
      app.add_option("file", a->file, "A .cst configuration (U = modality 0, V = modality 1)");
      app.add_option("--u", a->u, "Embeddings U (.npy, .npz, .safetensors, .fvecs, .csv/.tsv), or a .cst file");
      app.add_option("--v", a->v, "Embeddings V, paired with U row by row (or through --labels)");
      app.add_option("--u-key", a->u_key, "Name of the U array in an .npz or .safetensors file");
      app.add_option("--v-key", a->v_key, "Name of the V array in an .npz or .safetensors file");
      app.add_option("--labels", a->labels, "Labels: one integer per U row, an index into V (many-to-one)");
      app.add_option("--labels-key", a->labels_key, "Name of the labels array in an .npz file");
      app.add_flag("--affine", a->affine, "Allow an offset: <h,U_i> + c > 0 > <h,V_j> + c");
      app.add_option("--certificate", a->certificate, "Write the direction found as an exact certificate file");
      app.add_option("--check-certificate", a->check_certificate, "Re-check a certificate file instead of searching");
      app.add_flag("--require-hypotheses", a->require_hypotheses,
                   "Treat input that fails the theorem's hypotheses (N >= d + 2, signs) as bad input (exit 2)");
      app.add_flag("--json", a->json, "Print one JSON object on stdout");
      app.add_flag("--no-lp", a->no_lp, "Only the cheap candidates (mean differences), no linear programming");
      add_count_option(app, "--max-lp-entries", a->max_lp_entries,
                       "Largest (N_u + N_v) d given to the LP (default 4000000, at most 10^9)", 0, 1000000000);
      add_count_option(app, "--rounds", a->rounds, "Reweighting rounds of the LP (default 6, at most 1000)", 0, 1000);
      app.add_flag("--force-exact", a->force_exact, "Decide every sign by exact rational sums (slow; for testing)");
      app.add_flag("--quiet", a->quiet, "No progress line on the terminal");
      add_threads_option(app, a->threads, "Threads of the hypothesis check (default: all cores)");
      app.add_option("--csv-header", a->csv_header, "Text files: yes, no or auto (default; see constel verify --help)");
      app.footer(
          "Exit status: 0 when every U is on the positive side and the wrong-side V count is 0 or at most d\n"
          "under the theorem's hypotheses, 1 otherwise, 2 on bad input. Counts come from an exact check of h.\n"
          "Example: constel gap config.cst --certificate h.txt --json");
      return [a]() -> int { return run_gap(*a); };
    });

}  // namespace
}  // namespace constel::tool
