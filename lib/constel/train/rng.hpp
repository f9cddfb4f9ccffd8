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
  std::uint64_t below(std::uint64_t n);  // in [0, n), n >= 1: the top bits of engine() * n (bias < n / 2^64)
  // The first B entries of `perm` (a permutation of 0..N-1, kept between calls) become B distinct
  // uniformly drawn indices: a partial Fisher-Yates shuffle, O(B).
  void sample_distinct(std::vector<std::size_t>& perm, std::size_t B);
  // N rows of d doubles, each a normalised Gaussian (row-major).
  std::vector<double> unit_rows(std::size_t N, std::size_t d);

 private:
  std::mt19937_64 engine_;
  bool has_spare_ = false;
  double spare_ = 0;
};

}  // namespace constel::train
