// The exact polish of a Delsarte LP solution (see delsarte_polish.hpp; docs/math.md section 5).
#include "constel/bounds/detail/delsarte_polish.hpp"

#include <algorithm>
#include <cmath>

#include "constel/bounds/gegenbauer.hpp"
#include "constel/bounds/sturm.hpp"
#include "constel/error.hpp"

namespace constel::bounds::detail {
namespace {

// Solves f(t) = 0 at every touch point, f'(t) = 0 at the interior ones (not -1, not s), exactly over Q
// for the coefficients f_k, k in `free` (the others 0; f_0 = 1). A candidate only when the system has
// exactly one solution and it is >= 0. The stop is asked before every elimination column (one
// system of degree 40 at 2^-32 touch points takes seconds of big-rational arithmetic).
std::optional<std::vector<Rational>> solve_touch_system(std::size_t n, std::size_t K, const Rational& s,
                                                        const std::vector<Rational>& touch,
                                                        const std::vector<std::size_t>& free, const RunHooks& hooks) {
  const std::size_t F = free.size();
  auto mono = gegenbauer_monomials(n, K);
  // Rows: [P_k(t) for k in free | -1] and [P_k'(t) for k in free | 0].
  std::vector<std::vector<Rational>> rows;
  for (const auto& t : touch) {
    hooks.throw_if_stopped("Delsarte certificate");
    std::vector<Rational> r(F + 1), rd(F + 1);
    for (std::size_t j = 0; j < F; ++j) {
      const auto& pk = mono[free[j]];
      r[j] = evaluate(pk, t);
      RationalPolynomial d;
      for (std::size_t i = 1; i < pk.size(); ++i) d.push_back(pk[i] * Integer(i));
      rd[j] = d.empty() ? Rational(0) : evaluate(d, t);
    }
    r[F] = -1;
    rd[F] = 0;
    rows.push_back(r);
    if (t != -1 && t != s) rows.push_back(rd);
  }
  if (rows.size() < F) return std::nullopt;
  // Gauss-Jordan elimination over Q.
  std::size_t rank = 0;
  for (std::size_t c = 0; c < F && rank < rows.size(); ++c) {
    hooks.throw_if_stopped("Delsarte certificate");
    std::size_t piv = rank;
    while (piv < rows.size() && rows[piv][c] == 0) ++piv;
    if (piv == rows.size()) return std::nullopt;  // not unique
    std::swap(rows[piv], rows[rank]);
    Rational inv = 1 / rows[rank][c];
    for (auto& x : rows[rank]) x *= inv;
    for (std::size_t r = 0; r < rows.size(); ++r)
      if (r != rank && rows[r][c] != 0) {
        Rational m = rows[r][c];
        for (std::size_t j = c; j <= F; ++j) rows[r][j] -= m * rows[rank][j];
      }
    ++rank;
  }
  if (rank < F) return std::nullopt;
  for (std::size_t r = F; r < rows.size(); ++r)
    if (rows[r][F] != 0) return std::nullopt;  // inconsistent
  std::vector<Rational> out(K + 1, Rational(0));
  out[0] = 1;
  for (std::size_t j = 0; j < F; ++j) {
    if (rows[j][F] < 0) return std::nullopt;
    out[free[j]] = rows[j][F];
  }
  return out;
}

}  // namespace

// The best rational with denominator <= max_den within rel_tol of x (continued fractions), or the
// exact double when none is that close.
Rational small_denominator_rational(double x, std::int64_t max_den, double rel_tol) {
  if (x == 0) return Rational(0);
  double r = x;
  std::int64_t h0 = 0, h1 = 1, k0 = 1, k1 = 0;
  for (int it = 0; it < 40; ++it) {
    double a = std::floor(r);
    if (std::abs(a) > 1e15) break;
    std::int64_t ai = std::int64_t(a);
    std::int64_t h2 = ai * h1 + h0, k2 = ai * k1 + k0;
    if (k2 > max_den) break;
    h0 = h1, h1 = h2, k0 = k1, k1 = k2;
    if (std::abs(double(h1) / double(k1) - x) <= rel_tol * std::abs(x)) return Rational(Integer(h1), Integer(k1));
    double frac = r - a;
    if (frac < 1e-300) break;
    r = 1 / frac;
  }
  return from_double(x);
}

// Exact polishing at small-denominator rationals: the optimal f often vanishes at such points (simple
// zeros at -1 and s, double zeros inside); E8 and Leech come out exactly.
std::optional<std::vector<Rational>> exact_polish(std::size_t n, const std::vector<double>& f, const Rational& s,
                                                  const RunHooks& hooks) {
  const std::size_t K = f.size() - 1;
  double f1 = 0;
  for (double c : f) f1 += c;
  std::vector<Rational> touch;
  for (int q = 1; q <= 24; ++q)
    for (int p = -q; p <= q; ++p) {
      Rational t(p, q);
      if (t > s || boost::multiprecision::denominator(t) != Integer(q)) continue;
      if (std::abs(evaluate_double(n, f, to_double(t))) <= 1e-9 * f1) touch.push_back(t);
    }
  if (s != Rational(-1) && std::find(touch.begin(), touch.end(), s) == touch.end() &&
      std::abs(evaluate_double(n, f, to_double(s))) <= 1e-9 * f1)
    touch.push_back(s);
  std::vector<std::size_t> all;
  for (std::size_t k = 1; k <= K; ++k) all.push_back(k);
  return solve_touch_system(n, K, s, touch, all, hooks);
}

// The exchange polish: the touch points are the local maxima of f that hold a tight grid constraint of
// the LP (rounded to multiples of 2^-32; s and -1 kept exact), the unknowns the coefficients the LP left
// positive. The result has exact double zeros at the rounded points, so it is feasible near them and
// its value is within second order of the LP optimum.
std::optional<std::vector<Rational>> exchange_polish(std::size_t n, const std::vector<double>& f, const Rational& s,
                                                     const ActiveSet& set, const RunHooks& hooks) {
  const std::vector<double>& active = set.points;
  const std::size_t K = f.size() - 1;
  const double sd = to_double(s);
  auto maxima = local_maxima(n, f, sd);
  if (maxima.empty() || active.empty()) return std::nullopt;
  std::vector<bool> touched(maxima.size(), false);
  for (double a : active) {
    std::size_t best = 0;
    for (std::size_t i = 1; i < maxima.size(); ++i)
      if (std::abs(maxima[i].t - a) < std::abs(maxima[best].t - a)) best = i;
    touched[best] = true;
  }
  std::vector<Rational> touch;
  const double unit = std::ldexp(1.0, 32);
  for (std::size_t i = 0; i < maxima.size(); ++i) {
    if (!touched[i]) continue;
    const double t = maxima[i].t;
    if (t <= -1 + 1e-12) touch.push_back(Rational(-1));
    else if (t >= sd - 1e-12) touch.push_back(s);
    else touch.push_back(Rational(Integer(std::llround(t * unit)), Integer(1) << 32));
  }
  std::sort(touch.begin(), touch.end());
  touch.erase(std::unique(touch.begin(), touch.end()), touch.end());
  // Unknowns: the basic columns of the LP vertex. A degenerate vertex can have one equation more (a
  // touch seen by a single grid point) or fewer than columns: then each column is tried as the one to
  // add (or drop), and the smallest nonnegative solution wins.
  std::size_t equations = 0;
  for (const auto& t : touch) equations += (t == -1 || t == s) ? 1 : 2;
  std::vector<std::vector<std::size_t>> trials;
  const auto& cols = set.columns;
  if (cols.size() == equations) trials.push_back(cols);
  if (cols.size() + 1 == equations)
    for (std::size_t k = 1; k <= K; ++k)
      if (std::find(cols.begin(), cols.end(), k) == cols.end()) {
        auto c = cols;
        c.push_back(k);
        std::sort(c.begin(), c.end());
        trials.push_back(std::move(c));
      }
  if (cols.size() == equations + 1)
    for (std::size_t i = 0; i < cols.size(); ++i) {
      auto c = cols;
      c.erase(c.begin() + std::ptrdiff_t(i));
      trials.push_back(std::move(c));
    }
  std::optional<std::vector<Rational>> best;
  Rational best_f1;
  for (const auto& c : trials) {
    auto r = solve_touch_system(n, K, s, touch, c, hooks);
    if (!r) continue;
    Rational f1 = 0;
    for (const auto& x : *r) f1 += x;
    if (!best || f1 < best_f1) best = std::move(r), best_f1 = f1;
  }
  return best;
}

}  // namespace constel::bounds::detail
