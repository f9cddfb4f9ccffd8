// Specs, parameters and the explicit search of the algebraic code families (see algebraic.hpp;
// the distance proofs are in docs/math.md section 3.7).
#include "constel/codes/algebraic.hpp"

#include <algorithm>
#include <sstream>

#include "constel/codes/bch.hpp"

namespace constel::codes {
namespace {

const std::vector<CodeFamily> kAlgebraic = {
    {"bch", "bch:m,delta[,k]", "3 <= m <= 16, 2 <= delta <= 2^m - 1, 1 <= k <= k(m, delta)",
     "2^m - 1 - (k(m, delta) - k)", "2^k", "<= 1 - 2D/n (D = Bose distance >= delta)",
     "narrow-sense primitive BCH code, minimum distance by the BCH bound; with k: shortened to dimension k", false},
    {"ebch", "ebch:m,delta[,k]", "as bch", "2^m - (k(m, delta) - k)", "2^k", "<= 1 - 2D'/n (D' = D + 1 for odd D)",
     "extended BCH code (an overall parity bit), shortened with k", false},
    {"rs-simplex", "rs-simplex:mu,K[,L]", "2 <= mu <= 16, 1 <= K <= L <= 2^mu - 1 (L defaults to 2^mu - 1)",
     "L (2^mu - 1)", "2^(mu K)", "<= 1 - 2 (L - K + 1) 2^(mu-1) / n",
     "Reed-Solomon [L, K] over GF(2^mu) concatenated with the simplex code [2^mu - 1, mu, 2^(mu-1)]", false},
    {"rs-rm1", "rs-rm1:mu,K[,L]", "3 <= mu <= 16, 1 <= K <= L <= 2^mu - 1", "L 2^(mu-1)", "2^(mu K)",
     "<= 1 - 2 (L - K + 1) 2^(mu-2) / n",
     "Reed-Solomon [L, K] over GF(2^mu) concatenated with RM(1, mu - 1) [2^(mu-1), mu, 2^(mu-2)]", false},
};

std::vector<std::size_t> parse_params(const std::string& spec, const std::string& text, std::size_t lo,
                                      std::size_t hi) {
  std::vector<std::size_t> out;
  std::stringstream s(text);
  std::string tok;
  while (std::getline(s, tok, ',')) {
    if (tok.empty() || tok.size() > 9 || tok.find_first_not_of("0123456789") != std::string::npos)
      throw InputError("code '" + spec + "': '" + tok + "' is not a parameter (a non-negative integer)");
    out.push_back(std::stoul(tok));
  }
  if (out.size() < lo || out.size() > hi)
    throw InputError("code '" + spec + "': expected " + std::to_string(lo) +
                     (hi > lo ? " or " + std::to_string(hi) : "") + " comma-separated integers");
  return out;
}

void need_range(const std::string& spec, const char* what, std::size_t v, std::size_t lo, std::size_t hi) {
  if (v < lo || v > hi)
    throw InputError("code '" + spec + "': " + what + " must be in [" + std::to_string(lo) + ", " + std::to_string(hi) +
                     "], got " + std::to_string(v));
}

std::size_t binomial_sum(std::size_t r, std::size_t mu) {  // sum_{i <= r} C(mu, i)
  std::size_t total = 0, c = 1;
  for (std::size_t i = 0; i <= r; ++i) {
    total += c;
    c = c * (mu - i) / (i + 1);
  }
  return total;
}

std::string bracket(const AlgebraicCode& c) {
  return std::string("[") + std::to_string(c.n) + ", " + std::to_string(c.k) + ", >= " + std::to_string(c.D) + "]";
}

AlgebraicCode bch_info(const std::string& spec, const std::string& family, const std::string& p) {
  auto v = parse_params(spec, p, 2, 3);
  need_range(spec, "m", v[0], 3, 16);
  BchStage st = bch_parameters(static_cast<unsigned>(v[0]), v[1]);
  std::size_t k = v.size() == 3 ? v[2] : st.k;
  need_range(spec, "the dimension k", k, 1, st.k);
  bool ext = family == "ebch";
  AlgebraicCode c;
  c.family = family;
  c.n = st.n + (ext ? 1 : 0) - (st.k - k);
  c.k = k;
  c.D = st.D + (ext && st.D % 2 == 1 ? 1 : 0);
  c.params = {v[0], st.D, k};
  c.spec = family + ":" + std::to_string(v[0]) + std::string(",") + std::to_string(st.D) +
           (k < st.k ? std::string(",") + std::to_string(k) : "");
  c.name = std::string(ext ? "extended BCH " : "BCH ") + bracket(c) +
           (k < st.k ? " (shortened from [" + std::to_string(st.n + (ext ? 1 : 0)) + ", " + std::to_string(st.k) + "])"
                     : "");
  return c;
}

AlgebraicCode rs_info(const std::string& spec, const std::string& family, const std::string& p) {
  auto v = parse_params(spec, p, 2, 3);
  bool simplex = family == "rs-simplex";
  need_range(spec, "mu", v[0], simplex ? 2 : 3, 16);
  const std::size_t q = (std::size_t(1) << v[0]) - 1;
  std::size_t L = v.size() == 3 ? v[2] : q;
  need_range(spec, "the outer length L", L, 1, q);
  need_range(spec, "the outer dimension K", v[1], 1, L);
  AlgebraicCode c;
  c.family = family;
  const std::size_t inner_n = simplex ? q : (q + 1) / 2, inner_d = simplex ? (q + 1) / 2 : (q + 1) / 4;
  c.n = L * inner_n;
  c.k = v[0] * v[1];
  c.D = (L - v[1] + 1) * inner_d;
  c.params = {v[0], v[1], L};
  c.spec = family + ":" + std::to_string(v[0]) + std::string(",") + std::to_string(v[1]) +
           (L < q ? std::string(",") + std::to_string(L) : "");
  c.name = "Reed-Solomon [" + std::to_string(L) + ", " + std::to_string(v[1]) + "] over GF(2^" + std::to_string(v[0]) +
           ") with inner " + (simplex ? "simplex" : "RM(1, " + std::to_string(v[0] - 1) + ")") + " code " + bracket(c);
  return c;
}

AlgebraicCode rm_info(const std::string& spec, const std::string& p) {
  auto v = parse_params(spec, p, 2, 2);
  need_range(spec, "mu", v[1], 1, 20);
  need_range(spec, "r", v[0], 0, v[1]);
  AlgebraicCode c;
  c.family = "rm";
  c.n = std::size_t(1) << v[1];
  c.k = binomial_sum(v[0], v[1]);
  c.D = std::size_t(1) << (v[1] - v[0]);
  c.params = {v[0], v[1]};
  c.spec = "rm:" + std::to_string(v[0]) + std::string(",") + std::to_string(v[1]);
  c.name = "Reed-Muller RM(" + std::to_string(v[0]) + ", " + std::to_string(v[1]) + ") " + bracket(c);
  return c;
}

// floor(D / w) = floor(D den / num), capped to fit a size_t
std::size_t length_limit(std::size_t D, const Integer& num, const Integer& den) {
  Integer x = Integer(D) * den / num;
  return x > Integer(std::size_t(1) << 40) ? std::size_t(1) << 40 : static_cast<std::size_t>(x);
}

}  // namespace

bool is_algebraic_spec(const std::string& spec) {
  std::string family = spec.substr(0, spec.find(':'));
  return std::any_of(kAlgebraic.begin(), kAlgebraic.end(), [&](const CodeFamily& f) { return f.name == family; });
}

const std::vector<CodeFamily>& algebraic_families() { return kAlgebraic; }

AlgebraicCode algebraic_code_info(const std::string& spec) {
  auto colon = spec.find(':');
  std::string family = spec.substr(0, colon), p = colon == std::string::npos ? "" : spec.substr(colon + 1);
  if (family == "bch" || family == "ebch") return bch_info(spec, family, p);
  if (family == "rs-simplex" || family == "rs-rm1") return rs_info(spec, family, p);
  if (family == "rm") return rm_info(spec, p);
  throw InputError("code '" + spec +
                   "' is not a linear code with a generator matrix here (bch, ebch, rs-simplex, rs-rm1, rm)");
}

std::size_t writable_count(std::size_t n) { return n == 0 ? 0 : kMaxCodeEntries / n; }

AlgebraicSearch::AlgebraicSearch(const Rational& alpha) {
  if (alpha <= 0 || alpha >= 1) return;
  Rational w = (1 - alpha) / 2;
  num_ = numerator(w);
  den_ = denominator(w);
  any_ = true;
  for (const auto& st : bch_stages()) {
    bch_limit_.push_back(length_limit(st.D, num_, den_));
    ebch_limit_.push_back(length_limit(st.D + st.D % 2, num_, den_));
  }
}

std::optional<AlgebraicCode> AlgebraicSearch::best(std::size_t n_max) const {
  if (!any_) return std::nullopt;
  std::size_t best_k = 0, best_n = 0;
  std::string best_spec;
  auto offer = [&](std::size_t k, std::size_t n, const std::string& spec) {
    if (k > best_k || (k == best_k && k > 0 && n < best_n)) best_k = k, best_n = n, best_spec = spec;
  };
  const auto& stages = bch_stages();
  for (std::size_t t = 0; t < stages.size(); ++t) {
    const auto& st = stages[t];
    const std::string base = std::to_string(st.m) + std::string(",") + std::to_string(st.D);
    for (int ext = 0; ext < 2; ++ext) {
      std::size_t full = st.n + ext, len = std::min({full, n_max, ext ? ebch_limit_[t] : bch_limit_[t]});
      if (full - len >= st.k) continue;
      std::size_t k = st.k - (full - len);
      offer(k, len,
            std::string(ext ? "ebch:" : "bch:") + base + (k < st.k ? std::string(",") + std::to_string(k) : ""));
    }
  }
  for (unsigned mu = 2; mu <= 16; ++mu) {
    const std::size_t q = (std::size_t(1) << mu) - 1;
    for (int simplex = 1; simplex >= 0; --simplex) {
      if (!simplex && mu < 3) continue;
      std::size_t inner_n = simplex ? q : (q + 1) / 2, inner_d = simplex ? (q + 1) / 2 : (q + 1) / 4;
      std::size_t L = std::min(q, n_max / inner_n);
      if (L < 1) continue;
      // D / n >= w  <=>  (L - K + 1) inner_d den >= num L inner_n
      Integer need = (num_ * Integer(L * inner_n) + den_ * Integer(inner_d) - 1) / (den_ * Integer(inner_d));
      if (need > Integer(L)) continue;
      std::size_t K = L + 1 - static_cast<std::size_t>(need);
      std::string spec = std::string(simplex ? "rs-simplex:" : "rs-rm1:") + std::to_string(mu) + std::string(",") +
                         std::to_string(K) + (L < q ? std::string(",") + std::to_string(L) : "");
      offer(mu * K, L * inner_n, spec);
    }
  }
  for (std::size_t mu = 1; mu <= 20 && (std::size_t(1) << mu) <= n_max; ++mu) {
    std::size_t r = 0;
    while (r < mu && num_ * (Integer(1) << static_cast<unsigned>(r + 1)) <= den_) ++r;  // 2^-(r+1) >= w
    offer(binomial_sum(r, mu), std::size_t(1) << mu, "rm:" + std::to_string(r) + std::string(",") + std::to_string(mu));
  }
  if (best_k == 0) return std::nullopt;
  return algebraic_code_info(best_spec);
}

}  // namespace constel::codes
