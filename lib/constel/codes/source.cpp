// build_code: from a spec string to an exact point set (see source.hpp), and the coords:FILE source.
//
// coords:FILE. A published table's decimal coordinates are not exactly unit vectors, and rows of the
// scale form cannot be rescaled one by one. So each point is snapped to a nearby EXACT unit vector with
// rational coordinates: normalise in double precision, project stereographically from the pole farther
// from the point (|y| <= 1), round y to multiples of 2^-40, and map back exactly:
//   x' = (2 y, +-(1 - |y|^2)) / (1 + |y|^2),   |x'| = 1 exactly.
// The largest coordinate change |x'_j - x_j / |x|| is reported in the description (about 1e-12 for
// good tables). alpha is then the exact max inner product of the snapped points (all pairs, integer
// arithmetic; at most 5000 points).
#include "constel/codes/source.hpp"

#include <algorithm>
#include <cmath>
#include <fstream>
#include <sstream>

#include <fmt/format.h>

#include "constel/codes/algebraic.hpp"
#include "constel/codes/binary.hpp"
#include "constel/codes/catalog.hpp"
#include "constel/error.hpp"
#include "constel/memory_limit.hpp"

namespace constel::codes {
namespace {

std::vector<std::vector<Rational>> read_decimal_rows(const std::string& path) {
  std::ifstream in(path);
  if (!in) throw InputError(path + ": cannot open file");
  std::vector<std::vector<Rational>> rows;
  std::string line;
  for (std::size_t lineno = 1; std::getline(in, line); ++lineno) {
    if (auto h = line.find('#'); h != std::string::npos) line.erase(h);
    for (char& ch : line)
      if (ch == ',' || ch == ';' || ch == '\t' || ch == '\r') ch = ' ';
    std::istringstream s(line);
    std::vector<Rational> row;
    std::string tok;
    while (s >> tok) {
      try {
        row.push_back(parse_rational(tok, kMaxFileExponent));
      } catch (const InputError& e) {
        throw ParseError(path, lineno, e.what());
      }
    }
    if (row.empty()) continue;
    if (!rows.empty() && row.size() != rows[0].size())
      throw ParseError(path, lineno, "row has " + std::to_string(row.size()) + " coordinates, the first row has " +
                                         std::to_string(rows[0].size()));
    if (rows.size() * row.size() >= kMaxCodeEntries) throw LimitError(path + ": too many coordinates");
    rows.push_back(std::move(row));
  }
  if (rows.size() < 2) throw InputError(path + ": at least 2 points are needed");
  return rows;
}

// The exact unit vector near x, as integers w (numerators) over the common denominator den.
void snap_to_sphere(const std::vector<double>& x, std::vector<Integer>& w, Integer& den, double& change) {
  const std::size_t n = x.size();
  const Integer two_k = Integer(1) << 40;  // y = z / 2^40
  bool south = x[n - 1] > 0;              // project from -e_n when the point is in the upper half
  std::vector<Integer> z(n - 1);
  Integer z2 = 0;
  for (std::size_t j = 0; j + 1 < n; ++j) {
    double y = x[j] / (south ? 1 + x[n - 1] : 1 - x[n - 1]);
    z[j] = Integer(static_cast<long long>(std::llround(std::ldexp(y, 40))));
    z2 += z[j] * z[j];
  }
  const Integer k2 = two_k * two_k;
  den = k2 + z2;
  w.assign(n, Integer(0));
  for (std::size_t j = 0; j + 1 < n; ++j) w[j] = 2 * z[j] * two_k;
  w[n - 1] = south ? Integer(k2 - z2) : Integer(z2 - k2);
  change = 0;
  for (std::size_t j = 0; j < n; ++j)
    change = std::max(change, std::abs(to_double(Rational(w[j], den)) - x[j]));
}

}  // namespace

Rational PointSet::inner(std::size_t i, std::size_t l) const {
  Rational s = 0;
  for (std::size_t j = 0; j < n; ++j) s += scales[j] * entry(i, j) * entry(l, j);
  return s;
}

PointSet coords_file(const std::string& path) {
  auto rows = read_decimal_rows(path);
  const std::size_t N = rows.size(), n = rows[0].size();
  if (n < 2) throw InputError(path + ": points need at least 2 coordinates");
  if (N > 5000) throw LimitError(path + ": " + std::to_string(N) + " points; the exact max inner product is computed for at most 5000");
  std::vector<std::vector<Integer>> w(N);
  std::vector<Integer> den(N);
  double worst = 0;
  for (std::size_t i = 0; i < N; ++i) {
    // scaled by the largest |coordinate| first (exactly), so that tiny (1e-200) or huge values neither
    // underflow nor overflow the double norm
    Rational top = 0;
    for (const Rational& v : rows[i]) top = std::max(top, Rational(abs(v)));
    if (top == 0) throw InputError(path + ": point " + std::to_string(i) + " is zero");
    std::vector<double> x(n);
    double norm = 0;
    for (std::size_t j = 0; j < n; ++j) norm += (x[j] = to_double(rows[i][j] / top)) * x[j];
    norm = std::sqrt(norm);
    for (double& v : x) v /= norm;
    double change = 0;
    snap_to_sphere(x, w[i], den[i], change);
    worst = std::max(worst, change);
  }
  PointSet p;
  p.N = N;
  p.n = n;
  p.scales.assign(n, Rational(1));
  p.entries.resize(N * n);
  for (std::size_t i = 0; i < N; ++i)
    for (std::size_t j = 0; j < n; ++j) p.entries[i * n + j] = Rational(w[i][j], den[i]);
  // alpha: max over pairs of <w_i, w_l> / (den_i den_l), compared exactly as integers.
  Integer best_num = 0, best_den = 0;
  for (std::size_t i = 0; i < N; ++i)
    for (std::size_t l = i + 1; l < N; ++l) {
      Integer s = 0;
      for (std::size_t j = 0; j < n; ++j) s += w[i][j] * w[l][j];
      Integer d = den[i] * den[l];
      if (s == d)  // inner product 1: the same unit vector twice
        throw InputError(path + ": points " + std::to_string(i) + " and " + std::to_string(l) +
                         " are the same direction (after normalising): a code needs distinct points");
      if (best_den == 0 || s * best_den > best_num * d) best_num = s, best_den = d;
    }
  p.alpha = Rational(best_num, best_den);
  p.spec = "coords:" + path;
  p.description = fmt::format("{} points read from {}, snapped to exact unit vectors (largest coordinate change {:.3g})",
                              N, path, worst);
  return p;
}

PointSet build_code(const std::string& spec) {
  if (is_algebraic_spec(spec)) return build_algebraic_code(spec, std::nullopt);
  auto [name, p] = split_code_spec(spec);
  if (name == "linear" || name == "words" || name == "coords") {
    if (p.empty()) throw InputError("code '" + spec + "' needs a file: " + name + ":FILE");
    if (name == "coords") return coords_file(p);
    std::size_t n = 0;
    BitRows rows = read_bit_rows(p, n);
    bool linear = name == "linear";
    BinaryCode c = linear ? linear_code(rows, n) : code_from_words(rows, n);
    if (c.M < 2) throw InputError("code '" + spec + "' has a single codeword: no pair to bound");
    std::size_t D = linear ? linear_minimum_distance(c) : minimum_distance(c);
    return binary_point_set(c, D, spec,
                            fmt::format("user's {} binary code from {}: ({}, {}, {}), minimum distance computed",
                                        linear ? "linear" : "", p, c.n, c.M, D));
  }
  CodeInfo info = code_info(spec);  // validates parameters
  std::size_t n = info.n;
  if (Integer(info.N) * n > kMaxCodeEntries)
    throw LimitError("code '" + spec + "' has " + info.N.str() + " points in R^" + std::to_string(n) +
                     ": at most 2^23 coordinates can be built");
  check_memory(memory_product(info.N.convert_to<std::uint64_t>(), n, kExactEntryBytes),
               "code '" + spec + "': " + info.N.str() + " points in R^" + std::to_string(n) + " as exact entries");
  if (name == "simplex") return regular_simplex(static_cast<std::size_t>(info.N));
  if (name == "cross") return cross_polytope(n);
  if (name == "dn") return dn_roots(n);
  if (name == "e8") return e8_roots();
  if (name == "leech") return leech_minimal();
  if (name == "nr288") return nr288();
  if (name == "bw16") return bw16_minimal();
  if (name == "k12") return k12_minimal();
  if (name == "e7star") return e7star_minimal();
  if (name == "lambda" || name == "a2" || name == "e6" || name == "e7") {
    PointSet q = laminated_minimal(n);
    if (Integer(q.N) != info.N) throw InternalError("code '" + spec + "': built " + std::to_string(q.N) + " points, the catalog says " + info.N.str());
    q.spec = info.spec;
    return q;
  }
  PointSet out;
  if (name == "simplex-code") {
    std::size_t r = 0;
    while ((std::size_t{1} << r) - 1 < n) ++r;
    out = checked_binary_point_set(simplex_code(r), true, std::size_t{1} << (r - 1), info.spec, "binary simplex code");
  } else if (name == "rm1" || name == "rm") {
    std::size_t mu = 0;
    while ((std::size_t{1} << mu) < n) ++mu;
    std::size_t r = name == "rm1" ? 1 : static_cast<std::size_t>(parse_count(p.substr(0, p.find(','))));
    out = checked_binary_point_set(reed_muller(r, mu), true, std::size_t{1} << (mu - r), info.spec,
                                   "Reed-Muller RM(" + std::to_string(r) + "," + std::to_string(mu) + ")");
  } else if (name == "golay24") {
    out = checked_binary_point_set(golay24_code(), true, 8, info.spec, "extended Golay code (24, 4096, 8)");
  } else if (name == "golay23") {
    out = checked_binary_point_set(golay23_code(), true, 7, info.spec, "Golay code (23, 4096, 7)");
  } else if (name == "nr") {
    out = checked_binary_point_set(nordstrom_robinson_code(), false, 6, info.spec, "Nordstrom-Robinson code (16, 256, 6)");
  } else {
    throw InternalError("build_code: no builder for '" + spec + "'");
  }
  if (out.alpha != info.alpha) throw InternalError("code '" + spec + "': built alpha " + to_string(out.alpha) + " differs from the catalog");
  return out;
}

}  // namespace constel::codes
