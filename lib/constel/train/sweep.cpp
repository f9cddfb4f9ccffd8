// The paper's synthetic experiments as sweeps (see sweep.hpp, docs/math.md section 8): our sweeps, the
// runner (runs spread over threads, each verified exactly) and the CSV and SVG writers.
#include "constel/train/sweep.hpp"

#include <algorithm>
#include <cmath>
#include <fmt/format.h>
#include <limits>
#include <mutex>
#include <tuple>

#include "constel/error.hpp"
#include "constel/io/csv_writer.hpp"
#include "constel/report/svg.hpp"
#include "constel/threads.hpp"
#include "constel/train/rng.hpp"
#include "constel/train/sweep_plan.hpp"
#include "constel/train/trained_output.hpp"

namespace constel::train {
namespace {

using Planned = PlannedRun;

TrainOptions base(const SweepOptions& s, std::uint64_t seed) {
  return sweep_base(s, seed, s.loss_form.value_or(loss::LossForm::Softplus));
}

void plan_b_rel(const SweepOptions& s, std::uint64_t seed, std::vector<Planned>& out) {
  for (int i = -5; i <= 5; ++i) {
    TrainOptions o = base(s, seed);
    o.b_rel = i / 5.0;
    o.train_b_rel = false;
    out.push_back({"b-rel", fmt::format("b_rel={:.1f}", o.b_rel), o});
  }
}

void plan_losses(const SweepOptions& s, std::uint64_t seed, std::vector<Planned>& out) {
  TrainOptions sig = base(s, seed);
  sig.param = Parameterisation::Bias;
  out.push_back({"losses", "L_Sig (t,b)", sig});
  out.push_back({"losses", "L_RB-Sig (t,b_rel)", base(s, seed)});
}

void plan_fixed_t(const SweepOptions& s, std::uint64_t seed, std::vector<Planned>& out) {
  for (double t : {200.0, 10.0}) {
    TrainOptions o = base(s, seed);
    o.param = Parameterisation::Bias;
    o.t = t;
    o.train_t = false;
    o.train_b = false;
    out.push_back({"fixed-t", fmt::format("t={:g} fixed, b=0 fixed", t), o});
    if (t == 200 && o.loss_form == loss::LossForm::Softplus) {  // the authors' loss stalls here
      o.loss_form = loss::LossForm::BceEps;
      out.push_back({"fixed-t", "t=200 fixed, b=0 fixed (bce-eps)", o});
    }
  }
  out.push_back({"fixed-t", "t, b_rel trainable", base(s, seed)});
}

void plan_locked(const SweepOptions& s, std::uint64_t seed, std::vector<Planned>& out) {
  TrainOptions o = base(s, seed);
  o.lock_u = true;
  out.push_back({"locked", "locked U, no adapter", o});
  o.adapter = true;
  out.push_back({"locked", "locked U, adapter", o});
}

void plan_modalities(const SweepOptions& s, std::uint64_t seed, std::vector<Planned>& out) {
  TrainOptions o = base(s, seed);
  o.k = 4;
  o.graph = loss::complete_graph(4);
  out.push_back({"modalities", "k=4 complete", o});
  o.graph = loss::star_graph(4);
  out.push_back({"modalities", "k=4 star", o});
}

double xi_of(const loss::Embeddings& e, std::size_t a, std::size_t c) {
  std::vector<double> mean(e.d, 0.0);
  double sq = 0;
  for (std::size_t i = 0; i < e.N; ++i)
    for (std::size_t j = 0; j < e.d; ++j) {
      double x = e.X[a][i * e.d + j] - e.X[c][i * e.d + j];
      sq += x * x;
      mean[j] += x;
    }
  double m2 = 0;
  for (double m : mean) m2 += (m / e.N) * (m / e.N);
  return sq / e.N - m2;
}

// Mean-based statistics (docs/math.md section 7) over the graph's edges: means of positive and negative pairs.
std::pair<double, double> mean_based(const loss::Embeddings& e, const loss::SyncGraph& g) {
  double pos = 0, neg = 0;
  for (auto [a, c] : g.edges)
    for (std::size_t i = 0; i < e.N; ++i)
      for (std::size_t j = 0; j < e.N; ++j) {
        double ip = 0;
        for (std::size_t l = 0; l < e.d; ++l) ip += e.X[a][i * e.d + l] * e.X[c][j * e.d + l];
        (i == j ? pos : neg) += ip;
      }
  pos /= double(g.edges.size() * e.N);
  neg /= e.N > 1 ? double(g.edges.size() * e.N * (e.N - 1)) : 1.0;
  return {(pos - neg) / 2, (pos + neg) / 2};
}

std::string fixed_list(const TrainOptions& o) {
  std::string f;
  auto add = [&](const std::string& s) { f += (f.empty() ? "" : "+") + s; };
  if (!o.train_t) add("t");
  if (o.param == Parameterisation::Bias && !o.train_b) add("b");
  if (o.param == Parameterisation::RelativeBias && !o.train_b_rel) add("b_rel");
  if (o.lock_u) add("U");
  return f.empty() ? "none" : f;
}

}  // namespace

TrainOptions sweep_base(const SweepOptions& s, std::uint64_t seed, loss::LossForm form, std::size_t default_steps) {
  TrainOptions o;
  o.N = s.N;
  o.d = s.d;
  o.steps = s.steps.value_or(default_steps);
  o.adam = s.adam;
  o.seed = seed;
  o.log_every = s.log_every;
  o.rows = s.rows;
  o.loss_form = form;
  o.precision = s.precision;
  o.threads = 1;
  return o;
}

std::vector<std::string> sweep_names() {
  std::vector<std::string> names{"b-rel", "losses", "fixed-t", "locked", "modalities", "all"};
  for (const auto& n : paper_sweep_names()) names.push_back(n);
  return names;
}

void throw_if_unknown_sweep(const std::string& name) {
  auto names = sweep_names();
  if (std::find(names.begin(), names.end(), name) != names.end()) return;
  std::string known;
  for (const auto& n : names) known += (known.empty() ? "" : ", ") + n;
  throw InputError("unknown sweep '" + name + "' (known: " + known + ")");
}

namespace {

std::vector<Planned> plan_sweep(const SweepOptions& s) {
  throw_if_unknown_sweep(s.name);
  if (s.seeds == 0) throw InputError("a sweep needs at least one seed");
  if (s.seeds > kMaxSweepSeeds)
    throw LimitError("sweep: " + std::to_string(s.seeds) + " seeds, above the limit " + std::to_string(kMaxSweepSeeds));
  std::vector<Planned> plan;
  for (std::uint64_t k = 0; k < s.seeds; ++k) {
    std::uint64_t seed = s.first_seed + k;
    if (plan_paper_sweep(s, s.name, seed, plan)) continue;
    bool all = s.name == "all";
    if (all || s.name == "b-rel") plan_b_rel(s, seed, plan);
    if (all || s.name == "losses") plan_losses(s, seed, plan);
    if (all || s.name == "fixed-t") plan_fixed_t(s, seed, plan);
    if (all || s.name == "locked") plan_locked(s, seed, plan);
    if (all || s.name == "modalities") plan_modalities(s, seed, plan);
  }
  return plan;
}

SweepRun run_one(const Planned& planned) {
  SweepRun r;
  r.experiment = planned.experiment;
  r.variant = planned.variant;
  r.seed = planned.o.seed;
  r.options = planned.o;
  r.options.on_log = [&r](const TrainLogRow& row) { r.margin_trajectory.emplace_back(row.step, row.margin); };
  r.result = train_constellation(r.options);
  r.options.on_log = nullptr;
  VerifiedTraining v = verify_trained(r.result.embeddings, r.result.graph);
  r.verified_margin = v.margin ? to_double(*v.margin) : std::numeric_limits<double>::quiet_NaN();
  r.verified_relative_bias = v.relative_bias ? to_double(*v.relative_bias) : std::numeric_limits<double>::quiet_NaN();
  r.constellation = v.constellation;
  auto [a, c] = r.result.graph.edges.front();
  r.xi = xi_of(r.result.embeddings, a, c);
  std::tie(r.margin_mean_based, r.b_rel_mean_based) = mean_based(r.result.embeddings, r.result.graph);
  return r;
}

}  // namespace

std::vector<SweepRun> run_sweep(const SweepOptions& s, const std::function<void(std::size_t, std::size_t)>& progress) {
  std::vector<Planned> plan = plan_sweep(s);
  if (s.select)
    plan.erase(std::remove_if(plan.begin(), plan.end(),
                              [&](const Planned& p) { return !s.select(p.experiment, p.variant); }),
               plan.end());
  std::vector<SweepRun> runs(plan.size());
  std::mutex done_mutex;
  std::size_t done = 0;
  const unsigned threads = unsigned(std::max<std::size_t>(1, std::min<std::size_t>(s.threads, plan.size())));
  run_on_threads(threads, [&](unsigned q) {
    for (std::size_t i = q; i < plan.size(); i += threads) {
      s.hooks.throw_if_stopped("sweep");
      plan[i].o.hooks.stop = s.hooks.stop;
      runs[i] = run_one(plan[i]);
      runs[i].options.hooks = {};
      std::lock_guard<std::mutex> lock(done_mutex);
      ++done;
      if (progress) progress(done, plan.size());
      s.hooks.report(double(done) / double(plan.size()));
    }
  });
  return runs;
}

void write_sweep_csv(std::ostream& out, const std::vector<SweepRun>& runs) {
  static const std::vector<std::string> columns = {
      "experiment", "variant", "seed", "N", "d", "k", "param", "fixed", "steps", "loss", "t", "b", "b_rel", "delta",
      "margin_float", "margin_verified", "relative_bias_verified", "constellation", "margin_mean_based",
      "b_rel_mean_based", "xi", "loss_form", "rows", "t0", "bias0"};
  out << format_csv_line(columns);
  auto g = [](double x) { return fmt::format("{:.6g}", x); };
  for (const auto& r : runs) {
    const auto& o = r.options;
    const auto& x = r.result;
    // The variant is always quoted (its text often holds '=' and readers of older files expect quotes).
    std::vector<std::string> f = {format_csv_field(r.experiment), format_csv_quoted_field(r.variant),
                                  std::to_string(r.seed), std::to_string(o.N), std::to_string(o.d),
                                  std::to_string(o.k), format_csv_field(to_string(o.param)),
                                  format_csv_field(fixed_list(o)), std::to_string(x.steps)};
    for (double v : {x.loss, x.t, x.b, x.b_rel, x.delta, x.margin, r.verified_margin, r.verified_relative_bias})
      f.push_back(g(v));
    f.push_back(r.constellation ? "1" : "0");
    for (double v : {r.margin_mean_based, r.b_rel_mean_based, r.xi}) f.push_back(g(v));
    f.push_back(format_csv_field(to_string(o.loss_form)));
    f.push_back(format_csv_field(to_string(o.rows)));
    f.push_back(g(o.t));
    f.push_back(g(o.param == Parameterisation::Bias ? o.b : o.b_rel));
    out << format_csv_line(f);
  }
}

// Series k of a panel gets colour k and dash k of eight, so that no two share either; more than eight
// series go into small multiples (panels of at most eight, two columns).
std::string sweep_svg(const std::vector<SweepRun>& runs, const std::string& title) {
  static const char* colors[] = {"#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2", "#000000"};
  static const char* dashes[] = {"", "8 4", "2 3", "10 3 2 3", "4 4", "12 6", "1 2", "6 2 2 2 2 2"};
  double x_max = 1, y_min = 0, y_max = 0.1;
  std::vector<const SweepRun*> shown;
  for (const auto& r : runs) {
    if (r.seed != runs.front().seed) continue;
    shown.push_back(&r);
    for (auto [s, m] : r.margin_trajectory) {
      x_max = std::max(x_max, double(s));
      if (std::isfinite(m)) y_min = std::min(y_min, m), y_max = std::max(y_max, m);
    }
  }
  const std::size_t per_panel = kSweepSeriesPerPanel, count = std::max<std::size_t>(1, (shown.size() + per_panel - 1) / per_panel);
  std::vector<SvgPlot> panels;
  for (std::size_t p = 0; p < count; ++p) {
    SvgPlot plot(0, x_max, std::floor(y_min * 10) / 10, std::ceil(y_max * 10) / 10);
    plot.set_title(count == 1 ? title : title + " (" + std::to_string(p + 1) + "/" + std::to_string(count) + ")");
    plot.set_labels("step", "margin m* (float)");
    for (std::size_t k = p * per_panel; k < shown.size() && k < (p + 1) * per_panel; ++k) {
      std::vector<SvgPoint> pts;
      for (auto [s, m] : shown[k]->margin_trajectory)
        if (std::isfinite(m)) pts.push_back({double(s), m});
      plot.polyline(pts, colors[k % per_panel], 1.8, dashes[k % per_panel], shown[k]->experiment + ": " + shown[k]->variant);
    }
    panels.push_back(std::move(plot));
  }
  return count == 1 ? panels.front().str() : svg_panels(panels, 2);
}

}  // namespace constel::train
