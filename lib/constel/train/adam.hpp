// Adam (Kingma and Ba) with bias correction, as PyTorch writes it: m = b1 m + (1-b1) g,
// v = b2 v + (1-b2) g^2, p -= lr * (m / (1 - b1^k)) / (sqrt(v / (1 - b2^k)) + eps), k the step (from 1).
#pragma once

#include <cstddef>
#include <vector>

namespace constel::train {

struct AdamSettings {
  double lr = 1e-2, beta1 = 0.9, beta2 = 0.999, eps = 1e-8;
};

class Adam {
 public:
  explicit Adam(std::size_t size = 0) : m_(size, 0.0), v_(size, 0.0) {}
  // One step for n parameters p with gradient g; step is the 1-based step count.
  void update(double* p, const double* g, std::size_t n, std::size_t step, const AdamSettings& s);
  // A mini-batch step (as torch.optim.SparseAdam): only the listed rows of a row-major matrix with `width`
  // columns move, and only their moments are updated; g holds one gradient row per listed row, in order.
  // step is the global 1-based step count (bias correction as in update).
  void update_rows(double* p, const double* g, const std::vector<std::size_t>& rows, std::size_t width,
                   std::size_t step, const AdamSettings& s);

 private:
  std::vector<double> m_, v_;
};

// Rescales every row of the row-major N x d matrix to unit length (a zero row becomes e_0): the
// re-projection onto the sphere after each step.
void normalize_rows(std::vector<double>& X, std::size_t N, std::size_t d);
// The same for the listed rows only.
void normalize_listed_rows(std::vector<double>& X, const std::vector<std::size_t>& rows, std::size_t d);

}  // namespace constel::train
