// `constel loss --u U.npy --v V.npy --t T --b B`: the sigmoid loss of given embeddings at given
// parameters, certified (lib/constel/loss/given_loss.hpp, docs/loss.md): an enclosure of the loss, the
// certified margin, the sandwich of docs/math.md section 1 and the optimal b at that t. The parameters
// come as the paper's (--t with --b or --b-rel) or as a Hugging Face checkpoint's (--hf-logit-scale,
// --hf-logit-bias: t = exp(S), b = -B). Exit 0 when done; nothing is asked, so never 1.
#include <fmt/format.h>

#include <iostream>
#include <memory>

#include "command.hpp"
#include "constel/error.hpp"
#include "constel/gap/params.hpp"
#include "constel/io/csv_matrix.hpp"
#include "constel/io/embedding_file.hpp"
#include "constel/loss/given_loss.hpp"

namespace constel::tool {
namespace {

struct LossArgs {
  std::string u, v, u_key, v_key, labels, labels_key, csv_header = "auto";
  std::string t, b, b_rel, hf_scale, hf_bias;
  std::string norm = "mean", form = "softplus";
  bool normalize = false, no_optimal_b = false, json = false;
  unsigned threads = 0;
};

loss::LossForm parse_form(const std::string& s) {
  if (s == "softplus") return loss::LossForm::Softplus;
  if (s == "bce-eps") return loss::LossForm::BceEps;
  throw InputError("--loss: expected softplus or bce-eps, got '" + s + "'");
}

loss::LossNorm parse_norm(const std::string& s) {
  if (s == "sum") return loss::LossNorm::Sum;
  if (s == "mean") return loss::LossNorm::Mean;
  throw InputError("--norm: expected sum or mean, got '" + s + "'");
}

// (t, b) exactly, or t from exp(logit_scale) to 40 digits (its relative error goes into the bound).
void set_parameters(const LossArgs& a, loss::GivenLossOptions& o) {
  const bool hf = !a.hf_scale.empty() || !a.hf_bias.empty();
  if (hf) {
    if (a.hf_scale.empty() || a.hf_bias.empty()) throw InputError("--hf-logit-scale and --hf-logit-bias go together");
    if (!a.t.empty() || !a.b.empty() || !a.b_rel.empty())
      throw InputError("give --hf-logit-scale/--hf-logit-bias or --t with --b/--b-rel, not both");
    const ParamsConversion p = params_from_hf(parse_rational_option("--hf-logit-scale", a.hf_scale),
                                              parse_rational_option("--hf-logit-bias", a.hf_bias), 40);
    o.t = p.t.exact ? p.t.value : parse_rational(p.t.decimal);
    o.t_rel_error = p.t.exact ? 0 : 1e-38;
    o.b = p.b.value;
    return;
  }
  if (a.t.empty()) throw InputError("loss: give --t with --b or --b-rel, or --hf-logit-scale with --hf-logit-bias");
  if (a.b.empty() == a.b_rel.empty()) throw InputError("loss: give exactly one of --b and --b-rel with --t");
  o.t = parse_rational_option("--t", a.t);
  if (o.t <= 0) throw InputError("--t: the inverse temperature must be > 0, got '" + a.t + "'");
  o.b = a.b.empty() ? o.t * parse_rational_option("--b-rel", a.b_rel) : parse_rational_option("--b", a.b);
}

std::string show(const loss::Enclosure& e) {
  return fmt::format("{:.12g}  in [{:.17g}, {:.17g}] (relative accuracy {:.2g})", e.mid(), e.lo, e.hi,
                     e.relative_accuracy());
}

void print_human(const LossArgs& a, const loss::GivenLossReport& r) {
  std::ostream& out = std::cout;
  out << "certified sigmoid loss of " << a.u << " against " << a.v << ": N_u = " << r.N_u << ", N_v = " << r.N_v
      << ", d = " << r.d << " (" << r.dtype_u << "/" << r.dtype_v << ")\n";
  out << fmt::format("  t = {:.17g}, b = {:.17g}, b_rel = {:.17g}; {} loss, {} over {} pairs{}\n", r.t, r.b, r.b / r.t,
                     loss::loss_form_name(r.form), loss::loss_norm_name(r.norm), r.positives + r.negatives,
                     r.normalized ? ", cosines" : "");
  out << "  loss:               " << show(r.loss) << "\n";
  out << "  min positive:       " << show(r.min_positive) << "\n";
  if (r.has_negatives()) {
    out << "  max negative:       " << show(r.max_negative) << "\n";
    out << "  margin m*:          " << show(r.margin) << "\n";
    out << fmt::format("  sandwich (softplus): {:.12g} <= inf_b L <= {:.12g}\n", r.sandwich_lower, r.sandwich_upper);
  }
  if (r.has_optimal_b) {
    out << fmt::format("  optimal b (softplus): {:.12g} +- {:.2g} (b_rel {:.12g}), in [{:.17g}, {:.17g}]\n",
                       r.optimal_b_value, (r.optimal_b.hi - r.optimal_b.lo) / 2, r.optimal_b_value / r.t,
                       r.optimal_b.lo, r.optimal_b.hi);
    out << "  loss at that b:     " << show(r.loss_at_optimal_b) << "\n";
    out << fmt::format("  inf_b L:            in [{:.12g}, {:.12g}]\n", r.inf_loss.lo, r.inf_loss.hi);
  }
}

int run_loss(const LossArgs& a) {
  if (a.u.empty() || a.v.empty()) throw InputError("loss: give --u and --v (embedding files)");
  loss::GivenLossOptions o;
  set_parameters(a, o);
  o.form = parse_form(a.form);
  o.norm = parse_norm(a.norm);
  o.normalize = a.normalize;
  o.optimal_b = !a.no_optimal_b;
  o.threads = a.threads;
  const CsvHeader header = with_option("--csv-header", [&] { return parse_csv_header(a.csv_header); });
  const FloatMatrix U = with_option("--u", [&] { return read_embedding_matrix(a.u, a.u_key, header); });
  const FloatMatrix V = with_option("--v", [&] { return read_embedding_matrix(a.v, a.v_key, header); });
  if (!a.labels.empty()) o.labels = with_option("--labels", [&] { return read_labels(a.labels, a.labels_key, header); });
  const loss::GivenLossReport r = loss::certified_given_loss(U, V, o);
  if (a.json)
    print_json_line(loss::to_json(r).dump(2));
  else
    print_human(a, r);
  return 0;
}

const CommandRegistrar registrar(
    "loss", "Certified sigmoid loss of given embeddings at given (t, b), its sandwich and optimal b",
    [](CLI::App& app) -> RunFunction {
      auto a = std::make_shared<LossArgs>();
      app.add_option("--u", a->u, "Embeddings U (.npy, .npz, .safetensors, .fvecs, .csv/.tsv): one row per item");
      app.add_option("--v", a->v, "Embeddings V, paired with U row by row (or through --labels)");
      app.add_option("--u-key", a->u_key, "Name of the U array in an .npz or .safetensors file");
      app.add_option("--v-key", a->v_key, "Name of the V array in an .npz or .safetensors file");
      app.add_option("--labels", a->labels, "Labels: one integer per U row, the index of its V row (.npy, .npz, text)");
      app.add_option("--labels-key", a->labels_key, "Name of the labels array in an .npz file");
      app.add_option("--csv-header", a->csv_header, "Text files: yes, no or auto (default auto)");
      app.add_option("--t", a->t, "Inverse temperature t > 0 (exact; logit = t<U,V> - b)");
      app.add_option("--b", a->b, "Bias b of the paper (logit = t<U,V> - b)");
      app.add_option("--b-rel", a->b_rel, "Relative bias b_rel = b / t (instead of --b)");
      app.add_option("--hf-logit-scale", a->hf_scale, "Hugging Face logit_scale S: t = exp(S)");
      app.add_option("--hf-logit-bias", a->hf_bias, "Hugging Face logit_bias B: b = -B");
      app.add_option("--norm", a->norm, "Normalisation: mean (over the N_u N_v pairs; default, as train) or sum");
      app.add_option("--loss", a->form,
                     "Per-entry loss: softplus (default) or bce-eps (the authors' -log(sigmoid(z) + 1e-8), as a "
                     "real-valued expression)");
      app.add_flag("--normalize", a->normalize, "The loss of the cosines of the stored rows");
      app.add_flag("--no-optimal-b", a->no_optimal_b, "Skip the optimal b (saves one pass over the pairs)");
      add_threads_option(app, a->threads, "Threads (0 = all cores)");
      app.add_flag("--json", a->json, "Print one JSON object on stdout");
      app.footer("Example: constel loss --u U.npy --v V.npy --t 10 --b-rel 0 --json");
      return [a]() -> int { return run_loss(*a); };
    });

}  // namespace
}  // namespace constel::tool
