// The separating-direction search (see search.hpp for the steps; docs/math.md section 6).
#include "constel/gap/search.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <optional>

#include "constel/error.hpp"
#include "constel/gap/lp.hpp"

namespace constel {
namespace {

bool better(const GapCheck& a, const GapCheck& b) {
  if (a.u_nonpositive != b.u_nonpositive) return a.u_nonpositive < b.u_nonpositive;
  return a.v_nonnegative < b.v_nonnegative;
}

class Searcher {
 public:
  Searcher(const GapPoints& p, const GapSearchOptions& opt)
      : p_(p), opt_(opt), nu_(p.rows(GapSide::U)), nv_(p.rows(GapSide::V)), d_(p.d()) {
    lp_allowed_ = std::uint64_t(nu_ + nv_) * std::uint64_t(d_) <= opt.max_lp_entries;
    if (lp_allowed_ || p.is_exact_rational()) {
      coef_.resize((nu_ + nv_) * d_);
      for (std::size_t r = 0; r < nu_ + nv_; ++r)
        for (std::size_t k = 0; k < d_; ++k) coef_[r * d_ + k] = p.approx_coefficient(side(r), index(r), k);
    }
  }

  GapSearchResult run() {
    cheap_candidates();
    opt_.hooks.report(0.05);
    if (lp_allowed_) {
      lp_stage();
    } else {
      result_.lp_note = opt_.max_lp_entries == 0 ? "LP skipped (turned off: max_lp_entries = 0)" : "LP skipped: (N_u + N_v) d = " + std::to_string((nu_ + nv_) * d_) + " exceeds the limit " +
                        std::to_string(opt_.max_lp_entries);
    }
    opt_.hooks.report(0.95);
    round_best();
    opt_.hooks.report(1.0);
    result_.direction = best_->dir;
    result_.check = best_->check;
    result_.found_by = best_->by;
    return result_;
  }

 private:
  struct Candidate {
    GapDirection dir;
    GapCheck check;
    std::string by;
    std::vector<double> g;
    double c = 0;
  };

  GapSide side(std::size_t r) const { return r < nu_ ? GapSide::U : GapSide::V; }
  std::size_t index(std::size_t r) const { return r < nu_ ? r : r - nu_; }
  double coef(std::size_t r, std::size_t k) const {
    return coef_.empty() ? p_.approx_coefficient(side(r), index(r), k) : coef_[r * d_ + k];
  }
  double approx_value(std::size_t r, const std::vector<double>& g, double c) const {
    double s = c;
    for (std::size_t k = 0; k < d_; ++k) s += coef(r, k) * g[k];
    return s;
  }

  // The best offset for direction g (affine): just below the smallest U value, halfway to the largest
  // V value under it. Exact for .cst input, in doubles for float input (the exact check decides).
  std::optional<Rational> best_offset(const GapDirection& dir, const std::vector<double>& g) const {
    if (p_.is_exact_rational()) {
      GapDirection h{dir.g, std::nullopt};
      std::optional<Rational> min_u, max_v_below;
      for (std::size_t i = 0; i < nu_; ++i) {
        Rational x = exact_direction_value(p_, GapSide::U, i, h);
        if (!min_u || x < *min_u) min_u = x;
      }
      for (std::size_t j = 0; j < nv_; ++j) {
        Rational x = exact_direction_value(p_, GapSide::V, j, h);
        if (x < *min_u && (!max_v_below || x > *max_v_below)) max_v_below = x;
      }
      if (!max_v_below) return -*min_u + 1;
      return -(*min_u + *max_v_below) / 2;
    }
    double min_u = INFINITY, max_v_below = -INFINITY;
    for (std::size_t i = 0; i < nu_; ++i) min_u = std::min(min_u, approx_value(i, g, 0));
    for (std::size_t j = 0; j < nv_; ++j) {
      double x = approx_value(nu_ + j, g, 0);
      if (x < min_u) max_v_below = std::max(max_v_below, x);
    }
    double c = std::isfinite(max_v_below) ? -(min_u + max_v_below) / 2 : -min_u + std::max(1.0, std::fabs(min_u));
    if (!std::isfinite(c)) return std::nullopt;
    return from_double(c);
  }

  bool consider_direction(GapDirection dir, const std::vector<double>& g, double c, const std::string& by) {
    opt_.hooks.throw_if_stopped("gap search");
    GapCheck check = certified_check_direction(p_, dir, opt_.force_exact_check);
    ++result_.candidates_checked;
    if (best_ && !better(check, best_->check)) return false;
    best_ = Candidate{std::move(dir), std::move(check), by, g, c};
    return true;
  }

  // Considers g (with offset c when affine, and with the best offset for g); true when it improved.
  bool consider(const std::vector<double>& g, double c, const std::string& by) {
    for (double x : g)
      if (!std::isfinite(x)) return false;
    GapDirection dir;
    dir.g.reserve(d_);
    for (double x : g) dir.g.push_back(from_double(x));
    bool improved = false;
    if (opt_.affine) {
      if (std::isfinite(c)) {
        dir.offset = from_double(c);
        improved |= consider_direction(dir, g, c, by);
      }
      if (auto off = best_offset(dir, g)) {
        dir.offset = off;
        improved |= consider_direction(dir, g, to_double(*off), by + " (best offset)");
      }
    } else {
      improved |= consider_direction(dir, g, 0, by);
    }
    return improved;
  }

  // Before every LP solve: the stop hook, then the count.
  void count_solve() {
    opt_.hooks.throw_if_stopped("gap search");
    ++result_.lp_solves;
  }

  double entry_double(GapSide s, std::size_t i, std::size_t k) const {
    return p_.is_exact_rational() ? to_double(p_.exact_entry(s, i, k)) : p_.float_entry(s, i, k);
  }

  void cheap_candidates() {
    std::vector<double> mu(d_, 0.0), mv(d_, 0.0), diff(d_);
    for (std::size_t i = 0; i < nu_; ++i)
      for (std::size_t k = 0; k < d_; ++k) mu[k] += entry_double(GapSide::U, i, k) / double(nu_);
    for (std::size_t j = 0; j < nv_; ++j)
      for (std::size_t k = 0; k < d_; ++k) mv[k] += entry_double(GapSide::V, j, k) / double(nv_);
    for (std::size_t k = 0; k < d_; ++k) diff[k] = mu[k] - mv[k];
    consider(diff, 0.0, "mean(U) - mean(V)");
    if (!opt_.affine) consider(mu, 0.0, "mean(U)");
  }

  void lp_stage() {
    result_.lp_ran = true;
    auto lp = std::make_unique<GapLp>(coef_, nu_, nv_, d_, opt_.affine, false);
    count_solve();
    bool soft_u = false;
    if (!lp->solve(opt_.lp_time_limit_ms, opt_.hooks)) {
      if (opt_.affine || !lp->infeasible()) {
        result_.lp_note = "GLPK did not reach an optimum of the LP relaxation";
        return;
      }
      result_.lp_found_u_infeasible = true;
      soft_u = true;
      lp = std::make_unique<GapLp>(coef_, nu_, nv_, d_, opt_.affine, true);
      count_solve();
      if (!lp->solve(opt_.lp_time_limit_ms, opt_.hooks)) {
        result_.lp_note = "GLPK did not reach an optimum of the LP relaxation (U soft)";
        return;
      }
    }
    const double eps = 0.1;
    for (std::size_t round = 0;; ++round) {
      consider(lp->g(), lp->offset(), round == 0 ? "LP relaxation" : "LP reweighted, round " + std::to_string(round));
      if (best_->check.separates() || round + 1 >= opt_.reweight_rounds) break;
      opt_.hooks.report(0.05 + 0.45 * double(round + 1) / double(opt_.reweight_rounds));
      for (std::size_t j = 0; j < nv_; ++j) lp->set_v_soft(j, 1.0 / (lp->v_slack(j) + eps));
      if (soft_u)
        for (std::size_t i = 0; i < nu_; ++i) lp->set_u_weight(i, double(nv_ + 1) / (lp->u_slack(i) + eps));
      count_solve();
      if (!lp->solve(opt_.lp_time_limit_ms, opt_.hooks)) break;
    }
    if (!soft_u) repair(*lp);
  }

  // Step 3: all V hard except the current wrong set; try to harden one more at a time.
  void repair(GapLp& lp) {
    std::size_t budget = opt_.repair_solves;
    bool improved = true;
    while (improved && budget > 0 && best_->check.all_u_positive() && best_->check.v_nonnegative > 0) {
      improved = false;
      std::vector<std::size_t> wrong = best_->check.wrong_v;
      std::vector<char> soft(nv_, 0);
      for (std::size_t j : wrong) soft[j] = 1;
      for (std::size_t j = 0; j < nv_; ++j) soft[j] ? lp.set_v_soft(j, 0.0) : lp.set_v_hard(j);
      std::vector<double> val(nv_);
      for (std::size_t j : wrong) val[j] = approx_value(nu_ + j, best_->g, best_->c);
      std::stable_sort(wrong.begin(), wrong.end(), [&](std::size_t a, std::size_t b) { return val[a] < val[b]; });
      for (std::size_t j : wrong) {
        if (budget == 0) break;
        --budget;
        opt_.hooks.report(0.5 + 0.45 * double(opt_.repair_solves - budget) / double(opt_.repair_solves));
        lp.set_v_hard(j);
        count_solve();
        if (lp.solve(opt_.lp_time_limit_ms, opt_.hooks) && consider(lp.g(), lp.offset(), "LP repair")) {
          improved = true;
          break;
        }
        lp.set_v_soft(j, 0.0);
      }
    }
  }

  // Step 4: short integer coordinates when they keep the exact counts.
  void round_best() {
    double mx = 0;
    for (double x : best_->g) mx = std::max(mx, std::fabs(x));
    if (!(mx > 0) || !std::isfinite(mx)) return;
    for (int bits : {4, 8, 12, 16, 20, 26, 32, 40, 52}) {
      std::vector<double> g(d_);
      GapDirection dir;
      for (std::size_t k = 0; k < d_; ++k) {
        g[k] = std::nearbyint(std::ldexp(best_->g[k] / mx, bits));
        dir.g.push_back(from_double(g[k]));
      }
      double c = 0;
      if (opt_.affine) {
        dir.offset = best_offset(dir, g);
        if (!dir.offset) continue;
        c = to_double(*dir.offset);
      }
      opt_.hooks.throw_if_stopped("gap search");
      GapCheck check = certified_check_direction(p_, dir, opt_.force_exact_check);
      ++result_.candidates_checked;
      if (!better(best_->check, check)) {
        best_ = Candidate{std::move(dir), std::move(check), best_->by + ", rounded", g, c};
        return;
      }
    }
  }

  const GapPoints& p_;
  const GapSearchOptions& opt_;
  std::size_t nu_, nv_, d_;
  bool lp_allowed_ = false;
  std::vector<double> coef_;
  std::optional<Candidate> best_;
  GapSearchResult result_;
};

}  // namespace

GapSearchResult search_separating_direction(const GapPoints& p, const GapSearchOptions& opt) {
  if (p.d() == 0 || p.rows(GapSide::U) == 0 || p.rows(GapSide::V) == 0)
    throw InputError("gap: empty point sets");
  return Searcher(p, opt).run();
}

}  // namespace constel
