// The paper's synthetic experiments (docs/math.md section 8) as one-command sweeps over seeds, each run
// verified (trained_output.hpp). Our sweeps (the command's loss form, softplus by default):
//   b-rel       fixed b_rel in {-1, -0.8, ..., 1}, trainable t, L_RB-Sig (the margin-versus-b_rel table)
//   losses      L_Sig with trainable (t, b) versus L_RB-Sig with trainable (t, b_rel), same initial rows
//   fixed-t     t fixed at 200 or 10 with b = 0 fixed, versus trainable (t, b_rel)
//   locked      U locked (random), L_RB-Sig, without and with the Observation 1 adapter
//   modalities  k = 4, complete and star graphs, shared trainable (t, b_rel)
//   all         every sweep above
// The reproduction suite (paper_sweeps.cpp: the authors' settings and initialisations, their BCE loss
// with an epsilon unless the command asks for another form):
//   table1 (margin against k), table2 (fixed b_rel, -1 to 1 by 0.1), fig7 (locked U: fixed t = 10 and
//   200, L_Sig, L_RB-Sig from b_rel = -1, the adapter), fig8 (k = 4), fig9 (Figures 9-10: fixed b_rel in
//   linspace(-1, 1, 10), 5,000 steps), d4 (Appendix D.4: bias against relative bias from b0), ablation
//   (fixed b_rel with t fixed at 100 or trainable), and paper (all of them).
// Each run writes one CSV row; trajectories (float m* every log_every steps) are kept for pictures.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <optional>
#include <ostream>
#include <string>
#include <vector>

#include "constel/error.hpp"
#include "constel/train/trainer.hpp"

namespace constel::train {

// The most seeds per variant a sweep runs (LimitError beyond).
inline constexpr std::size_t kMaxSweepSeeds = 1000;

struct SweepOptions {
  std::string name = "all";
  std::size_t seeds = 3;
  std::uint64_t first_seed = 0;
  std::size_t N = 100, d = 10, log_every = 100;
  std::optional<std::size_t> steps;  // every run's steps (default: 10,000; fig9: 5,000 as the paper)
  AdamSettings adam;
  RowMode rows = RowMode::NormalizedInLoss;
  std::optional<loss::LossForm> loss_form;  // default: softplus for our sweeps, bce-eps for the paper's
  StepPrecision precision = StepPrecision::Float32;
  unsigned threads = 1;  // runs in parallel (each run single-threaded); results do not depend on it
  // When set, only the planned runs it accepts (experiment, variant) are run (the regeneration test).
  std::function<bool(const std::string&, const std::string&)> select;
  // Stop: passed to every run (each asks before every step); progress: runs done / runs, after each
  // run (serialised; run_hooks.hpp).
  RunHooks hooks;
};

struct SweepRun {
  std::string experiment, variant;
  std::uint64_t seed = 0;
  TrainOptions options;
  TrainResult result;
  double verified_margin = 0, verified_relative_bias = 0;  // nearest doubles of the exact values
  bool constellation = false;
  double margin_mean_based = 0, b_rel_mean_based = 0;  // docs/math.md section 7, over all edges: (mean_pos -+ mean_neg)/2
  double xi = 0;  // docs/math.md section 7, first edge: mean |U_i - V_i|^2 - |mean(U_i - V_i)|^2
  std::vector<std::pair<std::size_t, double>> margin_trajectory;  // (step, float m*)
};

// The sweep names (for --help and messages).
std::vector<std::string> sweep_names();
// InputError "unknown sweep 'NAME' (known: ...)" unless name is one of sweep_names().
void throw_if_unknown_sweep(const std::string& name);

// Runs the named sweep; progress(i, total) after each run when given. Throws InputError for an unknown
// name (listing the known ones), Cancelled when o.hooks.stop asks to stop.
std::vector<SweepRun> run_sweep(const SweepOptions& o, const std::function<void(std::size_t, std::size_t)>& progress = {});

// CSV with a header line: experiment,variant,seed,N,d,k,param,fixed,steps,loss,t,b,b_rel,delta,
// margin_float,margin_verified,relative_bias_verified,constellation,margin_mean_based,b_rel_mean_based,xi,
// loss_form,rows,t0,bias0 (bias0: the initial b for param bias, b_rel for rb).
void write_sweep_csv(std::ostream& out, const std::vector<SweepRun>& runs);

// At most this many series per panel of sweep_svg (more: small multiples).
inline constexpr std::size_t kSweepSeriesPerPanel = 8;
// SVG of float m* against the step, one line per (experiment, variant) for the first seed, each in its
// own colour and dash pattern.
std::string sweep_svg(const std::vector<SweepRun>& runs, const std::string& title);

}  // namespace constel::train
