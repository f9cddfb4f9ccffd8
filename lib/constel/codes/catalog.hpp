// The catalog of spherical codes the toolkit can build (docs/math.md section 3.6), known WITHOUT building them: each
// family's spec string (as typed after --code), its dimension n, size N and exact max inner product
// alpha, as exact values for given parameters. It is the one table of code facts: `constel generate`
// validates specs with it, and bounds/ (explicit lower bounds, docs/math.md section 3.2 / 4: an
// alpha'-code in R^{d-1} with alpha' <= alpha(m, b) lifts to d), choose/ (the construction to write out)
// and tables/ all take their explicit codes from explicit_codes below. It is a leaf: it includes only
// error.hpp and number/, and builds nothing (codes/source.hpp builds; test 1200 builds every family's
// small instances and compares them with this table), so bounds/ may include it and nothing else of codes/.
//
// Interface (everything throws InputError on a malformed spec or a parameter out of range):
//   code_families()               every family, with its parameters and formulas (for --list and docs)
//   code_info("golay24")          {spec, family, n = 24, N = 4096, alpha = 1/3}
//   code_info("rm:2,5")           {n = 32, N = 2^16, alpha = 1/2, title "Reed-Muller RM(2,5)"}
//   code_info("linear:g.txt")     throws InputError: file codes are known only once built (codes/source.hpp)
//   explicit_codes(n, alpha)      for each non-file family, its best instance fitting R^{n'}, n' <= n,
//                                 with alpha' <= alpha (none for families that cannot)
//   explicit_codes(n, alpha, E)   the same among instances with N * n' <= E coordinates (what a builder
//                                 can write out: choose/ passes codes/source.hpp's kMaxCodeEntries)
//   best_explicit_code(n, alpha)  the instance of largest N among those (ties: the smaller dimension,
//                                 then the first in family order);
//                                 nullopt when nothing fits (alpha < -1, or n = 0)
// Example: best_explicit_code(24, 1/2) is leech (196560); best_explicit_code(16, 1/4) is nr288;
// best_explicit_code(10, -1/20) is simplex:11.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "constel/error.hpp"
#include "constel/number/rational.hpp"

namespace constel::codes {

// One family as listed by `constel generate --list`.
struct CodeFamily {
  std::string name;          // "simplex", "rm", "golay24", "linear", ...
  std::string usage;         // "simplex:N"
  std::string params;        // "N >= 2"
  std::string n_formula;     // "N - 1"
  std::string N_formula;     // "N"
  std::string alpha_formula; // "-1/(N-1)"
  std::string description;
  bool from_file = false;    // linear:FILE, words:FILE, coords:FILE
};

const std::vector<CodeFamily>& code_families();

// One instance: exact n, N, alpha.
struct CodeInfo {
  std::string spec;    // canonical spec, e.g. "rm:2,5"
  std::string family;  // "rm"
  std::size_t n = 0;   // dimension (points lie in R^n)
  Integer N;           // number of points
  Rational alpha;      // exact max inner product between distinct points
  std::string title;   // human name of the instance ("Reed-Muller RM(2,5)", "D_7 root shell"); may be empty
};

// The title of c, or its family's description when the instance has none.
std::string code_title(const CodeInfo& c);

// The family name and its parameter text of a spec ("rm:2,5" -> {"rm", "2,5"}); throws InputError for
// an unknown family (the message lists the known ones).
std::pair<std::string, std::string> split_code_spec(const std::string& spec);

// Exact n, N, alpha of a non-file spec, without building it.
CodeInfo code_info(const std::string& spec);

// The best instance of each non-file family in dimension <= n with alpha' <= alpha, and, when
// max_entries is given, with N * n' <= *max_entries.
std::vector<CodeInfo> explicit_codes(std::size_t n, const Rational& alpha,
                                     const std::optional<Integer>& max_entries = std::nullopt);

// The largest of explicit_codes(n, alpha, max_entries), or nullopt.
std::optional<CodeInfo> best_explicit_code(std::size_t n, const Rational& alpha,
                                           const std::optional<Integer>& max_entries = std::nullopt);

}  // namespace constel::codes
