// Exact and certified evaluation of <h, x> + c over the rows of a GapPoints (see direction.hpp).
//
// Float fast path: with every g_k and c a double, s = fl(sum_k g_k x_k + c) by recursive summation
// differs from the exact value by at most gamma_n * S + n * 2^-1074 (S = sum |g_k x_k| + |c|,
// n = d + 1 operations, gamma_n = n u / (1 - n u), u = 2^-53; the second term covers underflow). We use
// the safe over-estimate err = 2 (n + 2) u S_fl + (n + 2) 2^-1073 with S_fl the computed S; when
// |s| > err the sign of s is the exact sign, otherwise (or on overflow) the row is summed exactly.
#include "constel/gap/direction.hpp"

#include <cmath>
#include <limits>

#include "constel/error.hpp"

namespace constel {
namespace {

struct FastDirection {
  bool usable = false;
  std::vector<double> g;
  double c = 0;
};

FastDirection fast_form(const GapPoints& p, const GapDirection& h) {
  FastDirection f;
  if (p.is_exact_rational()) return f;
  f.g.resize(h.g.size());
  for (std::size_t k = 0; k < h.g.size(); ++k) {
    double x = to_double(h.g[k]);
    if (!std::isfinite(x) || from_double(x) != h.g[k]) return f;
    f.g[k] = x;
  }
  if (h.offset) {
    double x = to_double(*h.offset);
    if (!std::isfinite(x) || from_double(x) != *h.offset) return f;
    f.c = x;
  }
  f.usable = true;
  return f;
}

int sign_of(const Rational& x) { return x > 0 ? 1 : (x < 0 ? -1 : 0); }

// Weights w_k = q_k g_k for the exact sums of .cst input.
std::vector<Rational> exact_weights(const GapPoints& p, const GapDirection& h) {
  std::vector<Rational> w(h.g.size());
  for (std::size_t k = 0; k < h.g.size(); ++k) w[k] = p.scale(k) * h.g[k];
  return w;
}

Rational exact_value_with(const GapPoints& p, GapSide s, std::size_t i, const std::vector<Rational>& w,
                          const GapDirection& h) {
  Rational sum = h.offset ? *h.offset : Rational(0);
  for (std::size_t k = 0; k < w.size(); ++k)
    if (w[k] != 0) sum += w[k] * p.exact_entry(s, i, k);
  return sum;
}

// Certified sign from the double evaluation, or 2 when undecided.
int fast_sign(const GapPoints& p, GapSide s, std::size_t i, const FastDirection& f) {
  const FloatMatrix& m = *p.floats(s);
  double sum = f.c, mag = std::fabs(f.c);
  for (std::size_t k = 0; k < f.g.size(); ++k) {
    double t = f.g[k] * m.value(i, k);
    sum += t;
    mag += std::fabs(t);
  }
  if (!std::isfinite(sum) || !std::isfinite(mag)) return 2;
  const double n = double(f.g.size() + 3);
  const double err = 2.0 * n * std::ldexp(1.0, -53) * mag + n * std::ldexp(1.0, -1073);
  if (sum > err) return 1;
  if (sum < -err) return -1;
  return 2;
}

void throw_if_bad_direction(const GapPoints& p, const GapDirection& h) {
  if (h.g.size() != p.d())
    throw InputError("gap: the direction has " + std::to_string(h.g.size()) + " coordinates but the points live in R^" +
                     std::to_string(p.d()));
}

}  // namespace

Rational exact_direction_value(const GapPoints& p, GapSide s, std::size_t i, const GapDirection& h) {
  throw_if_bad_direction(p, h);
  return exact_value_with(p, s, i, exact_weights(p, h), h);
}

int certified_direction_sign(const GapPoints& p, GapSide s, std::size_t i, const GapDirection& h, bool& exact_used) {
  throw_if_bad_direction(p, h);
  FastDirection f = fast_form(p, h);
  exact_used = false;
  if (f.usable) {
    int sg = fast_sign(p, s, i, f);
    if (sg != 2) return sg;
  }
  exact_used = true;
  return sign_of(exact_value_with(p, s, i, exact_weights(p, h), h));
}

GapCheck certified_check_direction(const GapPoints& p, const GapDirection& h, bool force_exact) {
  throw_if_bad_direction(p, h);
  FastDirection f = force_exact ? FastDirection{} : fast_form(p, h);
  std::vector<Rational> w = exact_weights(p, h);
  GapCheck r;
  for (GapSide s : {GapSide::U, GapSide::V}) {
    for (std::size_t i = 0; i < p.rows(s); ++i) {
      int sg = f.usable ? fast_sign(p, s, i, f) : 2;
      if (sg == 2) {
        sg = sign_of(exact_value_with(p, s, i, w, h));
        ++r.exact_evaluations;
      }
      ++r.rows_checked;
      if (s == GapSide::U && sg <= 0) r.bad_u.push_back(i);
      if (s == GapSide::V && sg >= 0) r.wrong_v.push_back(i);
    }
  }
  r.u_nonpositive = r.bad_u.size();
  r.v_nonnegative = r.wrong_v.size();
  return r;
}

}  // namespace constel
