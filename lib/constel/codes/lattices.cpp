// Lattice shells beyond E8 and Leech (docs/math.md section 3.6; docs/constructions.md "Lattice shells"),
// built exactly from integer vectors:
//   bw16      Barnes-Wall BW16 minimal vectors in Z^16 (norm 8): (+-2)^2 0^14 (480) and (+-1)^8 on the 30
//             weight-8 words of RM(1,4) with an even number of minus signs (3840); alpha 1/2.
//   k12       Coxeter-Todd K12 minimal vectors from its Eisenstein-integer description (Conway-Sloane,
//             SPLAG ch. 4 section 9): x in Z[w]^6 with all x_i congruent mod theta = w - w^2 and
//             sum x_i = 0 mod 3; norm 6: theta (u e_i + u' e_j) (270) and unit vectors with all
//             coordinates in one class mod theta (486). The real form of a + b w is (a - b/2, b sqrt(3)/2):
//             two columns, integer entries 2a - b and b, squared scales 1/4 and 3/4 (divided by the norm).
//   lambda:n  the laminated lattice Lambda_n's minimal shell: for n <= 8 the E8 roots orthogonal to a
//             Lambda_{8-n} root system, for 16 <= n <= 23 the Leech minimal vectors orthogonal to a
//             Lambda_{24-n} (SPLAG ch. 6: Lambda_{24-k} is the orthogonal complement of Lambda_k in
//             Lambda_24 for k <= 8). e6 = lambda:6, e7 = lambda:7, a2 (the hexagon) = lambda:2.
//   e7star    the 56 minimal vectors of E7*: the E8 roots v with <v, r> = 1 for a root r, projected
//             onto r^perp (2v - r in the integer coordinates); alpha 1/3.
// A section lies in a subspace of Z^m: span_point_set finds an orthogonal integer basis b_j of that
// subspace among the points (Gram-Schmidt over Q, each b_j made primitive), writes point p as the
// integers <p, b_j> with squared scales 1/(|b_j|^2 norm), and checks exactly that every point lies in the
// span (sum_j <p, b_j>^2 / |b_j|^2 = |p|^2). Inner products are then exact: <p, w> = sum_j
// <p, b_j><w, b_j> / |b_j|^2.
#include <bit>
#include <cstdint>
#include <cstdlib>

#include "constel/codes/binary.hpp"
#include "constel/codes/source.hpp"
#include "constel/error.hpp"

namespace constel::codes {
namespace {

// Points orthogonal to every vector of `against` (rows of length m).
IntegerShell orthogonal_section(const IntegerShell& s, const std::vector<std::vector<long long>>& against) {
  IntegerShell out{s.m, s.norm, {}};
  for (std::size_t i = 0; i < s.size(); ++i) {
    bool keep = true;
    for (const auto& a : against) keep = keep && s.dot(i, a.data()) == 0;
    if (keep) out.v.insert(out.v.end(), s.row(i), s.row(i) + s.m);
  }
  return out;
}

// The k nodes of the Dynkin chain A1, A2, A3, D4, D5, E6, E7, E8 (node t is joined to parent[t]; each
// prefix is the next diagram) found greedily among the shell's points: <x_t, x_t> = norm,
// <x_t, x_u> = -norm/2 for joined nodes, 0 otherwise.
std::vector<std::vector<long long>> dynkin_chain(const IntegerShell& s, std::size_t k, const std::string& spec) {
  static const int parent[8] = {-1, 0, 1, 1, 3, 2, 4, 6};
  std::vector<std::vector<long long>> x;
  for (std::size_t t = 0; t < k; ++t) {
    bool found = false;
    for (std::size_t i = 0; i < s.size() && !found; ++i) {
      bool ok = true;
      for (std::size_t u = 0; u < t && ok; ++u)
        ok = s.dot(i, x[u].data()) == (static_cast<int>(u) == parent[t] ? -s.norm / 2 : 0);
      if (!ok) continue;
      x.emplace_back(s.row(i), s.row(i) + s.m);
      found = true;
    }
    if (!found) throw InternalError("code '" + spec + "': no vector extends the Dynkin chain at node " + std::to_string(t));
  }
  return x;
}

Integer dot(const std::vector<Integer>& a, const std::vector<Integer>& b) {
  Integer s = 0;
  for (std::size_t j = 0; j < a.size(); ++j) s += a[j] * b[j];
  return s;
}

// An orthogonal basis of the span of the shell (dim vectors, primitive integer rows).
std::vector<std::vector<Integer>> orthogonal_basis(const IntegerShell& s, std::size_t dim, const std::string& spec) {
  std::vector<std::vector<Integer>> basis;
  std::vector<Integer> norms;
  for (std::size_t i = 0; i < s.size() && basis.size() < dim; ++i) {
    std::vector<Rational> w(s.m);
    for (std::size_t j = 0; j < s.m; ++j) w[j] = s.row(i)[j];
    for (std::size_t b = 0; b < basis.size(); ++b) {
      Rational c = 0;
      for (std::size_t j = 0; j < s.m; ++j) c += w[j] * basis[b][j];
      c /= norms[b];
      for (std::size_t j = 0; j < s.m; ++j) w[j] -= c * basis[b][j];
    }
    Integer l = 1, g = 0;
    for (const auto& v : w) l = boost::multiprecision::lcm(l, denominator(v));
    std::vector<Integer> z(s.m);
    for (std::size_t j = 0; j < s.m; ++j) z[j] = numerator(Rational(w[j] * l)), g = boost::multiprecision::gcd(g, z[j]);
    if (g == 0) continue;  // dependent on the earlier ones
    for (auto& v : z) v /= g;
    norms.push_back(dot(z, z));
    basis.push_back(std::move(z));
  }
  if (basis.size() != dim)
    throw InternalError("code '" + spec + "': its points span " + std::to_string(basis.size()) + " dimensions, expected " +
                        std::to_string(dim));
  return basis;
}

PointSet span_point_set(const IntegerShell& s, std::size_t dim, std::string spec, std::string description,
                        const Rational& alpha) {
  const auto basis = orthogonal_basis(s, dim, spec);
  PointSet p;
  p.N = s.size();
  p.n = dim;
  if (p.N * p.n > kMaxCodeEntries) throw LimitError("code '" + spec + "': at most 2^23 coordinates can be built");
  std::vector<Integer> norms;
  for (const auto& b : basis) norms.push_back(dot(b, b)), p.scales.push_back(Rational(Integer(1), norms.back() * s.norm));
  p.entries.resize(p.N * dim);
  std::vector<Integer> x(s.m);
  for (std::size_t i = 0; i < p.N; ++i) {
    for (std::size_t j = 0; j < s.m; ++j) x[j] = s.row(i)[j];
    Rational len = 0;
    for (std::size_t b = 0; b < dim; ++b) {
      Integer e = dot(x, basis[b]);
      len += Rational(e * e, norms[b]);
      p.entries[i * dim + b] = Rational(e);
    }
    if (len != s.norm) throw InternalError("code '" + spec + "': point " + std::to_string(i) + " is not in the span");
  }
  p.alpha = alpha;
  p.spec = std::move(spec);
  p.description = std::move(description);
  return p;
}

// Full-rank integer shell in its own coordinates: squared scales 1/norm.
PointSet integer_point_set(const IntegerShell& s, std::string spec, std::string description, const Rational& alpha) {
  PointSet p;
  p.N = s.size();
  p.n = s.m;
  p.scales.assign(s.m, Rational(Integer(1), Integer(s.norm)));
  p.entries.reserve(s.v.size());
  for (long long e : s.v) p.entries.emplace_back(Integer(e));
  p.alpha = alpha;
  p.spec = std::move(spec);
  p.description = std::move(description);
  return p;
}

}  // namespace

long long IntegerShell::dot(std::size_t i, const long long* a) const {
  long long t = 0;
  for (std::size_t j = 0; j < m; ++j) t += row(i)[j] * a[j];
  return t;
}

PointSet to_point_set(const IntegerShell& s, std::string spec, std::string description, const Rational& alpha) {
  return integer_point_set(s, std::move(spec), std::move(description), alpha);
}

PointSet bw16_minimal() {
  IntegerShell s{16, 8, {}};
  auto push = [&](const std::vector<long long>& x) { s.v.insert(s.v.end(), x.begin(), x.end()); };
  for (std::size_t i = 0; i < 16; ++i)
    for (std::size_t j = i + 1; j < 16; ++j)
      for (int t = 0; t < 4; ++t) {
        std::vector<long long> x(16, 0);
        x[i] = (t & 1) ? -2 : 2, x[j] = (t & 2) ? -2 : 2;
        push(x);
      }
  BinaryCode rm = reed_muller(1, 4);
  std::size_t octads = 0;
  for (std::size_t w = 0; w < rm.M; ++w) {
    if (rm.weight(w) != 8) continue;
    ++octads;
    for (unsigned mask = 0; mask < 256; ++mask) {
      if (std::popcount(mask) % 2) continue;
      std::vector<long long> x(16, 0);
      for (std::size_t i = 0, t = 0; i < 16; ++i)
        if (rm.bit(w, i)) x[i] = ((mask >> t++) & 1u) ? -1 : 1;
      push(x);
    }
  }
  if (octads != 30 || s.size() != 4320) throw InternalError("BW16: built " + std::to_string(s.size()) + " vectors");
  return integer_point_set(s, "bw16", "Barnes-Wall BW16 minimal vectors (from RM(1,4), norm 8 in Z^16)", Rational(1, 2));
}

PointSet k12_minimal() {
  // Z[w] elements a + b w as (a, b); units 1, w, w^2 = -1 - w and their negatives.
  const long long unit[6][2] = {{1, 0}, {0, 1}, {-1, -1}, {-1, 0}, {0, -1}, {1, 1}};  // first three are 1 mod theta
  const long long theta[2] = {1, 2};  // w - w^2 = 1 + 2w (norm 3)
  auto mul = [](const long long* x, const long long* y, long long* out) {  // w^2 = -1 - w
    out[0] = x[0] * y[0] - x[1] * y[1];
    out[1] = x[0] * y[1] + x[1] * y[0] - x[1] * y[1];
  };
  IntegerShell z{12, 0, {}};  // (a, b) pairs, converted to real columns below
  for (std::size_t i = 0; i < 6; ++i)
    for (std::size_t j = i + 1; j < 6; ++j)
      for (int u = 0; u < 6; ++u)
        for (int v = 0; v < 3; ++v) {
          int u2 = (u < 3 ? 3 : 0) + v;  // the opposite class mod theta: u + u2 = 0 mod theta
          std::vector<long long> x(12, 0);
          mul(theta, unit[u], &x[2 * i]);
          mul(theta, unit[u2], &x[2 * j]);
          z.v.insert(z.v.end(), x.begin(), x.end());
        }
  for (int cls = 0; cls < 2; ++cls)
    for (int code = 0; code < 729; ++code) {
      std::vector<long long> x(12);
      long long sa = 0, sb = 0;
      for (int i = 0, c = code; i < 6; ++i, c /= 3) {
        x[2 * i] = unit[3 * cls + c % 3][0], x[2 * i + 1] = unit[3 * cls + c % 3][1];
        sa += x[2 * i], sb += x[2 * i + 1];
      }
      if (sa % 3 == 0 && sb % 3 == 0) z.v.insert(z.v.end(), x.begin(), x.end());
    }
  if (z.size() != 756) throw InternalError("K12: built " + std::to_string(z.size()) + " vectors");
  PointSet p;
  p.N = 756;
  p.n = 12;
  for (std::size_t i = 0; i < 6; ++i) p.scales.push_back(Rational(1, 24)), p.scales.push_back(Rational(1, 8));
  for (std::size_t r = 0; r < p.N; ++r)
    for (std::size_t i = 0; i < 6; ++i) {
      long long a = z.row(r)[2 * i], b = z.row(r)[2 * i + 1];
      p.entries.emplace_back(Integer(2 * a - b));
      p.entries.emplace_back(Integer(b));
    }
  p.alpha = Rational(1, 2);
  p.spec = "k12";
  p.description = "Coxeter-Todd K12 minimal vectors (Eisenstein coordinates, norm 6; real form with scales 1/4, 3/4)";
  return p;
}

PointSet laminated_minimal(std::size_t n) {
  const std::string spec = "lambda:" + std::to_string(n);
  if (n == 24) return leech_minimal();
  bool from_e8 = n >= 1 && n <= 8;
  if (!from_e8 && !(n >= 16 && n <= 23))
    throw InputError("code '" + spec + "': Lambda_n is built for n <= 8 and 16 <= n <= 24 only (docs/constructions.md)");
  IntegerShell ambient = from_e8 ? e8_vectors() : leech_vectors();
  std::size_t k = (from_e8 ? 8 : 24) - n;
  IntegerShell s = k ? orthogonal_section(ambient, dynkin_chain(ambient, k, spec)) : ambient;
  std::string what = from_e8 ? "E8 roots" : "Leech minimal vectors";
  Rational alpha = n == 1 ? Rational(-1) : Rational(1, 2);
  return span_point_set(s, n, spec,
                        "laminated lattice Lambda_" + std::to_string(n) + " minimal shell: the " + what +
                            " orthogonal to a Lambda_" + std::to_string(k) + " root chain",
                        alpha);
}

PointSet e7star_minimal() {
  IntegerShell e8 = e8_vectors();
  std::vector<long long> r(e8.row(0), e8.row(0) + 8);  // a root; <v, r> = 1 means 4 at norm 8
  IntegerShell s{8, 24, {}};
  for (std::size_t i = 0; i < e8.size(); ++i)
    if (e8.dot(i, r.data()) == 4)
      for (std::size_t j = 0; j < 8; ++j) s.v.push_back(2 * e8.row(i)[j] - r[j]);
  if (s.size() != 56) throw InternalError("E7*: built " + std::to_string(s.size()) + " vectors");
  return span_point_set(s, 7, "e7star", "E7* minimal shell: E8 roots at inner product 1 with a root, projected", Rational(1, 3));
}

}  // namespace constel::codes
