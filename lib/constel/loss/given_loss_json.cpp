// The JSON of a certified loss report (given_loss.hpp; keys listed in docs/cli.md, `constel loss`):
// every enclosure as {"lo", "hi", "value", "relative_accuracy"} with value the midpoint.
#include <cmath>

#include "constel/loss/given_loss.hpp"

namespace constel::loss {
namespace {

Json enclosure(const Enclosure& e) {
  Json j;
  j["lo"] = e.lo;
  j["hi"] = e.hi;
  j["value"] = e.mid();
  const double a = e.relative_accuracy();
  j["relative_accuracy"] = std::isfinite(a) ? Json(a) : Json(nullptr);
  return j;
}

}  // namespace

Json to_json(const GivenLossReport& r) {
  Json j;
  j["N_u"] = r.N_u;
  j["N_v"] = r.N_v;
  j["d"] = r.d;
  j["dtype_u"] = r.dtype_u;
  j["dtype_v"] = r.dtype_v;
  j["labels"] = r.labels_mode;
  j["normalized"] = r.normalized;
  j["positives"] = r.positives;
  j["negatives"] = r.negatives;
  j["loss_form"] = loss_form_name(r.form);
  j["norm"] = loss_norm_name(r.norm);
  j["t"] = r.t;
  j["b"] = r.b;
  j["b_rel"] = r.b / r.t;
  j["t_relative_error"] = r.t_rel_error;
  j["loss"] = enclosure(r.loss);
  j["logit_error"] = r.logit_error;
  j["min_positive"] = enclosure(r.min_positive);
  if (r.has_negatives()) {
    j["max_negative"] = enclosure(r.max_negative);
    j["margin"] = enclosure(r.margin);
    j["relative_bias"] = enclosure(r.relative_bias);
    j["sandwich"] = Json{{"lower", r.sandwich_lower}, {"upper", r.sandwich_upper}, {"loss_form", "softplus"}};
  } else {
    j["max_negative"] = nullptr;
    j["margin"] = nullptr;
    j["relative_bias"] = nullptr;
    j["sandwich"] = nullptr;
  }
  if (r.has_optimal_b) {
    Json o;
    o["loss_form"] = "softplus";
    o["b"] = enclosure(r.optimal_b);
    o["b_value"] = r.optimal_b_value;
    o["b_accuracy"] = (r.optimal_b.hi - r.optimal_b.lo) / 2;
    o["b_rel_value"] = r.optimal_b_value / r.t;
    o["loss_at_b"] = enclosure(r.loss_at_optimal_b);
    o["inf_loss"] = enclosure(r.inf_loss);
    o["histogram_bins"] = r.histogram_bins;
    j["optimal_b"] = o;
  } else {
    j["optimal_b"] = nullptr;
  }
  return j;
}

}  // namespace constel::loss
