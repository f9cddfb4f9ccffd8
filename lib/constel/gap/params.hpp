// Parameter conventions (docs/math.md, conventions at the top): the paper writes the logit of a pair as
// t <U,V> - b with relative bias b_rel = b / t; Hugging Face SigLIP stores logit_scale and logit_bias
// with logits = exp(logit_scale) cos + logit_bias. Hence t = exp(logit_scale), b = -logit_bias,
// b_rel = -logit_bias exp(-logit_scale), and back logit_scale = ln t, logit_bias = -b = -b_rel t.
// Inputs are exact rationals; exp and ln of a rational other than 0 (resp. 1) are irrational, so those
// values come as decimals computed with MPFR at (digits + 20) decimal digits of working precision and
// printed to `digits` significant digits, flagged as not exact.
#pragma once

#include <string>

#include "constel/number/json.hpp"
#include "constel/number/rational.hpp"

namespace constel {

// An exact rational, or an irrational known through its decimals.
struct ParamValue {
  bool exact = false;
  Rational value;        // when exact
  std::string decimal;   // `digits` significant digits (also for exact values)
  double approx = 0;     // nearest double (of the exact value, or of the high-precision one)
};

struct ParamsConversion {
  std::string direction;  // "hf-to-paper" (params_from_hf) or "paper-to-hf"
  ParamValue logit_scale, logit_bias, t, b, b_rel;
  unsigned digits = 30;
};

// Throws InputError when |logit_scale| > 700 (t beyond the double range).
ParamsConversion params_from_hf(const Rational& logit_scale, const Rational& logit_bias, unsigned digits = 30);
// Throws InputError unless 0 < t, LimitError when t is beyond the double range.
ParamsConversion params_from_t_b(const Rational& t, const Rational& b, unsigned digits = 30);
ParamsConversion params_from_t_b_rel(const Rational& t, const Rational& b_rel, unsigned digits = 30);

// The JSON of `constel params --json` (keys in docs/gap.md): each value as put_exact when exact, else
// the decimal string and its double, with key_exact telling which.
Json to_json(const ParamsConversion& conversion);

}  // namespace constel
