// Binary codes and their antipodal point sets (see binary.hpp; docs/math.md section 3.6). The Golay code is the
// cyclic code with generator polynomial 1 + x^2 + x^4 + x^5 + x^6 + x^10 + x^11, extended by a parity
// bit; Nordstrom-Robinson is cut out of the extended Golay code along an octad (the 8 prefixes 0^8 and
// e_0 + e_j on the octad, 32 words each, octad coordinates deleted). Every code's minimum distance is
// recomputed when it is built.
#include "constel/codes/binary.hpp"

#include <algorithm>
#include <bit>
#include <fstream>
#include <map>

#include "constel/error.hpp"

namespace constel::codes {
namespace {

BinaryCode empty_code(std::size_t n, std::size_t M) {
  BinaryCode c;
  c.n = n;
  c.M = M;
  c.stride = (n + 63) / 64;
  c.words.assign(M * c.stride, 0);
  return c;
}

void set_bit(BinaryCode& c, std::size_t w, std::size_t i) { c.words[w * c.stride + i / 64] |= std::uint64_t{1} << (i % 64); }

}  // namespace

std::size_t BinaryCode::distance(std::size_t a, std::size_t b) const {
  std::size_t d = 0;
  for (std::size_t s = 0; s < stride; ++s) d += std::popcount(words[a * stride + s] ^ words[b * stride + s]);
  return d;
}

std::size_t BinaryCode::weight(std::size_t a) const {
  std::size_t d = 0;
  for (std::size_t s = 0; s < stride; ++s) d += std::popcount(words[a * stride + s]);
  return d;
}

BinaryCode linear_code(const BitRows& generator, std::size_t n) {
  std::size_t k = generator.size();
  if (k == 0) throw InputError("generator matrix has no rows");
  if (k > 22) throw LimitError("generator matrix has " + std::to_string(k) + " rows: at most 22 (4 million codewords)");
  if ((std::size_t{1} << k) * n > kMaxCodeEntries)
    throw LimitError("code of 2^" + std::to_string(k) + " words of length " + std::to_string(n) +
                     " is too large (at most 2^23 coordinates in all)");
  BinaryCode g = empty_code(n, k);
  for (std::size_t r = 0; r < k; ++r)
    for (std::size_t i = 0; i < n; ++i)
      if (generator[r][i]) set_bit(g, r, i);
  // Rank over GF(2) by elimination on a copy.
  std::vector<std::vector<std::uint64_t>> rows(k);
  for (std::size_t r = 0; r < k; ++r) rows[r].assign(g.words.begin() + r * g.stride, g.words.begin() + (r + 1) * g.stride);
  std::size_t rank = 0;
  for (std::size_t col = 0; col < n && rank < k; ++col) {
    std::size_t piv = rank;
    while (piv < k && !((rows[piv][col / 64] >> (col % 64)) & 1u)) ++piv;
    if (piv == k) continue;
    std::swap(rows[piv], rows[rank]);
    for (std::size_t r = 0; r < k; ++r)
      if (r != rank && ((rows[r][col / 64] >> (col % 64)) & 1u))
        for (std::size_t s = 0; s < g.stride; ++s) rows[r][s] ^= rows[rank][s];
    ++rank;
  }
  if (rank < k)
    throw InputError("generator matrix rows are linearly dependent over GF(2): rank " + std::to_string(rank) + " < " +
                     std::to_string(k) + " rows (codewords would repeat)");
  BinaryCode c = empty_code(n, std::size_t{1} << k);
  for (std::size_t w = 1; w < c.M; ++w) {  // Gray code: word w = word w-1 xor one generator row
    std::size_t r = std::countr_zero(w);
    for (std::size_t s = 0; s < c.stride; ++s) c.words[w * c.stride + s] = c.words[(w - 1) * c.stride + s] ^ g.words[r * g.stride + s];
  }
  return c;
}

BinaryCode code_from_words(const BitRows& words, std::size_t n) {
  if (words.size() * n > kMaxCodeEntries) throw LimitError("code is too large (at most 2^23 coordinates in all)");
  BinaryCode c = empty_code(n, words.size());
  for (std::size_t w = 0; w < words.size(); ++w)
    for (std::size_t i = 0; i < n; ++i)
      if (words[w][i]) set_bit(c, w, i);
  std::map<std::vector<std::uint64_t>, std::size_t> seen;
  for (std::size_t w = 0; w < c.M; ++w) {
    std::vector<std::uint64_t> key(c.words.begin() + w * c.stride, c.words.begin() + (w + 1) * c.stride);
    auto [it, fresh] = seen.emplace(key, w);
    if (!fresh)
      throw InputError("codewords " + std::to_string(it->second) + " and " + std::to_string(w) + " are equal (rows counted from 0)");
  }
  return c;
}

std::size_t linear_minimum_distance(const BinaryCode& c) {
  std::size_t d = c.n + 1;
  for (std::size_t w = 0; w < c.M; ++w) {
    std::size_t wt = c.weight(w);
    if (wt > 0) d = std::min(d, wt);
  }
  return d;
}

std::size_t minimum_distance(const BinaryCode& c) {
  if (c.M > 50000) throw LimitError("minimum distance of " + std::to_string(c.M) + " words: at most 50000 (all pairs)");
  std::size_t d = c.n + 1;
  for (std::size_t a = 0; a < c.M; ++a)
    for (std::size_t b = a + 1; b < c.M; ++b) d = std::min(d, c.distance(a, b));
  return d;
}

BitRows read_bit_rows(const std::string& path, std::size_t& n) {
  std::ifstream in(path);
  if (!in) throw InputError(path + ": cannot open file");
  BitRows rows;
  std::string line;
  n = 0;
  for (std::size_t lineno = 1; std::getline(in, line); ++lineno) {
    if (auto h = line.find('#'); h != std::string::npos) line.erase(h);
    std::vector<std::uint8_t> row;
    for (char ch : line) {
      if (ch == '0' || ch == '1') row.push_back(ch == '1');
      else if (ch != ' ' && ch != '\t' && ch != ',' && ch != '\r')
        throw ParseError(path, lineno, std::string("unexpected character '") + ch + "' (rows of 0 and 1 expected)");
    }
    if (row.empty()) continue;
    if (rows.empty()) n = row.size();
    if (row.size() != n)
      throw ParseError(path, lineno, "row has " + std::to_string(row.size()) + " bits, the first row has " + std::to_string(n));
    if (rows.size() >= kMaxCodeEntries) throw LimitError(path + ": too many rows");
    rows.push_back(std::move(row));
  }
  if (rows.empty()) throw InputError(path + ": no rows of 0/1 found");
  return rows;
}

BinaryCode simplex_code(std::size_t r) {
  std::size_t n = (std::size_t{1} << r) - 1;
  BitRows g(r, std::vector<std::uint8_t>(n));
  for (std::size_t col = 0; col < n; ++col)  // column col is the binary expansion of col + 1
    for (std::size_t i = 0; i < r; ++i) g[i][col] = ((col + 1) >> i) & 1u;
  return linear_code(g, n);
}

BinaryCode reed_muller(std::size_t r, std::size_t mu) {
  std::size_t n = std::size_t{1} << mu;
  BitRows g;
  for (std::size_t mask = 0; mask < n; ++mask) {  // the monomial prod_{i in mask} x_i, degree popcount(mask)
    if (static_cast<std::size_t>(std::popcount(mask)) > r) continue;
    std::vector<std::uint8_t> row(n);
    for (std::size_t x = 0; x < n; ++x) row[x] = (x & mask) == mask;
    g.push_back(std::move(row));
  }
  return linear_code(g, n);
}

BinaryCode golay23_code() {
  const std::size_t gpoly[] = {0, 2, 4, 5, 6, 10, 11};
  BitRows g(12, std::vector<std::uint8_t>(23));
  for (std::size_t i = 0; i < 12; ++i)
    for (std::size_t e : gpoly) g[i][i + e] = 1;
  return linear_code(g, 23);
}

BinaryCode golay24_code() {
  BinaryCode g23 = golay23_code();
  BinaryCode c = empty_code(24, g23.M);
  for (std::size_t w = 0; w < c.M; ++w) {
    c.words[w] = g23.words[w];
    if (g23.weight(w) % 2) set_bit(c, w, 23);
  }
  return c;
}

BinaryCode nordstrom_robinson_code() {
  BinaryCode g = golay24_code();
  std::size_t octad = 0;
  while (g.weight(octad) != 8) ++octad;
  std::vector<std::size_t> in, out;
  for (std::size_t i = 0; i < 24; ++i) (g.bit(octad, i) ? in : out).push_back(i);
  BinaryCode c = empty_code(16, 256);
  std::size_t M = 0;
  for (std::size_t w = 0; w < g.M; ++w) {
    std::size_t wt = 0;
    for (std::size_t i : in) wt += g.bit(w, i);
    bool keep = wt == 0 || (wt == 2 && g.bit(w, in[0]));
    if (!keep) continue;
    if (M == 256) throw InternalError("Nordstrom-Robinson: more than 256 words selected");
    for (std::size_t j = 0; j < 16; ++j)
      if (g.bit(w, out[j])) set_bit(c, M, j);
    ++M;
  }
  if (M != 256) throw InternalError("Nordstrom-Robinson: " + std::to_string(M) + " words selected, expected 256");
  return c;
}

PointSet binary_point_set(const BinaryCode& c, std::size_t D, std::string spec, std::string description) {
  if (c.M * c.n > kMaxCodeEntries) throw LimitError("code '" + spec + "' is too large to build (at most 2^23 coordinates)");
  PointSet p;
  p.N = c.M;
  p.n = c.n;
  p.scales.assign(c.n, Rational(Integer(1), Integer(c.n)));
  p.entries.resize(c.M * c.n);
  const Rational one(1), minus_one(-1);
  for (std::size_t w = 0; w < c.M; ++w)
    for (std::size_t i = 0; i < c.n; ++i) p.entries[w * c.n + i] = c.bit(w, i) ? minus_one : one;
  p.alpha = 1 - Rational(Integer(2 * D), Integer(c.n));
  p.spec = std::move(spec);
  p.description = std::move(description);
  return p;
}

PointSet checked_binary_point_set(const BinaryCode& c, bool linear, std::size_t expected, std::string spec,
                                  std::string description) {
  std::size_t D = linear ? linear_minimum_distance(c) : minimum_distance(c);
  if (D != expected)
    throw InternalError("code '" + spec + "' was built with minimum distance " + std::to_string(D) + ", expected " +
                        std::to_string(expected));
  return binary_point_set(c, D, std::move(spec), std::move(description) + ", minimum distance " + std::to_string(D) + " checked");
}

}  // namespace constel::codes
