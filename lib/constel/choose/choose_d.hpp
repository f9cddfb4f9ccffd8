// Choosing the dimension for a dataset, and the margin a dimension allows (`constel choose-d`).
// For N pairs at (m, b) (docs/math.md section 4):
//   d_necessary  = the smallest d whose certified upper bound on N_MRB(d, m, b) is >= N: at d_necessary - 1
//                  the upper bound is below N, so (N_MRB being monotone in d) no smaller d can work;
//   d_sufficient = the smallest d whose lower bound (Chabauty-Shannon-Wyner or an explicit code, lifted)
//                  is >= N: a constellation exists there and in every larger d;
//   d_explicit   = the smallest d where the toolkit's explicit codes (explicit.hpp) give N pairs.
// Each is found by exponential then binary search over d in [2, max_dimension]; the search itself assumes
// nothing about monotonicity of the computed bounds: what is reported (the bound at d and at d - 1) is
// what was computed. The margin mode (margin_for) does the same over m = j / resolution for fixed d, N:
// N_MRB(d, m, b) is non-increasing in m at fixed b, and max over b of N_MRB(d, m, b) is reached on the
// line b = 1 - m (alpha(m, b) increases with b; on the line N_MRB = N_SC(d, 1 - 2m), docs/math.md sections 3.1, 4).
#pragma once

#include <cstddef>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "constel/bounds/mrb_bounds.hpp"
#include "constel/choose/explicit.hpp"
#include "constel/error.hpp"

namespace constel::choose {

// mrb_bounds at one point in two stages. The Delsarte LP is the costly part (about a second a
// dimension), with the three-point SDP when options.sdp asks for it (seconds to minutes), and both only
// lower the upper bound: the bounds without them have the same lower bound and an upper bound at least
// the full one's. So a search asks the cheap stage first and runs the LP and SDP only where the cheap
// upper bound does not already fall below N; what is printed is the full result.
class StagedBounds {
 public:
  StagedBounds(std::size_t d, Rational m, Rational b, const bounds::MrbOptions& options)
      : d_(d), m_(std::move(m)), b_(std::move(b)), options_(options) {}
  const bounds::MrbBounds& full();
  // the lower bound of full(), from the stage without the LP when full() was not needed
  const bounds::SizeBound& lower();
  // bound_reaches(full().upper, N, true), running the LP only when the stage without it does not decide
  bool upper_reaches(const Integer& N);

 private:
  const bounds::MrbBounds& without_lp();
  bool costly_at_d() const;
  std::size_t d_;
  Rational m_, b_;
  bounds::MrbOptions options_;
  std::optional<bounds::MrbBounds> without_lp_, full_;
};

// Evaluates and caches mrb_bounds over d for one (m, b), in the two stages of StagedBounds.
class BoundCache {
 public:
  BoundCache(Rational m, Rational b, bounds::MrbOptions options) : m_(std::move(m)), b_(std::move(b)), options_(options) {}
  const bounds::MrbBounds& at(std::size_t d) { return staged(d).full(); }
  const bounds::SizeBound& lower_at(std::size_t d) { return staged(d).lower(); }
  bool upper_reaches(std::size_t d, const Integer& N) { return staged(d).upper_reaches(N); }
  const Rational& m() const { return m_; }
  const Rational& b() const { return b_; }

 private:
  StagedBounds& staged(std::size_t d);
  Rational m_, b_;
  bounds::MrbOptions options_;
  std::map<std::size_t, StagedBounds> cache_;
};

// bound >= N, decided exactly when the bound's integer is known; otherwise by log10 with a 1e-9 guard
// band, on the safe side: `upper_side` true treats a tie as "not ruled out", false as "not guaranteed".
bool bound_reaches(const bounds::SizeBound& bound, const Integer& N, bool upper_side);

// Parses N: an integer >= 1 given exactly ("1e10", "10000000000"); InputError otherwise.
Integer parse_pair_count(const std::string& option, const std::string& text);

struct DimensionAnswer {
  std::optional<std::size_t> d;       // absent: no d <= max_dimension works (or none at all)
  std::string method;                 // the bound's method at d
  std::optional<bounds::SizeBound> at_d, below_d;  // the bound at d and at d - 1 (absent when d = 2)
  std::string note;
};

struct ExplicitAnswer {
  std::optional<std::size_t> d;
  std::optional<ExplicitConstruction> construction;
  std::string command;
  std::string note;
};

struct ChooseDResult {
  Integer N;
  DimensionAnswer necessary, sufficient;
  ExplicitAnswer explicit_code;
};

struct ChooseDOptions {
  std::size_t max_dimension = 1000000;  // the bounds take d <= 10^6
  bounds::MrbOptions bounds;
};

// Throws InputError for m <= 0 (m = 0 is degenerate: any N in any d), an infeasible (m, b), or N < 1.
void throw_if_bad_target(const Rational& m, const Rational& b);

ChooseDResult choose_d(BoundCache& cache, const Integer& N, const std::string& m_text, const std::string& b_text,
                       std::size_t max_dimension);

struct MarginAnswer {
  Rational m;                   // the largest grid margin that satisfies the condition (0 if only m = 0)
  std::optional<Rational> b;    // the bias used at that m (b = 1 - m on the line)
  std::string method;
  std::optional<bounds::SizeBound> bound;  // the bound at that m
  std::string command;          // explicit only
};

struct MarginResult {
  Integer N;
  std::size_t d = 0;
  Rational resolution;
  bool on_line = false;         // no b given: the best b, which is on the line m + b = 1
  MarginAnswer upper, lower, explicit_code;
};

// The grid steps margin_for takes: 0 < resolution <= 1/10 (InputError naming the quantity otherwise).
void throw_if_bad_resolution(const Rational& resolution);

// Margins on the grid m = j * resolution, 0 <= j * resolution <= m_max (1 - b, or 1 on the line).
MarginResult margin_for(std::size_t d, const Integer& N, const std::optional<Rational>& b, const Rational& resolution,
                        const bounds::MrbOptions& options);

}  // namespace constel::choose
