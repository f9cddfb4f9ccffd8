// Adam training of constellations, full batch or mini-batches (see trainer.hpp, docs/math.md sections 1
// and 8). One step's loss and gradients come from StepLoss (step_loss.hpp); this file holds the loop:
// batches, Adam on the rows, t, b and the adapter, re-projection, logging and progress.
#include "constel/train/trainer.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <numeric>
#include <string>
#include <thread>

#include "constel/error.hpp"
#include "constel/memory_limit.hpp"
#include "constel/loss/elementwise.hpp"
#include "constel/loss/graph.hpp"
#include "constel/loss/sigmoid_loss_f32.hpp"
#include "constel/train/adam.hpp"
#include "constel/train/rng.hpp"
#include "constel/train/step_loss.hpp"

namespace constel::train {

std::string to_string(Parameterisation p) { return p == Parameterisation::Bias ? "bias" : "rb"; }
std::string to_string(RowMode m) { return m == RowMode::NormalizedInLoss ? "normalized-in-loss" : "projected"; }
std::string to_string(loss::LossForm f) { return f == loss::LossForm::Softplus ? "softplus" : "bce-eps"; }

void throw_if_not_positive(double value, const std::string& quantity) {
  if (!(value > 0) || !std::isfinite(value)) throw InputError(quantity + " must be a positive number, got " + fmt::format("{:g}", value));
}

void throw_if_not_finite(double value, const std::string& quantity) {
  if (!std::isfinite(value)) throw InputError(quantity + " must be finite, got " + fmt::format("{:g}", value));
}

void throw_if_outside_unit_interval(double value, const std::string& quantity) {
  if (!(value >= 0 && value < 1)) throw InputError(quantity + " must lie in [0, 1), got " + fmt::format("{:g}", value));
}

void throw_if_bad_adapter(const TrainOptions& o) {
  if (o.adapter && !o.lock_u) throw InputError("the adapter needs a locked U");
  if (o.adapter && o.k != 2) throw InputError("the adapter needs k = 2 modalities, got " + std::to_string(o.k));
}

namespace {

// The memory limit (memory_limit.hpp), before anything is allocated: the N d k parameters with
// their gradients, Adam's two moments, the normalised copies and the float32 copies (about 8
// doubles an entry), and a 4 MiB tile of products per thread.
void check_training_memory(const TrainOptions& o) {
  const unsigned threads = o.threads ? o.threads : std::max(1u, std::thread::hardware_concurrency());
  const std::uint64_t entries = memory_product(o.N, o.d, o.k);
  check_memory(memory_sum(memory_product(entries, 64), memory_product(threads, std::uint64_t(4) << 20)),
               "training (N = " + std::to_string(o.N) + ", d = " + std::to_string(o.d) + ", k = " +
                   std::to_string(o.k) + ": " + std::to_string(entries) + " entries, about 8 copies of each, and " +
                   std::to_string(threads) + " threads' tiles)");
}

void throw_if_bad_options(const TrainOptions& o) {
  if (o.N < 1 || o.d < 1) throw InputError("train: need N >= 1 pairs and dimension d >= 1");
  loss::throw_if_bad_modalities(o.k);
  if (o.k > kMaxModalities)
    throw LimitError("train: k = " + std::to_string(o.k) + " modalities, above the limit " + std::to_string(kMaxModalities));
  if (o.steps > kMaxSteps)
    throw LimitError("train: " + std::to_string(o.steps) + " steps, above the limit " + std::to_string(kMaxSteps));
  if (double(o.N) * double(o.d) * double(o.k) > double(kMaxEntries))
    throw LimitError("train: N * d * k = " + std::to_string(double(o.N) * double(o.d) * double(o.k)) +
                     " entries, above the limit " + std::to_string(kMaxEntries));
  check_training_memory(o);
  throw_if_not_positive(o.t, "the inverse temperature t");
  throw_if_not_finite(o.b, "the bias b");
  throw_if_not_finite(o.b_rel, "the relative bias b_rel");
  throw_if_not_positive(o.adam.lr, "the learning rate");
  throw_if_outside_unit_interval(o.adam.beta1, "Adam's beta1");
  throw_if_outside_unit_interval(o.adam.beta2, "Adam's beta2");
  throw_if_not_positive(o.adam.eps, "Adam's epsilon");
  throw_if_bad_adapter(o);
  if (o.u0 && o.u0->size() != o.N * o.d)
    throw InputError("train: the locked U has " + std::to_string(o.u0->size()) + " entries, expected N * d = " +
                     std::to_string(o.N * o.d));
  if (o.graph && o.graph->k != o.k) throw InputError("train: the graph is for k = " + std::to_string(o.graph->k));
  if (o.init && (o.init->N != o.N || o.init->d != o.d || o.init->k() != o.k))
    throw InputError("train: the initial embeddings do not have the shape N x d x k");
  if (o.batch > o.N)
    throw InputError("train: the batch size B = " + std::to_string(o.batch) + " exceeds the number of pairs N = " +
                     std::to_string(o.N));
}

// Every row finite and nonzero: what the loss needs to normalise them (a step that overflowed breaks it).
bool rows_normalisable(const loss::Embeddings& e) {
  for (const auto& X : e.X)
    for (std::size_t i = 0; i < e.N; ++i) {
      double s = 0;
      for (std::size_t j = 0; j < e.d; ++j) s += X[i * e.d + j] * X[i * e.d + j];
      if (!(s > 0) || !std::isfinite(s)) return false;
    }
  return true;
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
  p.form = o.loss_form;
  p.mean_over_edges = o.edges_mean;
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

// A run that ended in a state no constellation can be read from: t not a positive finite number, a
// non-finite b, b_rel or loss, or a row that is not finite or far from unit length (a zero row, after
// an overflow of the rows).
bool degenerate(const TrainResult& r) {
  if (!(std::isfinite(r.t) && r.t > 0) || !std::isfinite(r.b) || !std::isfinite(r.b_rel) || !std::isfinite(r.loss))
    return true;
  const loss::Embeddings& e = r.raw;
  for (const auto& X : e.X)
    for (std::size_t i = 0; i < e.N; ++i) {
      double s = 0;
      for (std::size_t j = 0; j < e.d; ++j) s += X[i * e.d + j] * X[i * e.d + j];
      if (!(std::fabs(s - 1) <= 1e-6)) return true;  // false for NaN too
    }
  return false;
}

// The rows of a mini-batch: B distinct indices per step from the batch stream of the seed, and the
// gathered rows of every modality.
struct Batches {
  TrainRng rng;
  std::vector<std::size_t> perm, rows;
  loss::Embeddings view;
  Batches(const TrainOptions& o) : rng(o.seed ^ 0x9e3779b97f4a7c15ull), perm(o.N) {
    std::iota(perm.begin(), perm.end(), std::size_t(0));
    view.N = o.batch;
    view.d = o.d;
    view.X.assign(o.k, std::vector<double>(o.batch * o.d));
  }
  const loss::Embeddings& next(const loss::Embeddings& e) {
    rng.sample_distinct(perm, view.N);
    rows.assign(perm.begin(), perm.begin() + std::ptrdiff_t(view.N));
    for (std::size_t a = 0; a < e.k(); ++a)
      for (std::size_t r = 0; r < rows.size(); ++r)
        std::copy_n(e.X[a].data() + rows[r] * e.d, e.d, view.X[a].data() + r * e.d);
    return view;
  }
};

// When the progress hook is due (after progress_after_s, then every progress_every_s).
struct ProgressClock {
  using Clock = std::chrono::steady_clock;
  Clock::time_point start = Clock::now(), last;
  bool started = false;
  bool due(const TrainOptions& o) {
    if (!o.on_progress) return false;
    const auto now = Clock::now();
    const double since = std::chrono::duration<double>(now - (started ? last : start)).count();
    if (since < (started ? o.progress_every_s : o.progress_after_s)) return false;
    started = true;
    last = now;
    return true;
  }
};

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

namespace {

// Adam on t' = log t, on b or b_rel, and on the adapter's x, from one step's result.
void update_scalars(State& s, const TrainOptions& o, const loss::LogitParams& p, const loss::LossResult& r, double g_x,
                    std::size_t k1, Adam& adam_t, Adam& adam_b, Adam& adam_x) {
  double g_logt, g_bias;
  if (o.param == Parameterisation::Bias) {
    g_logt = p.t * r.d_t;
    g_bias = r.d_b;
  } else {
    loss::RbGradient g = loss::rb_gradient(r, p.t, s.b_rel);
    g_logt = p.t * g.d_t;
    g_bias = g.d_b_rel;
  }
  const bool train_bias = o.param == Parameterisation::Bias ? o.train_b : o.train_b_rel;
  if (o.train_t) adam_t.update(&s.log_t, &g_logt, 1, k1, o.adam);
  if (train_bias) adam_b.update(o.param == Parameterisation::Bias ? &s.b : &s.b_rel, &g_bias, 1, k1, o.adam);
  if (o.adapter && o.train_adapter) adam_x.update(&s.x, &g_x, 1, k1, o.adam);
}

void fill_result(TrainResult& res, const State& s, const TrainOptions& o, const loss::SyncGraph& graph,
                 std::size_t steps) {
  loss::LogitParams p = logit_params(s, o);
  loss::LossWorkspace ws;
  res.final_loss_float64 = o.N <= kFinalLossFloat64MaxN;
  loss::LossResult r = res.final_loss_float64 ? loss::sigmoid_loss(s.e, graph, p, o.norm, false, true, &ws)
                                              : loss::sigmoid_loss_f32(s.e, graph, p, o.norm, false, true, nullptr, o.threads);
  if (o.on_log && o.log_every > 0) o.on_log(log_row(steps, s, p, r, o));
  res.steps = steps;
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
}

}  // namespace

TrainResult train_constellation(const TrainOptions& o) {
  State s;
  s.e = initial_embeddings(o);
  s.log_t = std::log(o.t);
  if (!o.train_t) s.fixed_t = o.t;
  s.b = o.b;
  s.b_rel = o.b_rel;
  s.x = o.adapter_x;
  const loss::SyncGraph graph = o.graph ? *o.graph : loss::complete_graph(o.k);
  const bool batched = o.batch > 0 && o.batch < o.N;
  std::vector<Adam> adam_rows(o.k, Adam(o.N * o.d));
  Adam adam_t(1), adam_b(1), adam_x(1);
  StepLoss step_loss(o, graph);
  std::optional<Batches> batches;
  if (batched) batches.emplace(o);
  ProgressClock clock;
  TrainResult res;
  res.graph = graph;
  res.float32_steps = o.precision == StepPrecision::Float32;
  std::size_t step = 0;
  const std::size_t report_every = std::max<std::size_t>(1, o.steps / 1000);
  for (; step < o.steps; ++step) {
    o.hooks.throw_if_stopped("train");
    if (step % report_every == 0) o.hooks.report(double(step) / double(o.steps));
    const bool log_now = o.on_log && o.log_every > 0 && step % o.log_every == 0;
    const bool progress_now = clock.due(o);
    const loss::Embeddings& x = batched ? batches->next(s.e) : s.e;
    if (!rows_normalisable(x)) {  // an overflowing step left a zero or non-finite row (--lr 1e300)
      res.diverged = true;
      break;
    }
    const loss::LogitParams p = logit_params(s, o);
    double g_x = 0;
    loss::LossResult r;
    try {
      r = step_loss.evaluate(x, p, s.delta(), log_now || progress_now, &g_x);
    } catch (const Cancelled&) {  // asked inside the step, between its tiles
      throw Cancelled("train: stopped by the caller");
    }
    if (log_now) o.on_log(log_row(step, s, p, r, o));
    if (progress_now) o.on_progress(log_row(step, s, p, r, o));
    if (!std::isfinite(r.d_t) || !std::isfinite(r.d_b) || !std::isfinite(g_x) || !all_finite(r.grad)) {
      res.diverged = true;
      break;
    }
    const std::size_t k1 = step + 1;
    for (std::size_t a = (o.lock_u ? 1 : 0); a < o.k; ++a) {
      if (batched) {
        adam_rows[a].update_rows(s.e.X[a].data(), r.grad[a].data(), batches->rows, o.d, k1, o.adam);
        normalize_listed_rows(s.e.X[a], batches->rows, o.d);
      } else {
        adam_rows[a].update(s.e.X[a].data(), r.grad[a].data(), o.N * o.d, k1, o.adam);
        normalize_rows(s.e.X[a], o.N, o.d);
      }
    }
    update_scalars(s, o, p, r, g_x, k1, adam_t, adam_b, adam_x);
  }
  fill_result(res, s, o, graph, step);
  if (degenerate(res)) res.diverged = true;
  o.hooks.report(1.0);
  return res;
}

}  // namespace constel::train
