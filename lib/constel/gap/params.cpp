// Conversions between the Hugging Face (logit_scale, logit_bias) and the paper's (t, b, b_rel); see
// params.hpp.
#include "constel/gap/params.hpp"

#include <cmath>

#include "constel/error.hpp"
#include "constel/number/bigfloat.hpp"

namespace constel {
namespace {

std::string decimal_of(const BigFloat& x, unsigned digits) {
  return x.str(std::streamsize(digits), std::ios_base::fmtflags(0));
}

ParamValue exact_value(const Rational& x, unsigned digits) {
  ParamValue v;
  v.exact = true;
  v.value = x;
  v.decimal = decimal_of(to_bigfloat(x, digits + 20), digits);
  v.approx = to_double(x);
  return v;
}

ParamValue irrational_value(const BigFloat& x, unsigned digits) {
  ParamValue v;
  v.exact = false;
  v.decimal = decimal_of(x, digits);
  v.approx = x.convert_to<double>();
  return v;
}

void throw_if_bad_digits(unsigned digits) {
  if (digits < 1 || digits > 1000) throw InputError("params: digits must be between 1 and 1000");
}

void throw_if_bad_t(const Rational& t) {
  if (t <= 0) throw InputError("params: t must be positive, got " + to_string(t));
  double x = to_double(t);
  if (!std::isfinite(x) || x < 1e-300) throw LimitError("params: t = " + to_string(t) + " is beyond the double range");
}

// logit_scale = ln t (exact only for t = 1).
ParamValue log_of(const Rational& t, unsigned digits) {
  if (t == 1) return exact_value(0, digits);
  return irrational_value(log(to_bigfloat(t, digits + 20)), digits);
}

}  // namespace

ParamsConversion params_from_hf(const Rational& logit_scale, const Rational& logit_bias, unsigned digits) {
  throw_if_bad_digits(digits);
  if (abs(logit_scale) > 700)
    throw InputError("params: |logit_scale| = " + to_string(abs(logit_scale)) + " > 700: t = exp(logit_scale) is beyond the double range");
  ParamsConversion r;
  r.direction = "hf-to-paper";
  r.digits = digits;
  r.logit_scale = exact_value(logit_scale, digits);
  r.logit_bias = exact_value(logit_bias, digits);
  r.b = exact_value(-logit_bias, digits);
  if (logit_scale == 0) {
    r.t = exact_value(1, digits);
    r.b_rel = exact_value(-logit_bias, digits);
    return r;
  }
  BigFloat s = to_bigfloat(logit_scale, digits + 20);
  r.t = irrational_value(exp(s), digits);
  if (logit_bias == 0)
    r.b_rel = exact_value(0, digits);
  else
    r.b_rel = irrational_value(to_bigfloat(-logit_bias, digits + 20) * exp(-s), digits);
  return r;
}

ParamsConversion params_from_t_b(const Rational& t, const Rational& b, unsigned digits) {
  throw_if_bad_digits(digits);
  throw_if_bad_t(t);
  ParamsConversion r;
  r.direction = "paper-to-hf";
  r.digits = digits;
  r.t = exact_value(t, digits);
  r.b = exact_value(b, digits);
  r.b_rel = exact_value(b / t, digits);
  r.logit_scale = log_of(t, digits);
  r.logit_bias = exact_value(-b, digits);
  return r;
}

ParamsConversion params_from_t_b_rel(const Rational& t, const Rational& b_rel, unsigned digits) {
  throw_if_bad_t(t);
  return params_from_t_b(t, b_rel * t, digits);
}

namespace {
void put_value(Json& o, const std::string& key, const ParamValue& v) {
  if (v.exact) {
    put_exact(o, key, v.value);
  } else {
    o[key] = v.decimal;
    o[key + "_decimal"] = v.approx;
  }
  o[key + "_exact"] = v.exact;
}
}  // namespace

Json to_json(const ParamsConversion& r) {
  Json o;
  o["direction"] = r.direction;
  put_value(o, "logit_scale", r.logit_scale);
  put_value(o, "logit_bias", r.logit_bias);
  put_value(o, "t", r.t);
  put_value(o, "b", r.b);
  put_value(o, "b_rel", r.b_rel);
  o["digits"] = r.digits;
  o["convention"] = "paper: logit = t<U,V> - b, b_rel = b/t; Hugging Face: logits = exp(logit_scale) cos + logit_bias";
  return o;
}

}  // namespace constel
