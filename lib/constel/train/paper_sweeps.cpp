// The reproduction suite of the paper's synthetic experiments (see sweep.hpp, docs/math.md section 8):
// the authors' settings and initialisations, read from their notebooks (MoreModalities,
// FixedRelativeBias, FrozenModalityExperiments, BiasParamLeadsToZeroRB, AblationStudy): N = 100, d = 10,
// Adam lr 1e-2, t from 10, 10,000 steps (5,000 in the 100-seed sweep), their loss (BCE with an epsilon,
// rows normalised inside the loss, the mean over the edges). Where a fixed large t fails only because
// of that loss, a twin run with the stable softplus is added, so the sweep itself shows the reason.
#include <algorithm>
#include <cmath>
#include <fmt/format.h>

#include "constel/loss/elementwise.hpp"
#include "constel/train/sweep_plan.hpp"

namespace constel::train {
namespace {

using loss::LossForm;

struct Planner {
  const SweepOptions& s;
  std::uint64_t seed;
  LossForm form;
  std::vector<PlannedRun>& out;

  TrainOptions base(std::size_t steps = 10000) const { return sweep_base(s, seed, form, steps); }
  void add(const std::string& experiment, const std::string& variant, const TrainOptions& o) {
    out.push_back({experiment, variant, o});
  }
  // The same run with the stable softplus, when the suite runs the authors' BCE.
  void add_softplus_twin(const std::string& experiment, const std::string& variant, TrainOptions o) {
    if (form != LossForm::BceEps) return;
    o.loss_form = LossForm::Softplus;
    add(experiment, variant + " (softplus)", o);
  }
};

TrainOptions fixed_t_bias(TrainOptions o, double t, double b) {
  o.param = Parameterisation::Bias;
  o.t = t;
  o.train_t = false;
  o.b = b;
  o.train_b = false;
  return o;
}

void table1(Planner& p) {  // margin against k: complete graph, shared trainable (t, b_rel) from (10, 0)
  for (std::size_t k : {2, 4, 6, 8, 14, 20}) {
    TrainOptions o = p.base();
    o.k = k;
    o.graph = loss::complete_graph(k);
    p.add("table1", fmt::format("k={}", k), o);
  }
}

void table2(Planner& p) {  // fixed b_rel from -1 to 1 by 0.1, trainable t from 10
  for (int i = -10; i <= 10; ++i) {
    TrainOptions o = p.base();
    o.b_rel = i / 10.0;
    o.train_b_rel = false;
    p.add("table2", fmt::format("b_rel={:.1f}", o.b_rel), o);
  }
}

void fig7(Planner& p) {  // locked U (FrozenModalityExperiments: b_rel from -1; the adapter from x = 0.5)
  TrainOptions o = p.base();
  o.lock_u = true;
  for (double t : {200.0, 10.0}) {
    const std::string v = fmt::format("t={:g} fixed, b=0 fixed", t);
    p.add("fig7", v, fixed_t_bias(o, t, 0));
    if (t == 200) p.add_softplus_twin("fig7", v, fixed_t_bias(o, t, 0));
  }
  TrainOptions sig = o;
  sig.param = Parameterisation::Bias;
  p.add("fig7", "L_Sig (t,b) from (10,0)", sig);
  TrainOptions rb = o;
  rb.b_rel = -1;
  p.add("fig7", "L_RB-Sig (t,b_rel) from (10,-1)", rb);
  TrainOptions ad = rb;
  ad.adapter = true;
  ad.adapter_x = 0.5;
  const double delta = loss::sigmoid(0.5);
  ad.t = 10 / (delta * delta);  // the notebook's rescaled start; its rescaled b_rel is -1 again
  p.add("fig7", "adapter from x=0.5, t=10/delta^2, b_rel=-1", ad);
}

void fig8(Planner& p) {  // k = 4, complete graph (MoreModalities)
  TrainOptions o = p.base();
  o.k = 4;
  o.graph = loss::complete_graph(4);
  p.add("fig8", "L_RB-Sig (t,b_rel) from (10,0)", o);
  TrainOptions sig = o;
  sig.param = Parameterisation::Bias;
  sig.b = -10;
  p.add("fig8", "L_Sig (t,b) from (10,-10)", sig);
  TrainOptions fixed = o;
  fixed.t = 200;
  fixed.train_t = false;
  fixed.train_b_rel = false;
  p.add("fig8", "t=200 fixed, b_rel=0 fixed", fixed);
  p.add_softplus_twin("fig8", "t=200 fixed, b_rel=0 fixed", fixed);
}

void fig9(Planner& p) {  // Figures 9-10: fixed b_rel in linspace(-1, 1, 10), 5,000 steps
  for (int i = 0; i < 10; ++i) {
    TrainOptions o = p.base(5000);
    o.b_rel = -1.0 + 2.0 * i / 9.0;
    o.train_b_rel = false;
    p.add("fig9", fmt::format("b_rel={:.3f}", o.b_rel), o);
  }
}

void d4(Planner& p) {  // Appendix D.4: L_Sig from b0 against L_RB-Sig from b0 / 10, t from 10
  for (int b0 : {-10, -5, 0, 5, 10}) {
    TrainOptions sig = p.base();
    sig.param = Parameterisation::Bias;
    sig.b = b0;
    p.add("d4", fmt::format("L_Sig from b={}", b0), sig);
    TrainOptions rb = p.base();
    rb.b_rel = b0 / 10.0;
    p.add("d4", fmt::format("L_RB-Sig from b_rel={:.1f}", rb.b_rel), rb);
  }
}

void ablation(Planner& p) {  // fixed b_rel, t fixed at 100 or trainable from 10; and fixed t = 200, b = 0
  for (double br : {-1.0, -0.5, 0.0, 0.5, 1.0}) {
    TrainOptions o = p.base();
    o.b_rel = br;
    o.train_b_rel = false;
    TrainOptions fixed = o;
    fixed.t = 100;
    fixed.train_t = false;
    const std::string v = fmt::format("t=100 fixed, b_rel={:.1f}", br);
    p.add("ablation", v, fixed);
    p.add_softplus_twin("ablation", v, fixed);
    p.add("ablation", fmt::format("t trainable from 10, b_rel={:.1f}", br), o);
  }
  const TrainOptions t200 = fixed_t_bias(p.base(), 200, 0);
  p.add("ablation", "t=200 fixed, b=0 fixed", t200);
  p.add_softplus_twin("ablation", "t=200 fixed, b=0 fixed", t200);
}

}  // namespace

std::vector<std::string> paper_sweep_names() { return {"table1", "table2", "fig7", "fig8", "fig9", "d4", "ablation", "paper"}; }

bool plan_paper_sweep(const SweepOptions& s, const std::string& name, std::uint64_t seed,
                      std::vector<PlannedRun>& out) {
  auto names = paper_sweep_names();
  if (std::find(names.begin(), names.end(), name) == names.end()) return false;
  Planner p{s, seed, s.loss_form.value_or(LossForm::BceEps), out};
  const bool all = name == "paper";
  if (all || name == "table1") table1(p);
  if (all || name == "table2") table2(p);
  if (all || name == "fig7") fig7(p);
  if (all || name == "fig8") fig8(p);
  if (all || name == "fig9") fig9(p);
  if (all || name == "d4") d4(p);
  if (all || name == "ablation") ablation(p);
  return true;
}

}  // namespace constel::train
