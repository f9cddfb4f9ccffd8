// `constel train`: trains N pairs (or k modalities) on the sigmoid loss with Adam (docs/math.md sections 1
// and 8; by default as the paper's authors train: rows normalised inside the loss, full batch, the stable
// softplus), verifies the result exactly for the stored doubles, writes OUT.npz, an optional per-step CSV
// log, a progress line on a terminal and a JSON summary; `constel train --sweep NAME` runs one of our
// sweeps or the paper's reproduction suite over seeds and writes a CSV (and an SVG of the margin
// trajectories). Exit 0 when done (nothing is asked), 1 when the run diverged (reported, never
// verified), 2 on bad options, including options that the chosen mode would ignore.
#include <fmt/format.h>

#include <iostream>
#include <memory>
#include <thread>
#include <unistd.h>

#include "command.hpp"
#include "constel/report/progress_bar.hpp"
#include "constel/error.hpp"
#include "constel/io/atomic_file.hpp"
#include "constel/io/cst.hpp"
#include "constel/train/sweep.hpp"
#include "constel/train/train_json.hpp"
#include "constel/train/train_log.hpp"
#include "constel/train/trained_output.hpp"
#include "constel/train/trainer.hpp"

namespace constel::tool {
namespace {

struct TrainArgs {
  std::size_t N = 100, d = 10, k = 2, steps = 10000, log_every = 1, seeds = 3, batch = 0;
  std::string graph = "complete", param = "rb", norm = "mean", precision = "float32";
  std::string rows = "normalized-in-loss", loss = "softplus", edges = "mean";
  bool quiet = false;
  const CLI::App* app = nullptr;  // to tell given options from defaults
  unsigned threads = 0;
  std::string t = "10", b = "0", b_rel = "0", lr = "0.01", beta1 = "0.9", beta2 = "0.999", eps = "1e-8";
  std::string adapter_x = "0";
  bool fix_t = false, fix_b = false, fix_b_rel = false, fix_adapter = false, adapter = false;
  std::string lock_u, output, log, sweep, svg;
  bool lock_u_random = false, json = false;
  std::uint64_t seed = 0;
};

double number(const std::string& option, const std::string& text) {
  return to_double(parse_rational_option(option, text));
}

bool given(const TrainArgs& a, const char* option) { return a.app && a.app->count(option) > 0; }

train::RowMode parse_rows(const std::string& text) {
  if (text == "normalized-in-loss") return train::RowMode::NormalizedInLoss;
  if (text == "projected") return train::RowMode::Projected;
  throw InputError("--rows: expected normalized-in-loss or projected, got '" + text + "'");
}

loss::LossForm parse_loss_form(const std::string& text) {
  if (text == "softplus") return loss::LossForm::Softplus;
  if (text == "bce-eps") return loss::LossForm::BceEps;
  throw InputError("--loss: expected softplus or bce-eps, got '" + text + "'");
}

train::StepPrecision parse_precision(const std::string& text) {
  if (text == "float64") return train::StepPrecision::Float64;
  if (text == "float32") return train::StepPrecision::Float32;
  throw InputError("--precision: expected float32 or float64, got '" + text + "'");
}

// Options that the chosen mode would not use are refused, not ignored (exit 2).
void throw_if_ignored(const TrainArgs& a) {
  auto refuse = [&](const char* option, const std::string& why) {
    if (given(a, option)) throw InputError(std::string(option) + ": " + why);
  };
  if (!a.sweep.empty()) {
    for (const char* opt : {"--k", "--graph", "--param", "--norm", "--edges", "--batch", "--t", "--fix-t", "--b",
                            "--fix-b", "--b-rel", "--fix-b-rel", "--lock-u", "--lock-u-random", "--adapter",
                            "--adapter-x", "--fix-adapter", "--log"})
      refuse(opt, "does not apply to --sweep (each sweep sets it per run; see docs/training.md)");
    return;
  }
  refuse("--seeds", "applies to --sweep only");
  refuse("--svg", "applies to --sweep only");
  if (a.log.empty()) refuse("--log-every", "needs --log");
  if (a.param == "rb") {
    for (const char* opt : {"--b", "--fix-b"}) refuse(opt, "applies to --param bias (use --b-rel, --fix-b-rel)");
  } else {
    for (const char* opt : {"--b-rel", "--fix-b-rel"}) refuse(opt, "applies to --param rb (use --b, --fix-b)");
  }
  if (!a.adapter)
    for (const char* opt : {"--adapter-x", "--fix-adapter"}) refuse(opt, "needs --adapter");
  if (a.precision == "float64") refuse("--threads", "applies to float32 steps only (--precision float32)");
}

train::TrainOptions build_options(const TrainArgs& a) {
  train::TrainOptions o;
  o.N = a.N;
  o.d = a.d;
  o.k = a.k;
  with_option("--k", [&] { loss::throw_if_bad_modalities(a.k); });
  o.graph = with_option("--graph", [&] { return loss::parse_sync_graph(a.graph, a.k); });
  if (a.param == "rb") o.param = train::Parameterisation::RelativeBias;
  else if (a.param == "bias") o.param = train::Parameterisation::Bias;
  else throw InputError("--param: expected bias or rb, got '" + a.param + "'");
  o.precision = parse_precision(a.precision);
  o.threads = a.threads;
  o.rows = parse_rows(a.rows);
  o.loss_form = parse_loss_form(a.loss);
  if (a.edges == "mean") o.edges_mean = true;
  else if (a.edges == "sum") o.edges_mean = false;
  else throw InputError("--edges: expected mean or sum, got '" + a.edges + "'");
  if (a.batch > a.N)
    throw InputError("--batch: B = " + std::to_string(a.batch) + " exceeds --N " + std::to_string(a.N));
  o.batch = a.batch;
  if (a.norm == "mean") o.norm = loss::LossNorm::Mean;
  else if (a.norm == "sum") o.norm = loss::LossNorm::Sum;
  else throw InputError("--norm: expected mean or sum, got '" + a.norm + "'");
  o.t = number("--t", a.t);
  o.b = number("--b", a.b);
  o.b_rel = number("--b-rel", a.b_rel);
  if (a.fix_b && o.param != train::Parameterisation::Bias)
    throw InputError("--fix-b applies to --param bias; with --param rb use --fix-b-rel");
  if (a.fix_b_rel && o.param != train::Parameterisation::RelativeBias)
    throw InputError("--fix-b-rel applies to --param rb; with --param bias use --fix-b");
  o.train_t = !a.fix_t;
  o.train_b = !a.fix_b;
  o.train_b_rel = !a.fix_b_rel;
  if (!a.lock_u.empty() && a.lock_u_random) throw InputError("--lock-u and --lock-u-random exclude each other");
  o.lock_u = !a.lock_u.empty() || a.lock_u_random;
  if (!a.lock_u.empty()) {
    Configuration c = read_cst_or_explain(a.lock_u, "--lock-u",
                                          "--lock-u takes a .cst file whose modality 0 is the locked U (write the "
                                          "embeddings as a .cst file first, or use --lock-u-random)");
    if (c.N() != a.N || c.d() != a.d)
      throw InputError("--lock-u: " + a.lock_u + " has N = " + std::to_string(c.N()) + ", d = " + std::to_string(c.d()) +
                       ", but --N " + std::to_string(a.N) + " --d " + std::to_string(a.d) + " were asked");
    o.u0 = train::configuration_rows(c, 0);
  }
  o.adapter = a.adapter;
  o.adapter_x = number("--adapter-x", a.adapter_x);
  o.train_adapter = !a.fix_adapter;
  o.steps = a.steps;
  o.adam = {number("--lr", a.lr), number("--beta1", a.beta1), number("--beta2", a.beta2), number("--eps", a.eps)};
  o.seed = a.seed;
  with_option("--t", [&] { train::throw_if_not_positive(o.t, "the inverse temperature t"); });
  with_option("--lr", [&] { train::throw_if_not_positive(o.adam.lr, "the learning rate"); });
  with_option("--beta1", [&] { train::throw_if_outside_unit_interval(o.adam.beta1, "Adam's beta1"); });
  with_option("--beta2", [&] { train::throw_if_outside_unit_interval(o.adam.beta2, "Adam's beta2"); });
  with_option("--eps", [&] { train::throw_if_not_positive(o.adam.eps, "Adam's epsilon"); });
  with_option("--adapter", [&] { train::throw_if_bad_adapter(o); });
  return o;
}

// A diverged run: the file is written (to be looked at), nothing is verified, exit 1.
int report_diverged(const TrainArgs& a, const train::TrainOptions& o, const train::TrainResult& r) {
  if (a.json) {
    print_json_line(train::to_json(train::DivergedTrainSummary{o, r, a.output}).dump(2));
  } else {
    std::cout << fmt::format("training diverged after {} steps (loss {:.6g}, t {:.6g}, b_rel {:.6g}): not verified; "
                             "wrote {}\n", r.steps, r.loss, r.t, r.b_rel, a.output);
  }
  message("training diverged (non-finite values or rows that are no longer unit vectors); try a smaller --lr");
  return 1;
}

int run_sweep_mode(const TrainArgs& a) {
  with_option("--sweep", [&] { train::throw_if_unknown_sweep(a.sweep); });
  if (a.output.empty()) throw InputError("--sweep needs -o FILE.csv");
  throw_if_same_file(a.output, a.svg, "-o and --svg");
  train::SweepOptions s;
  s.name = a.sweep;
  s.seeds = a.seeds;
  s.first_seed = a.seed;
  s.N = a.N;
  s.d = a.d;
  if (given(a, "--steps")) s.steps = a.steps;
  s.log_every = given(a, "--log-every") ? std::max<std::size_t>(1, a.log_every) : 100;
  s.adam = {number("--lr", a.lr), number("--beta1", a.beta1), number("--beta2", a.beta2), number("--eps", a.eps)};
  s.rows = parse_rows(a.rows);
  if (given(a, "--loss")) s.loss_form = parse_loss_form(a.loss);
  s.precision = parse_precision(a.precision);
  s.threads = a.threads ? a.threads : std::max(1u, std::thread::hardware_concurrency());
  std::vector<train::SweepRun> runs;
  {
    ProgressBar progress("train --sweep " + a.sweep, !a.quiet);  // on a terminal instead of the messages
    runs = train::run_sweep(s, [&](std::size_t i, std::size_t n) {
      if (progress.active())
        progress.update(i, n);
      else if (!a.json && !a.quiet)
        message(fmt::format("sweep {}: run {}/{}", a.sweep, i, n));
    });
  }
  write_file_atomically(a.output, [&](std::ostream& out) { train::write_sweep_csv(out, runs); });
  if (!a.svg.empty()) write_bytes_atomically(a.svg, train::sweep_svg(runs, "Margin trajectories: sweep " + a.sweep));
  if (a.json) {
    print_json_line(train::to_json(train::SweepSummary{a.sweep, runs, a.output, a.svg}).dump(2));
  } else {
    std::cout << fmt::format("sweep {}: {} runs, {} verified constellations; wrote {}\n", a.sweep, runs.size(),
                             train::verified_constellations(runs), a.output);
  }
  return 0;
}

// The progress line on a terminal (report/progress_bar.hpp), with the step's loss, t, b_rel and margin: the
// trainer computes them when its progress hook is due (after the bar's delay, then every half second).
void install_progress(train::TrainOptions& o, ProgressBar& bar) {
  if (!bar.active()) return;
  o.progress_after_s = ProgressBar::delay_seconds();
  const std::size_t total = o.steps;
  o.on_progress = [&bar, total](const train::TrainLogRow& r) {
    bar.update(double(r.step) / double(total), fmt::format("step {}/{}  loss {:.4g}  t {:.4g}  b_rel {:.4f}  margin {:.4f}",
                                                        r.step, total, r.loss, r.t, r.b_rel, r.margin));
  };
}

int run_train(TrainArgs a) {
  // --b / --fix-b without --param mean the bias parameterisation (as in `--t 200 --fix-t --b 0 --fix-b`).
  if (!given(a, "--param") && !given(a, "--sweep") && (given(a, "--b") || given(a, "--fix-b"))) a.param = "bias";
  throw_if_ignored(a);
  if (!a.sweep.empty()) return run_sweep_mode(a);
  if (a.output.empty()) throw InputError("train: -o OUT.npz is required");
  if (a.log_every == 0) throw InputError("--log-every: must be at least 1");
  train::TrainOptions o = build_options(a);
  train::TrainLogCsv log;
  if (!a.log.empty()) {
    o.log_every = a.log_every;
    o.on_log = [&log](const train::TrainLogRow& r) { log.add(r); };
  }
  throw_if_same_file(a.output, a.log, "-o and --log");
  throw_if_same_file(a.output, a.lock_u, "-o and --lock-u");
  throw_if_same_file(a.log, a.lock_u, "--log and --lock-u");
  train::TrainResult r;
  {
    ProgressBar progress("train", !a.quiet);  // cleared before the report
    install_progress(o, progress);
    r = train::train_constellation(o);
  }
  train::write_trained_npz(a.output, r);
  if (!a.log.empty()) log.write(a.log);
  if (r.diverged) return report_diverged(a, o, r);
  train::VerifiedTraining v = train::verify_trained(r.embeddings, r.graph);
  if (a.json) {
    print_json_line(train::to_json(train::TrainSummary{o, r, v, a.output}).dump(2));
  } else {
    std::cout << fmt::format("trained {} steps: loss {:.6g} ({}), t {:.6g}, b {:.6g}, b_rel {:.6g}\n", r.steps, r.loss,
                             a.norm, r.t, r.b, r.b_rel);
    if (v.margin)
      std::cout << fmt::format("verified ({}): margin {:.9g}, relative bias {:.9g} -> {}\n", v.verifier,
                               to_double(*v.margin), to_double(*v.relative_bias),
                               v.constellation ? "a constellation" : "not a constellation");
    std::cout << fmt::format("rows are unit vectors up to | |x|^2 - 1 | <= {:.3g}; wrote {}\n", v.norm_max_deviation, a.output);
  }
  return 0;
}

const CommandRegistrar registrar("train", "Train constellations on the sigmoid loss (Adam), verify them, run the paper's sweeps",
                                 [](CLI::App& app) -> RunFunction {
  auto a = std::make_shared<TrainArgs>();
  a->app = &app;
  add_count_option(app, "--N", a->N, "Pairs N (default 100)", 1, 1000000);
  add_count_option(app, "--d", a->d, "Dimension d (default 10)", 1, 1000000);
  add_count_option(app, "--k", a->k, "Modalities k >= 2 (default 2, at most 64)", 2, train::kMaxModalities);
  app.add_option("--graph", a->graph, "Synchronisation graph: complete, star, or edges 0-1,1-2 (default complete)");
  app.add_option("--param", a->param, "Parameterisation: rb (t, b_rel; L_RB-Sig) or bias (t, b; L_Sig) (default rb)");
  app.add_option("--norm", a->norm, "Loss normalisation: mean (over N^2 per edge) or sum (default mean)");
  app.add_option("--rows", a->rows,
                 "What the loss sees: normalized-in-loss (the loss of U/|U|, V/|V| and its gradient through the "
                 "normalisation, as the paper's code; default) or projected (the plain gradient); both re-project "
                 "after each step");
  app.add_option("--loss", a->loss,
                 "Per-entry loss: softplus (stable; default) or bce-eps (the authors' -log(sigmoid(z) + 1e-8), "
                 "saturating in the step precision)");
  app.add_option("--edges", a->edges, "k modalities: mean (default, as the authors) or sum of the edges' losses");
  add_count_option(app, "--batch", a->batch,
                   "Mini-batch size B: B distinct indices per step, loss and gradient over them (0: full batch; "
                   "the result is verified over all N)",
                   0, 1000000);
  app.add_flag("--quiet", a->quiet, "No progress line on the terminal and no sweep progress messages");
  app.add_option("--precision", a->precision,
                 "Arithmetic of the steps' loss and gradients: float32 or float64 (default float32; rows and Adam "
                 "are float64, the final loss and margin are float64 and the result is verified exactly)");
  add_threads_option(app, a->threads,
                     "Threads of the float32 steps on the tiled path (N > 512 or d > 12; default: all cores); sweeps: "
                     "runs in parallel (default: all cores)");
  app.add_option("--t", a->t, "Initial inverse temperature t > 0 (default 10)");
  app.add_flag("--fix-t", a->fix_t, "Keep t fixed");
  app.add_option("--b", a->b, "Initial bias b for --param bias (default 0; without --param, selects bias)");
  app.add_flag("--fix-b", a->fix_b, "Keep b fixed (--param bias; without --param, selects bias)");
  app.add_option("--b-rel", a->b_rel, "Initial relative bias b_rel for --param rb (default 0)");
  app.add_flag("--fix-b-rel", a->fix_b_rel, "Keep b_rel fixed (--param rb)");
  app.add_option("--lock-u", a->lock_u, "Lock U to modality 0 of this .cst file");
  app.add_flag("--lock-u-random", a->lock_u_random, "Lock U to its random initial rows");
  app.add_flag("--adapter", a->adapter, "Explicit adapter of Observation 1 on a locked U (delta = sigmoid(x))");
  app.add_option("--adapter-x", a->adapter_x, "Initial adapter x (default 0: delta = 1/2)");
  app.add_flag("--fix-adapter", a->fix_adapter, "Keep the adapter's x fixed");
  add_count_option(app, "--steps", a->steps,
                   "Adam steps (default 10000, at most 10^8; sweeps: every run, default 10000, fig9 5000)", 0,
                   train::kMaxSteps);
  app.add_option("--lr", a->lr, "Adam learning rate (default 0.01)");
  app.add_option("--beta1", a->beta1, "Adam beta1 (default 0.9)");
  app.add_option("--beta2", a->beta2, "Adam beta2 (default 0.999)");
  app.add_option("--eps", a->eps, "Adam epsilon (default 1e-8)");
  add_count_option(app, "--seed", a->seed, "Random seed, 0 .. 2^64 - 1 (default 0; sweeps: the first seed)", 0,
                   UINT64_MAX);
  app.add_option("-o,--output", a->output, "Output .npz (sweeps: CSV)");
  app.add_option("--log", a->log, "Write a CSV log: step,loss,t,b,b_rel,margin,relative_bias,delta");
  add_count_option(app, "--log-every", a->log_every, "Log every K steps (default 1; sweeps: trajectory spacing, default 100)", 1,
                   train::kMaxSteps);
  app.add_option("--sweep", a->sweep,
                 "Run a sweep: b-rel, losses, fixed-t, locked, modalities, all; the paper's reproduction suite: "
                 "table1, table2, fig7, fig8, fig9, d4, ablation, paper");
  add_count_option(app, "--seeds", a->seeds, "Seeds per sweep variant (default 3, at most 1000)", 1,
                   train::kMaxSweepSeeds);
  app.add_option("--svg", a->svg, "Sweeps: write the margin trajectories (first seed) as SVG");
  app.add_flag("--json", a->json, "Print a JSON summary");
  return [a]() { return run_train(*a); };
});

}  // namespace
}  // namespace constel::tool
