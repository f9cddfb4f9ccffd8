// Reproduces the measurement in docs/bounds.md ("Why n = 200 fails"): the Delsarte grid LP of
// lib/constel/bounds/delsarte_lp.cpp (coarse grid: points uniform in the angle on [-1, s], f_0 = 1,
// f_k >= 0, f(t) <= 0 at the grid points, minimise f(1)) built stand-alone, so that GLPK's scaling report
// (entry ranges before and after scaling) and its basis-conditioning warnings are printed. Not part of
// the build. Usage:
//   g++ -O2 scripts/delsarte_conditioning.cpp -lglpk -o /tmp/dc && /tmp/dc 200 43 0.5 [points] [exact]
// prints the simplex status (5 = optimal, 4 = no primal feasible solution) and, with a fifth argument
// "exact", then runs GLPK's exact rational simplex from the final basis (slow: minutes at n = 200).
#include <glpk.h>

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <vector>

// Normalised Gegenbauer polynomials of S^{n-1} (P_k(1) = 1) at t, degrees 0..K.
static void gegenbauer(int n, int K, double t, double* P) {
  P[0] = 1;
  if (K >= 1) P[1] = t;
  for (int k = 2; k <= K; ++k) P[k] = ((2.0 * k + n - 4) * t * P[k - 1] - (k - 1.0) * P[k - 2]) / (k + n - 3.0);
}

int main(int argc, char** argv) {
  if (argc < 4) {
    std::fprintf(stderr, "usage: %s n degree s [points] [exact]\n", argv[0]);
    return 2;
  }
  const int n = std::atoi(argv[1]), K = std::atoi(argv[2]);
  const double s = std::atof(argv[3]);
  const int points = argc > 4 ? std::atoi(argv[4]) : 400;
  const bool exact = argc > 5 && std::strcmp(argv[5], "exact") == 0;
  glp_prob* lp = glp_create_prob();
  glp_set_obj_dir(lp, GLP_MIN);
  glp_add_cols(lp, K);
  for (int k = 1; k <= K; ++k) {
    glp_set_col_bnds(lp, k, GLP_LO, 0, 0);
    glp_set_obj_coef(lp, k, 1);
  }
  const double top = std::acos(s);
  std::vector<double> P(K + 1), val(K + 1);
  std::vector<int> ind(K + 1);
  const int first = glp_add_rows(lp, points + 1);
  for (int i = 0; i <= points; ++i) {
    double t = i == 0 ? s : i == points ? -1.0 : std::cos(top + (M_PI - top) * i / points);
    glp_set_row_bnds(lp, first + i, GLP_UP, 0, -1);  // sum_k f_k P_k(t) <= -f_0
    gegenbauer(n, K, t, P.data());
    for (int k = 1; k <= K; ++k) ind[k] = k, val[k] = P[k];
    glp_set_mat_row(lp, first + i, K, ind.data(), val.data());
  }
  glp_scale_prob(lp, GLP_SF_AUTO);  // prints the entry ranges
  glp_smcp parm;
  glp_init_smcp(&parm);
  parm.msg_lev = GLP_MSG_ERR;
  parm.meth = GLP_DUALP;
  parm.tol_bnd = 1e-10;
  parm.tol_dj = 1e-10;
  int rc = glp_simplex(lp, &parm);
  std::printf("simplex rc = %d, status = %d, f(1) = %.12g\n", rc, glp_get_status(lp), 1 + glp_get_obj_val(lp));
  if (exact) {
    rc = glp_exact(lp, &parm);
    std::printf("exact rc = %d, status = %d, f(1) = %.12g\n", rc, glp_get_status(lp), 1 + glp_get_obj_val(lp));
  }
  glp_delete_prob(lp);
  return 0;
}
