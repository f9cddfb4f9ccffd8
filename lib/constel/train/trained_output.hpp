// What happens to a trained configuration: it is verified independently of the
// trainer, and written as .npz. Verification treats the stored doubles as the exact binary rationals
// they are (from_double): for N up to exact_verify_limit the exact verifier (verify/exact.hpp) runs on a
// Configuration with unit scales per edge of the graph; beyond it the certified float verifier
// (verify/certified.hpp) does, which is also exact about the stored numbers. The doubles are not exactly
// unit vectors, so the report also gives their largest norm deviation (a float statistic).
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "constel/config/configuration.hpp"
#include "constel/loss/sigmoid_loss.hpp"
#include "constel/number/rational.hpp"
#include "constel/train/trainer.hpp"

namespace constel::train {

inline constexpr std::size_t exact_verify_limit = 2048;

struct VerifiedTraining {
  std::string verifier;            // "exact" or "certified"
  Rational min_diag;               // min over edges and i of <X_a,i, X_c,i>, exact for the stored doubles
  std::optional<Rational> max_off; // max over edges and i != j; none when N = 1
  std::optional<Rational> margin, relative_bias;  // common m*, b*_rel over the edges
  bool constellation = false;      // margin > 0 (or N = 1)
  bool unit_norm_exact = false;    // every stored row has squared norm exactly 1
  double norm_max_deviation = 0;   // max | |x|^2 - 1 | over rows (float statistic)
};

// Verifies the configuration along the graph's edges. Throws InputError for non-finite entries.
VerifiedTraining verify_trained(const loss::Embeddings& e, const loss::SyncGraph& graph);

// The float64 rows sqrt(q_j) r_ij of one modality of a configuration (for a locked U read from .cst).
std::vector<double> configuration_rows(const Configuration& c, std::size_t modality);

// The .npz bytes: the final embeddings "U", "V" (k = 2) or "M0".."M{k-1}", the scalars "t", "b",
// "b_rel" (shape ()), with an adapter also "delta", "U_raw", "V_raw" (the rows before the adapter).
// Stored ZIP members of .npy v1.0 '<f8' arrays (written with io/npz.hpp's encode_zip).
std::string trained_npz_bytes(const TrainResult& r);
void write_trained_npz(const std::string& path, const TrainResult& r);

}  // namespace constel::train
