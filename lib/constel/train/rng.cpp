// Our own uniform and Gaussian draws over mt19937_64 (see rng.hpp).
#include "constel/train/rng.hpp"

#include <cmath>
#include <numbers>
#include <utility>

#include "constel/train/adam.hpp"

namespace constel::train {

double TrainRng::uniform01() {
  // (k + 0.5) / 2^53 with k the top 53 bits: strictly inside (0, 1).
  std::uint64_t k = engine_() >> 11;
  return (static_cast<double>(k) + 0.5) * 0x1p-53;
}

double TrainRng::gaussian() {
  if (has_spare_) {
    has_spare_ = false;
    return spare_;
  }
  double u1 = uniform01(), u2 = uniform01();
  double rad = std::sqrt(-2.0 * std::log(u1));
  double ang = 2.0 * std::numbers::pi * u2;
  spare_ = rad * std::sin(ang);
  has_spare_ = true;
  return rad * std::cos(ang);
}

std::uint64_t TrainRng::below(std::uint64_t n) {
  return static_cast<std::uint64_t>((static_cast<unsigned __int128>(engine_()) * n) >> 64);
}

void TrainRng::sample_distinct(std::vector<std::size_t>& perm, std::size_t B) {
  const std::size_t N = perm.size();
  for (std::size_t i = 0; i < B && i < N; ++i) std::swap(perm[i], perm[i + below(N - i)]);
}

std::vector<double> TrainRng::unit_rows(std::size_t N, std::size_t d) {
  std::vector<double> X(N * d);
  for (auto& x : X) x = gaussian();
  normalize_rows(X, N, d);
  return X;
}

}  // namespace constel::train
