// The loss face of the module: constel.loss on in-memory arrays, the certified sigmoid loss of given
// embeddings at given (t, b) (lib/constel/loss/given_loss.hpp, docs/loss.md). The report is returned
// as the dict of `constel loss --json`.
#include <pybind11/stl.h>

#include "bindings.hpp"
#include "constel/error.hpp"
#include "constel/gap/params.hpp"
#include "constel/loss/given_loss.hpp"
#include "convert.hpp"
#include "interrupt.hpp"

namespace constel::python {
namespace {

// (t, b) from the paper's t with b or b_rel, or from Hugging Face's logit_scale and logit_bias, with
// the same rules and messages as the CLI (tools/constel/cmd_loss.cpp).
void set_parameters(loss::GivenLossOptions& o, const py::object& t, const py::object& b, const py::object& b_rel,
                    const py::object& hf_scale, const py::object& hf_bias) {
  if (!hf_scale.is_none() || !hf_bias.is_none()) {
    if (hf_scale.is_none() || hf_bias.is_none()) throw InputError("hf_logit_scale and hf_logit_bias go together");
    if (!t.is_none() || !b.is_none() || !b_rel.is_none())
      throw InputError("give hf_logit_scale/hf_logit_bias or t with b/b_rel, not both");
    const ParamsConversion p =
        params_from_hf(to_rational(hf_scale, "hf_logit_scale"), to_rational(hf_bias, "hf_logit_bias"), 40);
    o.t = p.t.exact ? p.t.value : parse_rational(p.t.decimal);
    o.t_rel_error = p.t.exact ? 0 : 1e-38;
    o.b = p.b.value;
    return;
  }
  if (t.is_none()) throw InputError("loss: give t with b or b_rel, or hf_logit_scale with hf_logit_bias");
  if (b.is_none() == b_rel.is_none()) throw InputError("loss: give exactly one of b and b_rel with t");
  o.t = to_rational(t, "t");
  if (o.t <= 0) throw InputError("t: the inverse temperature must be > 0");
  o.b = b.is_none() ? Rational(o.t * to_rational(b_rel, "b_rel")) : to_rational(b, "b");
}

loss::LossForm form_of(const std::string& s) {
  if (s == "softplus") return loss::LossForm::Softplus;
  if (s == "bce-eps") return loss::LossForm::BceEps;
  throw InputError("loss: expected softplus or bce-eps, got '" + s + "'");
}

loss::LossNorm norm_of(const std::string& s) {
  if (s == "sum") return loss::LossNorm::Sum;
  if (s == "mean") return loss::LossNorm::Mean;
  throw InputError("norm: expected sum or mean, got '" + s + "'");
}

py::object loss_arrays(const py::array& U, const std::string& u_stored, const py::array& V, const std::string& v_stored,
                       const py::object& labels, const py::object& t, const py::object& b, const py::object& b_rel,
                       const py::object& hf_scale, const py::object& hf_bias, const std::string& norm,
                       const std::string& form, bool normalize, bool optimal_b, unsigned threads) {
  loss::GivenLossOptions o;
  set_parameters(o, t, b, b_rel, hf_scale, hf_bias);
  o.norm = norm_of(norm), o.form = form_of(form);
  o.normalize = normalize, o.optimal_b = optimal_b, o.threads = threads;
  if (!labels.is_none()) o.labels = labels_from_array(labels.cast<py::array>());
  const FloatMatrix mu = matrix_from_array(U, u_stored, "U"), mv = matrix_from_array(V, v_stored, "V");
  loss::GivenLossReport r = run_interruptible([&](const std::function<bool()>& stop) {
    loss::GivenLossOptions with_stop = o;
    with_stop.stop = stop;
    return loss::certified_given_loss(mu, mv, with_stop);
  });
  return json_to_py(loss::to_json(r));
}

}  // namespace

void bind_loss(py::module_& m) { m.def("loss_arrays", &loss_arrays); }

}  // namespace constel::python
