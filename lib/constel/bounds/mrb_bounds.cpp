// N_MRB(d, m, b) bounds (see mrb_bounds.hpp; docs/math.md sections 2, 4, 5).
#include "constel/bounds/mrb_bounds.hpp"

#include <cmath>
#include <limits>

#include "constel/bounds/code_bounds.hpp"
#include "constel/bounds/detail/ball.hpp"
#include "constel/codes/catalog.hpp"
#include "constel/codes/algebraic.hpp"
#include "constel/error.hpp"

namespace constel::bounds {
namespace {

// The Theorem 3.5 objective at x = delta sqrt(2 / (1+m+b)) (docs/math.md section 4), approximately (it
// only steers the search for x; the bound itself is theorem35_ball at the x chosen):
//   max(1, 4m / (2 delta^2 - 1 + 3m - b)) / Gamma_d(x),  2 delta^2 - 1 + 3m - b = (1+m+b)(x^2 - alpha).
HighFloat theorem35_value(std::size_t d, const HighFloat& m, const HighFloat& c, const HighFloat& alpha,
                          const HighFloat& x) {
  HighFloat den = c * (x * x - alpha);
  HighFloat factor = 4 * m / den;
  if (factor < 1) factor = 1;
  return factor / cap_measure(d, x);
}

std::string with_prefix(const std::string& prefix, const SizeBound& b) { return prefix + b.method; }

// Theorem 3.5's value at an exact x with alpha < x^2 < 1, as a ball: the factor
// max(1, 4m / ((1+m+b)(x^2 - alpha))) is an exact rational, Gamma_d(x) a ball from z = 1 - x^2.
detail::Ball theorem35_ball(std::size_t d, const Rational& m, const Rational& b, const Rational& alpha,
                            const Rational& x) {
  Rational factor = 4 * m / ((1 + m + b) * (x * x - alpha));
  if (factor < 1) factor = 1;
  const Rational z = 1 - x * x;
  return detail::evaluate_narrow([&](long prec) {
    detail::Ball g = detail::cap_measure_ball(d, detail::ball_of(z, prec), false, prec);
    arb_div(g.get(), detail::ball_of(factor, prec).get(), g.get(), prec);
    return g;
  });
}

}  // namespace

SizeBound theorem35_upper_bound(std::size_t d, const Rational& m, const Rational& b) {
  Rational alpha = alpha_of(m, b);
  if (m <= 0 || alpha < 0 || alpha >= 1)
    throw InternalError("Theorem 3.5 bound needs m > 0 and 0 <= alpha < 1");
  const HighFloat hm = to_high_float(m), c = to_high_float(1 + m + b), ha = to_high_float(alpha);
  const double lo = std::sqrt(to_double(alpha)), width = 1 - lo;
  auto objective = [&](double u) {
    HighFloat x = HighFloat(lo + width * u);
    if (x * x <= ha || x >= 1) return std::numeric_limits<double>::infinity();
    return static_cast<double>(log(theorem35_value(d, hm, c, ha, x)));
  };
  // Coarse scan, then golden section around the best sample (any delta is valid; this only tightens).
  const int samples = 96;
  int best_i = 0;
  double best_v = std::numeric_limits<double>::infinity();
  for (int i = 0; i < samples; ++i) {
    double v = objective((i + 0.5) / samples);
    if (v < best_v) best_v = v, best_i = i;
  }
  double a = std::max(0.0, (best_i - 0.5) / samples), z = std::min(1.0, (best_i + 1.5) / samples);
  const double phi = (std::sqrt(5.0) - 1) / 2;
  double u1 = z - phi * (z - a), u2 = a + phi * (z - a), f1 = objective(u1), f2 = objective(u2);
  for (int it = 0; it < 50; ++it) {
    if (f1 < f2) z = u2, u2 = u1, f2 = f1, u1 = z - phi * (z - a), f1 = objective(u1);
    else a = u1, u1 = u2, f1 = f2, u2 = a + phi * (z - a), f2 = objective(u2);
  }
  double u = f1 < f2 ? u1 : u2;
  if (std::min(f1, f2) > best_v) u = (best_i + 0.5) / samples;
  // The proof: at the chosen x (a double, hence an exact rational) the bound is evaluated in ball
  // arithmetic; only the choice of x came from the approximate search.
  const Rational x(lo + width * u);
  if (!(x * x > alpha && x < 1))  // alpha within double rounding of 1: no delta left to evaluate
    return infinite_size("Theorem 3.5: no finite value (alpha is within double rounding of 1)");
  const Rational delta2 = x * x * (1 + m + b) / 2;
  SizeBound bound = detail::upper_from_ball(theorem35_ball(d, m, b, alpha, x),
                                            "Theorem 3.5 (delta^2 = " + to_high_float(delta2).str(6) + ")");
  return bound;
}

namespace {

// s rounded to the grid of 2^-128, up or down: N_SC(n, s) grows with s, so an upper bound at the
// rounded-up s and a code at the rounded-down s are still rigorous at s itself.
Rational dyadic(const Rational& s, bool up) {
  const Integer scale = Integer(1) << 128;
  Integer num = numerator(s) * scale, den = denominator(s);
  Integer q = num / den;  // truncates toward zero
  if (q * den != num && (up ? num > 0 : num < 0)) q += up ? 1 : -1;
  return Rational(q, scale);
}

// True when exact arithmetic on s would be slow (a tiny margin such as 1e-300 gives a 1000-bit s).
bool needs_rounding(const Rational& s) { return msb(denominator(s)) > 128; }

void add_code_bounds(MrbBounds& r, std::size_t n, const Rational& s, const MrbOptions& options, bool upper,
                     bool lower, const std::string& prefix);

// The code bounds at a rounded s (see dyadic): each side on its own rounding.
void add_rounded_code_bounds(MrbBounds& r, std::size_t n, const Rational& s, const MrbOptions& options, bool upper,
                             bool lower, const std::string& prefix) {
  if (upper) {
    Rational up = dyadic(s, true);
    if (up < 1)
      add_code_bounds(r, n, up, options, true, false, prefix);
    else
      r.notes.push_back(prefix + "not applied: s is within 2^-128 of 1");
  }
  if (lower) add_code_bounds(r, n, dyadic(s, false), options, false, true, prefix);
  r.notes.push_back(prefix + "s = " + to_string(s).substr(0, 40) +
                    "... has a denominator above 2^128: the code bounds use s rounded to a multiple of 2^-128 "
                    "(up for upper bounds, down for lower bounds), which keeps them rigorous");
}

// Why the three-point SDP, asked for, gave no bound here (nothing when it did).
void add_sdp_note(MrbBounds& r, std::size_t n, const Rational& s, const MrbOptions& options, const CodeBoundReport& rep,
                  const std::string& prefix) {
  const std::string what = prefix + "three-point SDP (degree " + std::to_string(options.sdp->degree) + ") ";
  if (n > options.sdp_max_dimension)
    r.notes.push_back(what + "not run: d = " + std::to_string(n) + " is above its limit " +
                      std::to_string(options.sdp_max_dimension) + " (docs/bounds.md)");
  else if (n < 3 || s <= 0)
    r.notes.push_back(what + "not run: it needs d >= 3 and s > 0");
  else if (rep.sdp && !rep.sdp->certified)
    r.notes.push_back(what + "gave no certified bound: " + rep.sdp->note);
}

void add_code_bounds(MrbBounds& r, std::size_t n, const Rational& s, const MrbOptions& options, bool upper,
                     bool lower, const std::string& prefix) {
  if (needs_rounding(s)) return add_rounded_code_bounds(r, n, s, options, upper, lower, prefix);
  CodeBoundOptions co;
  co.run_delsarte = upper && n <= options.delsarte_max_dimension;
  co.delsarte.max_degree = 30;  // keeps `bound` within seconds (kissing cases need <= 14)
  co.hooks.stop = options.hooks.stop;
  const bool sdp = upper && options.sdp && n >= 3 && n <= options.sdp_max_dimension && s > 0;
  if (sdp) co.sdp = options.sdp;
  CodeBoundReport rep = spherical_code_bounds(n, s, co);
  if (upper && options.sdp) add_sdp_note(r, n, s, options, rep, prefix);
  if (upper) {
    for (auto b : rep.upper_all) {
      b.method = with_prefix(prefix, b);
      r.upper_all.push_back(b);
    }
    if (!rep.levenshtein) r.notes.push_back(rep.levenshtein_note);
    if (rep.delsarte && !rep.delsarte->certified) r.notes.push_back("Delsarte LP: " + rep.delsarte->note);
    if (!co.run_delsarte)
      r.notes.push_back("Delsarte LP not run for d > " + std::to_string(options.delsarte_max_dimension) +
                        " (the Levenshtein bound is the LP bound of its degree)");
  }
  if (lower) {
    for (auto b : rep.lower_all) {
      b.method = with_prefix(prefix, b);
      r.lower_all.push_back(b);
    }
  }
}

// ln q of a positive rational, without overflow or underflow of q itself.
double log_of(const Rational& q) {
  long en = 0, ed = 0;
  double mn = mpz_get_d_2exp(&en, numerator(q).backend().data());
  double md = mpz_get_d_2exp(&ed, denominator(q).backend().data());
  return std::log(mn / md) + double(en - ed) * std::log(2.0);
}

void set_exponents(MrbBounds& r, const Rational& alpha) {
  if (alpha <= 0) {
    r.exponent_lower = 0.0;
    r.exponent_upper = 0.0;
    return;
  }
  double a = to_double(alpha);
  // ln(1 - alpha) from the exact 1 - alpha: alpha within 1e-17 of 1 (or 1e-400) is not 1 here
  const double ln_gap = log_of(1 - alpha);
  r.exponent_lower = -0.5 * (ln_gap + std::log1p(a));  // Theorem 3.3 / Chabauty-Shannon-Wyner
  r.exponent_upper = -0.5 * ln_gap;                    // Theorem 3.5 = Rankin's exponent
  if (auto kl = kabatiansky_levenshtein_exponent(a)) r.exponent_upper = std::min(*r.exponent_upper, *kl);
}

// The binary linear codes of codes/algebraic.hpp with a proved distance (docs/math.md section 3.7): the
// largest one in R^n with 1 - 2D/n <= s, 2^k points, as a lower bound through `how`.
void add_linear_code_lower(MrbBounds& r, std::size_t n, const Rational& s, const std::string& how) {
  if (n < 1 || s <= 0 || s >= 1) return;
  if (auto c = codes::AlgebraicSearch(needs_rounding(s) ? dyadic(s, false) : s).best(n))  // rounded down: still rigorous
    r.lower_all.push_back(exact_size(c->size(), how + "linear code " + c->spec + ", " + c->name + " (docs/math.md section 3.7)"));
}

// The equal-pairs route (docs/math.md section 4, "Containment"): U_i = V_i = X_i for a code X of R^d
// with max inner product s = b - m is an (m, b)-constellation whenever b + m <= 1, since
// <U_i,V_i> = 1 >= b + m and <U_i,V_j> = <X_i,X_j> <= b - m. So N_MRB(d, m, b) >= N_SC(d, b - m).
void add_equal_pairs_lower(MrbBounds& r, std::size_t d, const MrbOptions& options) {
  const Rational s = r.b - r.m;
  const std::string what = "U_i = V_i = a code of R^d with s = b - m (docs/math.md section 4): ";
  if (auto exact = rankin_exact(d, s))
    r.lower_all.push_back(exact_size(*exact, what + "Rankin (exact)"));
  else
    add_code_bounds(r, d, s, options, false, true, what);
  add_linear_code_lower(r, d, s, what);
}

}  // namespace

MrbBounds mrb_bounds(std::size_t d, const Rational& m, const Rational& b, const MrbOptions& options) {
  throw_if_bad_dimension(d);
  MrbBounds r;
  r.d = d;
  r.m = m;
  r.b = b;
  r.region = classify_region(m, b);
  switch (r.region.region) {
    case Region::Infeasible:
      r.lower_all.push_back(exact_size(Integer(0), "Theorem 3.4: m + b > 1, no pair at all"));
      r.upper_all.push_back(r.lower_all.back());
      break;
    case Region::Degenerate:
      r.lower_all.push_back(infinite_size("m = 0: U_i = u, V_i = v (any N)"));
      r.upper_all.push_back(r.lower_all.back());
      break;
    case Region::Line: {
      const Rational& s = *r.region.alpha;  // = 1 - 2m
      if (auto exact = rankin_exact(d, s)) {
        r.lower_all.push_back(exact_size(*exact, "N_SC(d, 1-2m), Rankin (exact, line m + b = 1)"));
        r.upper_all.push_back(r.lower_all.back());
      } else {
        add_code_bounds(r, d, s, options, true, true, "N_SC(d, 1-2m) (line m + b = 1): ");
        add_linear_code_lower(r, d, s, "N_SC(d, 1-2m) (line m + b = 1): ");
        r.upper_all.push_back(theorem35_upper_bound(d, m, b));
      }
      set_exponents(r, s);
      break;
    }
    case Region::Finite: {
      Rational rankin = 1 - 1 / *r.region.alpha;
      Integer cap = numerator(rankin) / denominator(rankin);
      r.upper_all.push_back(exact_size(cap, "Theorem 3.4 (Rankin, finite N): N <= 4m/(3m-1-b)"));
      r.upper_all.push_back(exact_size(Integer(d + 1), "reduction (docs/math.md section 4): alpha < 0 gives N <= d + 1"));
      r.lower_all.push_back(
          exact_size(cap < Integer(d) ? cap : Integer(d), "Theorem 3.4 simplex construction (N <= d)"));
      add_equal_pairs_lower(r, d, options);
      r.notes.push_back("Theorem 3.5 is stated for alpha >= 0; not applied");
      set_exponents(r, *r.region.alpha);
      break;
    }
    case Region::Boundary:
      r.upper_all.push_back(exact_size(Integer(2 * d), "reduction to N_SC(d, 0) = 2d (Rankin)"));
      r.upper_all.push_back(theorem35_upper_bound(d, m, b));
      r.lower_all.push_back(exact_size(Integer(2 * (d - 1)), "lift of the cross-polytope in R^(d-1) (docs/math.md section 3.2)"));
      add_equal_pairs_lower(r, d, options);
      set_exponents(r, Rational(0));
      break;
    case Region::Exponential: {
      const Rational& alpha = *r.region.alpha;
      r.upper_all.push_back(theorem35_upper_bound(d, m, b));
      add_code_bounds(r, d, alpha, options, true, false, "reduction N_MRB <= N_SC(d, alpha): ");
      if (d - 1 >= 2) {
        add_code_bounds(r, d - 1, alpha, options, false, true, "lift of N_SC(d-1, alpha) (docs/math.md section 3.2): ");
        add_linear_code_lower(r, d - 1, alpha, "lift of N_SC(d-1, alpha) (docs/math.md section 3.2): ");
      } else if (auto code = codes::best_explicit_code(1, alpha)) {
        r.lower_all.push_back(
            exact_size(code->N, "lift of " + codes::code_title(*code) + " in R^1 (docs/math.md section 3.2)"));
      }
      add_equal_pairs_lower(r, d, options);
      set_exponents(r, alpha);
      break;
    }
  }
  r.upper = best_upper_of(r.upper_all);
  r.lower = best_lower_of(r.lower_all);
  return r;
}

}  // namespace constel::bounds
