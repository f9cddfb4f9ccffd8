// The numerical half of the Delsarte bound (docs/math.md section 5): the LP "minimise f(1) subject to
// f_0 = 1, f_k >= 0, f(t) <= 0 at the grid points" solved with GLPK, refined by an exchange step
// (the local maxima of f above 0 between grid points become new constraints and the LP is re-solved
// from its previous basis), and the tight grid points of the final LP for the exact polish in
// detail/delsarte_polish.cpp. Nothing here is a bound: delsarte.cpp turns the result into an exact certificate.
#pragma once

#include <glpk.h>

#include <cstddef>
#include <memory>
#include <vector>

#include "constel/run_hooks.hpp"

namespace constel::bounds::detail {

struct LpSolution {
  bool optimal = false;
  double value = 0;       // f(1) / f_0 with f_0 = 1 (a lower bound on the LP optimum: the grid relaxes it)
  std::vector<double> f;  // f_0 = 1, f_1..f_K
};

// Grid on [-1, s]: uniform in t, uniform in the angle arccos t (dense near -1, where Gegenbauer
// polynomials oscillate fastest in t), every p/q with q <= 24, and s.
std::vector<double> lp_grid(double s);
// A coarse grid, 401 points uniform in the angle (with -1 and s): at large n the fine grid's nearly
// equal rows make GLPK's basis singular to working precision; the exchange step then adds what is needed.
std::vector<double> coarse_lp_grid(double s);

class GridLp {
 public:
  GridLp(std::size_t n, std::size_t degree);
  void add_points(const std::vector<double>& ts);
  // GLPK's dual simplex in chunks (constel/detail/glpk_simplex.hpp): hooks.stop is asked between
  // two chunks (Cancelled); the result does not depend on the hooks.
  LpSolution solve(const RunHooks& hooks = {});
  // Grid points whose constraint is tight in the last solution, and the basic columns k (f_k > 0 at
  // the vertex, up to degeneracy).
  std::vector<double> active_points() const;
  std::vector<std::size_t> basic_columns() const;

 private:
  std::size_t n_, K_;
  std::vector<double> points_;
  std::unique_ptr<glp_prob, void (*)(glp_prob*)> lp_;
};

// f(t) = sum_k f_k P_k(t) in double.
double evaluate_double(std::size_t n, const std::vector<double>& f, double t);

// Local maxima of f on [-1, s] (endpoints included; interior ones refined by golden section).
struct LocalMax {
  double t, value;
  double scale;  // sum_k |f_k P_k(t)|: the size of the double rounding error of `value` is ~1e-16 scale
};
std::vector<LocalMax> local_maxima(std::size_t n, const std::vector<double>& f, double s);

struct ActiveSet {
  std::vector<double> points;        // tight grid points
  std::vector<std::size_t> columns;  // basic columns
};

// Solves at the given degree and runs the exchange step (at most `rounds` re-solves); `active` gets the
// active set of the returned solution. hooks.stop is asked before every solve and between its chunks (Cancelled), progress
// reports rounds done / rounds.
LpSolution solve_with_exchange(std::size_t n, std::size_t degree, double s, const std::vector<double>& grid,
                               int rounds, ActiveSet* active = nullptr, const RunHooks& hooks = {});

}  // namespace constel::bounds::detail
