// Delsarte LP bound: GLPK on a grid, then the exact certificate (see delsarte.hpp; docs/math.md section 5).
#include "constel/bounds/delsarte.hpp"

#include <algorithm>
#include <cmath>
#include <memory>

#include "constel/bounds/delsarte_lp.hpp"
#include "constel/bounds/delsarte_mp.hpp"
#include "constel/bounds/detail/delsarte_polish.hpp"
#include "constel/bounds/gegenbauer.hpp"
#include "constel/bounds/sturm.hpp"
#include "constel/error.hpp"

namespace constel::bounds {
namespace {

using detail::exact_polish;
using detail::exchange_polish;
using detail::LpSolution;
using detail::small_denominator_rational;

// Largest sampled value of f on [-1, s] (double; only a starting guess for the exact eps).
double sampled_max(std::size_t n, const std::vector<double>& f, double s) {
  double best = -INFINITY;
  for (const auto& m : detail::local_maxima(n, f, s)) best = std::max(best, m.value);
  return best;
}

// The multiple-precision LP at degree K (delsarte_mp.hpp), certified: eps is proved at twice the
// largest violation it found, plus the negative f_k it set to 0 (raising f by at most their sum on
// [-1, 1]), plus 1e-13 (the rounding of f_k to 2^-64 moves f by less); raised by 1000 up to three times
// when the Sturm proof refuses it.
std::optional<DelsarteCertificate> certify_mp(std::size_t n, const Rational& s, std::size_t K, const RunHooks& hooks,
                                              double& lower, bool& infeasible, std::string& why) {
  detail::MpLpSolution lp = detail::solve_delsarte_mp(n, K, s, stage_hooks(hooks, 0.0, 0.8));
  infeasible = lp.infeasible;
  if (!lp.optimal) {
    why = lp.note;
    return std::nullopt;
  }
  lower = lp.lower;
  auto coefficients = lp.f;
  while (coefficients.size() > 1 && coefficients.back() == 0) coefficients.pop_back();
  Rational eps = from_double(2 * lp.violation + lp.clamped + 1e-13);
  for (int attempt = 0; attempt < 4 && eps < coefficients[0]; ++attempt, eps *= 1000)
    if (auto cert = certify_delsarte(n, s, coefficients, eps, why, hooks)) return cert;
  return std::nullopt;
}

bool max_at_most(const RationalPolynomial& f, const Rational& eps, const Rational& s, const RunHooks& hooks) {
  hooks.throw_if_stopped("Delsarte certificate");
  if (s == -1) return evaluate(f, s) <= eps;
  return exact_max_at_most(f, eps, Rational(-1), s);
}

}  // namespace

std::optional<DelsarteCertificate> certify_delsarte(std::size_t n, const Rational& s,
                                                    const std::vector<Rational>& coefficients,
                                                    const std::optional<Rational>& eps, std::string& why,
                                                    const RunHooks& hooks) {
  if (n < 2) throw InputError("Delsarte bound: dimension n must be >= 2");
  if (s < -1 || s >= 1) throw InputError("Delsarte bound: s must lie in [-1, 1), got " + to_string(s));
  if (coefficients.empty()) {
    why = "no coefficients";
    return std::nullopt;
  }
  if (coefficients.size() > kMaxCertificateDegree + 1)
    throw LimitError("Delsarte certificate of degree " + std::to_string(coefficients.size() - 1) + ": above the limit " +
                     std::to_string(kMaxCertificateDegree));
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
    if (coefficients[0] <= *eps) {  // the cheap refusal first, before the Sturm proof
      why = "eps >= f_0: the polynomial proves nothing";
      return std::nullopt;
    }
    if (!max_at_most(f, *eps, s, hooks)) {
      why = "f exceeds eps = " + to_string(*eps) + " somewhere on [-1, s]";
      return std::nullopt;
    }
    cert.eps = *eps;
  } else if (!max_at_most(f, Rational(0), s, hooks)) {
    std::vector<double> fd;
    for (const auto& c : coefficients) fd.push_back(to_double(c));
    double guess = std::max(0.0, sampled_max(n, fd, to_double(s)));
    const Rational step(Integer(1), Integer(1) << 40);
    Rational e = from_double(guess) + step;
    bool ok = false;
    Rational failed = 0;
    for (int attempt = 0; attempt < 80 && e < coefficients[0]; ++attempt) {
      if (max_at_most(f, e, s, hooks)) {
        ok = true;
        break;
      }
      failed = e;
      e = 2 * e + step;
    }
    // Tighten: bisect between the last eps that failed and the one that holds.
    for (int it = 0; ok && it < 6; ++it) {
      Rational mid = (failed + e) / 2;
      if (max_at_most(f, mid, s, hooks)) e = mid; else failed = mid;
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

void throw_if_bad_delsarte_degree(std::size_t degree) {
  if (degree < 1 || degree > 200)
    throw LimitError("the Delsarte LP degree must lie in 1..200, got " + std::to_string(degree));
}

namespace {

// GLPK's degree search on the grid, the exchange step and the exact polish (steps 1-5 of docs/bounds.md
// "Delsarte: the grid optimum is never a bound").
DelsarteResult glpk_delsarte(std::size_t n, const Rational& s, const DelsarteOptions& options) {
  DelsarteResult result;
  const double sd = to_double(s);
  // The fine grid first; when GLPK finds no solution at any degree on it, the coarse one. From n = 130
  // on (measured: the fine grid fails at s = 1/2 from n = 150) the coarse grid goes first.
  std::vector<double> grid;
  LpSolution best;
  std::size_t best_degree = 0;
  const bool coarse_first = n >= 130;
  for (int attempt = 0; attempt < 2 && !best.optimal; ++attempt) {
    grid = (attempt == 0) != coarse_first ? detail::lp_grid(sd) : detail::coarse_lp_grid(sd);
    auto plain = [&](std::size_t K) {
      options.hooks.throw_if_stopped("Delsarte LP");
      options.hooks.report(0.3 * (attempt + double(K) / double(options.degree ? K : options.max_degree)));
      detail::GridLp lp(n, K);
      lp.add_points(grid);
      return lp.solve(options.hooks);
    };
    if (options.degree) {
      best_degree = *options.degree;
      best = plain(best_degree);
      continue;
    }
    for (std::size_t K = 1; K <= options.max_degree; ++K) {
      LpSolution sol = plain(K);
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
  // The exchange step at the chosen degree: local maxima of f above 0 become constraints until f is
  // <= 0 between grid points too (to a tolerance); its optimum is a lower bound on the LP optimum.
  detail::ActiveSet active;
  best = detail::solve_with_exchange(n, best_degree, sd, grid, 40, &active, stage_hooks(options.hooks, 0.6, 0.7));
  if (!best.optimal) {
    result.note = "the grid LP has no solution at degree " + std::to_string(best_degree);
    return result;
  }
  result.grid_value = best.value;
  result.degree = best_degree;
  // Candidates, best first: exact zeros at small-denominator rationals (E8, Leech exactly), exact zeros
  // at the LP's touch points (the exchange polish), small denominators, the exact doubles. The smallest
  // certified bound wins; a candidate within 1e-12 of the grid optimum ends the search.
  std::string why;
  std::vector<std::vector<Rational>> candidates;
  if (auto p = exact_polish(n, best.f, s, options.hooks)) candidates.push_back(std::move(*p));
  if (auto p = exchange_polish(n, best.f, s, active, options.hooks)) candidates.push_back(std::move(*p));
  for (int variant = 0; variant < 2; ++variant) {
    std::vector<Rational> c;
    for (double x : best.f) c.push_back(variant == 0 ? small_denominator_rational(x, 100000, 1e-9) : from_double(x));
    candidates.push_back(std::move(c));
  }
  for (std::size_t i = 0; i < candidates.size(); ++i) {
    auto& coefficients = candidates[i];
    options.hooks.report(0.7 + 0.3 * double(i) / double(candidates.size()));
    while (coefficients.size() > 1 && coefficients.back() == 0) coefficients.pop_back();
    auto cert = certify_delsarte(n, s, coefficients, std::nullopt, why, options.hooks);
    if (cert && (!result.certified || cert->bound < result.certificate.bound)) {
      result.certified = true;
      result.certificate = std::move(*cert);
      if (to_double(result.certificate.bound) <= result.grid_value * (1 + 1e-12)) break;
    }
  }
  if (!result.certified) result.note = "the LP polynomial could not be certified: " + why;
  return result;
}

}  // namespace

DelsarteResult certified_delsarte_bound(std::size_t n, const Rational& s, const DelsarteOptions& options) {
  if (n < 2) throw InputError("Delsarte bound: dimension n must be >= 2, got " + std::to_string(n));
  if (s < -1 || s >= 1) throw InputError("Delsarte bound: s must lie in [-1, 1), got " + to_string(s));
  if (n > options.max_dimension) {
    DelsarteResult result;
    result.note = "dimension " + std::to_string(n) + " is beyond what the Delsarte LP certifies here (max " +
                  std::to_string(options.max_dimension) + "); the Levenshtein bound applies";
    return result;
  }
  if (options.degree) throw_if_bad_delsarte_degree(*options.degree);
  DelsarteOptions glpk = options;
  glpk.hooks = stage_hooks(options.hooks, 0.0, 0.5);
  DelsarteResult result = glpk_delsarte(n, s, glpk);
  const bool tight = result.certified && to_double(result.certificate.bound) <= result.grid_value * (1 + 1e-6);
  if (n < kMpLpFirstDimension && tight) return result;
  // The multiple-precision LP at GLPK's degree (the largest one when GLPK found none); the smaller
  // certified value wins.
  const std::size_t K = options.degree ? *options.degree : result.degree ? result.degree : options.max_degree;
  double lower = 0;
  bool infeasible = false;
  std::string why;
  auto cert = certify_mp(n, s, K, stage_hooks(options.hooks, 0.5, 1.0), lower, infeasible, why);
  if (cert && (!result.certified || cert->bound < result.certificate.bound)) {
    result.certified = true;
    result.certificate = std::move(*cert);
    result.grid_value = lower;
    result.degree = K;
    result.note.clear();
  } else if (!result.certified && !(infeasible && result.note.rfind("the grid LP has no solution", 0) == 0)) {
    // (when both say the LP has no solution at that degree, GLPK's note stands)
    result.note += "; the multiple-precision LP at degree " + std::to_string(K) + ": " + why;
  }
  return result;
}

}  // namespace constel::bounds
