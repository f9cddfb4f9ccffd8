// Delsarte LP bound: GLPK on a grid, then the exact certificate (see delsarte.hpp; docs/math.md section 5).
#include "constel/bounds/delsarte.hpp"

#include <glpk.h>

#include <algorithm>
#include <cmath>
#include <memory>

#include "constel/bounds/gegenbauer.hpp"
#include "constel/bounds/sturm.hpp"
#include "constel/error.hpp"

namespace constel::bounds {
namespace {

// Grid on [-1, s]: uniform points plus every p/q with q <= 24 (the expected roots of extremal
// polynomials are small-denominator rationals, e.g. -1, -1/2, 0, 1/4, 1/3), plus s itself.
std::vector<double> lp_grid(double s) {
  std::vector<double> g;
  const int uniform = 1600;
  for (int i = 0; i <= uniform; ++i) g.push_back(-1.0 + (s + 1.0) * i / uniform);
  for (int q = 1; q <= 24; ++q)
    for (int p = -q; p <= q; ++p)
      if (double(p) / q <= s) g.push_back(double(p) / q);
  g.push_back(s);
  std::sort(g.begin(), g.end());
  g.erase(std::unique(g.begin(), g.end(), [](double a, double b) { return std::abs(a - b) < 1e-12; }), g.end());
  return g;
}

struct LpSolution {
  bool optimal = false;
  double value = 0;        // f(1) / f_0 with f_0 = 1
  std::vector<double> f;   // f_0 = 1, f_1..f_K
};

LpSolution solve_grid_lp(std::size_t n, std::size_t K, const std::vector<double>& grid) {
  std::unique_ptr<glp_prob, void (*)(glp_prob*)> lp(glp_create_prob(), glp_delete_prob);
  glp_set_obj_dir(lp.get(), GLP_MIN);
  glp_add_cols(lp.get(), int(K));
  for (std::size_t k = 1; k <= K; ++k) {
    glp_set_col_bnds(lp.get(), int(k), GLP_LO, 0.0, 0.0);
    glp_set_obj_coef(lp.get(), int(k), 1.0);  // f(1) = f_0 + sum f_k since P_k(1) = 1
  }
  glp_add_rows(lp.get(), int(grid.size()));
  std::vector<int> ia{0}, ja{0};
  std::vector<double> ar{0}, P(K + 1);
  for (std::size_t i = 0; i < grid.size(); ++i) {
    glp_set_row_bnds(lp.get(), int(i + 1), GLP_UP, 0.0, -1.0);  // sum_k f_k P_k(t) <= -f_0 = -1
    gegenbauer_values_double(n, K, grid[i], P.data());
    for (std::size_t k = 1; k <= K; ++k) {
      ia.push_back(int(i + 1));
      ja.push_back(int(k));
      ar.push_back(P[k]);
    }
  }
  glp_load_matrix(lp.get(), int(ia.size() - 1), ia.data(), ja.data(), ar.data());
  int previous_output = glp_term_out(GLP_OFF);  // glp_scale_prob prints otherwise
  glp_scale_prob(lp.get(), GLP_SF_AUTO);
  glp_smcp parm;
  glp_init_smcp(&parm);
  parm.msg_lev = GLP_MSG_OFF;
  parm.meth = GLP_DUALP;
  parm.tol_bnd = 1e-10;
  parm.tol_dj = 1e-10;
  LpSolution sol;
  int rc = glp_simplex(lp.get(), &parm);
  glp_term_out(previous_output);
  if (rc != 0 || glp_get_status(lp.get()) != GLP_OPT) return sol;
  sol.optimal = true;
  sol.value = 1.0 + glp_get_obj_val(lp.get());
  sol.f.assign(K + 1, 0.0);
  sol.f[0] = 1.0;
  for (std::size_t k = 1; k <= K; ++k) sol.f[k] = std::max(0.0, glp_get_col_prim(lp.get(), int(k)));
  return sol;
}

// Largest sampled value of f on [-1, s] (double; only a starting guess for the exact eps).
double sampled_max(std::size_t n, const std::vector<double>& f, double s) {
  const std::size_t K = f.size() - 1;
  std::vector<double> P(K + 1);
  double best = -INFINITY;
  const int samples = 20000;
  for (int i = 0; i <= samples; ++i) {
    double t = -1.0 + (s + 1.0) * i / samples;
    gegenbauer_values_double(n, K, t, P.data());
    double v = 0;
    for (std::size_t k = 0; k <= K; ++k) v += f[k] * P[k];
    best = std::max(best, v);
  }
  return best;
}

// Local maxima of f on [-1, s] that are close to 0 or positive (double; new cutting planes).
std::vector<double> near_violations(std::size_t n, const std::vector<double>& f, double s) {
  const std::size_t K = f.size() - 1;
  std::vector<double> P(K + 1), t, v;
  const int samples = 8000;
  for (int i = 0; i <= samples; ++i) {
    t.push_back(-1.0 + (s + 1.0) * i / samples);
    gegenbauer_values_double(n, K, t.back(), P.data());
    double x = 0;
    for (std::size_t k = 0; k <= K; ++k) x += f[k] * P[k];
    v.push_back(x);
  }
  std::vector<double> out;
  for (int i = 1; i < samples; ++i)
    if (v[i] >= v[i - 1] && v[i] >= v[i + 1] && v[i] > -1e-3) {
      // Golden-section refinement of the local maximum in [t_{i-1}, t_{i+1}].
      double a = t[i - 1], b = t[i + 1];
      auto val = [&](double x) {
        gegenbauer_values_double(n, K, x, P.data());
        double y = 0;
        for (std::size_t k = 0; k <= K; ++k) y += f[k] * P[k];
        return y;
      };
      for (int it = 0; it < 60; ++it) {
        double m1 = a + (b - a) * 0.381966, m2 = b - (b - a) * 0.381966;
        if (val(m1) < val(m2)) a = m1; else b = m2;
      }
      out.push_back((a + b) / 2);
    }
  return out;
}

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

// Exact polishing: the optimal f typically vanishes at small-denominator rationals (simple zeros at
// -1 and s, double zeros inside). Solve f(t) = 0 there, f'(t) = 0 at interior ones, exactly over Q;
// when the system has a unique solution it is a candidate (E8 and Leech come out exactly).
std::optional<std::vector<Rational>> exact_polish(std::size_t n, const std::vector<double>& f, const Rational& s) {
  const std::size_t K = f.size() - 1;
  double f1 = 0;
  for (double c : f) f1 += c;
  std::vector<double> P(K + 1);
  std::vector<Rational> touch;
  for (int q = 1; q <= 24; ++q)
    for (int p = -q; p <= q; ++p) {
      Rational t(p, q);
      if (t > s || boost::multiprecision::denominator(t) != Integer(q)) continue;
      gegenbauer_values_double(n, K, to_double(t), P.data());
      double v = 0;
      for (std::size_t k = 0; k <= K; ++k) v += f[k] * P[k];
      if (std::abs(v) <= 1e-9 * f1) touch.push_back(t);
    }
  if (s != Rational(-1) && std::find(touch.begin(), touch.end(), s) == touch.end()) {
    gegenbauer_values_double(n, K, to_double(s), P.data());
    double v = 0;
    for (std::size_t k = 0; k <= K; ++k) v += f[k] * P[k];
    if (std::abs(v) <= 1e-9 * f1) touch.push_back(s);
  }
  auto mono = gegenbauer_monomials(n, K);
  // Rows: [P_1(t) .. P_K(t) | -1] (f_0 = 1) and [P_1'(t) .. P_K'(t) | 0].
  std::vector<std::vector<Rational>> rows;
  for (const auto& t : touch) {
    std::vector<Rational> r(K + 1), rd(K + 1);
    for (std::size_t k = 1; k <= K; ++k) {
      r[k - 1] = evaluate(mono[k], t);
      RationalPolynomial d;
      for (std::size_t i = 1; i < mono[k].size(); ++i) d.push_back(mono[k][i] * Integer(i));
      rd[k - 1] = d.empty() ? Rational(0) : evaluate(d, t);
    }
    r[K] = -1;
    rd[K] = 0;
    rows.push_back(r);
    if (t != -1 && t != s) rows.push_back(rd);
  }
  if (rows.size() < K) return std::nullopt;
  // Gauss-Jordan elimination over Q.
  std::size_t rank = 0;
  std::vector<std::size_t> pivot_col;
  for (std::size_t c = 0; c < K && rank < rows.size(); ++c) {
    std::size_t piv = rank;
    while (piv < rows.size() && rows[piv][c] == 0) ++piv;
    if (piv == rows.size()) return std::nullopt;  // not unique
    std::swap(rows[piv], rows[rank]);
    Rational inv = 1 / rows[rank][c];
    for (auto& x : rows[rank]) x *= inv;
    for (std::size_t r = 0; r < rows.size(); ++r)
      if (r != rank && rows[r][c] != 0) {
        Rational m = rows[r][c];
        for (std::size_t j = c; j <= K; ++j) rows[r][j] -= m * rows[rank][j];
      }
    ++rank;
  }
  if (rank < K) return std::nullopt;
  for (std::size_t r = K; r < rows.size(); ++r)
    if (rows[r][K] != 0) return std::nullopt;  // inconsistent
  std::vector<Rational> out{Rational(1)};
  for (std::size_t k = 0; k < K; ++k) {
    if (rows[k][K] < 0) return std::nullopt;
    out.push_back(rows[k][K]);
  }
  return out;
}

bool max_at_most(const RationalPolynomial& f, const Rational& eps, const Rational& s) {
  if (s == -1) return evaluate(f, s) <= eps;
  return exact_max_at_most(f, eps, Rational(-1), s);
}

}  // namespace

std::optional<DelsarteCertificate> certify_delsarte(std::size_t n, const Rational& s,
                                                    const std::vector<Rational>& coefficients,
                                                    const std::optional<Rational>& eps, std::string& why) {
  if (n < 2) throw InputError("Delsarte bound: dimension n must be >= 2");
  if (s < -1 || s >= 1) throw InputError("Delsarte bound: s must lie in [-1, 1), got " + to_string(s));
  if (coefficients.empty()) {
    why = "no coefficients";
    return std::nullopt;
  }
  for (std::size_t k = 1; k < coefficients.size(); ++k)
    if (coefficients[k] < 0) {
      why = "coefficient f_" + std::to_string(k) + " = " + to_string(coefficients[k]) + " is negative";
      return std::nullopt;
    }
  if (coefficients[0] <= 0) {
    why = "f_0 must be positive";
    return std::nullopt;
  }
  RationalPolynomial f = gegenbauer_to_monomial(n, coefficients);
  Rational f1 = 0;
  for (const auto& c : coefficients) f1 += c;
  DelsarteCertificate cert{n, s, coefficients, Rational(0), Rational(0)};
  if (eps) {
    if (*eps < 0) {
      why = "eps must be >= 0";
      return std::nullopt;
    }
    if (!max_at_most(f, *eps, s)) {
      why = "f exceeds eps = " + to_string(*eps) + " somewhere on [-1, s]";
      return std::nullopt;
    }
    cert.eps = *eps;
  } else if (!max_at_most(f, Rational(0), s)) {
    std::vector<double> fd;
    for (const auto& c : coefficients) fd.push_back(to_double(c));
    double guess = std::max(0.0, sampled_max(n, fd, to_double(s)));
    const Rational step(Integer(1), Integer(1) << 40);
    Rational e = from_double(guess) + step;
    bool ok = false;
    Rational failed = 0;
    for (int attempt = 0; attempt < 80 && e < coefficients[0]; ++attempt) {
      if (max_at_most(f, e, s)) {
        ok = true;
        break;
      }
      failed = e;
      e = 2 * e + step;
    }
    // Tighten: bisect between the last eps that failed and the one that holds.
    for (int it = 0; ok && it < 6; ++it) {
      Rational mid = (failed + e) / 2;
      if (max_at_most(f, mid, s)) e = mid; else failed = mid;
    }
    if (!ok) {
      why = "no eps below f_0 bounds f on [-1, s]";
      return std::nullopt;
    }
    cert.eps = e;
  }
  if (coefficients[0] <= cert.eps) {
    why = "eps >= f_0: the polynomial proves nothing";
    return std::nullopt;
  }
  cert.bound = (f1 - cert.eps) / (coefficients[0] - cert.eps);
  return cert;
}

DelsarteResult certified_delsarte_bound(std::size_t n, const Rational& s, const DelsarteOptions& options) {
  if (n < 2) throw InputError("Delsarte bound: dimension n must be >= 2, got " + std::to_string(n));
  if (s < -1 || s >= 1) throw InputError("Delsarte bound: s must lie in [-1, 1), got " + to_string(s));
  DelsarteResult result;
  if (n > options.max_dimension) {
    result.note = "dimension " + std::to_string(n) + " is beyond what the Delsarte LP certifies here (max " +
                  std::to_string(options.max_dimension) + "); the Levenshtein bound applies";
    return result;
  }
  if (options.degree && (*options.degree < 1 || *options.degree > 200))
    throw LimitError("Delsarte bound: --degree must lie in 1..200, got " + std::to_string(*options.degree));
  const double sd = to_double(s);
  const auto grid = lp_grid(sd);
  LpSolution best;
  std::size_t best_degree = 0;
  if (options.degree) {
    best = solve_grid_lp(n, *options.degree, grid);
    best_degree = *options.degree;
  } else {
    for (std::size_t K = 1; K <= options.max_degree; ++K) {
      LpSolution sol = solve_grid_lp(n, K, grid);
      if (sol.optimal && (!best.optimal || sol.value < best.value * (1 - 1e-9))) {
        best = std::move(sol);
        best_degree = K;
      } else if (best.optimal && K >= best_degree + options.patience) {
        break;
      }
    }
  }
  if (!best.optimal) {
    result.note = options.degree ? "the grid LP has no solution at degree " + std::to_string(*options.degree)
                                 : "the grid LP has no solution up to degree " + std::to_string(options.max_degree);
    return result;
  }
  result.grid_value = best.value;
  result.degree = best_degree;
  // Cutting planes: add the local maxima of f to the grid and solve again, so that f is close to
  // <= 0 between grid points too (the grid value above stays the plain grid optimum).
  std::vector<double> refined_grid = grid;
  for (int round = 0; round < 3; ++round) {
    auto extra = near_violations(n, best.f, sd);
    if (extra.empty()) break;
    refined_grid.insert(refined_grid.end(), extra.begin(), extra.end());
    LpSolution sol = solve_grid_lp(n, best_degree, refined_grid);
    if (!sol.optimal) break;
    best = std::move(sol);
  }
  // Two roundings of the coefficients: small denominators (recovers exact optima such as E8's) and
  // the exact doubles; the smaller certified bound wins.
  std::string why;
  auto polished = exact_polish(n, best.f, s);
  for (int variant = polished ? 0 : 1; variant < 3; ++variant) {
    std::vector<Rational> coefficients;
    if (variant == 0)
      coefficients = *polished;
    else
      for (double c : best.f)
        coefficients.push_back(variant == 1 ? small_denominator_rational(c, 100000, 1e-9) : from_double(c));
    while (coefficients.size() > 1 && coefficients.back() == 0) coefficients.pop_back();
    auto cert = certify_delsarte(n, s, coefficients, std::nullopt, why);
    if (cert && (!result.certified || cert->bound < result.certificate.bound)) {
      result.certified = true;
      result.certificate = std::move(*cert);
    }
  }
  if (!result.certified) result.note = "the LP polynomial could not be certified: " + why;
  return result;
}

}  // namespace constel::bounds
