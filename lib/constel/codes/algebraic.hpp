// Binary linear codes with a PROVED minimum distance, known by their parameters and generator matrix
// without writing their codewords (docs/math.md section 3.7): the point set of such a code (the
// antipodal map of section 3.6, alpha <= 1 - 2D/n) is an explicit construction even when it has 10^100
// points, and `constel generate ... --count K` writes its first K codewords.
//
// Families (spec after --code):
//   bch:m,delta[,k]      narrow-sense primitive BCH, length 2^m - 1 (3 <= m <= 16), D = Bose distance
//                        >= delta (BCH bound); with k: shortened to dimension k (length n - (k_full - k))
//   ebch:m,delta[,k]     the same with an overall parity bit: length + 1, D + 1 when D is odd
//   rs-simplex:mu,K[,L]  Reed-Solomon [L, K, L - K + 1] over GF(2^mu) (2 <= mu <= 16, K <= L <= 2^mu - 1,
//                        evaluation at alpha^0 .. alpha^(L-1)) with each symbol mapped by the simplex code
//                        [2^mu - 1, mu, 2^(mu-1)]: [L (2^mu - 1), mu K, (L - K + 1) 2^(mu-1)]
//   rs-rm1:mu,K[,L]      the same with inner code RM(1, mu - 1) [2^(mu-1), mu, 2^(mu-2)] (3 <= mu <= 16)
//   rm:r,mu              Reed-Muller RM(r, mu) [2^mu, sum_{i<=r} C(mu, i), 2^(mu-r)] (also in catalog.hpp;
//                        here for its generator rows)
// Codeword number j (0 <= j < 2^k) is the XOR of the generator rows i for the bits i of j (bit 0 first):
// rows x^i g(x) for BCH (ebch: plus the parity bit), the message bit i = bit (i mod mu) of the coefficient
// of x^(i div mu) of the Reed-Solomon message polynomial, the monomials of degree 0, 1, ..., r in
// lexicographic order for Reed-Muller. The first K codewords lie in the span of the first ceil(log2 K)
// rows, whose minimum weight is checked against D when they are built.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "constel/codes/binary.hpp"
#include "constel/codes/catalog.hpp"
#include "constel/codes/source.hpp"
#include "constel/error.hpp"
#include "constel/number/rational.hpp"

namespace constel::codes {

struct AlgebraicCode {
  std::string spec;                 // canonical: "bch:6,9", "bch:6,9,34", "rs-simplex:8,20", "rm:2,10"
  std::string family;               // "bch", "ebch", "rs-simplex", "rs-rm1", "rm"
  std::string name;                 // "BCH [63, 39, >= 9]"
  std::size_t n = 0, k = 0, D = 0;  // length, dimension, proved lower bound on the minimum distance
  std::vector<std::size_t> params;  // bch/ebch {m, D, k}, rs-* {mu, K, L}, rm {r, mu}

  Rational alpha() const { return 1 - Rational(Integer(2 * D), Integer(n)); }  // bound on the max inner product
  Integer size() const { return Integer(1) << static_cast<unsigned>(k); }      // 2^k codewords
};

// True for bch, ebch, rs-simplex, rs-rm1 (the families that only this file builds).
bool is_algebraic_spec(const std::string& spec);

// Parameters of a bch, ebch, rs-simplex, rs-rm1 or rm spec (InputError naming the spec otherwise).
AlgebraicCode algebraic_code_info(const std::string& spec);

// For `constel generate --list`.
const std::vector<CodeFamily>& algebraic_families();

// The first `count` codewords (1 <= count <= 2^k, count * n <= kMaxCodeEntries; InputError / LimitError),
// as a point set with alpha = 1 - 2D/n. InternalError if the span of the rows used has a nonzero word of
// weight below D.
PointSet algebraic_point_set(const AlgebraicCode& code, std::size_t count);

// build_code for these families: all 2^k codewords when count is absent (LimitError beyond
// kMaxCodeEntries coordinates, naming the largest count that fits).
PointSet build_algebraic_code(const std::string& spec, std::optional<std::size_t> count);

// The first `count` points of any catalog code (the algebraic families build only those; the others
// are built and truncated: a subset of an alpha-code is an alpha-code).
PointSet build_code_prefix(const std::string& spec, std::optional<std::size_t> count);

// The largest count of codewords of length n that constel generate writes (kMaxCodeEntries / n).
std::size_t writable_count(std::size_t n);

// Search over the families for codes with 1 - 2D/n <= alpha (alpha > 0; none otherwise): for each BCH
// code its best shortening, for Reed-Solomon the longest outer code and the largest K, Reed-Muller as is.
class AlgebraicSearch {
 public:
  explicit AlgebraicSearch(const Rational& alpha);
  // The code of largest dimension k with length <= n_max (ties: the shorter), or nullopt.
  std::optional<AlgebraicCode> best(std::size_t n_max) const;

 private:
  Integer num_, den_;  // w = (1 - alpha) / 2 = num_ / den_: a code fits when D / n >= w
  bool any_ = false;
  std::vector<std::size_t> bch_limit_, ebch_limit_;  // floor(D / w) for each BCH stage and its extension
};

}  // namespace constel::codes
