// The training and modality-gap face of the module: constel.train (Adam on the sigmoid loss,
// docs/math.md section 8, with the exact verification of the result) and constel.gap (Theorem 3.6,
// docs/math.md section 6) on arrays, Configurations or files. Both return the dict of the report's
// library to_json (the CLI's --json object); train adds the trained rows and the log as numpy arrays.
#include <pybind11/stl.h>

#include <algorithm>
#include <sstream>
#include <thread>

#include "bindings.hpp"
#include "constel/error.hpp"
#include "constel/gap/certificate.hpp"
#include "constel/gap/gap_json.hpp"
#include "constel/gap/statistics.hpp"
#include "constel/gap/hypotheses.hpp"
#include "constel/gap/search.hpp"
#include "constel/io/cst.hpp"
#include "constel/io/embedding_file.hpp"
#include "constel/io/atomic_file.hpp"
#include "constel/train/sweep.hpp"
#include "constel/train/train_json.hpp"
#include "constel/train/trained_output.hpp"
#include "constel/train/trainer.hpp"
#include "convert.hpp"
#include "interrupt.hpp"

namespace constel::python {

namespace {

double real(const py::dict& o, const char* key) { return to_double(to_rational(o[key], key)); }

bool flag(const py::dict& o, const char* key) { return o[key].cast<bool>(); }

// TrainOptions from the keyword arguments (a dict with every key present), as `constel train` builds
// them from its options.
train::TrainOptions train_options(const py::dict& a) {
  train::TrainOptions o;
  o.N = to_count(a["N"], "N");
  o.d = to_count(a["d"], "d");
  o.k = to_count(a["k"], "k");
  o.graph = loss::parse_sync_graph(a["graph"].cast<std::string>(), o.k);
  const std::string param = a["param"].cast<std::string>(), precision = a["precision"].cast<std::string>();
  const std::string norm = a["norm"].cast<std::string>();
  if (param == "rb") o.param = train::Parameterisation::RelativeBias;
  else if (param == "bias") o.param = train::Parameterisation::Bias;
  else throw InputError("param: expected bias or rb, got '" + param + "'");
  if (precision == "float64") o.precision = train::StepPrecision::Float64;
  else if (precision == "float32") o.precision = train::StepPrecision::Float32;
  else throw InputError("precision: expected float32 or float64, got '" + precision + "'");
  if (norm == "mean") o.norm = loss::LossNorm::Mean;
  else if (norm == "sum") o.norm = loss::LossNorm::Sum;
  else throw InputError("norm: expected mean or sum, got '" + norm + "'");
  o.threads = a["threads"].cast<unsigned>();
  o.t = real(a, "t"), o.b = real(a, "b"), o.b_rel = real(a, "b_rel");
  o.train_t = !flag(a, "fix_t"), o.train_b = !flag(a, "fix_b"), o.train_b_rel = !flag(a, "fix_b_rel");
  py::object lock = a["lock_u"];
  if (!lock.is_none() && flag(a, "lock_u_random")) throw InputError("lock_u and lock_u_random exclude each other");
  o.lock_u = !lock.is_none() || flag(a, "lock_u_random");
  if (!lock.is_none()) {
    Configuration c = py::isinstance<Configuration>(lock) ? lock.cast<Configuration>()
                                                          : read_cst_file(py::str(lock).cast<std::string>());
    if (c.N() != o.N || c.d() != o.d)
      throw InputError("lock_u: the configuration has N = " + std::to_string(c.N()) + ", d = " + std::to_string(c.d()) +
                       ", but N = " + std::to_string(o.N) + ", d = " + std::to_string(o.d) + " were asked");
    o.u0 = train::configuration_rows(c, 0);
  }
  o.adapter = flag(a, "adapter");
  o.adapter_x = real(a, "adapter_x");
  o.train_adapter = !flag(a, "fix_adapter");
  o.steps = to_count(a["steps"], "steps");
  o.adam = {real(a, "lr"), real(a, "beta1"), real(a, "beta2"), real(a, "eps")};
  o.seed = to_count(a["seed"], "seed");
  return o;
}

py::array_t<double> rows_array(const std::vector<double>& X, std::size_t N, std::size_t d) {
  py::array_t<double> out({N, d});
  std::memcpy(out.mutable_data(), X.data(), X.size() * sizeof(double));
  return out;
}

// {"json": the CLI's object, "modalities": [arrays], "raw": [arrays], "log": {column: array}}
py::dict run_train(const py::dict& a) {
  train::TrainOptions o = train_options(a);
  std::size_t log_every = to_count(a["log_every"], "log_every");
  if (log_every == 0) throw InputError("log_every: must be at least 1");
  py::object out_obj = a["output"];
  const std::string output = out_obj.is_none() ? "" : py::str(out_obj).cast<std::string>();
  std::vector<train::TrainLogRow> log;
  o.log_every = log_every;
  o.on_log = [&log](const train::TrainLogRow& r) { log.push_back(r); };
  // Ctrl-C stops the training before its next step (interrupt.hpp); nothing is written then.
  auto [r, v] = run_interruptible([&](const std::function<bool()>& stop) {
    o.hooks.stop = stop;
    train::TrainResult res = train::train_constellation(o);
    o.hooks.stop = nullptr;
    if (!output.empty()) train::write_trained_npz(output, res);
    train::VerifiedTraining ver = train::verify_trained(res.embeddings, res.graph);
    return std::make_pair(std::move(res), std::move(ver));
  });
  Json j = train::to_json(train::TrainSummary{o, r, v, output});
  py::dict result;
  result["json"] = json_to_py(j);
  py::list mods, raw;
  for (const auto& X : r.embeddings.X) mods.append(rows_array(X, r.embeddings.N, r.embeddings.d));
  for (const auto& X : r.raw.X) raw.append(rows_array(X, r.raw.N, r.raw.d));
  result["modalities"] = mods;
  result["raw"] = raw;
  py::dict columns;
  auto column = [&log](auto get) {
    py::array_t<double> c(log.size());
    for (std::size_t i = 0; i < log.size(); ++i) c.mutable_data()[i] = get(log[i]);
    return c;
  };
  columns["step"] = column([](const train::TrainLogRow& x) { return double(x.step); });
  columns["loss"] = column([](const train::TrainLogRow& x) { return x.loss; });
  columns["t"] = column([](const train::TrainLogRow& x) { return x.t; });
  columns["b"] = column([](const train::TrainLogRow& x) { return x.b; });
  columns["b_rel"] = column([](const train::TrainLogRow& x) { return x.b_rel; });
  columns["margin"] = column([](const train::TrainLogRow& x) { return x.margin; });
  columns["relative_bias"] = column([](const train::TrainLogRow& x) { return x.relative_bias; });
  columns["delta"] = column([](const train::TrainLogRow& x) { return x.delta; });
  result["log"] = columns;
  return result;
}

// `constel train --sweep NAME --json` on keyword arguments (a dict with every key present): the
// CLI's object under "json" and the sweep's CSV text under "csv" (also written to `output` when given).
py::dict run_train_sweep(const py::dict& a) {
  train::SweepOptions s;
  s.name = a["sweep"].cast<std::string>();
  train::throw_if_unknown_sweep(s.name);
  s.seeds = to_count(a["seeds"], "seeds");
  s.first_seed = to_count(a["seed"], "seed");
  s.N = to_count(a["N"], "N");
  s.d = to_count(a["d"], "d");
  if (!a["steps"].is_none()) s.steps = to_count(a["steps"], "steps");
  s.log_every = a["log_every"].is_none() ? 100 : std::max<std::size_t>(1, to_count(a["log_every"], "log_every"));
  s.adam = {real(a, "lr"), real(a, "beta1"), real(a, "beta2"), real(a, "eps")};
  const std::string precision = a["precision"].cast<std::string>();
  if (precision == "float64") s.precision = train::StepPrecision::Float64;
  else if (precision != "float32") throw InputError("precision: expected float32 or float64, got '" + precision + "'");
  const unsigned threads = a["threads"].cast<unsigned>();
  s.threads = threads ? threads : std::max(1u, std::thread::hardware_concurrency());
  const std::string output = a["output"].is_none() ? "" : py::str(a["output"]).cast<std::string>();
  const std::string svg = a["svg"].is_none() ? "" : py::str(a["svg"]).cast<std::string>();
  throw_if_same_file(output, svg, "output and svg");
  std::string csv;
  const auto runs = run_interruptible([&](const std::function<bool()>& stop) {
    s.hooks.stop = stop;
    std::vector<train::SweepRun> r = train::run_sweep(s);
    std::ostringstream text;
    train::write_sweep_csv(text, r);
    csv = text.str();
    if (!output.empty()) write_bytes_atomically(output, csv);
    if (!svg.empty()) write_bytes_atomically(svg, train::sweep_svg(r, "Margin trajectories: sweep " + s.name));
    return r;
  });
  std::size_t ok = 0;
  for (const auto& r : runs) ok += r.constellation;
  Json j;
  j["sweep"] = s.name, j["runs"] = runs.size(), j["constellations"] = ok, j["output"] = output;
  if (!svg.empty()) j["svg"] = svg;
  py::dict result;
  result["json"] = json_to_py(j);
  result["csv"] = csv;
  return result;
}

// gap on prepared points, as `constel gap` runs it; `a` holds the keyword arguments, `input` fills
// the report's cst or u/v names, `name` names the input in the certificate comment.
py::dict run_gap(const GapPoints& p, const std::optional<std::vector<std::int64_t>>& labels, const py::dict& a,
                 const std::string& cst, const std::string& u, const std::string& v, const std::string& name) {
  const bool affine = flag(a, "affine"), force_exact = flag(a, "force_exact");
  const std::string certificate = a["certificate"].is_none() ? "" : py::str(a["certificate"]).cast<std::string>();
  const std::string check_path =
      a["check_certificate"].is_none() ? "" : py::str(a["check_certificate"]).cast<std::string>();
  GapSearchOptions opt;
  opt.affine = affine;
  opt.reweight_rounds = to_count(a["rounds"], "rounds");
  opt.max_lp_entries = flag(a, "lp") ? to_count(a["max_lp_entries"], "max_lp_entries") : 0;
  opt.force_exact_check = force_exact;
  const unsigned threads = a["threads"].cast<unsigned>();
  const bool require = flag(a, "require_hypotheses");
  // Ctrl-C stops the hypothesis check at a tile and the search before an LP solve or a check.
  GapReport report = run_interruptible([&](const std::function<bool()>& stop) {
    const RunHooks hooks{stop, nullptr};
    opt.hooks = hooks;
    GapReport o;
    o.N_u = p.rows(GapSide::U), o.N_v = p.rows(GapSide::V), o.d = p.d();
    o.cst = cst, o.u = u, o.v = v;
    o.mode = check_path.empty() ? "search" : "check-certificate";
    o.scaled_coordinates = p.is_exact_rational();
    if (!certificate.empty()) o.certificate = certificate;
    o.hypotheses = labels ? with_arg("labels", [&] { return exact_check_hypotheses(p, labels, threads, hooks); })
                          : exact_check_hypotheses(p, labels, threads, hooks);
    if (require && !o.hypotheses.hold)
      throw InputError("gap: require_hypotheses: the hypotheses of Theorem 3.6 do not hold: " + o.hypotheses.failure);
    if (!check_path.empty()) {
      if (affine) throw InputError("gap: affine does not go with check_certificate (the file's offset line decides)");
      o.direction = read_gap_certificate_file(check_path);
      o.check = certified_check_direction(p, o.direction, force_exact);
    } else {
      o.search = search_separating_direction(p, opt);
      o.direction = o.search->direction;
      o.check = o.search->check;
    }
    o.affine = o.direction.offset.has_value();
    o.statistics = modality_gap_statistics(p);
    if (!certificate.empty()) {
      const char* c = o.affine ? " + c" : "";
      std::string comment = "constel gap certificate for " + name + "\n" + "claim: " +
                            std::to_string(o.check.u_nonpositive) + " U rows with <h,x>" + c + " <= 0, " +
                            std::to_string(o.check.v_nonnegative) + " V rows with <h,x>" + c + " >= 0";
      write_gap_certificate_file(certificate, o.direction, comment);
      GapCheck again = certified_check_direction(p, read_gap_certificate_file(certificate), force_exact);
      if (again.bad_u != o.check.bad_u || again.wrong_v != o.check.wrong_v)
        throw InternalError("gap: the written certificate does not re-check to the reported counts");
    }
    if (o.hypotheses.hold) o.within_guarantee = o.check.all_u_positive() && o.check.v_nonnegative <= p.d();
    return o;
  });
  return json_to_py(to_json(report));
}

std::optional<std::vector<std::int64_t>> gap_labels(const py::object& labels) {
  if (labels.is_none()) return std::nullopt;
  return labels_from_array(labels.cast<py::array>());
}

}  // namespace

void bind_train(py::module_& m) {
  m.def("train", &run_train);
  m.def("train_sweep", &run_train_sweep);
  m.def("gap_arrays", [](const py::array& U, const std::string& us, const py::array& V, const std::string& vs,
                         const py::object& labels, const py::dict& a) {
    FloatMatrix mu = matrix_from_array(U, us, "U"), mv = matrix_from_array(V, vs, "V");
    mu.throw_if_empty(), mv.throw_if_empty(), mu.throw_if_not_finite(), mv.throw_if_not_finite();
    // GapPoints keeps the matrices; views stay valid because the arrays outlive this call.
    GapPoints p = GapPoints::from_floats(std::move(mu), std::move(mv));
    return run_gap(p, gap_labels(labels), a, "", "<array U>", "<array V>", "arrays U / V");
  });
  m.def("gap_configuration", [](const Configuration& c, const py::object& labels, const py::dict& a) {
    return run_gap(GapPoints::from_configuration(c), gap_labels(labels), a, "<Configuration>", "", "",
                   "a Configuration");
  });
  m.def("gap_files", [](const std::string& cst, const std::string& u, const std::string& v, const std::string& u_key,
                        const std::string& v_key, const std::string& labels, const std::string& labels_key,
                        const py::dict& a) {
    std::optional<std::vector<std::int64_t>> l;
    if (!labels.empty()) l = read_labels(labels, labels_key);
    if (!cst.empty())
      return run_gap(GapPoints::from_configuration(read_cst_file(cst)), l, a, cst, "", "", cst);
    auto named = [](const std::string& path, const std::string& key) { return key.empty() ? path : path + "[" + key + "]"; };
    GapPoints p = GapPoints::from_floats(read_embedding_matrix(u, u_key), read_embedding_matrix(v, v_key));
    return run_gap(p, l, a, "", u, v, named(u, u_key) + " / " + named(v, v_key));
  });
}

}  // namespace constel::python
