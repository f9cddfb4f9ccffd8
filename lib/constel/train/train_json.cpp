// The JSON summary of a training run (see train_json.hpp). Key order is part of the output users see:
// keep it, and add new keys at the end.
#include "constel/train/train_json.hpp"

#include <cmath>

namespace constel::train {

Json to_json(const TrainSummary& s) {
  const TrainOptions& o = s.options;
  const TrainResult& r = s.result;
  const VerifiedTraining& v = s.verified;
  Json j;
  j["N"] = o.N;
  j["d"] = r.embeddings.d;
  j["k"] = o.k;
  j["graph"] = r.graph.name;
  j["param"] = to_string(o.param);
  j["seed"] = o.seed;
  j["steps"] = r.steps;
  j["diverged"] = r.diverged;
  j["loss"] = r.loss;
  j["loss_precision"] = r.final_loss_float64 ? "float64" : "float32";
  j["normalisation"] = o.norm == loss::LossNorm::Mean ? "mean" : "sum";
  j["rows"] = to_string(o.rows);
  j["loss_form"] = to_string(o.loss_form);
  j["edges"] = o.edges_mean ? "mean" : "sum";
  j["batch"] = o.batch;
  j["step_precision"] = r.float32_steps ? "float32" : "float64";
  j["t"] = r.t;
  j["b"] = r.b;
  j["b_rel"] = r.b_rel;
  if (o.adapter) j["delta"] = r.delta;
  j["verified"] = true;
  j["verifier"] = v.verifier;
  if (v.margin) {
    put_exact(j, "margin", *v.margin);
    put_exact(j, "relative_bias", *v.relative_bias);
  }
  j["constellation"] = v.constellation;
  j["margin_float"] = r.margin;
  j["unit_norm_exact"] = v.unit_norm_exact;
  j["norm_max_deviation"] = v.norm_max_deviation;
  j["output"] = s.output;
  return j;
}

Json to_json(const DivergedTrainSummary& s) {
  const TrainOptions& o = s.options;
  const TrainResult& r = s.result;
  auto finite = [](double x) { return std::isfinite(x) ? Json(x) : Json(nullptr); };
  Json j;
  j["N"] = o.N;
  j["d"] = r.embeddings.d;
  j["k"] = o.k;
  j["seed"] = o.seed;
  j["steps"] = r.steps;
  j["diverged"] = true;
  j["verified"] = false;
  j["constellation"] = false;
  j["loss"] = finite(r.loss);
  j["t"] = finite(r.t);
  j["b"] = finite(r.b);
  j["b_rel"] = finite(r.b_rel);
  j["output"] = s.output;
  return j;
}

std::size_t verified_constellations(const std::vector<SweepRun>& runs) {
  std::size_t n = 0;
  for (const auto& r : runs) n += r.constellation;
  return n;
}

Json to_json(const SweepSummary& s) {
  Json j;
  j["sweep"] = s.name;
  j["runs"] = s.runs.size();
  j["constellations"] = verified_constellations(s.runs);
  j["output"] = s.output;
  if (!s.svg.empty()) j["svg"] = s.svg;
  return j;
}

}  // namespace constel::train
