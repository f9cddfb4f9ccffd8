// The catalog of buildable spherical codes with exact (n, N, alpha) per instance (see catalog.hpp;
// formulas from docs/math.md section 3.6). Nothing here builds a code: codes/source.cpp does, and the tests check
// that every built code has exactly the size and max inner product stated here.
#include "constel/codes/catalog.hpp"

#include <algorithm>
#include <cstdint>
#include <optional>

#include "constel/error.hpp"

namespace constel::codes {
namespace {

const std::vector<CodeFamily> kFamilies = {
    {"simplex", "simplex:N", "N >= 2", "N - 1", "N", "-1/(N-1)", "regular simplex", false},
    {"cross", "cross:n", "n >= 1", "n", "2n", "0 (-1 for n = 1)", "cross-polytope +-e_i", false},
    {"simplex-code", "simplex-code:r", "1 <= r <= 20", "2^r - 1", "2^r", "-1/(2^r - 1)",
     "binary simplex code (2^r-1, 2^r, 2^(r-1))", false},
    {"rm1", "rm1:r", "1 <= r <= 20", "2^r", "2^(r+1)", "0", "first-order Reed-Muller RM(1,r) (biorthogonal)", false},
    {"rm", "rm:r,mu", "0 <= r <= mu, 1 <= mu <= 20", "2^mu", "2^(sum_{i<=r} C(mu,i))", "1 - 2^(1-r)",
     "Reed-Muller RM(r,mu), minimum distance 2^(mu-r)", false},
    {"golay24", "golay24", "", "24", "4096", "1/3", "extended binary Golay code (24, 4096, 8)", false},
    {"golay23", "golay23", "", "23", "4096", "9/23", "binary Golay code (23, 4096, 7)", false},
    {"nr", "nr", "", "16", "256", "1/4", "Nordstrom-Robinson code (16, 256, 6)", false},
    {"nr288", "nr288", "", "16", "288", "1/4", "Nordstrom-Robinson plus the 32 points +-e_i", false},
    {"dn", "dn:n", "n >= 2", "n", "2n(n-1)", "1/2 (0 for n = 2)", "D_n root shell (+-e_i +- e_j)/sqrt(2)", false},
    {"e8", "e8", "", "8", "240", "1/2", "E8 root shell", false},
    {"leech", "leech", "", "24", "196560", "1/2", "Leech lattice minimal vectors", false},
    {"a2", "a2", "", "2", "6", "1/2", "regular hexagon (A2 roots, scale form: no rational Euclidean coordinates exist)", false},
    {"e6", "e6", "", "6", "72", "1/2", "E6 root shell (E8 roots orthogonal to an A2)", false},
    {"e7", "e7", "", "7", "126", "1/2", "E7 root shell (E8 roots orthogonal to a root)", false},
    {"e7star", "e7star", "", "7", "56", "1/3", "E7* minimal shell (E8 roots at inner product 1/2 with a root, projected)", false},
    {"bw16", "bw16", "", "16", "4320", "1/2", "Barnes-Wall BW16 minimal vectors (kissing record in R^16)", false},
    {"k12", "k12", "", "12", "756", "1/2", "Coxeter-Todd K12 minimal vectors (Eisenstein coordinates)", false},
    {"lambda", "lambda:n", "1 <= n <= 8 or 16 <= n <= 24", "n", "kissing number of Lambda_n (table in docs/constructions.md)",
     "1/2 (-1 for n = 1)", "laminated lattice Lambda_n minimal shell (section of E8 or of Leech)", false},
    {"linear", "linear:FILE", "generator matrix over GF(2), one row of 0/1 per line", "length", "2^rank",
     "1 - 2 D/n (D = minimum weight)", "user's binary linear code", true},
    {"words", "words:FILE", "codewords, one row of 0/1 per line", "length", "rows", "1 - 2 D/n (D = minimum distance)",
     "user's binary code", true},
    {"coords", "coords:FILE", "decimal coordinates, one point per line", "columns", "rows",
     "max inner product (exact, after snapping to exact unit vectors)", "user's point table", true},
};

std::uint64_t param(const std::string& spec, const std::string& text, std::uint64_t lo, std::uint64_t hi) {
  std::uint64_t v = 0;
  try {
    v = parse_count(text);
  } catch (const InputError&) {
    throw InputError("code '" + spec + "': parameter '" + text + "' is not a non-negative integer");
  }
  if (v < lo || v > hi)
    throw InputError("code '" + spec + "': parameter " + text + " is out of range [" + std::to_string(lo) + ", " +
                     std::to_string(hi) + "]");
  return v;
}

Integer binomial(std::uint64_t m, std::uint64_t k) {
  Integer r = 1;
  for (std::uint64_t i = 1; i <= k; ++i) r = r * Integer(m - k + i) / Integer(i);
  return r;
}

Integer pow2(std::uint64_t e) { return Integer(1) << static_cast<unsigned>(e); }

std::size_t rm_log2_size(std::uint64_t r, std::uint64_t mu) {
  Integer k = 0;
  for (std::uint64_t i = 0; i <= r; ++i) k += binomial(mu, i);
  return static_cast<std::size_t>(k);
}

// Kissing numbers of the laminated lattices Lambda_1..Lambda_24 (Conway-Sloane, SPLAG, Table 6.3); 0 where
// lambda:n is not built (9 <= n <= 15: not sections orthogonal to a root chain, docs/constructions.md).
const std::uint64_t kLambdaKissing[25] = {0,    2,    6,    12,    24,    40,    72,    126,   240,
                                          0,    0,    0,    0,     0,     0,     0,     4320,  5346,
                                          7398, 10668, 17400, 27720, 49896, 93150, 196560};

constexpr std::uint64_t kMaxCount = 100000000;  // parameters of simplex, cross, dn

// The largest p in [lo, hi] with ok(p), for ok true up to some point and false after it (nullopt when
// ok(lo) fails or lo > hi): the largest instance of a family that grows with p within a size cap.
template <class Ok>
std::optional<std::uint64_t> largest(std::uint64_t lo, std::uint64_t hi, Ok ok) {
  if (lo > hi || !ok(lo)) return std::nullopt;
  while (lo < hi) {
    std::uint64_t mid = lo + (hi - lo + 1) / 2;
    if (ok(mid)) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

}  // namespace

const std::vector<CodeFamily>& code_families() { return kFamilies; }

std::string code_title(const CodeInfo& c) {
  if (!c.title.empty()) return c.title;
  for (const auto& f : kFamilies)
    if (f.name == c.family) return f.description;
  return c.spec;
}

std::pair<std::string, std::string> split_code_spec(const std::string& spec) {
  auto colon = spec.find(':');
  std::string name = spec.substr(0, colon);
  std::string rest = colon == std::string::npos ? std::string() : spec.substr(colon + 1);
  bool known = std::any_of(kFamilies.begin(), kFamilies.end(), [&](const CodeFamily& f) { return f.name == name; });
  if (!known) {
    std::string list;
    for (const auto& f : kFamilies) list += (list.empty() ? "" : ", ") + f.usage;
    throw InputError("unknown code '" + spec + "'; known codes: " + list);
  }
  return {name, rest};
}

CodeInfo code_info(const std::string& spec) {
  const auto split = split_code_spec(spec);  // no structured binding: clang 14 cannot capture one in a lambda
  const std::string& name = split.first;
  const std::string& p = split.second;
  const auto& fam = *std::find_if(kFamilies.begin(), kFamilies.end(), [&](const CodeFamily& f) { return f.name == name; });
  if (fam.from_file) throw InputError("code '" + spec + "' is read from a file: its size is known only once it is built");
  bool takes = fam.usage.find(':') != std::string::npos;
  if (takes && p.empty()) throw InputError("code '" + spec + "' needs parameters: " + fam.usage + " (" + fam.params + ")");
  if (!takes && spec.find(':') != std::string::npos) throw InputError("code '" + spec + "' takes no parameters");
  CodeInfo c;
  c.family = name;
  if (name == "simplex") {
    auto N = param(spec, p, 2, kMaxCount);
    c = {"simplex:" + std::to_string(N), name, N - 1, Integer(N), Rational(Integer(-1), Integer(N - 1)),
         "regular simplex of " + std::to_string(N) + " points"};
  } else if (name == "cross") {
    auto n = param(spec, p, 1, kMaxCount);
    c = {"cross:" + std::to_string(n), name, n, Integer(2 * n), Rational(n == 1 ? -1 : 0),
         "cross-polytope of R^" + std::to_string(n)};
  } else if (name == "simplex-code") {
    auto r = param(spec, p, 1, 20);
    std::size_t n = (std::size_t(1) << r) - 1;
    c = {"simplex-code:" + std::to_string(r), name, n, pow2(r), Rational(Integer(-1), Integer(n)),
         "binary simplex code (" + std::to_string(n) + ", " + pow2(r).str() + ", " + pow2(r - 1).str() + ")"};
  } else if (name == "rm1") {
    auto r = param(spec, p, 1, 20);
    c = {"rm1:" + std::to_string(r), name, std::size_t(1) << r, pow2(r + 1), Rational(0),
         "Reed-Muller RM(1," + std::to_string(r) + ")"};
  } else if (name == "rm") {
    auto comma = p.find(',');
    if (comma == std::string::npos) throw InputError("code '" + spec + "': expected rm:r,mu (two integers)");
    auto mu = param(spec, p.substr(comma + 1), 1, 20);
    auto r = param(spec, p.substr(0, comma), 0, mu);
    c = {"rm:" + std::to_string(r) + "," + std::to_string(mu), name, std::size_t(1) << mu, pow2(rm_log2_size(r, mu)),
         1 - Rational(Integer(2), pow2(r)), "Reed-Muller RM(" + std::to_string(r) + "," + std::to_string(mu) + ")"};
  } else if (name == "dn") {
    auto n = param(spec, p, 2, kMaxCount);
    c = {"dn:" + std::to_string(n), name, n, Integer(2 * n * (n - 1)), n == 2 ? Rational(0) : Rational(1, 2),
         "D_" + std::to_string(n) + " root shell"};
  } else if (name == "golay24") {
    c = {name, name, 24, Integer(4096), Rational(1, 3), "extended Golay (24, 4096, 8)"};
  } else if (name == "golay23") {
    c = {name, name, 23, Integer(4096), Rational(9, 23), "Golay (23, 4096, 7)"};
  } else if (name == "nr") {
    c = {name, name, 16, Integer(256), Rational(1, 4), "Nordstrom-Robinson (16, 256, 6)"};
  } else if (name == "nr288") {
    c = {name, name, 16, Integer(288), Rational(1, 4), "Nordstrom-Robinson + cross-polytope (288 points)"};
  } else if (name == "e8") {
    c = {name, name, 8, Integer(240), Rational(1, 2), "E8 root shell"};
  } else if (name == "leech") {
    c = {name, name, 24, Integer(196560), Rational(1, 2), "Leech lattice minimal vectors"};
  } else if (name == "lambda") {
    auto n = param(spec, p, 1, 24);
    if (!kLambdaKissing[n])
      throw InputError("code '" + spec + "': Lambda_n is built for n <= 8 and 16 <= n <= 24 only (docs/constructions.md)");
    c = {"lambda:" + std::to_string(n), name, n, Integer(kLambdaKissing[n]), n == 1 ? Rational(-1) : Rational(1, 2),
         "Lambda_" + std::to_string(n) + " laminated lattice minimal vectors"};
  } else {
    static const std::vector<CodeInfo> fixed = {{"a2", "a2", 2, Integer(6), Rational(1, 2), "A2 hexagon"},
                                                {"e6", "e6", 6, Integer(72), Rational(1, 2), "E6 root shell"},
                                                {"e7", "e7", 7, Integer(126), Rational(1, 2), "E7 root shell"},
                                                {"e7star", "e7star", 7, Integer(56), Rational(1, 3), "E7* minimal shell"},
                                                {"bw16", "bw16", 16, Integer(4320), Rational(1, 2), "Barnes-Wall BW16 minimal vectors"},
                                                {"k12", "k12", 12, Integer(756), Rational(1, 2), "Coxeter-Todd K12 minimal vectors"}};
    for (const auto& f : fixed)
      if (f.family == name) c = f;
  }
  return c;
}

std::vector<CodeInfo> explicit_codes(std::size_t n, const Rational& alpha, const std::optional<Integer>& max_entries) {
  std::vector<CodeInfo> out;
  if (n == 0 || alpha < -1) return out;
  auto fits = [&](const Integer& N, std::size_t dim) { return !max_entries || N * dim <= *max_entries; };
  auto add = [&](const std::string& spec) {
    CodeInfo c = code_info(spec);
    if (fits(c.N, c.n)) out.push_back(std::move(c));
  };
  const std::uint64_t n_max = std::min<std::uint64_t>(n, kMaxCount);
  // simplex: N <= n + 1 and -1/(N-1) <= alpha, i.e. N <= 1 - 1/alpha when alpha < 0.
  std::uint64_t simplex_max = std::min<std::uint64_t>(std::uint64_t(n) + 1, kMaxCount);
  if (alpha < 0) {
    Rational lim = 1 - 1 / alpha;
    Integer fl = numerator(lim) / denominator(lim);
    if (fl < Integer(simplex_max)) simplex_max = static_cast<std::uint64_t>(fl);
  }
  if (auto N = largest(2, simplex_max, [&](std::uint64_t K) { return fits(Integer(K), K - 1); }))
    add("simplex:" + std::to_string(*N));
  if (alpha >= 0)
    if (auto k = largest(1, n_max, [&](std::uint64_t m) { return fits(Integer(2 * m), m); }))
      add("cross:" + std::to_string(*k));
  std::size_t best_r = 0;
  for (std::size_t r = 1; r <= 20 && (std::size_t(1) << r) - 1 <= n; ++r)
    if (Rational(Integer(-1), Integer((std::size_t(1) << r) - 1)) <= alpha && fits(pow2(r), (std::size_t(1) << r) - 1))
      best_r = r;
  if (best_r) add("simplex-code:" + std::to_string(best_r));
  if (alpha >= 0) {
    std::size_t best = 0;
    for (std::size_t r = 1; r <= 20 && (std::size_t(1) << r) <= n; ++r)
      if (fits(pow2(r + 1), std::size_t(1) << r)) best = r;
    if (best) add("rm1:" + std::to_string(best));
  }
  std::optional<CodeInfo> rm;
  for (std::size_t mu = 1; mu <= 20 && (std::size_t(1) << mu) <= n; ++mu)
    for (std::size_t r = mu + 1; r-- > 0;) {  // the largest r with alpha' <= alpha (and within the size cap)
      if (1 - Rational(Integer(2), pow2(r)) > alpha) continue;
      auto c = code_info("rm:" + std::to_string(r) + "," + std::to_string(mu));
      if (!fits(c.N, c.n)) continue;
      if (!rm || c.N > rm->N) rm = c;
      break;
    }
  if (rm) out.push_back(*rm);
  if (n >= 16 && alpha >= Rational(1, 4)) add("nr"), add("nr288");
  if (n >= 23 && alpha >= Rational(9, 23)) add("golay23");
  if (n >= 24 && alpha >= Rational(1, 3)) add("golay24");
  if (n >= 3 && alpha >= Rational(1, 2)) {
    if (auto k = largest(3, n_max, [&](std::uint64_t m) { return fits(Integer(2 * m * (m - 1)), m); }))
      add("dn:" + std::to_string(*k));
  }
  if (n == 2 && alpha >= 0) add("dn:2");
  if (n >= 8 && alpha >= Rational(1, 2)) add("e8");
  if (n >= 24 && alpha >= Rational(1, 2)) add("leech");
  if (n >= 2 && alpha >= Rational(1, 2)) add("a2");
  if (n >= 6 && alpha >= Rational(1, 2)) add("e6");
  if (n >= 7 && alpha >= Rational(1, 2)) add("e7");
  if (n >= 7 && alpha >= Rational(1, 3)) add("e7star");
  if (n >= 12 && alpha >= Rational(1, 2)) add("k12");
  if (n >= 16 && alpha >= Rational(1, 2)) add("bw16");
  if (alpha >= Rational(1, 2)) {  // the largest built Lambda_k, k <= n (Lambda_24 is leech)
    std::size_t k = std::min<std::size_t>(n, 23);
    while (!kLambdaKissing[k]) --k;
    add("lambda:" + std::to_string(k));
  }
  return out;
}

std::optional<CodeInfo> best_explicit_code(std::size_t n, const Rational& alpha,
                                           const std::optional<Integer>& max_entries) {
  std::optional<CodeInfo> best;
  // Largest N; among equal N the smaller dimension (fewer coordinates to write), then family order.
  for (auto& c : explicit_codes(n, alpha, max_entries))
    if (!best || c.N > best->N || (c.N == best->N && c.n < best->n)) best = std::move(c);
  return best;
}

}  // namespace constel::codes
