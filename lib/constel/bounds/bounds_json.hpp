// The JSON of the bounds reports: N_MRB(d, m, b) (`constel bound --json`), N_SC(n, s) (`constel
// codebound --json`) and the re-check of a Delsarte or three-point certificate (`constel codebound --check --json`).
// Keys are listed in docs/bounds.md. A SizeBound is {log10, value, method} (size_bound_json.hpp).
#pragma once

#include "constel/bounds/code_bounds.hpp"
#include "constel/bounds/delsarte.hpp"
#include "constel/bounds/mrb_bounds.hpp"
#include "constel/bounds/size_bound_json.hpp"
#include "constel/number/json.hpp"

namespace constel::bounds {

Json to_json(const SizeBound& bound);
Json to_json(const MrbBounds& report);
Json to_json(const CodeBoundReport& report);
Json to_json(const CertificateCheck& check);
Json to_json(const ThreePointResult& sdp);  // the `sdp` object of codebound --json
// The object of `codebound --check FILE --json` for a three-point certificate c: `bound` is what
// check_three_point proved (nullopt: not verified, `why` its reason).
Json three_point_check_json(const ThreePointCertificate& c, const std::optional<Rational>& bound,
                            const std::string& why);

}  // namespace constel::bounds
