// Exact Sturm sequences and the exact "f <= c on [lo, hi]" decision (see sturm.hpp).
#include "constel/bounds/sturm.hpp"

#include <utility>

#include "constel/error.hpp"

namespace constel::bounds {
namespace {

void trim(IntegerPolynomial& F) {
  while (!F.empty() && F.back() == 0) F.pop_back();
}

void make_primitive(IntegerPolynomial& F) {
  trim(F);
  if (F.empty()) return;
  Integer g = 0;
  for (const auto& c : F) {
    g = gcd(g, c);
    if (g == 1) return;
  }
  if (g < 0) g = -g;
  for (auto& c : F) c /= g;
}

IntegerPolynomial derivative(const IntegerPolynomial& F) {
  IntegerPolynomial D;
  for (std::size_t i = 1; i < F.size(); ++i) D.push_back(F[i] * Integer(i));
  trim(D);
  return D;
}

// Pseudo-remainder: lc(B)^steps A = Q B + R; `steps` (<= deg A - deg B + 1) is returned through the
// reference because its parity fixes the sign of the true remainder.
IntegerPolynomial pseudo_remainder(IntegerPolynomial A, const IntegerPolynomial& B, std::size_t& steps) {
  const std::size_t db = B.size() - 1;
  const Integer& lb = B.back();
  steps = 0;
  while (!A.empty() && A.size() - 1 >= db) {
    ++steps;
    Integer la = A.back();
    std::size_t shift = A.size() - 1 - db;
    for (auto& c : A) c *= lb;
    for (std::size_t i = 0; i <= db; ++i) A[i + shift] -= la * B[i];
    A.pop_back();
    trim(A);
  }
  return A;
}

// Exact quotient A / B when B divides A (both integer, B primitive): done over Q then made primitive.
IntegerPolynomial exact_quotient(const IntegerPolynomial& A, const IntegerPolynomial& B) {
  RationalPolynomial rest(A.begin(), A.end());
  const std::size_t db = B.size() - 1;
  RationalPolynomial quotient(A.size() - db, Rational(0));
  for (std::size_t k = A.size(); k-- > db;) {
    Rational c = rest[k] / Rational(B.back());
    quotient[k - db] = c;
    for (std::size_t i = 0; i <= db; ++i) rest[k - db + i] -= c * Rational(B[i]);
  }
  return primitive_integer_polynomial(quotient);
}

int sign_of(const Integer& x) { return x > 0 ? 1 : (x < 0 ? -1 : 0); }

std::size_t sign_changes(const std::vector<IntegerPolynomial>& seq, const Rational& x) {
  std::size_t changes = 0;
  int last = 0;
  for (const auto& F : seq) {
    int s = sign_at(F, x);
    if (s == 0) continue;
    if (last != 0 && s != last) ++changes;
    last = s;
  }
  return changes;
}

}  // namespace

IntegerPolynomial primitive_integer_polynomial(const RationalPolynomial& f) {
  Integer l = 1;
  for (const auto& c : f)
    if (c != 0) l = lcm(l, denominator(c));
  IntegerPolynomial F;
  F.reserve(f.size());
  for (const auto& c : f) F.push_back(numerator(c) * (l / denominator(c)));
  make_primitive(F);
  return F;
}

int sign_at(const IntegerPolynomial& F, const Rational& x) {
  if (F.empty()) return 0;
  // b^deg F(a/b) = sum F_i a^i b^(deg-i), Horner in homogeneous form.
  const Integer a = numerator(x), b = denominator(x);
  Integer acc = F.back(), bpow = 1;
  for (std::size_t i = F.size() - 1; i-- > 0;) {
    bpow *= b;
    acc = acc * a + F[i] * bpow;
  }
  return sign_of(acc);
}

std::vector<IntegerPolynomial> sturm_sequence(const IntegerPolynomial& F) {
  std::vector<IntegerPolynomial> seq;
  if (F.empty()) return seq;
  seq.push_back(F);
  IntegerPolynomial D = derivative(F);
  make_primitive(D);
  if (D.empty()) return seq;
  seq.push_back(D);
  while (seq.back().size() > 1) {
    const IntegerPolynomial& A = seq[seq.size() - 2];
    const IntegerPolynomial& B = seq.back();
    std::size_t steps = 0;
    IntegerPolynomial R = pseudo_remainder(A, B, steps);
    if (R.empty()) break;
    // True remainder = R / lc(B)^steps; the Sturm element is its negative.
    bool flip = !(B.back() < 0 && steps % 2 == 1);  // lc^steps > 0 -> negate R
    make_primitive(R);
    if (flip)
      for (auto& c : R) c = -c;
    seq.push_back(std::move(R));
  }
  return seq;
}

IntegerPolynomial squarefree_part(const IntegerPolynomial& F) {
  if (F.size() <= 2) return F;
  auto seq = sturm_sequence(F);
  IntegerPolynomial g = seq.back();  // gcd(F, F') up to a constant
  if (g.size() <= 1) return F;
  IntegerPolynomial Q = exact_quotient(F, g);
  if ((Q.back() > 0) != (F.back() > 0))
    for (auto& c : Q) c = -c;
  return Q;
}

std::size_t count_roots(const std::vector<IntegerPolynomial>& sturm, const Rational& a, const Rational& b) {
  std::size_t va = sign_changes(sturm, a), vb = sign_changes(sturm, b);
  if (vb > va) throw InternalError("Sturm count went negative (sequence not a Sturm sequence)");
  return va - vb;
}

Rational evaluate(const RationalPolynomial& f, const Rational& x) {
  Rational acc = 0;
  for (std::size_t i = f.size(); i-- > 0;) acc = acc * x + f[i];
  return acc;
}

bool exact_max_at_most(const RationalPolynomial& f, const Rational& c, const Rational& lo, const Rational& hi,
                       std::size_t work_limit) {
  if (!(lo < hi)) throw InternalError("exact_max_at_most: empty interval");
  // g = c - f must be >= 0 on [lo, hi].
  RationalPolynomial gq(f.size(), Rational(0));
  for (std::size_t i = 0; i < f.size(); ++i) gq[i] = -f[i];
  if (gq.empty()) gq.push_back(Rational(0));
  gq[0] += c;
  IntegerPolynomial G = primitive_integer_polynomial(gq);  // positive multiple of g
  if (G.empty()) return true;                              // g == 0
  if (sign_at(G, lo) < 0 || sign_at(G, hi) < 0) return false;
  if (G.size() == 1) return true;
  IntegerPolynomial S = squarefree_part(G);
  auto sturm = sturm_sequence(S);
  // Intervals (a, b) whose open interior is still to be checked; endpoints already have g >= 0.
  std::vector<std::pair<Rational, Rational>> todo{{lo, hi}};
  std::size_t work = 0;
  while (!todo.empty()) {
    if (++work > work_limit) throw LimitError("exact certificate check: root isolation exceeded its work limit");
    auto [a, b] = todo.back();
    todo.pop_back();
    std::size_t roots = count_roots(sturm, a, b);
    if (sign_at(S, b) == 0) --roots;  // roots in the open interval (a, b)
    int ga = sign_at(G, a), gb = sign_at(G, b);
    if (roots == 0) {
      // Constant nonzero sign on (a, b): test the midpoint.
      if (sign_at(G, (a + b) / 2) < 0) return false;
      continue;
    }
    if (roots == 1 && ga != 0 && gb != 0) continue;  // g > 0 on [a, r) and (r, b] (continuity)
    Rational mid = (a + b) / 2;
    if (sign_at(G, mid) < 0) return false;
    todo.push_back({a, mid});
    todo.push_back({mid, b});
  }
  return true;
}

}  // namespace constel::bounds
