// The exact verifier's plan and report (see exact.hpp, exact_parts.hpp): integer form and thresholds
// (prepare), tile ranges through the tier's kernel (process), the extremes of disjoint parts combined
// under the one tie rule (merge), and the norms and the worst case over pairs turned back into
// rationals (finish). exact_verify is prepare, process everything, finish.
#include "constel/verify/exact.hpp"

#include <thread>

#include "constel/error.hpp"
#include "constel/memory_limit.hpp"
#include "constel/verify/detail/exact_plan.hpp"
#include "constel/verify/detail/extreme.hpp"
#include "constel/verify/detail/exact_kernel.hpp"
#include "constel/verify/exact_parts.hpp"
#include "constel/verify/detail/integer_form.hpp"

namespace constel {
namespace {

using detail::Tier;

Integer floor_of(const Rational& x) {
  Integer q = boost::multiprecision::numerator(x) / boost::multiprecision::denominator(x);  // truncates
  if (Rational(q) > x) q -= 1;
  return q;
}
Integer ceil_of(const Rational& x) {
  Integer f = floor_of(x);
  return Rational(f) == x ? f : Integer(f + 1);
}

Tier choose_tier(const detail::IntegerForm& f, ExactArithmetic a) {
  switch (a) {
    case ExactArithmetic::Auto:
      return detail::fastest_exact_tier(f);
    case ExactArithmetic::Double:
      return Tier::Double;
    case ExactArithmetic::Int128:
      return Tier::Int128;
    case ExactArithmetic::Gmp:
      return Tier::Gmp;
  }
  return Tier::Gmp;
}

const char* tier_name(Tier t) { return t == Tier::Double ? "double" : t == Tier::Int128 ? "int128" : "gmp"; }

void check_norms(const detail::IntegerForm& f, ExactReport& r) {
  for (std::size_t a = 0; a < f.k; ++a)
    for (std::size_t i = 0; i < f.N; ++i) {
      Integer n2 = detail::exact_row_norm2(f, a, i);
      if (n2 == f.C) continue;
      r.unit_norm = false;
      ++r.non_unit_rows;
      if (r.norm_defects.size() < 20) r.norm_defects.push_back({a, i, Rational(n2, f.C)});
    }
}

// Throws unless the two partials come from plans of the same shape, tier and target.
void throw_if_foreign(const ExactPartial& a, const ExactPartial& b) {
  if (a.N != b.N || a.d != b.d || a.k != b.k || a.tiles != b.tiles || a.arithmetic != b.arithmetic || a.C != b.C ||
      a.with_target != b.with_target || a.pairs.size() != b.pairs.size())
    throw InputError("exact partials of different plans cannot be merged (N " + std::to_string(a.N) + " vs " +
                     std::to_string(b.N) + ", " + std::to_string(a.tiles) + " vs " + std::to_string(b.tiles) +
                     " tiles, arithmetic " + a.arithmetic + " vs " + b.arithmetic + ")");
}

PairExtremes to_extremes(const ExactPairPartial& raw, std::size_t a, std::size_t c, const Integer& C) {
  PairExtremes p;
  p.a = a;
  p.c = c;
  p.min_diag = Rational(raw.min_diag, C);
  p.argmin_diag = raw.argmin;
  if (raw.has_off) p.max_offdiag = Rational(raw.max_off, C);
  p.argmax_i = raw.argmax_i;
  p.argmax_j = raw.argmax_j;
  p.violations_pos = raw.violations_pos;
  p.violations_neg = raw.violations_neg;
  return p;
}

// The worst case over pairs of modalities, (m*, b*), and the target and claim checks.
void summarise(const detail::ExactPlanState& s, ExactReport& r) {
  for (std::size_t q = 0; q < r.pairs.size(); ++q) {
    const PairExtremes& p = r.pairs[q];
    if (q == 0 || p.min_diag < r.min_diag) {
      r.min_diag = p.min_diag;
      r.worst_diag_pair = q;
    }
    if (p.max_offdiag && (!r.max_offdiag || *p.max_offdiag > *r.max_offdiag)) {
      r.max_offdiag = p.max_offdiag;
      r.worst_offdiag_pair = q;
    }
    r.violations_pos += p.violations_pos;
    r.violations_neg += p.violations_neg;
  }
  if (r.max_offdiag) {
    r.margin = (r.min_diag - *r.max_offdiag) / 2;
    r.relative_bias = (r.min_diag + *r.max_offdiag) / 2;
  }
  r.zero_loss_infimum = !r.margin || *r.margin > 0;
  if (s.m) r.is_constellation = r.unit_norm && exact_pair_valid(*s.m, *s.b, r.min_diag, r.max_offdiag);
  if (s.claim)
    r.claim_holds = r.unit_norm && s.claim->m >= 0 && exact_pair_valid(s.claim->m, s.claim->b, r.min_diag, r.max_offdiag);
}

}  // namespace

std::string to_string(ExactArithmetic a) {
  switch (a) {
    case ExactArithmetic::Auto:
      return "auto";
    case ExactArithmetic::Double:
      return "double";
    case ExactArithmetic::Int128:
      return "int128";
    case ExactArithmetic::Gmp:
      return "gmp";
  }
  return "?";
}

bool exact_pair_valid(const Rational& m, const Rational& b, const Rational& min_diag,
                      const std::optional<Rational>& max_offdiag) {
  if (b + m > min_diag) return false;
  return !max_offdiag || b - m >= *max_offdiag;
}

std::uint64_t ExactPlan::tiles() const { return state_->tiles; }

namespace {

// The memory limit (memory_limit.hpp), before the plan is built: the configuration's entries (at least
// 4 bytes each, compact) are held already; the integer form copies them as int64 unless they are
// compact without exceptions (then it shares them); each thread holds two panels of kExactTile rows
// of int64 (or double) and a tile of products.
void check_exact_plan_memory(const Configuration& config, unsigned threads) {
  const std::uint64_t entries = memory_product(config.N(), config.d(), config.k());
  const bool shared = config.compact() && config.compact()->exceptions().empty();
  std::uint64_t held = memory_product(entries, config.compact() ? 4 : 32);
  std::uint64_t form = shared ? 0 : memory_product(entries, 8);
  std::uint64_t per_thread = memory_sum(memory_product(2 * detail::kExactTile, config.d(), 8),
                                        memory_product(detail::kExactTile, detail::kExactTile, 8));
  check_memory(memory_sum(memory_sum(held, form), memory_product(per_thread, threads)),
               "the exact verifier (N = " + std::to_string(config.N()) + ", d = " + std::to_string(config.d()) +
                   ", k = " + std::to_string(config.k()) + ", the entries and the integer form on " +
                   std::to_string(threads) + " threads)");
}

}  // namespace

ExactPlan exact_prepare(const Configuration& config, const ExactVerifyOptions& options) {
  throw_if_bad_shape(config.N(), config.d(), config.k());
  if (options.m.has_value() != options.b.has_value()) throw InputError("give both m and b, or neither");
  if (options.m && *options.m < 0) throw InputError("m must be >= 0, got " + to_string(*options.m));
  const unsigned threads = options.threads ? options.threads : std::max(1u, std::thread::hardware_concurrency());
  check_exact_plan_memory(config, threads);
  auto s = std::make_shared<detail::ExactPlanState>();
  s->N = config.N(), s->d = config.d(), s->k = config.k();
  s->form = detail::make_integer_form(config, options.threads);
  s->tier = choose_tier(s->form, options.arithmetic);
  if (options.m) {
    const Rational C(s->form.C);
    s->thresholds =
        detail::Thresholds{ceil_of((*options.b + *options.m) * C), floor_of((*options.b - *options.m) * C)};
  }
  s->m = options.m, s->b = options.b, s->claim = config.claim();
  s->control.threads = threads;
  s->control.stop = options.stop, s->control.progress = options.progress;
  const std::uint64_t blocks = (s->N + detail::kExactTile - 1) / detail::kExactTile;
  s->tiles = blocks * blocks * (s->k * (s->k - 1) / 2);
  s->runner = detail::make_exact_tiles(s->form, s->tier, s->thresholds);
  ExactPlan plan;
  plan.state_ = std::move(s);
  return plan;
}

ExactPartial exact_empty_partial(const ExactPlan& plan) {
  const detail::ExactPlanState& s = plan.state();
  ExactPartial p;
  p.N = s.N, p.d = s.d, p.k = s.k, p.tiles = s.tiles;
  p.arithmetic = tier_name(s.tier);
  p.C = s.form.C;
  p.with_target = s.thresholds.has_value();
  p.pairs.resize(s.k * (s.k - 1) / 2);
  return p;
}

ExactPartial exact_process(const ExactPlan& plan, std::uint64_t first, std::uint64_t last) {
  const detail::ExactPlanState& s = plan.state();
  if (last > s.tiles)
    throw InputError("tile range [" + std::to_string(first) + ", " + std::to_string(last) + ") is beyond the " +
                     std::to_string(s.tiles) + " tiles of the plan");
  ExactPartial p = exact_empty_partial(plan);
  p.covered = TileSet(first, last);
  if (first < last) s.runner->run(first, last, s.control, p.pairs);
  return p;
}

void merge(ExactPairPartial& into, const ExactPairPartial& o) {
  using detail::Keep;
  using detail::replaces;
  if (o.has_diag && (!into.has_diag || replaces<Keep::Smallest>(o.min_diag.compare(into.min_diag), o.argmin, into.argmin))) {
    into.has_diag = true;
    into.min_diag = o.min_diag;
    into.argmin = o.argmin;
  }
  if (o.has_off && (!into.has_off || replaces<Keep::Largest>(o.max_off.compare(into.max_off),
                                                             std::pair(o.argmax_i, o.argmax_j),
                                                             std::pair(into.argmax_i, into.argmax_j)))) {
    into.has_off = true;
    into.max_off = o.max_off;
    into.argmax_i = o.argmax_i;
    into.argmax_j = o.argmax_j;
  }
  into.violations_pos += o.violations_pos;
  into.violations_neg += o.violations_neg;
}

void merge(ExactPartial& into, const ExactPartial& other) {
  throw_if_foreign(into, other);
  into.covered.merge(other.covered);
  for (std::size_t q = 0; q < into.pairs.size(); ++q) merge(into.pairs[q], other.pairs[q]);
}

ExactReport exact_finish(const ExactPlan& plan, const ExactPartial& all) {
  const detail::ExactPlanState& s = plan.state();
  throw_if_foreign(exact_empty_partial(plan), all);
  if (!all.covered.covers(s.tiles))
    throw InputError("the exact partial covers " + std::to_string(all.covered.count()) + " of the " +
                     std::to_string(s.tiles) + " tiles: every part must be merged before finishing");
  ExactReport r;
  r.N = s.N, r.d = s.d, r.k = s.k;
  r.arithmetic = tier_name(s.tier);
  check_norms(s.form, r);
  std::size_t q = 0;
  for (std::size_t a = 0; a < s.k; ++a)
    for (std::size_t c = a + 1; c < s.k; ++c, ++q) r.pairs.push_back(to_extremes(all.pairs[q], a, c, s.form.C));
  summarise(s, r);
  return r;
}

ExactReport exact_verify(const Configuration& config, const ExactVerifyOptions& options) {
  const ExactPlan plan = exact_prepare(config, options);
  return exact_finish(plan, exact_process(plan, 0, plan.tiles()));
}

}  // namespace constel
