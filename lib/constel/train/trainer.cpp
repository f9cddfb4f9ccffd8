// Full-batch Adam training of constellations (see trainer.hpp, docs/math.md sections 1 and 8).
#include "constel/train/trainer.hpp"

#include <cmath>
#include <string>

#include "constel/error.hpp"
#include "constel/loss/elementwise.hpp"
#include "constel/loss/sigmoid_loss_f32.hpp"
#include "constel/train/adam.hpp"
#include "constel/train/rng.hpp"

namespace constel::train {

std::string to_string(Parameterisation p) { return p == Parameterisation::Bias ? "bias" : "rb"; }

namespace {

void throw_if_bad_options(const TrainOptions& o) {
  if (o.N < 1 || o.d < 1) throw InputError("train: need --N >= 1 and --d >= 1");
  if (o.k < 2) throw InputError("train: need --k >= 2 modalities, got " + std::to_string(o.k));
  if (double(o.N) * double(o.d) * double(o.k) > 4e8) throw LimitError("train: N * d * k is above 4e8 doubles");
  if (!(o.t > 0) || !std::isfinite(o.t)) throw InputError("train: --t must be a positive number");
  if (!std::isfinite(o.b) || !std::isfinite(o.b_rel)) throw InputError("train: --b and --b-rel must be finite");
  if (!(o.adam.lr > 0)) throw InputError("train: --lr must be positive");
  if (!(o.adam.beta1 >= 0 && o.adam.beta1 < 1) || !(o.adam.beta2 >= 0 && o.adam.beta2 < 1))
    throw InputError("train: --beta1 and --beta2 must lie in [0, 1)");
  if (!(o.adam.eps > 0)) throw InputError("train: --eps must be positive");
  if (o.adapter && !o.lock_u) throw InputError("train: --adapter needs a locked U (--lock-u or --lock-u-random)");
  if (o.adapter && o.k != 2) throw InputError("train: --adapter needs k = 2 modalities");
  if (o.u0 && o.u0->size() != o.N * o.d)
    throw InputError("train: the locked U has " + std::to_string(o.u0->size()) + " entries, expected N * d = " +
                     std::to_string(o.N * o.d));
  if (o.graph && o.graph->k != o.k) throw InputError("train: the graph is for k = " + std::to_string(o.graph->k));
  if (o.init && (o.init->N != o.N || o.init->d != o.d || o.init->k() != o.k))
    throw InputError("train: the initial embeddings do not have the shape N x d x k");
}

bool all_finite(const std::vector<std::vector<double>>& g) {
  for (const auto& v : g)
    for (double x : v)
      if (!std::isfinite(x)) return false;
  return true;
}

struct State {
  loss::Embeddings e;
  double log_t = 0, b = 0, b_rel = 0, x = 0;
  std::optional<double> fixed_t;  // a fixed t is used as given, not as exp(log(t))
  double t() const { return fixed_t ? *fixed_t : std::exp(log_t); }
  double delta() const { return loss::sigmoid(x); }
};

loss::LogitParams logit_params(const State& s, const TrainOptions& o) {
  loss::LogitParams p;
  p.t = s.t();
  p.b = o.param == Parameterisation::Bias ? s.b : p.t * s.b_rel;
  if (o.adapter) {
    double d2 = s.delta() * s.delta();
    p.alpha = d2;
    p.beta = d2 - 1.0;
  }
  return p;
}

TrainLogRow log_row(std::size_t step, const State& s, const loss::LogitParams& p, const loss::LossResult& r,
                    const TrainOptions& o) {
  TrainLogRow row;
  row.step = step;
  row.loss = r.loss;
  row.t = p.t;
  row.b = p.b;
  row.b_rel = p.b / p.t;
  row.margin = r.margin();
  row.relative_bias = r.relative_bias();
  row.delta = o.adapter ? s.delta() : 1.0;
  return row;
}

}  // namespace

std::vector<double> adapt_rows(const std::vector<double>& X, std::size_t N, std::size_t d, double delta, double sign) {
  std::vector<double> out(N * (d + 1));
  double tail = sign * std::sqrt(std::max(0.0, 1.0 - delta * delta));
  for (std::size_t i = 0; i < N; ++i) {
    for (std::size_t j = 0; j < d; ++j) out[i * (d + 1) + j] = delta * X[i * d + j];
    out[i * (d + 1) + d] = tail;
  }
  return out;
}

loss::Embeddings initial_embeddings(const TrainOptions& o) {
  throw_if_bad_options(o);
  if (o.init) return *o.init;
  TrainRng rng(o.seed);
  loss::Embeddings e;
  e.N = o.N;
  e.d = o.d;
  for (std::size_t a = 0; a < o.k; ++a) e.X.push_back(rng.unit_rows(o.N, o.d));
  if (o.u0) e.X[0] = *o.u0;
  return e;
}

TrainResult train_constellation(const TrainOptions& o) {
  State s;
  s.e = initial_embeddings(o);
  s.log_t = std::log(o.t);
  if (!o.train_t) s.fixed_t = o.t;
  s.b = o.b;
  s.b_rel = o.b_rel;
  s.x = o.adapter_x;
  const loss::SyncGraph graph = o.graph ? *o.graph : loss::complete_graph(o.k);
  const bool train_bias = o.param == Parameterisation::Bias ? o.train_b : o.train_b_rel;
  std::vector<Adam> adam_rows(o.k, Adam(o.N * o.d));
  Adam adam_t(1), adam_b(1), adam_x(1);
  loss::LossWorkspace ws;
  loss::LossWorkspaceF32 ws32;
  TrainResult res;
  res.graph = graph;
  res.float32_steps = o.precision == StepPrecision::Float32;
  std::size_t step = 0;
  for (; step < o.steps; ++step) {
    const bool log_now = o.on_log && o.log_every > 0 && step % o.log_every == 0;
    loss::LogitParams p = logit_params(s, o);
    loss::LossResult r = res.float32_steps ? loss::sigmoid_loss_f32(s.e, graph, p, o.norm, true, log_now, &ws32, o.threads)
                                           : loss::sigmoid_loss(s.e, graph, p, o.norm, true, log_now, &ws);
    if (log_now) o.on_log(log_row(step, s, p, r, o));
    if (!std::isfinite(r.d_t) || !std::isfinite(r.d_b) || !all_finite(r.grad)) {
      res.diverged = true;
      break;
    }
    const std::size_t k1 = step + 1;
    for (std::size_t a = (o.lock_u ? 1 : 0); a < o.k; ++a) {
      adam_rows[a].update(s.e.X[a].data(), r.grad[a].data(), o.N * o.d, k1, o.adam);
      normalize_rows(s.e.X[a], o.N, o.d);
    }
    double g_logt, g_bias;
    if (o.param == Parameterisation::Bias) {
      g_logt = p.t * r.d_t;
      g_bias = r.d_b;
    } else {
      loss::RbGradient g = loss::rb_gradient(r, p.t, s.b_rel);
      g_logt = p.t * g.d_t;
      g_bias = g.d_b_rel;
    }
    if (o.train_t) adam_t.update(&s.log_t, &g_logt, 1, k1, o.adam);
    if (train_bias) adam_b.update(o.param == Parameterisation::Bias ? &s.b : &s.b_rel, &g_bias, 1, k1, o.adam);
    if (o.adapter && o.train_adapter) {
      double dl = s.delta();
      double g_x = 2.0 * dl * (r.d_alpha + r.d_beta) * dl * (1.0 - dl);
      adam_x.update(&s.x, &g_x, 1, k1, o.adam);
    }
  }
  loss::LogitParams p = logit_params(s, o);
  loss::LossResult r = loss::sigmoid_loss(s.e, graph, p, o.norm, false, true, &ws);
  if (o.on_log && o.log_every > 0) o.on_log(log_row(step, s, p, r, o));
  res.steps = step;
  res.t = p.t;
  res.b = p.b;
  res.b_rel = p.b / p.t;
  res.loss = r.loss;
  res.margin = r.margin();
  res.relative_bias = r.relative_bias();
  res.raw = s.e;
  if (o.adapter) {
    res.delta = s.delta();
    res.embeddings.N = o.N;
    res.embeddings.d = o.d + 1;
    res.embeddings.X = {adapt_rows(s.e.X[0], o.N, o.d, res.delta, 1.0), adapt_rows(s.e.X[1], o.N, o.d, res.delta, -1.0)};
  } else {
    res.embeddings = s.e;
  }
  return res;
}

}  // namespace constel::train
