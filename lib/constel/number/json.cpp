// Exact values in JSON (see json.hpp).
#include "constel/number/json.hpp"

#include <cmath>

namespace constel {

namespace {
Json decimal(const Rational& value) {
  double d = to_double(value);
  if (!std::isfinite(d)) return nullptr;  // JSON has no infinities
  return d;
}
}  // namespace

void put_exact(Json& obj, const std::string& key, const Rational& value) {
  obj[key] = to_string(value);
  obj[key + "_decimal"] = decimal(value);
}

Json exact_object(const Rational& value) {
  Json o;
  put_exact(o, "value", value);
  return o;
}

}  // namespace constel
