// Internal to train/: the loss and gradients of one training step, as the trainer's options ask for
// them (docs/math.md section 8). It hides four choices from the trainer's loop:
//   - rows: NormalizedInLoss (the authors' semantics: the loss of X / |X|, its exact gradient through the
//     normalisation, loss/normalized.hpp) or Projected (the plain gradient of L at X);
//   - the adapter (Observation 1): with normalised rows it is built explicitly as the authors do, rows
//     (delta X, +-sqrt(1 - delta^2)) in R^(d+1), normalised inside the loss, and the gradient is carried
//     back to X and to x (delta = sigmoid(x)) by the chain rule; projected, it is the affine map
//     alpha <U,V> + beta of the inner products (sigmoid_loss.hpp);
//   - the step precision (float32 or float64 loss and gradients; loss/sigmoid_loss_f32.hpp);
//   - the rows it sees: all N, or the gathered rows of a mini-batch (the caller gathers them).
#pragma once

#include <vector>

#include "constel/loss/sigmoid_loss.hpp"
#include "constel/loss/sigmoid_loss_f32.hpp"
#include "constel/train/trainer.hpp"

namespace constel::train {

class StepLoss {
 public:
  // The stop hook of the options is also asked between the row tiles of a float32 step (a large step
  // takes longer than a stop may wait); a stop there throws Cancelled.
  StepLoss(const TrainOptions& options, const loss::SyncGraph& graph) : o_(options), graph_(graph) {
    ws32_.stop = options.hooks.stop;
  }

  // Loss (when want_loss) and gradients at the rows `x` (N or B rows; the trained rows, before any
  // adapter) with logit parameters p (t, b; with a projected adapter also alpha, beta). r.grad is the
  // gradient with respect to x; *d_x (with an adapter) receives dL/dx of the adapter's x = logit(delta).
  loss::LossResult evaluate(const loss::Embeddings& x, loss::LogitParams p, double delta, bool want_loss,
                            double* d_x);

 private:
  loss::LossResult plain(const loss::Embeddings& e, const loss::LogitParams& p, bool want_loss);
  loss::LossResult adapted_normalized(const loss::Embeddings& x, loss::LogitParams p, double delta, bool want_loss,
                                      double* d_x);

  const TrainOptions& o_;
  const loss::SyncGraph& graph_;
  loss::LossWorkspace ws_;
  loss::LossWorkspaceF32 ws32_;
  loss::Embeddings unit_, ext_;
  std::vector<std::vector<double>> norms_;
};

}  // namespace constel::train
