// GLPK grid LP with the exchange step for the Delsarte bound (see delsarte_lp.hpp; docs/math.md section 5).
#include "constel/bounds/delsarte_lp.hpp"

#include <algorithm>
#include <cmath>

#include "constel/bounds/gegenbauer.hpp"
#include "constel/detail/glpk_simplex.hpp"

namespace constel::bounds::detail {

std::vector<double> lp_grid(double s) {
  std::vector<double> g;
  const int uniform = 800;
  for (int i = 0; i <= uniform; ++i) g.push_back(-1.0 + (s + 1.0) * i / uniform);
  const double top = std::acos(std::max(-1.0, std::min(1.0, s)));
  for (int i = 0; i <= uniform; ++i) g.push_back(std::cos(top + (M_PI - top) * i / uniform));
  for (int q = 1; q <= 24; ++q)
    for (int p = -q; p <= q; ++p)
      if (double(p) / q <= s) g.push_back(double(p) / q);
  g.push_back(s);
  g.push_back(-1.0);
  std::sort(g.begin(), g.end());
  g.erase(std::unique(g.begin(), g.end(), [](double a, double b) { return std::abs(a - b) < 1e-13; }), g.end());
  while (!g.empty() && g.back() > s) g.pop_back();
  return g;
}

std::vector<double> coarse_lp_grid(double s) {
  std::vector<double> g;
  const int points = 400;
  const double top = std::acos(std::max(-1.0, std::min(1.0, s)));
  for (int i = 0; i <= points; ++i) g.push_back(std::cos(top + (M_PI - top) * i / points));
  g.front() = s;
  g.back() = -1.0;
  std::sort(g.begin(), g.end());
  return g;
}

GridLp::GridLp(std::size_t n, std::size_t degree) : n_(n), K_(degree), lp_(glp_create_prob(), glp_delete_prob) {
  glp_set_obj_dir(lp_.get(), GLP_MIN);
  glp_add_cols(lp_.get(), int(K_));
  for (std::size_t k = 1; k <= K_; ++k) {
    glp_set_col_bnds(lp_.get(), int(k), GLP_LO, 0.0, 0.0);
    glp_set_obj_coef(lp_.get(), int(k), 1.0);  // f(1) = f_0 + sum f_k since P_k(1) = 1
  }
}

void GridLp::add_points(const std::vector<double>& ts) {
  if (ts.empty()) return;
  const int first = glp_add_rows(lp_.get(), int(ts.size()));
  std::vector<double> P(K_ + 1), val(K_ + 1);
  std::vector<int> ind(K_ + 1);
  for (std::size_t i = 0; i < ts.size(); ++i) {
    const int row = first + int(i);
    glp_set_row_bnds(lp_.get(), row, GLP_UP, 0.0, -1.0);  // sum_k f_k P_k(t) <= -f_0 = -1
    gegenbauer_values_double(n_, K_, ts[i], P.data());
    for (std::size_t k = 1; k <= K_; ++k) {
      ind[k] = int(k);
      val[k] = P[k];
    }
    glp_set_mat_row(lp_.get(), row, int(K_), ind.data(), val.data());
    points_.push_back(ts[i]);
  }
}

LpSolution GridLp::solve(const RunHooks& hooks) {
  constel::detail::GlpkQuiet quiet;  // glp_scale_prob prints otherwise
  glp_scale_prob(lp_.get(), GLP_SF_AUTO);
  glp_smcp parm;
  glp_init_smcp(&parm);
  parm.msg_lev = GLP_MSG_OFF;
  parm.meth = GLP_DUALP;
  parm.tol_bnd = 1e-10;
  parm.tol_dj = 1e-10;
  LpSolution sol;
  int rc = constel::detail::chunked_simplex(lp_.get(), parm, hooks, "Delsarte LP");
  if (rc != 0) {  // a stale basis after new rows: start again from the standard basis
    glp_std_basis(lp_.get());
    rc = constel::detail::chunked_simplex(lp_.get(), parm, hooks, "Delsarte LP");
  }
  if (rc != 0 || glp_get_status(lp_.get()) != GLP_OPT) return sol;
  sol.optimal = true;
  sol.value = 1.0 + glp_get_obj_val(lp_.get());
  sol.f.assign(K_ + 1, 0.0);
  sol.f[0] = 1.0;
  for (std::size_t k = 1; k <= K_; ++k) sol.f[k] = std::max(0.0, glp_get_col_prim(lp_.get(), int(k)));
  return sol;
}

std::vector<double> GridLp::active_points() const {
  std::vector<double> out;
  for (std::size_t i = 0; i < points_.size(); ++i)
    if (glp_get_row_stat(lp_.get(), int(i + 1)) == GLP_NU) out.push_back(points_[i]);
  std::sort(out.begin(), out.end());
  return out;
}

std::vector<std::size_t> GridLp::basic_columns() const {
  std::vector<std::size_t> out;
  for (std::size_t k = 1; k <= K_; ++k)
    if (glp_get_col_stat(lp_.get(), int(k)) == GLP_BS) out.push_back(k);
  return out;
}

double evaluate_double(std::size_t n, const std::vector<double>& f, double t) {
  const std::size_t K = f.size() - 1;
  // Clenshaw would be faster; the plain recurrence keeps |P_k| <= 1 on [-1, 1].
  double p0 = 1, p1 = t, v = f[0] + (K >= 1 ? f[1] * t : 0.0);
  for (std::size_t k = 2; k <= K; ++k) {
    double p2 = (double(2 * k + n - 4) * t * p1 - double(k - 1) * p0) / double(k + n - 3);
    v += f[k] * p2;
    p0 = p1, p1 = p2;
  }
  return v;
}

std::vector<LocalMax> local_maxima(std::size_t n, const std::vector<double>& f, double s) {
  // Samples uniform in t and in the angle, merged.
  std::vector<double> t;
  const int samples = 6000;
  const double top = std::acos(std::max(-1.0, std::min(1.0, s)));
  for (int i = 0; i <= samples; ++i) {
    t.push_back(-1.0 + (s + 1.0) * i / samples);
    t.push_back(std::cos(top + (M_PI - top) * i / samples));
  }
  std::sort(t.begin(), t.end());
  t.erase(std::unique(t.begin(), t.end()), t.end());
  while (!t.empty() && t.back() > s) t.pop_back();
  std::vector<double> v(t.size());
  for (std::size_t i = 0; i < t.size(); ++i) v[i] = evaluate_double(n, f, t[i]);
  std::vector<LocalMax> out;
  auto scale = [&](double x) {
    std::vector<double> P(f.size());
    gegenbauer_values_double(n, f.size() - 1, x, P.data());
    double a = 0;
    for (std::size_t k = 0; k < f.size(); ++k) a += std::abs(f[k] * P[k]);
    return a;
  };
  const std::size_t last = t.size() - 1;
  if (v[0] >= v[1]) out.push_back({t[0], v[0], scale(t[0])});
  if (v[last] >= v[last - 1]) out.push_back({t[last], v[last], scale(t[last])});
  for (std::size_t i = 1; i < last; ++i) {
    if (!(v[i] >= v[i - 1] && v[i] >= v[i + 1])) continue;
    double a = t[i - 1], b = t[i + 1];
    for (int it = 0; it < 80 && b - a > 1e-16; ++it) {
      double m1 = a + (b - a) * 0.381966, m2 = b - (b - a) * 0.381966;
      if (evaluate_double(n, f, m1) < evaluate_double(n, f, m2)) a = m1; else b = m2;
    }
    double x = (a + b) / 2;
    out.push_back({x, evaluate_double(n, f, x), scale(x)});
  }
  return out;
}

LpSolution solve_with_exchange(std::size_t n, std::size_t degree, double s, const std::vector<double>& grid,
                               int rounds, ActiveSet* active, const RunHooks& hooks) {
  GridLp lp(n, degree);
  lp.add_points(grid);
  hooks.throw_if_stopped("Delsarte LP");
  LpSolution best = lp.solve(hooks);
  if (!best.optimal) return best;
  if (active) *active = {lp.active_points(), lp.basic_columns()};
  for (int round = 0; round < rounds; ++round) {
    // A violation counts when it exceeds 1e-13 (f_0 = 1, so the bound moves by about that relatively)
    // and the double rounding error of the value.
    std::vector<double> cuts;
    for (const auto& m : local_maxima(n, best.f, s))
      if (m.value > 1e-13 + 1e-15 * m.scale) cuts.push_back(m.t);
    if (cuts.empty()) break;
    lp.add_points(cuts);
    hooks.report(double(round + 1) / double(rounds));
    hooks.throw_if_stopped("Delsarte LP");
    LpSolution sol = lp.solve(hooks);
    if (!sol.optimal) break;
    best = std::move(sol);
    if (active) *active = {lp.active_points(), lp.basic_columns()};
  }
  return best;
}

}  // namespace constel::bounds::detail
