// Delsarte certificate files: writing and parsing (format in docs/bounds.md). A certificate holds the
// Gegenbauer coefficients of f exactly, so `constel codebound --check` can re-prove the bound without
// the LP solver.
#include <sstream>

#include "constel/bounds/delsarte.hpp"
#include "constel/bounds/detail/certificate_reader.hpp"
#include "constel/error.hpp"

namespace constel::bounds {

std::string format_delsarte_certificate(const DelsarteCertificate& c) {
  std::ostringstream out;
  out << "# Delsarte LP certificate (docs/math.md section 5): f = sum_k f_k P_k, P_k the Gegenbauer polynomials of S^{n-1}\n"
      << "# with P_k(1) = 1; f_k >= 0, f <= eps on [-1, s], so N_SC(n, s) <= (f(1) - eps) / (f_0 - eps).\n"
      << "# Check with: constel codebound --check FILE\n"
      << "constel-delsarte 1\n"
      << "n " << c.n << "\n"
      << "s " << to_string(c.s) << "\n"
      << "eps " << to_string(c.eps) << "\n"
      << "bound " << to_string(c.bound) << "\n"
      << "f";
  for (const auto& x : c.coefficients) out << ' ' << to_string(x);
  out << "\n";
  return out.str();
}

ParsedCertificate parse_delsarte_certificate(const std::string& text, const std::string& file_name) {
  ParsedCertificate p;
  detail::CertificateReader r(text, file_name);
  bool header = false, have_n = false, have_s = false, have_f = false;
  auto fail = [&](const std::string& what) { r.fail(what); };
  auto number = [&](const std::string& w) { return r.number(w); };
  auto one = [&]() { return r.one(); };
  while (r.next()) {
    const std::string& key = r.key();
    const std::vector<std::string>& values = r.values();
    if (!header) {
      if (key != "constel-delsarte" || values.size() != 1 || values[0] != "1")
        fail("expected the header 'constel-delsarte 1'");
      header = true;
    } else if (key == "n") {
      if (have_n) fail("'n' given twice");
      try {
        p.n = parse_count(one());
      } catch (const InputError& e) {
        fail(std::string("n: ") + e.what());
      }
      if (p.n < 2 || p.n > 1000000) fail("n must lie in 2..1000000");
      have_n = true;
    } else if (key == "s") {
      if (have_s) fail("'s' given twice");
      p.s = number(one());
      if (p.s < -1 || p.s >= 1) fail("s must lie in [-1, 1)");
      have_s = true;
    } else if (key == "eps") {
      if (p.eps) fail("'eps' given twice");
      p.eps = number(one());
    } else if (key == "bound") {
      if (p.bound) fail("'bound' given twice");
      p.bound = number(one());
    } else if (key == "f") {
      if (have_f) fail("'f' given twice");
      if (values.empty()) fail("'f' needs at least one coefficient");
      if (values.size() > kMaxCertificateDegree + 1)
        fail("degree " + std::to_string(values.size() - 1) + " is above the limit " +
             std::to_string(kMaxCertificateDegree) + " (the LP writes at most 200)");
      for (const auto& w : values) p.coefficients.push_back(number(w));
      have_f = true;
    } else {
      fail("unknown key '" + key + "'");
    }
  }
  if (!header) fail("empty certificate (expected the header 'constel-delsarte 1')");
  if (!have_n || !have_s || !have_f) fail("the certificate needs the keys n, s and f");
  return p;
}

CertificateCheck check_delsarte_certificate(const ParsedCertificate& p) {
  CertificateCheck c;
  c.n = p.n;
  c.s = p.s;
  c.certificate = certify_delsarte(p.n, p.s, p.coefficients, p.eps, c.reason);
  c.verified = c.certificate.has_value() && (!p.bound || *p.bound >= c.certificate->bound);
  if (c.certificate && !c.verified)
    c.reason = "the stated bound " + to_string(*p.bound) + " is below the proved " + to_string(c.certificate->bound);
  return c;
}

}  // namespace constel::bounds
