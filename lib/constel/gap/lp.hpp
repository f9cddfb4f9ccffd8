// The linear program behind the separating-direction search (docs/math.md section 6), over GLPK (used privately:
// glpk.h appears only in lp.cpp). Variables: g_1..g_d (free), the offset c (free, affine only), one
// slack s_j >= 0 per V row and, when U is soft, one slack t_i >= 0 per U row. Rows:
//   <g, a_i> + c + t_i >= 1   for every U row    (t_i absent when U is hard)
//   <g, b_j> + c - s_j <= -1  for every V row    (s_j fixed at 0 when V_j is hard)
// minimising sum_j w_j s_j + sum_i W_i t_i. The coefficients are the double approximations q_k r_k of
// GapPoints; whatever the LP returns is only a candidate, checked exactly elsewhere.
#pragma once

#include <cstddef>
#include <memory>
#include <vector>

#include "constel/error.hpp"
#include "constel/run_hooks.hpp"

namespace constel {

class GapLp {
 public:
  // coef: (nu + nv) rows of d doubles, U rows first.
  GapLp(const std::vector<double>& coef, std::size_t nu, std::size_t nv, std::size_t d, bool affine, bool soft_u);
  ~GapLp();
  GapLp(const GapLp&) = delete;
  GapLp& operator=(const GapLp&) = delete;

  void set_v_soft(std::size_t j, double weight);
  void set_v_hard(std::size_t j);
  void set_u_weight(std::size_t i, double weight);  // soft U only

  // Runs the simplex (warm-started after the first call). True when GLPK reports an optimum.
  // GLPK in chunks (constel/detail/glpk_simplex.hpp): hooks.stop is asked between two chunks
  // (Cancelled); the result does not depend on the hooks.
  bool solve(int time_limit_ms, const RunHooks& hooks = {});
  // After solve() returned false: whether GLPK found the problem infeasible (rather than failing).
  bool infeasible() const;
  // After a successful solve:
  std::vector<double> g() const;
  double offset() const;
  double v_slack(std::size_t j) const;
  double u_slack(std::size_t i) const;  // 0 when U is hard

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace constel
