// GLPK implementation of GapLp (see lp.hpp).
#include "constel/gap/lp.hpp"

#include <glpk.h>

#include <algorithm>

#include "constel/detail/glpk_simplex.hpp"
#include "constel/error.hpp"

namespace constel {

struct GapLp::Impl {
  glp_prob* lp = nullptr;
  std::size_t nu = 0, nv = 0, d = 0;
  bool affine = false, soft_u = false, solved_once = false;
  int col_g(std::size_t k) const { return int(k + 1); }
  int col_c() const { return int(d + 1); }
  int col_s(std::size_t j) const { return int(d + (affine ? 1 : 0) + j + 1); }
  int col_t(std::size_t i) const { return int(d + (affine ? 1 : 0) + nv + i + 1); }
};

GapLp::GapLp(const std::vector<double>& coef, std::size_t nu, std::size_t nv, std::size_t d, bool affine, bool soft_u)
    : impl_(std::make_unique<Impl>()) {
  Impl& m = *impl_;
  m.nu = nu, m.nv = nv, m.d = d, m.affine = affine, m.soft_u = soft_u;
  if (coef.size() != (nu + nv) * d) throw InternalError("GapLp: coefficient matrix of the wrong size");
  m.lp = glp_create_prob();
  glp_set_obj_dir(m.lp, GLP_MIN);
  const std::size_t ncols = d + (affine ? 1 : 0) + nv + (soft_u ? nu : 0);
  glp_add_cols(m.lp, int(ncols));
  for (std::size_t k = 0; k < d; ++k) glp_set_col_bnds(m.lp, m.col_g(k), GLP_FR, 0.0, 0.0);
  if (affine) glp_set_col_bnds(m.lp, m.col_c(), GLP_FR, 0.0, 0.0);
  for (std::size_t j = 0; j < nv; ++j) {
    glp_set_col_bnds(m.lp, m.col_s(j), GLP_LO, 0.0, 0.0);
    glp_set_obj_coef(m.lp, m.col_s(j), 1.0);
  }
  if (soft_u)
    for (std::size_t i = 0; i < nu; ++i) {
      glp_set_col_bnds(m.lp, m.col_t(i), GLP_LO, 0.0, 0.0);
      glp_set_obj_coef(m.lp, m.col_t(i), double(nv + 1));
    }
  glp_add_rows(m.lp, int(nu + nv));
  std::vector<int> ind(ncols + 1);
  std::vector<double> val(ncols + 1);
  for (std::size_t r = 0; r < nu + nv; ++r) {
    int len = 0;
    for (std::size_t k = 0; k < d; ++k) {
      double a = coef[r * d + k];
      if (a != 0) ind[++len] = m.col_g(k), val[len] = a;
    }
    if (affine) ind[++len] = m.col_c(), val[len] = 1.0;
    if (r < nu) {
      if (soft_u) ind[++len] = m.col_t(r), val[len] = 1.0;
      glp_set_row_bnds(m.lp, int(r + 1), GLP_LO, 1.0, 0.0);
    } else {
      ind[++len] = m.col_s(r - nu), val[len] = -1.0;
      glp_set_row_bnds(m.lp, int(r + 1), GLP_UP, 0.0, -1.0);
    }
    glp_set_mat_row(m.lp, int(r + 1), len, ind.data(), val.data());
  }
}

GapLp::~GapLp() {
  if (impl_ && impl_->lp) glp_delete_prob(impl_->lp);
}

void GapLp::set_v_soft(std::size_t j, double weight) {
  glp_set_col_bnds(impl_->lp, impl_->col_s(j), GLP_LO, 0.0, 0.0);
  glp_set_obj_coef(impl_->lp, impl_->col_s(j), weight);
}

void GapLp::set_v_hard(std::size_t j) {
  glp_set_col_bnds(impl_->lp, impl_->col_s(j), GLP_FX, 0.0, 0.0);
  glp_set_obj_coef(impl_->lp, impl_->col_s(j), 0.0);
}

void GapLp::set_u_weight(std::size_t i, double weight) {
  if (impl_->soft_u) glp_set_obj_coef(impl_->lp, impl_->col_t(i), weight);
}

bool GapLp::solve(int time_limit_ms, const RunHooks& hooks) {
  Impl& m = *impl_;
  detail::GlpkQuiet quiet;
  if (!m.solved_once) {  // each of the two takes about a chunk's time on a large LP: the stop is asked after each
    glp_scale_prob(m.lp, GLP_SF_AUTO);
    hooks.throw_if_stopped("gap search");
    glp_adv_basis(m.lp, 0);
    hooks.throw_if_stopped("gap search");
  }
  glp_smcp parm;
  glp_init_smcp(&parm);
  parm.msg_lev = GLP_MSG_OFF;
  parm.meth = GLP_DUALP;
  parm.tm_lim = time_limit_ms;
  int rc = detail::chunked_simplex(m.lp, parm, hooks, "gap search");
  if (rc != 0 && rc != GLP_ETMLIM) {  // a broken warm start: retry from a fresh basis once
    glp_adv_basis(m.lp, 0);
    hooks.throw_if_stopped("gap search");
    rc = detail::chunked_simplex(m.lp, parm, hooks, "gap search");
  }
  m.solved_once = true;
  return rc == 0 && glp_get_status(m.lp) == GLP_OPT;
}

bool GapLp::infeasible() const {
  return glp_get_status(impl_->lp) == GLP_NOFEAS || glp_get_prim_stat(impl_->lp) == GLP_NOFEAS;
}

std::vector<double> GapLp::g() const {
  std::vector<double> out(impl_->d);
  for (std::size_t k = 0; k < impl_->d; ++k) out[k] = glp_get_col_prim(impl_->lp, impl_->col_g(k));
  return out;
}

double GapLp::offset() const { return impl_->affine ? glp_get_col_prim(impl_->lp, impl_->col_c()) : 0.0; }

double GapLp::v_slack(std::size_t j) const { return std::max(0.0, glp_get_col_prim(impl_->lp, impl_->col_s(j))); }

double GapLp::u_slack(std::size_t i) const {
  return impl_->soft_u ? std::max(0.0, glp_get_col_prim(impl_->lp, impl_->col_t(i))) : 0.0;
}

}  // namespace constel
