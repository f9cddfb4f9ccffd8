// Building spherical codes (docs/math.md section 3.6) as exact point sets in the scale form of Configuration:
// coordinate j of every point is sqrt(q_j) * r with a rational squared column scale q_j and a rational
// entry r, so inner products are exact rationals. build_code(spec) builds any code of the catalog
// (codes/catalog.hpp) from its spec string ("e8", "rm:2,5", "linear:g.txt", ...) and states the exact
// alpha; binary codes are checked for their minimum distance while they are built (an InternalError if
// a built-in code is wrong, an InputError for a user's code with repeated words).
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "constel/error.hpp"
#include "constel/number/rational.hpp"

namespace constel::codes {

// N unit vectors in R^n: entries N x n row-major, squared column scales q_j.
struct PointSet {
  std::size_t N = 0, n = 0;
  std::vector<Rational> scales;
  std::vector<Rational> entries;
  Rational alpha;            // exact max inner product between distinct points
  std::string spec;          // canonical spec ("golay24")
  std::string description;   // one line: what it is and how it was checked

  const Rational& entry(std::size_t i, std::size_t j) const { return entries[i * n + j]; }
  Rational inner(std::size_t i, std::size_t l) const;  // exact, slow (tests)
};

// Integer vectors of one squared norm in Z^m (rows of length m), before they become a PointSet.
struct IntegerShell {
  std::size_t m = 0;
  long long norm = 0;
  std::vector<long long> v;  // size() * m entries, row-major

  std::size_t size() const { return m ? v.size() / m : 0; }
  const long long* row(std::size_t i) const { return v.data() + i * m; }
  long long dot(std::size_t i, const long long* a) const;  // <row i, a>
};

// Largest N * n a built code may have (LimitError beyond): about 8 million entries.
constexpr std::size_t kMaxCodeEntries = std::size_t{1} << 23;

// Builds the code named by spec (see catalog.hpp for the families and their parameters).
PointSet build_code(const std::string& spec);

// The individual sources (build_code dispatches to these).
PointSet regular_simplex(std::size_t N);    // N points in R^{N-1}, closed-form LDL^T of the Gram matrix
PointSet cross_polytope(std::size_t n);     // +-e_i
PointSet dn_roots(std::size_t n);           // (+-e_i +- e_j)/sqrt(2)
PointSet e8_roots();                        // 240 roots of E8, normalised
PointSet leech_minimal();                   // 196560 minimal vectors of the Leech lattice, normalised
PointSet nr288();                           // Nordstrom-Robinson plus +-e_i
PointSet bw16_minimal();                    // 4320 minimal vectors of Barnes-Wall BW16
PointSet k12_minimal();                     // 756 minimal vectors of Coxeter-Todd K12 (Eisenstein form)
PointSet laminated_minimal(std::size_t n);  // Lambda_n minimal shell, n <= 8 or 16 <= n <= 24 (lattices.cpp)
PointSet e7star_minimal();                  // 56 minimal vectors of E7*

// The integer shells behind e8 (norm 8: (+-2)^2 0^6 and (+-1)^8 with an even number of minus signs)
// and leech (norm 32, the Golay-code form), and the full-rank PointSet of a shell (scales 1/norm).
IntegerShell e8_vectors();
IntegerShell leech_vectors();
PointSet to_point_set(const IntegerShell& s, std::string spec, std::string description, const Rational& alpha);
PointSet coords_file(const std::string& path);  // decimal table, snapped to exact unit vectors

}  // namespace constel::codes
