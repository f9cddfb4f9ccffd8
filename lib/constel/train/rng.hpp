// Deterministic random numbers for training: std::mt19937_64 (its output sequence is fixed by the C++
// standard) with our own uniform and Box-Muller Gaussian, so a seed gives the same embeddings on every
// standard library. Random unit vectors are normalised Gaussians (uniform on the sphere, docs/math.md section 8).
#pragma once

#include <cstddef>
#include <cstdint>
#include <random>
#include <vector>

namespace constel::train {

class TrainRng {
 public:
  explicit TrainRng(std::uint64_t seed) : engine_(seed) {}
  double uniform01();  // in (0, 1): 53 random bits, never 0
  double gaussian();   // Box-Muller, the second value cached
  // N rows of d doubles, each a normalised Gaussian (row-major).
  std::vector<double> unit_rows(std::size_t N, std::size_t d);

 private:
  std::mt19937_64 engine_;
  bool has_spare_ = false;
  double spare_ = 0;
};

}  // namespace constel::train
