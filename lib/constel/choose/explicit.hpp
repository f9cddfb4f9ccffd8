// The best explicit construction the toolkit offers for (d, m, b): the largest code of the catalog
// (codes/catalog.hpp) that fits and that `constel generate` can build (at most 2^23 coordinates,
// codes/source.hpp), used either on the line m + b = 1 (U = V = the code, a code in R^d,
// docs/math.md section 3.1) or through the lift of docs/math.md section 3.2 (a code in R^{d-1} with alpha' <= alpha(m,
// b)), with
// the `constel generate` spec and command that builds it (specs such as e8, rm:2,8, ...). For alpha > 0
// the binary linear codes of codes/algebraic.hpp (BCH, Reed-Solomon concatenated, Reed-Muller) compete
// too: they are explicit (a generator matrix and a proved distance, docs/math.md section 3.7) at any size
// up to 2^k points, and `constel generate ... --count K` writes the first K of them.
#pragma once

#include <cstddef>
#include <optional>
#include <string>

#include "constel/error.hpp"
#include "constel/number/rational.hpp"

namespace constel::choose {

struct ExplicitConstruction {
  std::string construction;  // "line" or "lift"
  std::string code_name;     // human name from the catalog ("E8 root shell", codes::code_title)
  std::string code_spec;     // spec for --code ("e8")
  std::size_t code_dimension = 0;  // the code lives in R^code_dimension
  std::size_t dimension = 0;       // the constellation lives in R^dimension (<= d; pad with zeros up to d)
  Integer N;                       // number of pairs
  Rational code_alpha;             // the code's max inner product (a proved bound for linear codes)
  bool written_in_full = true;     // false: a linear code too large to write; the command writes `count`
  std::size_t count = 0;           // --count of the command (0: the whole code)
  std::size_t log2_N = 0;          // linear codes: N = 2^log2_N (0 for the table's codes)
};

// "240", or "2^39" for a linear code (N can have 10^5 digits).
std::string pairs_text(const ExplicitConstruction& c);

// nullopt when nothing fits: infeasible or degenerate (m = 0) region, d < 2, or no code with small
// enough alpha. m and b must satisfy the checks of bounds::throw_if_bad_parameters.
std::optional<ExplicitConstruction> best_explicit_construction(std::size_t d, const Rational& m, const Rational& b);

// `constel generate line --code SPEC -o OUT` or `constel generate lift --code SPEC --m M --b B -o OUT`,
// with M and B as the user typed them, and `--count K` when c.count > 0.
// For a code not written in full: the count a command for `pairs` pairs writes (min(pairs, what fits)).
void set_count(ExplicitConstruction& c, const Integer& pairs);

std::string generate_command(const ExplicitConstruction& c, const std::string& m_text, const std::string& b_text,
                             const std::string& output = "out.cst");

}  // namespace constel::choose
