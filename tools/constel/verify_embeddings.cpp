// `constel verify` on embedding files (see verify_embeddings.hpp): option checks, reading, the
// progress bar (report/progress_bar.hpp: stderr, only on a terminal, only after about 2 s, never with --quiet),
// and the JSON and human reports.
#include "verify_embeddings.hpp"

#include "constel/io/atomic_file.hpp"
#include "constel/report/histogram_plot.hpp"

#include <fmt/format.h>
#include <unistd.h>

#include <cmath>
#include <iostream>
#include <utility>

#include "command.hpp"
#include "verify_retrieval.hpp"
#include "constel/report/progress_bar.hpp"
#include "constel/error.hpp"
#include "constel/io/embedding_file.hpp"
#include "constel/verify/certified.hpp"
#include "constel/verify/certified_parts.hpp"
#include "constel/verify/certified_json.hpp"
#include "constel/verify/target.hpp"

namespace constel::tool {

EmbeddingSources resolve_sources(const EmbeddingArgs& a) {
  if (int(!a.npz.empty()) + int(!a.safetensors.empty()) + int(!a.hdf5.empty()) > 1)
    throw InputError("give one of --npz, --safetensors and --hdf5, not several");
  const std::string container = !a.npz.empty() ? a.npz : !a.safetensors.empty() ? a.safetensors : a.hdf5;
  const char* opt = !a.npz.empty() ? "--npz" : !a.safetensors.empty() ? "--safetensors" : "--hdf5";
  if (!container.empty() && !a.u.empty() && !a.v.empty())
    throw InputError(std::string(opt) + " is not used when --u and --v are both given: give one or the other");
  EmbeddingSources s{a.u.empty() ? container : a.u, a.u_key, a.v.empty() ? container : a.v, a.v_key};
  if (s.u_path.empty() || s.v_path.empty())
    throw InputError(
        "verify: give --u and --v (embedding files), or --npz/--safetensors/--hdf5 FILE with --u-key and --v-key");
  if (!container.empty() && ((a.u.empty() && a.u_key.empty()) || (a.v.empty() && a.v_key.empty())))
    throw InputError(std::string(opt) + " needs --u-key and --v-key (the names of the two arrays)");
  return s;
}

namespace {

Float32Kernel parse_kernel(const std::string& s) {
  static const std::pair<const char*, Float32Kernel> table[] = {{"auto", Float32Kernel::Auto},
                                                                {"avx512", Float32Kernel::Avx512},
                                                                {"avx2", Float32Kernel::Avx2},
                                                                {"portable", Float32Kernel::Portable},
                                                                {"blas", Float32Kernel::Blas}};
  for (const auto& [name, k] : table) {
    if (s != name) continue;
    if (!float32_kernel_supported(k))
      throw InputError("--kernel " + s + ": this processor lacks " + (k == Float32Kernel::Avx512 ? "AVX-512F" : "AVX2 + FMA"));
    return k;
  }
  throw InputError("--kernel: expected auto, avx512, avx2, portable or blas, got '" + s + "'");
}

std::string show(const CertifiedValue& v) {
  if (!v.exact) return fmt::format("in [{:.17g}, {:.17g}]", v.lo, v.hi);
  return fmt::format("{:.12g} (exactly {})", v.approx, to_string(v.value));
}

void print_human(const EmbeddingSources& s, const CertifiedReport& r, const CertifiedOptions& opt) {
  std::ostream& out = std::cout;
  out << "certified verification of " << s.u_path << (s.u_key.empty() ? "" : "[" + s.u_key + "]") << " against "
      << s.v_path << (s.v_key.empty() ? "" : "[" + s.v_key + "]") << ": N_u = " << r.N_u << ", N_v = " << r.N_v
      << ", d = " << r.d << " (" << r.dtype_u << "/" << r.dtype_v << ", " << r.kernel << ")\n";
  out << (r.normalized ? "  values: cosines of the stored vectors (certified intervals)\n"
                       : "  values: inner products of the stored vectors, exact\n");
  out << "  min positive:       " << show(r.min_diag) << " at row " << r.argmin_diag;
  if (r.labels_mode) out << " (V row " << (*opt.labels)[r.argmin_diag] << ")";
  out << "\n";
  if (r.has_offdiag) {
    out << "  max negative:       " << show(r.max_offdiag) << " at (" << r.argmax_i << ", " << r.argmax_j << ")\n"
        << "  margin m*:          " << show(r.margin) << "\n"
        << "  relative bias b*:   " << show(r.relative_bias) << "\n";
  } else {
    out << "  max negative:       none (no negative pair)\n";
  }
  out << fmt::format("  recall@1 U->V:      {}/{} ({} ties)\n", r.u2v_correct, r.u2v_total, r.u2v_ties);
  out << fmt::format("  recall@1 V->U:      {}/{} ({} ties)\n", r.v2u_correct, r.v2u_total, r.v2u_ties);
  out << fmt::format("  norm deviation:     max {:.3g} ({}), mean {:.3g}{}\n", r.norm_max_deviation, r.norm_max_where,
                     r.norm_mean_deviation, r.unit_norm_exact ? " (all exactly unit)" : "");
  if (opt.m)
    print_target_verdict(out, *opt.m, *opt.b, *r.is_constellation, r.violations_pos, r.violations_neg,
                         r.unit_within_tolerance
                             ? ""
                             : fmt::format("; and the rows are not unit vectors (max | |x| - 1 | = {:.3g} at {}, "
                                           "tolerance {:.3g}; --normalize verifies the cosines)",
                                           r.norm_max_deviation, r.norm_max_where, r.norm_tolerance));
  out << fmt::format("  statistics (float64, not certified): mean pos {:.6g}, mean neg {:.6g}, mean-based margin {:.6g}, "
                     "b_rel {:.6g}\n",
                     r.mean_pos, r.mean_neg, (r.mean_pos - r.mean_neg) / 2, (r.mean_pos + r.mean_neg) / 2);
  out << fmt::format("    P5 pos {:.6g}, P95 neg {:.6g} (+- {:.2g}), percentile margin {:.6g}, b_rel {:.6g}, xi {:.6g}\n",
                     r.p5_pos, r.p95_neg, r.p95_neg_resolution, (r.p5_pos - r.p95_neg) / 2, (r.p5_pos + r.p95_neg) / 2,
                     r.xi);
  if (r.p95_neg_arithmetic.rfind("bfloat16", 0) == 0)
    out << "    P95 neg from the bfloat16 screen's values (+- includes their error bound; --no-screen: float32)\n";
}

}  // namespace

void add_embedding_options(CLI::App& app, EmbeddingArgs& a) {
  app.add_option("--u", a.u, "Embeddings U (.npy, .npz, .safetensors, .fvecs, .csv/.tsv): one row per item");
  app.add_option("--v", a.v, "Embeddings V, paired with U row by row (or through --labels)");
  app.add_option("--npz", a.npz, "An .npz archive holding both arrays (with --u-key, --v-key)");
  app.add_option("--safetensors", a.safetensors, "A .safetensors file holding both tensors (with --u-key, --v-key)");
  app.add_option("--hdf5", a.hdf5, "An HDF5 file (.h5, .hdf5) holding both datasets (with --u-key, --v-key)");
  app.add_option("--u-key", a.u_key, "Name of the U array in an .npz or .safetensors file, or its HDF5 dataset path");
  app.add_option("--v-key", a.v_key, "Name of the V array in an .npz or .safetensors file, or its HDF5 dataset path");
  app.add_option("--labels", a.labels,
                 "Labels: one integer per U row, an index into V (.npy, .npz, an HDF5 integer dataset, or text)");
  app.add_option("--labels-key", a.labels_key,
                 "Name of the labels array in an .npz file (default: labels), or its HDF5 dataset path (2-D: the "
                 "first column)");
  app.add_option_function<std::string>(
      "--recall-k", [&a](const std::string& k) { a.recall_k = k, a.recall_k_given = true; },
      "Certified recall@k in both directions for each k of a comma-separated list (e.g. 1,5,10); ties "
      "counted apart");
  add_count_option(app, "--hardest", a.hardest, "The K hardest negatives and K weakest positives, exact values", 1,
                   1000000);
  app.add_option("-o,--output", a.output, "With --hardest: write the two lists as CSV");
  app.add_option("--class-stats", a.class_stats,
                 "With --labels: per-class min positive, max negative and recall@1 as CSV");
  app.add_flag("--normalize", a.normalize, "Verify the cosines of the stored vectors (certified intervals)");
  app.add_flag("--quiet", a.quiet, "No progress bar");
  app.add_option("--kernel", a.kernel,
                 "float32 products: auto (fastest here), avx512, avx2, portable (packed panels) or blas (one sgemm per "
                 "tile); refused when this processor lacks it");
  app.add_flag("--no-screen", a.no_screen,
               "No bfloat16 screen: every float32 entry from the float32 panels (P95 of the negatives at full "
               "resolution)");
  app.add_flag("--screen", a.screen,
               "The bfloat16 screen wherever the float32 panels run (default: only from N_u N_v = 2^26 on processors "
               "where it measures faster; refused without AVX512_BF16)");
  app.add_option("--plot", a.plot, "Write histograms of the positive and negative inner products (SVG)");
  app.add_flag("--plot-log-counts", a.plot_log_counts, "--plot: pairs per bin on a log10 axis (default: fractions)");
  app.add_option("--csv-header", a.csv_header,
                 "Text files (.csv/.tsv/.txt, text labels): yes (drop the first line), no, or auto (default: a first "
                 "line with no number, followed by a line of numbers, is a header)");
}

bool embedding_mode_requested(const EmbeddingArgs& a) {
  return !a.u.empty() || !a.v.empty() || !a.npz.empty() || !a.safetensors.empty() || !a.hdf5.empty() ||
         retrieval_requested(a) || !a.u_key.empty() || !a.v_key.empty() || !a.labels.empty() || a.normalize ||
         !a.plot.empty() || a.plot_log_counts || a.csv_header != "auto" ||
         !a.kernel.empty() || a.no_screen || a.screen;
}

CertifiedOptions certified_options(const EmbeddingArgs& a) {
  CertifiedOptions opt;
  opt.m = parse_optional_rational("--m", a.m);
  opt.b = parse_optional_rational("--b", a.b);
  with_option("--m, --b", [&] { throw_if_unpaired_target(opt.m, opt.b); });
  opt.normalize = a.normalize;
  opt.threads = a.threads;
  opt.kernel = parse_kernel(a.kernel.empty() ? "auto" : a.kernel);
  if (a.screen && a.no_screen) throw InputError("--screen and --no-screen: give one of them");
  if (a.screen && !bf16_screen_supported()) throw InputError("--screen: this processor lacks AVX512_BF16");
  opt.screen = a.no_screen ? ScreenMode::Off : a.screen ? ScreenMode::On : ScreenMode::Auto;
  return opt;
}

int print_certified_result(const EmbeddingArgs& a, const EmbeddingSources& s, const CertifiedReport& r,
                           const CertifiedOptions& opt, const ModalityGapStatistics* gap, const RetrievalReport* q,
                           const RetrievalOptions* qo) {
  if (q) write_retrieval_files(a, *q);
  for (const std::string& w : certified_warnings(r)) message("warning: " + w + "; --normalize verifies the cosines");
  if (!a.plot.empty()) {
    InnerProductHistogram h;
    h.positives = r.positives;
    h.neg_counts = r.neg_hist;
    h.neg_lo = r.neg_hist_lo, h.neg_hi = r.neg_hist_hi;
    h.min_diag = r.min_diag.approx, h.max_offdiag = r.max_offdiag.approx, h.has_offdiag = r.has_offdiag;
    h.log_counts = a.plot_log_counts;
    h.title = "Inner products: " + s.u_path + (s.u_key.empty() ? "" : ":" + s.u_key);
    write_bytes_atomically(a.plot, histogram_svg(h));
  }
  if (a.json) {
    Json o = to_json(r, opt);
    if (gap) o["modality_gap"] = to_json(*gap);
    if (q) put_retrieval(o, *q, *qo);
    print_json_line(o.dump(2));
  } else {
    print_human(s, r, opt);
    if (q) print_retrieval_human(std::cout, *q, *qo);
  }
  return (!r.is_constellation || *r.is_constellation) ? 0 : 1;
}

CsvHeader check_embedding_command(const EmbeddingArgs& a, const EmbeddingSources& s) {
  const CsvHeader header = parse_csv_header(a.csv_header);
  if (a.plot_log_counts && a.plot.empty()) throw InputError("--plot-log-counts goes with --plot FILE.svg");
  for (const std::string& in : {s.u_path, s.v_path, a.labels}) {
    throw_if_same_file(a.plot, in, "--plot and an input");
    throw_if_same_file(a.output, in, "-o and an input");
    throw_if_same_file(a.class_stats, in, "--class-stats and an input");
  }
  return header;
}

int run_verify_embeddings(const EmbeddingArgs& a) {
  EmbeddingSources s = resolve_sources(a);
  CertifiedOptions opt = certified_options(a);
  const RetrievalOptions qopt = retrieval_options(a);
  const bool retrieval = retrieval_requested(a);
  const CsvHeader header = check_embedding_command(a, s);
  FloatMatrix U = read_embedding_matrix(s.u_path, s.u_key, header);
  FloatMatrix V = read_embedding_matrix(s.v_path, s.v_key, header);
  if (!a.labels.empty()) opt.labels = read_labels(a.labels, a.labels_key, header);
  CertifiedReport r;
  RetrievalReport q;
  {
    ProgressBar progress("verify", !a.quiet);  // cleared when this scope ends, before the report
    opt.progress = [&progress](std::size_t done, std::size_t total) { progress.update(done, total); };
    const CertifiedPlan plan = certified_prepare(U, V, opt);
    r = certified_finish(plan, certified_process(plan, 0, plan.tiles()));
    if (retrieval) q = certified_retrieval(plan, qopt);  // the plan (and its progress hook) dies here
    opt.progress = nullptr;
  }
  const RetrievalReport* qp = retrieval ? &q : nullptr;
  const RetrievalOptions* qop = retrieval ? &qopt : nullptr;
  if (!a.json) return print_certified_result(a, s, r, opt, nullptr, qp, qop);
  const ModalityGapStatistics gap = modality_gap_statistics(GapPoints::from_floats(std::move(U), std::move(V)));
  return print_certified_result(a, s, r, opt, &gap, qp, qop);
}

}  // namespace constel::tool
