// JSON and text forms of SizeBound (see size_bound_json.hpp).
#include "constel/bounds/size_bound_json.hpp"

#include <fmt/format.h>

#include <cmath>

#include "constel/error.hpp"
#include "constel/number/rational.hpp"

namespace constel::bounds {

Json size_bound_json(const SizeBound& b) {
  Json o;
  o["log10"] = std::isfinite(b.log10) ? Json(b.log10) : Json(nullptr);
  static const Integer limit = Integer(1) << 63;
  o["value"] = (b.value && *b.value < limit) ? Json(to_string(*b.value)) : Json(nullptr);
  o["method"] = b.method;
  if (b.infinite) o["infinite"] = true;
  o["rigorous"] = b.rigorous;
  if (!b.rigorous) o["rigorous_note"] = b.rigorous_note;
  return o;
}

std::string log10_text(double x, int side) {
  if (std::isnan(x)) return "nan";
  if (std::isinf(x)) return x > 0 ? "inf" : "-inf";
  double k = std::round(x * 1e4);
  std::string text = fmt::format("{:.4f}", k / 1e4);
  if (side == 0 || std::fabs(k) > 1e15) return text;
  const Rational exact = from_double(x);
  // At most a step or two: k / 10^4 is within one unit of the last place of x.
  for (int i = 0; i < 4; ++i) {
    const Rational printed = parse_rational(text);
    if (side > 0 ? printed >= exact : printed <= exact) return text;
    k += side > 0 ? 1 : -1;
    text = fmt::format("{:.4f}", k / 1e4);
  }
  throw InternalError("log10_text: no directed 4-decimal rounding of " + fmt::format("{}", x));
}

std::string size_bound_text(const SizeBound& b) {
  if (b.infinite) return "unbounded  [" + b.method + "]";
  std::string v;
  static const Integer limit = Integer(1) << 63;
  if (b.value && *b.value < limit)
    v = to_string(*b.value) + (std::isfinite(b.log10) && b.log10 >= 3 ? " (log10 " + log10_text(b.log10, b.log10_side) + ")" : "");
  else
    v = "10^" + log10_text(b.log10, b.log10_side);
  return v + "  [" + b.method + "]";
}

}  // namespace constel::bounds
