// choose-d and margin-for searches over the bounds of mrb_bounds.hpp and the explicit table (see
// choose_d.hpp).
#include "constel/choose/choose_d.hpp"

#include <cmath>
#include <functional>

#include "constel/bounds/region.hpp"
#include "constel/error.hpp"

namespace constel::choose {
namespace {

// The smallest x in [lo, hi] with pred(x), by doubling from lo and then bisection; nullopt if pred(hi)
// is false at the end of the doubling.
std::optional<std::size_t> first_true(const std::function<bool(std::size_t)>& pred, std::size_t lo, std::size_t hi) {
  if (pred(lo)) return lo;
  std::size_t bad = lo, step = 1;
  std::size_t good = 0;
  for (;;) {
    std::size_t next = (hi - bad > step) ? bad + step : hi;
    if (pred(next)) {
      good = next;
      break;
    }
    if (next == hi) return std::nullopt;
    bad = next;
    step *= 2;
  }
  while (good - bad > 1) {
    std::size_t mid = bad + (good - bad) / 2;
    (pred(mid) ? good : bad) = mid;
  }
  return good;
}

// The largest j in [0, hi] with pred(j), given pred(0) (bisection; assumes pred is non-increasing).
std::size_t last_true(const std::function<bool(std::size_t)>& pred, std::size_t hi) {
  if (pred(hi)) return hi;
  std::size_t good = 0, bad = hi;
  while (bad - good > 1) {
    std::size_t mid = good + (bad - good) / 2;
    (pred(mid) ? good : bad) = mid;
  }
  return good;
}

double log10_of_integer(const Integer& N) { return bounds::log10_of(Rational(N)); }

}  // namespace

// True when the costly stage (the Delsarte LP, the three-point SDP when asked for) runs at d.
bool StagedBounds::costly_at_d() const {
  return d_ <= options_.delsarte_max_dimension || (options_.sdp && d_ <= options_.sdp_max_dimension);
}

const bounds::MrbBounds& StagedBounds::full() {
  if (!full_) {
    if (without_lp_ && !costly_at_d())
      full_ = without_lp_;  // no LP or SDP at this d: the two stages are the same computation
    else
      full_ = bounds::mrb_bounds(d_, m_, b_, options_);
  }
  return *full_;
}

const bounds::MrbBounds& StagedBounds::without_lp() {
  if (full_) return *full_;
  if (!without_lp_) {
    if (!costly_at_d()) return full();
    bounds::MrbOptions cheap = options_;
    cheap.delsarte_max_dimension = 0;
    cheap.sdp.reset();  // the SDP, like the LP, only lowers the upper bound
    without_lp_ = bounds::mrb_bounds(d_, m_, b_, cheap);
  }
  return *without_lp_;
}

const bounds::SizeBound& StagedBounds::lower() { return without_lp().lower; }

bool StagedBounds::upper_reaches(const Integer& N) {
  // the LP only lowers the upper bound: below N without it is below N with it
  if (!full_ && !bound_reaches(without_lp().upper, N, true)) return false;
  return bound_reaches(full().upper, N, true);
}

StagedBounds& BoundCache::staged(std::size_t d) {
  auto it = cache_.find(d);
  if (it == cache_.end()) it = cache_.emplace(d, StagedBounds(d, m_, b_, options_)).first;
  return it->second;
}

bool bound_reaches(const bounds::SizeBound& bound, const Integer& N, bool upper_side) {
  if (bound.infinite) return true;
  if (bound.value) return *bound.value >= N;
  if (!std::isfinite(bound.log10)) return bound.log10 > 0;
  double diff = bound.log10 - log10_of_integer(N);
  double guard = 1e-9 * std::max(1.0, std::abs(bound.log10));
  if (std::abs(diff) <= guard) return upper_side;
  return diff > 0;
}

Integer parse_pair_count(const std::string& option, const std::string& text) {
  Rational x;
  try {
    x = parse_rational(text);
  } catch (const InputError& e) {
    throw InputError(option + ": " + e.what());
  }
  if (denominator(x) != 1) throw InputError(option + ": '" + text + "' is not an integer (N counts pairs)");
  if (x < 1) throw InputError(option + ": '" + text + "': N must be at least 1");
  return numerator(x);
}

void throw_if_bad_target(const Rational& m, const Rational& b) {
  bounds::throw_if_bad_parameters(m, b);
  if (m == 0)
    throw InputError("m = 0 is degenerate: all U_i = u, all V_i = v give any N in any d >= 2 (docs/math.md section 2); give m > 0");
  if (m + b > 1)
    throw InputError("(m, b) = (" + to_string(m) + ", " + to_string(b) + ") is infeasible: m + b = " + to_string(m + b) +
                     " > 1 (Theorem 3.4), no constellation has even one pair");
}

ChooseDResult choose_d(BoundCache& cache, const Integer& N, const std::string& m_text, const std::string& b_text,
                       std::size_t max_dimension) {
  throw_if_bad_target(cache.m(), cache.b());
  if (N < 1) throw InputError("N must be at least 1");
  ChooseDResult r;
  r.N = N;
  auto fill = [&](DimensionAnswer& a, bool upper) {
    auto pick = [&](std::size_t d) -> const bounds::SizeBound& { return upper ? cache.at(d).upper : cache.lower_at(d); };
    auto reaches = [&](std::size_t d) {
      return upper ? cache.upper_reaches(d, N) : bound_reaches(cache.lower_at(d), N, false);
    };
    a.d = first_true(reaches, 2, max_dimension);
    if (a.d) {
      a.at_d = pick(*a.d);
      a.method = a.at_d->method;
      if (*a.d > 2) a.below_d = pick(*a.d - 1);
    } else {
      a.at_d = pick(max_dimension);
      a.note = upper ? "the upper bound stays below N for every d <= " + std::to_string(max_dimension)
                     : "the lower bound does not reach N for any d <= " + std::to_string(max_dimension);
    }
  };
  fill(r.necessary, true);
  fill(r.sufficient, false);
  auto region = bounds::classify_region(cache.m(), cache.b());
  if (region.region == bounds::Region::Finite && !r.necessary.d)
    r.necessary.note = "no dimension works: alpha < 0 and N exceeds 4m / (3m - 1 - b) = " +
                       to_string(4 * cache.m() / (3 * cache.m() - 1 - cache.b())) + " (Theorem 3.4)";
  auto explicit_at = [&](std::size_t d) { return best_explicit_construction(d, cache.m(), cache.b()); };
  r.explicit_code.d = first_true(
      [&](std::size_t d) {
        auto c = explicit_at(d);
        return c && c->N >= N;
      },
      2, max_dimension);
  if (r.explicit_code.d) {
    r.explicit_code.construction = explicit_at(*r.explicit_code.d);
    set_count(*r.explicit_code.construction, N);
    r.explicit_code.command = generate_command(*r.explicit_code.construction, m_text, b_text);
    if (!r.explicit_code.construction->written_in_full)
      r.explicit_code.note = "a binary linear code with a proved minimum distance (docs/math.md section 3.7): explicit by its "
                             "generator matrix; the command writes its first " + std::to_string(r.explicit_code.construction->count) +
                             " codewords (as many as fit in 2^23 coordinates, at most N)";
  } else {
    r.explicit_code.note = "no code of the toolkit (its table, BCH, Reed-Solomon concatenated, Reed-Muller) gives N pairs at this (m, b) in d <= " + std::to_string(max_dimension);
  }
  return r;
}

void throw_if_bad_resolution(const Rational& resolution) {
  if (resolution <= 0 || resolution > Rational(1, 10))
    throw InputError("the resolution must lie in (0, 1/10], got " + to_string(resolution));
}

MarginResult margin_for(std::size_t d, const Integer& N, const std::optional<Rational>& b, const Rational& resolution,
                        const bounds::MrbOptions& options) {
  bounds::throw_if_bad_dimension(d);
  if (N < 1) throw InputError("N must be at least 1");
  throw_if_bad_resolution(resolution);
  if (b) bounds::throw_if_bad_parameters(0, *b);
  MarginResult r;
  r.N = N;
  r.d = d;
  r.resolution = resolution;
  r.on_line = !b;
  Rational m_max = b ? 1 - *b : Rational(2);
  Rational steps = m_max / resolution;
  Integer J_int = numerator(steps) / denominator(steps);
  if (J_int > 100000000) throw InputError("the resolution is too fine (more than 10^8 grid steps)");
  std::size_t J = static_cast<std::size_t>(J_int);
  auto m_of = [&](std::size_t j) { return Rational(Integer(j)) * resolution; };
  auto b_of = [&](std::size_t j) { return b ? *b : 1 - m_of(j); };
  std::map<std::size_t, StagedBounds> cache;
  auto at = [&](std::size_t j) -> StagedBounds& {
    auto it = cache.find(j);
    if (it == cache.end()) it = cache.emplace(j, StagedBounds(d, m_of(j), b_of(j), options)).first;
    return it->second;
  };
  auto answer = [&](MarginAnswer& a, std::size_t j, bool bounds_side, bool upper) {
    a.m = m_of(j);
    a.b = b_of(j);
    if (bounds_side) {
      a.bound = upper ? at(j).full().upper : at(j).lower();
      a.method = a.bound->method;
    }
  };
  std::size_t ju = last_true([&](std::size_t j) { return at(j).upper_reaches(N); }, J);
  answer(r.upper, ju, true, true);
  std::size_t jl = last_true([&](std::size_t j) { return bound_reaches(at(j).lower(), N, false); }, J);
  answer(r.lower, jl, true, false);
  auto explicit_at = [&](std::size_t j) { return best_explicit_construction(d, m_of(j), b_of(j)); };
  std::size_t je = last_true(
      [&](std::size_t j) {
        if (j == 0) return true;
        auto c = explicit_at(j);
        return c && c->N >= N;
      },
      J);
  answer(r.explicit_code, je, false, false);
  if (je > 0) {
    auto c = explicit_at(je);
    set_count(*c, N);
    r.explicit_code.method = c->construction + " of " + c->code_spec + " (" + c->code_name + ", " + pairs_text(*c) +
                             " points, alpha' = " + to_string(c->code_alpha) + ")";
    r.explicit_code.command = generate_command(*c, to_string(m_of(je)), to_string(b_of(je)));
  } else {
    r.explicit_code.method = "none (only the degenerate m = 0)";
  }
  return r;
}

}  // namespace constel::choose
