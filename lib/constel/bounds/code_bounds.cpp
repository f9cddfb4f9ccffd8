// Bounds on N_SC(n, s) gathered in one report (see code_bounds.hpp; docs/math.md section 5).
#include "constel/bounds/code_bounds.hpp"

#include <mpfr.h>

#include <algorithm>
#include <cmath>
#include <limits>

#include "constel/bounds/detail/ball.hpp"
#include "constel/bounds/mrb_bounds.hpp"
#include "constel/codes/catalog.hpp"
#include "constel/error.hpp"

namespace constel::bounds {

double log10_of(const Rational& x) {
  if (x <= 0) return -std::numeric_limits<double>::infinity();
  HighFloat h = to_high_float(x);
  return static_cast<double>(log10(h));
}

SizeBound exact_size(const Integer& n, std::string method) {
  SizeBound b;
  b.method = std::move(method);
  b.value = n;
  b.log10 = log10_of(Rational(n));
  return b;
}

SizeBound upper_from_rational(const Rational& x, std::string method) {
  Integer f = numerator(x) / denominator(x);  // truncation = floor for x >= 0
  if (x < 0) f = -1;
  SizeBound b = exact_size(f, std::move(method));
  b.log10_side = 1;
  return b;
}

// The HighFloat is taken exactly (it is a proved bound already, e.g. the interval Levenshtein value);
// the integer and the log10 are rounded in the safe direction.
SizeBound upper_from_high(const HighFloat& x, std::string method) {
  return detail::upper_from_ball(detail::ball_of(x), std::move(method));
}

SizeBound lower_from_high(const HighFloat& x, std::string method) {
  return detail::lower_from_ball(detail::ball_of(x), std::move(method));
}

SizeBound infinite_size(std::string method) {
  SizeBound b;
  b.method = std::move(method);
  b.infinite = true;
  b.log10 = std::numeric_limits<double>::infinity();
  return b;
}

namespace {
// a < b as bounds (exact integers when both known).
bool smaller(const SizeBound& a, const SizeBound& b) {
  if (a.infinite != b.infinite) return b.infinite;
  if (a.value && b.value) return *a.value < *b.value;
  return a.log10 < b.log10;
}
}  // namespace

SizeBound best_upper_of(const std::vector<SizeBound>& all) {
  if (all.empty()) throw InternalError("no upper bound");
  const SizeBound* best = &all[0];
  for (const auto& b : all)
    if (smaller(b, *best)) best = &b;
  return *best;
}

SizeBound best_lower_of(const std::vector<SizeBound>& all) {
  if (all.empty()) throw InternalError("no lower bound");
  const SizeBound* best = &all[0];
  for (const auto& b : all)
    if (smaller(*best, b)) best = &b;
  return *best;
}

std::optional<Integer> rankin_exact(std::size_t n, const Rational& s) {
  if (s > 0) return std::nullopt;
  if (s == 0) return Integer(2 * n);
  if (s < -1) return Integer(1);
  if (s * Integer(n) <= -1) {
    Rational x = 1 - 1 / s;
    return numerator(x) / denominator(x);
  }
  return Integer(n + 1);
}

// 1 / Gamma_n(x) as a ball, where z = 1 - x^2 exactly and x has the given sign.
detail::Ball inverse_cap_ball(std::size_t n, const Rational& z, bool x_negative) {
  return detail::evaluate_narrow([&](long prec) {
    detail::Ball g = detail::cap_measure_ball(n, detail::ball_of(z, prec), x_negative, prec);
    arb_inv(g.get(), g.get(), prec);
    return g;
  });
}

SizeBound csw_lower_bound(std::size_t n, const Rational& s) {
  throw_if_bad_dimension(n);
  throw_if_bad_inner_product(s);
  return detail::lower_from_ball(inverse_cap_ball(n, 1 - s * s, s < 0),
                                 "Chabauty-Shannon-Wyner 1/Gamma_" + std::to_string(n) + "(s)");
}

SizeBound volume_upper_bound(std::size_t n, const Rational& s) {
  throw_if_bad_dimension(n);
  throw_if_bad_inner_product(s);
  // x = cos(theta/2) = sqrt((1 + s) / 2) >= 0, so z = 1 - x^2 = (1 - s) / 2 exactly.
  return detail::upper_from_ball(inverse_cap_ball(n, (1 - s) / 2, false),
                                 "volume bound 1/Gamma_" + std::to_string(n) + "(cos(theta/2))");
}

std::optional<double> kabatiansky_levenshtein_exponent(double s) {
  if (!(s > 0 && s < 1)) return std::nullopt;
  double sn = std::sqrt(1 - s * s);
  double a = (1 + sn) / (2 * sn), b = (1 - sn) / (2 * sn);
  double bits = a * std::log2(a) - (b > 0 ? b * std::log2(b) : 0.0);
  // For theta <= theta* = 62.9974 deg (s >= cos theta* = 0.45399) Levenshtein (1979) carries the
  // formula's value at theta* to smaller angles: the line -(1/2) log2(1 - s) - 0.099 bits, smaller there
  // (0.401 bits at s = 1/2). Above theta* only the formula holds: the line lies below it there and is no
  // bound (it is negative at s = 0.05, where N_SC(n, s) >= 2n). docs/math.md section 5.c.
  if (s >= 0.4540) bits = std::min(bits, -0.5 * std::log2(1 - s) - 0.099);
  return bits * std::log(2.0);
}

std::optional<SizeBound> cap_upper_bound(std::size_t n, const Rational& s) {
  if (s <= 0 || s >= 1) return std::nullopt;
  // On the line m + b = 1 with m = (1-s)/2: alpha = s and Theorem 3.5's factor 4m / (2 delta^2 - 1 + 3m - b)
  // is (1 - s) / (x^2 - s) with x = delta, so Theorem 3.5 is exactly the cap bound at (n, s).
  SizeBound b = theorem35_upper_bound(n, (1 - s) / 2, (1 + s) / 2);
  b.method = "cap bound (Rankin 1955)";
  return b;
}

void throw_if_bad_inner_product(const Rational& s) {
  if (s < -1 || s >= 1) throw InputError("the max inner product must lie in [-1, 1), got " + to_string(s));
}

CodeBoundReport spherical_code_bounds(std::size_t n, const Rational& s, const CodeBoundOptions& options) {
  throw_if_bad_dimension(n);
  throw_if_bad_inner_product(s);
  CodeBoundReport r;
  r.n = n;
  r.s = s;
  r.rankin = rankin_exact(n, s);
  if (r.rankin) {
    r.upper_all.push_back(exact_size(*r.rankin, "Rankin (exact)"));
    r.lower_all.push_back(exact_size(*r.rankin, "Rankin (exact)"));
  }
  const RunHooks& hooks = options.hooks;
  hooks.throw_if_stopped("codebound");
  try {
    r.levenshtein = levenshtein_upper(n, s);
    const std::string method = "Levenshtein L_" + std::to_string(r.levenshtein->degree);
    r.upper_all.push_back(r.levenshtein->exact ? upper_from_rational(*r.levenshtein->exact, method)
                                               : upper_from_high(r.levenshtein->upper, method));
  } catch (const LimitError& e) {
    r.levenshtein_note = e.what();
  }
  hooks.report(0.05);
  if (options.run_delsarte) {
    hooks.throw_if_stopped("codebound");
    DelsarteOptions delsarte = options.delsarte;
    delsarte.hooks = stage_hooks(hooks, 0.05, 0.95);
    r.delsarte = certified_delsarte_bound(n, s, delsarte);
    if (r.delsarte->certified)
      r.upper_all.push_back(upper_from_rational(r.delsarte->certificate.bound,
                                                "Delsarte LP (certified, degree " +
                                                    std::to_string(r.delsarte->degree) + ")"));
  }
  if (options.sdp && n >= 3) {
    ThreePointOptions sdp = *options.sdp;
    if (!sdp.stop && hooks.stop) sdp.stop = hooks.stop;  // asked between the SDP's phases
    r.sdp = three_point_bound(n, s, sdp);
    if (r.sdp->certified)
      r.upper_all.push_back(upper_from_rational(r.sdp->certificate.bound, "three-point SDP (certified, degree " +
                                                                             std::to_string(r.sdp->degree) + ")"));
  }

  hooks.throw_if_stopped("codebound");
  hooks.report(0.95);
  r.volume = volume_upper_bound(n, s);
  r.upper_all.push_back(*r.volume);
  r.cap = cap_upper_bound(n, s);
  if (r.cap) r.upper_all.push_back(*r.cap);
  r.csw = csw_lower_bound(n, s);
  r.lower_all.push_back(*r.csw);
  if (auto code = codes::best_explicit_code(n, s)) {
    r.best_code = exact_size(code->N, "explicit code: " + codes::code_title(*code));
    r.lower_all.push_back(*r.best_code);
  }
  r.kl_exponent = kabatiansky_levenshtein_exponent(to_double(s));
  r.best_upper = best_upper_of(r.upper_all);
  r.best_lower = best_lower_of(r.lower_all);
  hooks.report(1.0);
  return r;
}

}  // namespace constel::bounds
