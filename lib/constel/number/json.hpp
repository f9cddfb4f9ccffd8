// The JSON of exact numbers, shared by every report's to_json (docs/cli.md, "Numbers"): an exact value
// is a string under its key (a reduced fraction "3/4" or an integer "-1") and its correctly rounded
// double under key + "_decimal" (null beyond the double range). A leaf below bounds/, verify/ and
// report/, so that every module can give its reports a to_json without depending on another.
#pragma once

#include <nlohmann/json.hpp>
#include <string>

#include "constel/number/rational.hpp"

namespace constel {

using Json = nlohmann::ordered_json;

// obj[key] = "p/q", obj[key + "_decimal"] = nearest double.
void put_exact(Json& obj, const std::string& key, const Rational& value);

// The same pair as a small object {"value": "p/q", "value_decimal": x} (for arrays).
Json exact_object(const Rational& value);

}  // namespace constel
