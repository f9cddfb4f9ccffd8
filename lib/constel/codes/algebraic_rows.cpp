// The generator rows of the algebraic codes and their first K codewords (see algebraic.hpp): only the
// first ceil(log2 K) rows are formed, their span is enumerated in Gray-code order, its minimum nonzero
// weight is checked against the proved distance D, and codewords 0 .. K-1 are kept.
#include <bit>
#include <string>

#include "constel/codes/algebraic.hpp"
#include "constel/codes/bch.hpp"
#include "constel/codes/gf2m.hpp"

namespace constel::codes {
namespace {

using Row = std::vector<std::uint64_t>;

void set(Row& r, std::size_t i) { r[i / 64] |= std::uint64_t(1) << (i % 64); }

std::vector<Row> bch_rows(const AlgebraicCode& c, std::size_t count, std::size_t stride) {
  auto g = bch_generator(static_cast<unsigned>(c.params[0]), c.params[1]);
  bool ext = c.family == "ebch";
  std::size_t weight = 0;
  for (auto b : g) weight += b;
  std::vector<Row> rows(count, Row(stride, 0));
  for (std::size_t i = 0; i < count; ++i) {
    for (std::size_t t = 0; t < g.size(); ++t)
      if (g[t]) set(rows[i], i + t);
    if (ext && weight % 2 == 1) set(rows[i], c.n - 1);  // overall parity of x^i g(x)
  }
  return rows;
}

std::vector<Row> rs_rows(const AlgebraicCode& c, std::size_t count, std::size_t stride) {
  const unsigned mu = static_cast<unsigned>(c.params[0]);
  const std::size_t L = c.params[2];
  const bool simplex = c.family == "rs-simplex";
  const std::uint32_t q = (std::uint32_t(1) << mu) - 1;
  const std::size_t inner_n = simplex ? q : (q + 1) / 2;
  GF2m F(mu);
  std::vector<Row> rows(count, Row(stride, 0));
  for (std::size_t i = 0; i < count; ++i) {
    const std::uint64_t t = i / mu;
    const std::uint32_t coefficient = std::uint32_t(1) << (i % mu);
    for (std::size_t p = 0; p < L; ++p) {
      std::uint32_t sym = F.mul(coefficient, F.alpha_pow(p * t));  // f(alpha^p) for f = coefficient x^t
      for (std::size_t x = 0; x < inner_n; ++x) {
        bool bit = simplex ? std::popcount(sym & std::uint32_t(x + 1)) % 2 == 1
                           : ((sym & 1u) ^ (std::popcount((sym >> 1) & std::uint32_t(x)) % 2)) == 1;
        if (bit) set(rows[i], p * inner_n + x);
      }
    }
  }
  return rows;
}

std::vector<Row> rm_rows(const AlgebraicCode& c, std::size_t count, std::size_t stride) {
  const std::size_t r = c.params[0], mu = c.params[1];
  std::vector<Row> rows;
  for (std::size_t deg = 0; deg <= r && rows.size() < count; ++deg) {
    std::vector<std::size_t> S(deg);  // the monomial x_S, subsets of size deg in lexicographic order
    for (std::size_t i = 0; i < deg; ++i) S[i] = i;
    for (;;) {
      std::uint32_t mask = 0;
      for (auto s : S) mask |= std::uint32_t(1) << s;
      Row row(stride, 0);
      for (std::size_t x = 0; x < c.n; ++x)
        if ((std::uint32_t(x) & mask) == mask) set(row, x);
      rows.push_back(std::move(row));
      if (rows.size() == count) break;
      std::size_t i = deg;
      while (i > 0 && S[i - 1] == mu - deg + i - 1) --i;
      if (i == 0) break;
      ++S[i - 1];
      for (std::size_t j = i; j < deg; ++j) S[j] = S[j - 1] + 1;
    }
  }
  return rows;
}

}  // namespace

PointSet algebraic_point_set(const AlgebraicCode& c, std::size_t count) {
  if (count < 1 || (c.k < 64 && count > (std::uint64_t(1) << c.k)))
    throw InputError("code '" + c.spec + "' has 2^" + std::to_string(c.k) + " codewords; the count must be in [1, 2^" +
                     std::to_string(c.k) + "], got " + std::to_string(count));
  if (count > writable_count(c.n))
    throw LimitError("code '" + c.spec + "': " + std::to_string(count) + " codewords of length " + std::to_string(c.n) +
                     " exceed the 2^23 coordinates a built code may have (at most " +
                     std::to_string(writable_count(c.n)) + " codewords)");
  std::size_t r = 0;
  while ((std::size_t(1) << r) < count) ++r;
  const std::size_t stride = (c.n + 63) / 64;
  std::vector<Row> rows = c.family == "rm"                          ? rm_rows(c, r, stride)
                          : c.family == "bch" || c.family == "ebch" ? bch_rows(c, r, stride)
                                                                    : rs_rows(c, r, stride);
  BinaryCode span;
  span.n = c.n;
  span.M = std::size_t(1) << r;
  span.stride = stride;
  span.words.assign(span.M * stride, 0);
  std::size_t min_weight = c.n + 1;
  for (std::size_t j = 1; j < span.M; ++j) {
    std::size_t parent = j & (j - 1), row = static_cast<std::size_t>(std::countr_zero(j));
    for (std::size_t w = 0; w < stride; ++w)
      span.words[j * stride + w] = span.words[parent * stride + w] ^ rows[row][w];
    min_weight = std::min(min_weight, span.weight(j));
  }
  if (span.M > 1 && min_weight < c.D)
    throw InternalError("code '" + c.spec + "': a combination of its first " + std::to_string(r) +
                        " generator rows has weight " + std::to_string(min_weight) + " < the proved distance " +
                        std::to_string(c.D));
  span.M = count;
  span.words.resize(count * stride);
  std::string what = c.name + ", codewords 0.." + std::to_string(count - 1) + " of 2^" + std::to_string(c.k) +
                     (span.M > 1 ? ", their span's minimum weight " + std::to_string(min_weight) +
                                       " >= " + std::to_string(c.D) + " checked"
                                 : "");
  return binary_point_set(span, c.D, c.spec, what);
}

PointSet build_algebraic_code(const std::string& spec, std::optional<std::size_t> count) {
  AlgebraicCode c = algebraic_code_info(spec);
  if (!count) {
    if (c.k >= 64 || (std::uint64_t(1) << c.k) > writable_count(c.n))
      throw LimitError("code '" + c.spec + "' has 2^" + std::to_string(c.k) + " codewords of length " +
                       std::to_string(c.n) +
                       ", more than the 2^23 coordinates a built code may have: write only its first K codewords "
                       "(a count K <= " +
                       std::to_string(writable_count(c.n)) + ")");
    count = std::size_t(1) << c.k;
  }
  return algebraic_point_set(c, *count);
}

PointSet build_code_prefix(const std::string& spec, std::optional<std::size_t> count) {
  const std::string family = spec.substr(0, spec.find(':'));
  if (is_algebraic_spec(spec) || (family == "rm" && count)) return build_algebraic_code(spec, count);
  PointSet p = build_code(spec);
  if (!count) return p;
  if (*count < 1 || *count > p.N)
    throw InputError("code '" + spec + "' has " + std::to_string(p.N) + " points; the count must be in [1, " +
                     std::to_string(p.N) + "], got " + std::to_string(*count));
  p.N = *count;
  p.entries.resize(p.N * p.n);
  p.description += ", its first " + std::to_string(p.N) + " points";
  return p;
}

}  // namespace constel::codes
