// The loss of the row-normalised embeddings and its exact gradient with respect to the unnormalised rows
// (docs/math.md section 8): the authors' loss normalises every row itself (F.normalize before the
// logits), so the gradient that reaches the optimiser is the gradient of L(X / |X|), which for a row x
// with unit row u = x / |x| and gradient g of L at u is (I - u u^T) g / |x|: no component along the row.
// The trainer's default (`--rows normalized-in-loss`) uses it; the plain gradient of L at X followed by
// re-projection (`--rows projected`) does not.
//
// Example:
//   Embeddings unit;  std::vector<std::vector<double>> norms;
//   normalize_embeddings(raw, unit, norms);
//   LossResult r = sigmoid_loss(unit, graph, p, LossNorm::Mean, true);
//   gradient_through_normalisation(unit, norms, r.grad);  // now d L(X/|X|) / dX
#pragma once

#include <vector>

#include "constel/error.hpp"
#include "constel/loss/sigmoid_loss.hpp"

namespace constel::loss {

// unit = the rows of raw divided by their Euclidean norms (norms[a][i] = |row i of modality a|).
// Throws InputError naming the row when a row is zero or not finite.
void normalize_embeddings(const Embeddings& raw, Embeddings& unit, std::vector<std::vector<double>>& norms);

// In place: grad[a] (the gradient of L at the unit rows) becomes the gradient of L(X / |X|) at the raw
// rows, row by row (I - u u^T) g / |x|. Modalities whose grad is empty are skipped.
void gradient_through_normalisation(const Embeddings& unit, const std::vector<std::vector<double>>& norms,
                                    std::vector<std::vector<double>>& grad);

// The loss of raw / |raw| in double and, when want_grad, its gradient with respect to raw (same contract
// as sigmoid_loss otherwise).
LossResult normalized_sigmoid_loss(const Embeddings& raw, const SyncGraph& graph, const LogitParams& p, LossNorm norm,
                                   bool want_grad, bool want_loss = true, LossWorkspace* ws = nullptr);

}  // namespace constel::loss
