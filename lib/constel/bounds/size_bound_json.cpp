// JSON and text forms of SizeBound (see size_bound_json.hpp).
#include "constel/bounds/size_bound_json.hpp"

#include <fmt/format.h>

#include <cmath>

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

std::string size_bound_text(const SizeBound& b) {
  if (b.infinite) return "unbounded  [" + b.method + "]";
  std::string v;
  static const Integer limit = Integer(1) << 63;
  if (b.value && *b.value < limit)
    v = to_string(*b.value) + (std::isfinite(b.log10) && b.log10 >= 3 ? fmt::format(" (log10 {:.4f})", b.log10) : "");
  else
    v = fmt::format("10^{:.4f}", b.log10);
  return v + "  [" + b.method + "]";
}

}  // namespace constel::bounds
