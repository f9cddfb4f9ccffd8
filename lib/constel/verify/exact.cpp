// The exact verifier's report (see exact.hpp): integer form, norms, one kernel run per pair of
// modalities, and the worst case over pairs turned back into rationals.
#include "constel/verify/exact.hpp"

#include "constel/error.hpp"
#include "constel/verify/exact_kernel.hpp"
#include "constel/verify/integer_form.hpp"

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

ExactReport exact_verify(const Configuration& config, const ExactVerifyOptions& options) {
  throw_if_bad_shape(config.N(), config.d(), config.k());
  if (options.m.has_value() != options.b.has_value()) throw InputError("give both m and b, or neither");
  if (options.m && *options.m < 0) throw InputError("m must be >= 0, got " + to_string(*options.m));
  const detail::IntegerForm f = detail::make_integer_form(config, options.threads);
  const Tier tier = choose_tier(f, options.arithmetic);
  ExactReport r;
  r.N = config.N();
  r.d = config.d();
  r.k = config.k();
  r.arithmetic = tier_name(tier);
  check_norms(f, r);
  std::optional<detail::Thresholds> th;
  if (options.m) {
    const Rational C(f.C);
    th = detail::Thresholds{ceil_of((*options.b + *options.m) * C), floor_of((*options.b - *options.m) * C)};
  }
  for (std::size_t a = 0; a < config.k(); ++a)
    for (std::size_t c = a + 1; c < config.k(); ++c) {
      detail::PairRaw raw = detail::exact_pair_kernel(f, a, c, tier, th, options.threads);
      PairExtremes p;
      p.a = a;
      p.c = c;
      p.min_diag = Rational(raw.min_diag, f.C);
      p.argmin_diag = raw.argmin;
      if (raw.has_off) p.max_offdiag = Rational(raw.max_off, f.C);
      p.argmax_i = raw.argmax_i;
      p.argmax_j = raw.argmax_j;
      p.violations_pos = raw.viol_pos;
      p.violations_neg = raw.viol_neg;
      r.pairs.push_back(std::move(p));
    }
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
  if (options.m) r.is_constellation = r.unit_norm && exact_pair_valid(*options.m, *options.b, r.min_diag, r.max_offdiag);
  if (config.claim())
    r.claim_holds = r.unit_norm && config.claim()->m >= 0 &&
                    exact_pair_valid(config.claim()->m, config.claim()->b, r.min_diag, r.max_offdiag);
  return r;
}

}  // namespace constel
