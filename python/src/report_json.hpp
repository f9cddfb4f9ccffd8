// The JSON objects of the command reports, as the Python module needs them (each Python result is
// built from exactly the object the CLI's --json prints, so attribute names and values match).
//
// INTERIM: until the library owns each report's to_json (the library-face work moves them next to the
// report types), these are line-for-line mirrors of the functions in tools/constel/cmd_*.cpp. When the
// library's to_json lands, this file and report_json.cpp are deleted and the bindings call the
// library. python/tests/test_cli_equality.py compares every one of them with the CLI's --json on the
// same input, so a drift fails the tests.
#pragma once

#include <string>

#include "constel/bounds/code_bounds.hpp"
#include "constel/bounds/mrb_bounds.hpp"
#include "constel/choose/choose_d.hpp"
#include "constel/config/configuration.hpp"
#include "constel/gap/params.hpp"
#include "constel/report/json.hpp"
#include "constel/verify/certified.hpp"
#include "constel/verify/exact.hpp"

namespace constel::python {

Json exact_report_json(const Configuration& c, const ExactReport& r, const ExactVerifyOptions& opt);
Json certified_report_json(const CertifiedReport& r, const CertifiedOptions& opt);
Json bound_json(const bounds::MrbBounds& r);
Json codebound_json(const bounds::CodeBoundReport& r);
Json dimension_json(const choose::DimensionAnswer& a);
Json explicit_json(const choose::ExplicitAnswer& a);
Json margin_json(const choose::MarginAnswer& a);
Json params_json(const ParamsConversion& r, const std::string& direction);
Json codes_json();

}  // namespace constel::python
