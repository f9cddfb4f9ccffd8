// The trainer (docs/math.md sections 1 and 8): Adam on the sigmoid loss of k modalities of N unit
// vectors in R^d, t = exp(t') with t' trained, every trained row re-projected onto the sphere after each
// step, as in the authors' `SigLIPExperiment.train`. By default the loss sees the rows normalised
// (RowMode::NormalizedInLoss: the gradient reaching Adam is taken through the normalisation, as the
// authors' F.normalize does); RowMode::Projected uses the plain gradient at the rows. The per-entry loss
// is the stable softplus or the authors' BCE with an epsilon (loss::LossForm); k modalities average (the
// authors) or sum their edges' losses. Full batch, or mini-batches of B distinct indices per step.
// Parameterisations: Bias trains (t, b) on L_Sig; RelativeBias trains (t, b_rel) on L_RB-Sig. Each of
// t, b, b_rel may be fixed. Modality 0 may be locked (given rows or random ones), and a locked encoder
// may get the explicit adapter of Observation 1 (delta = sigmoid(x), x trained; k = 2 only).
// Deterministic: the initial rows come from TrainRng(seed) (modality 0 first), the batches from their own
// stream of the same seed; nothing else is random.
//
// Example:
//   TrainOptions o;  // N = 100, d = 10, rb, t = 10, b_rel = 0, 10,000 steps, lr 1e-2
//   o.seed = 3;
//   TrainResult r = train_constellation(o);  // r.loss, r.t, r.b_rel, r.embeddings ...
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "constel/error.hpp"
#include "constel/loss/sigmoid_loss.hpp"
#include "constel/run_hooks.hpp"
#include "constel/train/adam.hpp"

namespace constel::train {

enum class Parameterisation { Bias, RelativeBias };
std::string to_string(Parameterisation p);  // "bias", "rb"

struct TrainLogRow {
  std::size_t step = 0;  // the state before update `step` (the last row: after all updates)
  double loss = 0, t = 0, b = 0, b_rel = 0;
  double margin = 0, relative_bias = 0;  // float m*, b*_rel of the (adapted) configuration
  double delta = 1;                      // the adapter's delta (1 without adapter)
};

// The arithmetic of the training steps' loss and gradients: float32 (loss/sigmoid_loss_f32.hpp, the
// default, as PyTorch trains) or float64 (loss/sigmoid_loss.hpp). Rows, Adam and the final loss and
// margin are always float64.
enum class StepPrecision { Float64, Float32 };

// What the loss sees of the trained rows (docs/math.md section 8): NormalizedInLoss, the loss of
// X / |X| with its exact gradient (I - u u^T) g / |x| (the authors'), or Projected, the plain gradient at X.
// Both re-project the rows onto the sphere after each Adam step.
enum class RowMode { NormalizedInLoss, Projected };
std::string to_string(RowMode m);  // "normalized-in-loss", "projected"
std::string to_string(loss::LossForm f);  // "softplus", "bce-eps"

// Up to this N the final loss over all N^2 pairs is evaluated in float64; above it with the threaded
// float32 pass (at N = 10^5 the float64 pass alone takes about a minute on two cores).
inline constexpr std::size_t kFinalLossFloat64MaxN = 8192;

struct TrainOptions {
  std::size_t N = 100, d = 10, k = 2;
  StepPrecision precision = StepPrecision::Float32;
  unsigned threads = 0;  // float32 steps: 0 = all cores
  std::optional<loss::SyncGraph> graph;  // default: complete on k
  Parameterisation param = Parameterisation::RelativeBias;
  loss::LossNorm norm = loss::LossNorm::Mean;
  RowMode rows = RowMode::NormalizedInLoss;
  loss::LossForm loss_form = loss::LossForm::Softplus;
  bool edges_mean = true;     // k modalities: the mean of the edges' losses (false: their sum)
  std::size_t batch = 0;      // 0: full batch; B: B distinct indices per step, loss and gradient over them
  double t = 10, b = 0, b_rel = 0;  // initial values (b for bias, b_rel for rb)
  bool train_t = true, train_b = true, train_b_rel = true;
  bool lock_u = false;                      // modality 0 is not trained
  std::optional<std::vector<double>> u0;    // its rows (N * d, unit); random when absent
  bool adapter = false;                     // Observation 1 (needs lock_u and k = 2)
  double adapter_x = 0;                     // initial x, delta = sigmoid(x)
  bool train_adapter = true;
  std::size_t steps = 10000;
  AdamSettings adam;
  std::uint64_t seed = 0;
  std::size_t log_every = 0;  // 0: no log rows
  std::function<void(const TrainLogRow&)> on_log;  // in batch mode: loss and margin of that step's batch
  // Progress: after progress_after_s seconds of training, then every progress_every_s seconds, the next
  // step computes its loss and is reported (a TrainLogRow, as on_log; batch statistics in batch mode).
  std::function<void(const TrainLogRow&)> on_progress;
  double progress_after_s = 2.0, progress_every_s = 0.5;
  // Stop: asked before every step and, in a float32 step on the threaded tiles, between its row tiles
  // (Cancelled when it answers true); progress: steps done / steps,
  // about a thousand times per run (run_hooks.hpp).
  RunHooks hooks;
  std::optional<loss::Embeddings> init;  // start here instead of the random rows (tests, sweeps)
};

struct TrainResult {
  loss::Embeddings embeddings;  // what the loss sees: the adapted rows (dimension d + 1) with an adapter
  loss::Embeddings raw;         // the trained rows in R^d before the adapter (same as embeddings without)
  double t = 0, b = 0, b_rel = 0, delta = 1;
  double loss = 0;                       // final loss over all N (the options' form and normalisation)
  bool final_loss_float64 = true;        // it was evaluated in float64 (N <= kFinalLossFloat64MaxN), else float32
  bool float32_steps = false;            // the steps ran in float32
  double margin = 0, relative_bias = 0;  // float m*, b*_rel of the final configuration (over edges)
  std::size_t steps = 0;                 // updates done
  bool diverged = false;  // a non-finite loss or gradient stopped the run, or the end state is degenerate
                          // (t not positive and finite, non-finite b/b_rel/loss, a row not of unit length)
  loss::SyncGraph graph;
};

// Limits checked before a run starts (LimitError beyond them; docs/reliability.md section 2). The
// memory of a run is about 8 (N d k) doubles plus the loss tiles.
inline constexpr std::size_t kMaxModalities = 64;
inline constexpr std::size_t kMaxSteps = 100000000;        // 10^8
inline constexpr std::size_t kMaxEntries = std::size_t(1) << 26;  // N d k, about 4 GB at 8 copies

// Throws InputError for inconsistent options (sizes, adapter without lock, bad u0, lr <= 0, batch > N, ...),
// Cancelled when options.hooks.stop asks to stop.
TrainResult train_constellation(const TrainOptions& options);

// The rules train_constellation checks its options with, one per kind of quantity, each throwing
// InputError that names the quantity ("the learning rate must be a positive number, got 0"); front
// ends that know which option carried a value call them first and add the option's name.
void throw_if_not_positive(double value, const std::string& quantity);
void throw_if_not_finite(double value, const std::string& quantity);
void throw_if_outside_unit_interval(double value, const std::string& quantity);  // [0, 1)
void throw_if_bad_adapter(const TrainOptions& options);  // the adapter needs a locked U and k = 2

// The initial embeddings of a seed (what train_constellation starts from without init).
loss::Embeddings initial_embeddings(const TrainOptions& options);

// Observation 1: the adapted rows (delta X, +-sqrt(1 - delta^2)); sign +1 for the locked side.
std::vector<double> adapt_rows(const std::vector<double>& X, std::size_t N, std::size_t d, double delta, double sign);

}  // namespace constel::train
