// float_arrays(): float64 arrays of a configuration with the claim the stored floats satisfy (see
// float_claim.hpp for the two methods and docs/constructions.md "Float output").
#include "constel/construct/float_claim.hpp"

#include <cmath>
#include <map>

#include "constel/io/float_matrix.hpp"
#include "constel/verify/certified.hpp"

namespace constel::construct {
namespace {

Rational square(double x) {
  Rational r(x);
  return r * r;
}

// The doubles just below and just above sqrt(y) (exactly: lo^2 <= y <= hi^2, adjacent or equal).
std::pair<double, double> sqrt_bracket(const Rational& y) {
  if (y == 0) return {0.0, 0.0};
  double d = std::sqrt(to_double(y));
  while (square(d) < y) d = std::nextafter(d, INFINITY);
  while (d > 0 && square(std::nextafter(d, 0.0)) >= y) d = std::nextafter(d, 0.0);
  double hi = d, lo = square(d) == y ? d : std::nextafter(d, 0.0);
  return {lo, hi};
}

// |coordinate| rounded down and up, cached per column by r.
class Magnitudes {
 public:
  explicit Magnitudes(const Configuration& c) : c_(c), cache_(c.d()) {}
  std::pair<double, double> operator()(std::size_t j, const Rational& r) {
    if (r == 0) return {0.0, 0.0};
    auto it = cache_[j].find(r);  // keyed by the signed entry: no temporary
    if (it == cache_[j].end()) it = cache_[j].emplace(r, sqrt_bracket(c_.scale(j) * r * r)).first;
    return it->second;
  }

 private:
  const Configuration& c_;
  std::vector<std::map<Rational, std::pair<double, double>>> cache_;
};

// k = 2: each positive's terms rounded so that none decreases.
std::vector<NpzArray> directed_arrays(const Configuration& c) {
  std::vector<NpzArray> out = configuration_arrays(c);  // names and shapes
  Magnitudes mag(c);
  for (std::size_t i = 0; i < c.N(); ++i)
    for (std::size_t j = 0; j < c.d(); ++j) {
      const Rational &u = c.entry(0, i, j), &v = c.entry(1, i, j);
      bool up = sign(u) * sign(v) >= 0;  // product >= 0: magnitudes up; < 0: magnitudes down
      auto [ulo, uhi] = mag(j, u);
      auto [vlo, vhi] = mag(j, v);
      out[0].data[i * c.d() + j] = (u < 0 ? -1.0 : 1.0) * (up ? uhi : ulo);
      out[1].data[i * c.d() + j] = (v < 0 ? -1.0 : 1.0) * (up ? vhi : vlo);
    }
  return out;
}

CertifiedReport verify_pair(const NpzArray& a, const NpzArray& b, const std::optional<Claim>& claim) {
  FloatMatrix U = FloatMatrix::view(a.data.data(), a.rows, a.cols, a.name);
  FloatMatrix V = FloatMatrix::view(b.data.data(), b.rows, b.cols, b.name);
  CertifiedOptions opt;
  if (claim) opt.m = claim->m, opt.b = claim->b;
  return certified_verify(U, V, opt);
}

Rational lower(const CertifiedValue& v) { return v.exact ? v.value : Rational(v.lo); }
Rational upper(const CertifiedValue& v) { return v.exact ? v.value : Rational(v.hi); }

// One certified pass over every pair of modalities: whether the claim holds, and the extremes
// (least positive, largest negative over all pairs; exact for float64 values).
struct PassResult {
  bool holds = true;
  Rational pos, neg;
};

PassResult verify_all(const std::vector<NpzArray>& arrays, const Claim& claim) {
  PassResult out;
  bool first = true;
  for (std::size_t a = 0; a < arrays.size(); ++a)
    for (std::size_t b = a + 1; b < arrays.size(); ++b) {
      CertifiedReport r = verify_pair(arrays[a], arrays[b], claim);
      if (!r.unit_within_tolerance)
        throw InternalError("float output: row norms of " + arrays[a].name + " or " + arrays[b].name +
                            " are outside the verifier's tolerance");
      if (!r.has_offdiag) throw InputError("a single pair: no negative inner product to bound");
      out.holds = out.holds && *r.is_constellation;
      Rational p = lower(r.min_diag), n = upper(r.max_offdiag);
      if (first || p < out.pos) out.pos = p;
      if (first || n > out.neg) out.neg = n;
      first = false;
    }
  return out;
}

// The stored rows are unit vectors to within half the verifier's tolerance 4 (d + 2) 2^-53 (double
// sums: their own error is far below that).
void throw_if_norms_off(const std::vector<NpzArray>& arrays) {
  for (const auto& a : arrays) {
    const double tol = 2.0 * double(a.cols + 2) * std::ldexp(1.0, -53);
    for (std::size_t i = 0; i < a.rows; ++i) {
      double s = 0;
      for (std::size_t j = 0; j < a.cols; ++j) s += a.data[i * a.cols + j] * a.data[i * a.cols + j];
      if (std::abs(std::sqrt(s) - 1) > tol)
        throw InternalError("float output: row " + std::to_string(i) + " of " + a.name + " is not a unit vector");
    }
  }
}

Rational floor_to(const Rational& x, const Integer& den) {
  Rational s = x * den;
  Integer f = numerator(s) / denominator(s);  // truncates toward zero
  if (Rational(f) > s) f -= 1;
  return Rational(f, den);
}

Rational ceil_to(const Rational& x, const Integer& den) { return -floor_to(-x, den); }

// The largest simple claim the stored floats satisfy at b (or their own margin): pos >= b' + m' and
// neg <= b' - m' hold by construction (the norms were checked in the pass).
Claim shrink(const PassResult& pass, const Claim& claim, std::string& method) {
  const Rational &pos = pass.pos, &neg = pass.neg;
  const Integer den = boost::multiprecision::pow(Integer(10), 20);
  Rational m = floor_to(std::min(pos - claim.b, claim.b - neg), den);
  if (m > 0) {
    method = "shrunk";
    return {m, claim.b};
  }
  // b moves to the floats' own centre: m' = (pos - neg)/2 rounded down (less one step), b' in
  // [neg + m', pos - m'] rounded to the same grid when it fits.
  Rational ms = floor_to((pos - neg) / 2, den) - Rational(Integer(1), den);
  if (ms <= 0) throw InputError("the float64 coordinates satisfy no (m, b) claim: the positives do not exceed the negatives");
  Rational bb = ceil_to(neg + ms, den);
  if (bb + ms > pos) bb = (pos + neg) / 2;
  method = "shrunk-to-float-margin";
  return {ms, bb};
}

}  // namespace

std::pair<Rational, Rational> stored_extremes(const NpzArray& a, const NpzArray& b) {
  CertifiedReport r = verify_pair(a, b, std::nullopt);
  if (!r.has_offdiag) throw InputError("a single pair: no negative inner product to bound");
  return {lower(r.min_diag), upper(r.max_offdiag)};
}

Rational lift_negative_slack(const Rational& alpha, const Rational& m, const Rational& b) {
  return (b - m) - ((1 + b + m) / 2 * alpha - (1 - b - m) / 2);
}

FloatOutput float_arrays(const Configuration& c, const std::optional<Rational>& negative_slack) {
  FloatOutput out;
  if (!c.claim()) {
    out.arrays = configuration_arrays(c);
    out.method = "no-claim";
    return out;
  }
  out.arrays = c.k() == 2 ? directed_arrays(c) : configuration_arrays(c);
  const Rational bound(Integer(1), Integer(1) << 50);
  if (c.k() == 2 && c.N() > kCertifiedPassRows && negative_slack && *negative_slack >= bound) {
    throw_if_norms_off(out.arrays);
    out.claim = c.claim();
    out.method = "directed-rounding-a-priori";
    return out;
  }
  PassResult pass = verify_all(out.arrays, *c.claim());
  if (pass.holds) {
    out.claim = c.claim();
    out.method = c.k() == 2 ? "directed-rounding" : "nearest-rounding";
    return out;
  }
  out.claim = shrink(pass, *c.claim(), out.method);
  if (pass.pos < out.claim->b + out.claim->m || pass.neg > out.claim->b - out.claim->m)
    throw InternalError("float output: the shrunk claim (" + to_string(out.claim->m) + ", " + to_string(out.claim->b) +
                        ") does not hold for the stored floats");
  return out;
}

}  // namespace constel::construct
