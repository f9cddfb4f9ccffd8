// The exact verifier (docs/math.md section 1): for a Configuration, the exact min_diag = min_i <U_i,V_i>, the exact
// max_offdiag = max_{i!=j} <U_i,V_j>, their witnesses, the best margin m* and relative bias b*_rel, the
// unit-norm check, and with a target (m, b) the exact counts of violating pairs. With k > 2 modalities
// every unordered pair of modalities is checked and the common (m*, b*) is the worst over pairs.
//
// Exact does not mean slow: entries are brought to integers (one common denominator per coordinate, the
// squared scales folded into integer weights), and when the integer products provably fit in 53 bits
// the products run as double matrix products, which are then exact; otherwise int128 accumulation, and
// GMP where even that could overflow. Memory is O(N d) plus tiles, never N^2.
//
// This file must not include anything from codes/ or construct/: the checker shares no code with what it
// checks.
#pragma once

#include <cstddef>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "constel/config/configuration.hpp"

namespace constel {

// Which arithmetic runs the products. Auto picks the fastest exact one; the others force a path (tests
// use them to keep every path exercised). Forcing a path that cannot be exact throws LimitError.
enum class ExactArithmetic { Auto, Double, Int128, Gmp };
std::string to_string(ExactArithmetic a);

struct ExactVerifyOptions {
  std::optional<Rational> m;  // with b: check the (m, b)-constellation property and count violations
  std::optional<Rational> b;
  ExactArithmetic arithmetic = ExactArithmetic::Auto;
  unsigned threads = 0;  // 0: all hardware threads
  // Asked at every tile boundary; when it answers true the run stops and throws Cancelled.
  std::function<bool()> stop;
  std::function<void(std::size_t, std::size_t)> progress;  // (tiles done, tiles of the part), any thread
};

// The extremes of one pair of modalities (a, c) with a < c: U = modality a, V = modality c.
struct PairExtremes {
  std::size_t a = 0, c = 1;
  Rational min_diag;                         // min_i <U_i, V_i>
  std::size_t argmin_diag = 0;               // smallest such i
  std::optional<Rational> max_offdiag;       // max_{i != j} <U_i, V_j>; none when N = 1
  std::size_t argmax_i = 0, argmax_j = 0;    // lexicographically smallest (i, j) attaining it
  std::size_t violations_pos = 0;            // with (m, b): #{i : <U_i,V_i> < b + m}
  std::size_t violations_neg = 0;            // with (m, b): #{i != j : <U_i,V_j> > b - m}
};

struct NormDefect {
  std::size_t modality = 0, row = 0;
  Rational norm2;  // the exact squared norm (not 1)
};

struct ExactReport {
  std::size_t N = 0, d = 0, k = 0;
  std::string arithmetic;                 // the path that ran: "double", "int128" or "gmp"
  bool unit_norm = true;                  // every row has squared norm exactly 1
  std::size_t non_unit_rows = 0;          // how many rows do not
  std::vector<NormDefect> norm_defects;   // the first few (at most 20), in (modality, row) order
  std::vector<PairExtremes> pairs;        // one per unordered pair of modalities, (0,1), (0,2), ...
  // Worst over all pairs (for k = 2 the same as pairs[0]); the witness pair index is worst_diag_pair.
  Rational min_diag;
  std::size_t worst_diag_pair = 0;
  std::optional<Rational> max_offdiag;
  std::size_t worst_offdiag_pair = 0;
  std::optional<Rational> margin;         // m* = (min_diag - max_offdiag)/2; none when N = 1
  std::optional<Rational> relative_bias;  // b*_rel = (min_diag + max_offdiag)/2; none when N = 1
  bool zero_loss_infimum = false;         // inf of the sigmoid loss is 0: m* > 0 (or N = 1)
  // With a target (m, b):
  std::optional<bool> is_constellation;
  std::size_t violations_pos = 0, violations_neg = 0;  // summed over pairs of modalities
  // With a claim in the configuration: whether the claimed (m, b) holds (non-strict).
  std::optional<bool> claim_holds;
};

// Verifies exactly: exact_prepare, exact_process of every tile, exact_finish (exact_parts.hpp). Throws
// InputError for a malformed configuration (shape), LimitError when a forced arithmetic cannot be
// exact, Cancelled when options.stop asks to stop.
ExactReport exact_verify(const Configuration& config, const ExactVerifyOptions& options = {});

// Whether (m, b) is valid for extremes: b + m <= min_diag and b - m >= max_offdiag (docs/math.md section 1).
bool exact_pair_valid(const Rational& m, const Rational& b, const Rational& min_diag,
                      const std::optional<Rational>& max_offdiag);

}  // namespace constel
