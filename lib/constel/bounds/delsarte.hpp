// The Delsarte linear-programming bound on N_SC(n, s) (docs/math.md section 5), solved with GLPK on a grid refined by
// an exchange step (delsarte_lp.hpp) and then CERTIFIED: the LP's polynomial becomes exact nonnegative
// rationals (polished to exact zeros at its touch points where possible), an exact upper bound eps on
// max f over [-1, s] is proved with Sturm sequences (sturm.hpp), and the reported bound is
// (f(1) - eps) / (f_0 - eps). The refined grid optimum is reported beside it as grid_value: a lower bound
// on the LP optimum at that degree, never a bound on N_SC.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "constel/error.hpp"
#include "constel/number/rational.hpp"
#include "constel/run_hooks.hpp"

namespace constel::bounds {

// A Delsarte polynomial f = sum_k f_k P_k (Gegenbauer basis of S^{n-1}) with a proved eps >= max f on
// [-1, s]; the bound it proves is (f(1) - eps) / (f_0 - eps).
struct DelsarteCertificate {
  std::size_t n = 0;
  Rational s;
  std::vector<Rational> coefficients;  // f_0 .. f_K
  Rational eps;                        // >= 0
  Rational bound;                      // (f(1) - eps) / (f_0 - eps)
};

struct DelsarteResult {
  bool certified = false;           // false: no bound (see note)
  std::string note;                 // why not, when not certified
  DelsarteCertificate certificate;  // valid when certified
  double grid_value = 0;            // refined grid LP optimum: <= the degree's LP optimum (not a bound on N_SC)
  std::size_t degree = 0;
};

struct DelsarteOptions {
  std::optional<std::size_t> degree;  // fixed degree; otherwise raised until it stops improving
  std::size_t max_degree = 48;
  std::size_t max_dimension = 200;    // beyond this the double LP is not trusted to certify
  std::size_t patience = 4;           // automatic degree: stop after this many degrees without improvement
  // Stop: asked before every GLPK solve and every exact (Sturm) proof; progress: through the degree
  // search, the exchange step and the certification (run_hooks.hpp).
  RunHooks hooks;
};

// From this dimension on (and below it when GLPK's certificate is not within 1e-6 of its grid value, or
// GLPK found none) the LP is also solved in multiple precision (delsarte_mp.hpp) at GLPK's degree, or
// at max_degree when GLPK found no solution; the smaller certified value wins. GLPK's double simplex
// loses accuracy from about n = 70 at s = 1/2 (docs/bounds.md "Where it runs").
inline constexpr std::size_t kMpLpFirstDimension = 70;

// The largest certificate degree checked (the LP's own fixed-degree limit); a longer f is a
// LimitError, before any proof is attempted. The cheap checks (signs, eps < f_0) come before the
// Sturm proof.
inline constexpr std::size_t kMaxCertificateDegree = 200;

// Checks the coefficients exactly and computes the certified eps and bound. Returns nullopt with a
// reason in `why` when f_0 <= eps, a coefficient is negative, or f is not <= eps on [-1, s] for the
// given eps. With eps unset, the smallest eps of the form 0 or found by doubling is proved. hooks.stop
// is asked before each Sturm proof (Cancelled).
std::optional<DelsarteCertificate> certify_delsarte(std::size_t n, const Rational& s,
                                                    const std::vector<Rational>& coefficients,
                                                    const std::optional<Rational>& eps, std::string& why,
                                                    const RunHooks& hooks = {});

// The degrees the LP takes: 1..200 (LimitError naming the quantity otherwise).
void throw_if_bad_delsarte_degree(std::size_t degree);

// Solves and certifies. Throws InputError for n < 2 or s outside [-1, 1), Cancelled when
// options.hooks.stop asks to stop.
DelsarteResult certified_delsarte_bound(std::size_t n, const Rational& s, const DelsarteOptions& options = {});

// Certificate files (format in docs/bounds.md).
std::string format_delsarte_certificate(const DelsarteCertificate& c);
// Parses the text; ParseError with "file:line: ..." on malformed input.
struct ParsedCertificate {
  std::size_t n = 0;
  Rational s;
  std::vector<Rational> coefficients;
  std::optional<Rational> eps;
  std::optional<Rational> bound;
};
ParsedCertificate parse_delsarte_certificate(const std::string& text, const std::string& file_name);

// The exact re-check of a parsed certificate (`constel codebound --check`): verified when
// certify_delsarte proves it and the bound it states (if any) is not below the proved one.
struct CertificateCheck {
  std::size_t n = 0;
  Rational s;
  bool verified = false;
  std::optional<DelsarteCertificate> certificate;  // the proved eps and bound, when the polynomial checks
  std::string reason;                              // why not, when not verified
};
CertificateCheck check_delsarte_certificate(const ParsedCertificate& parsed);

}  // namespace constel::bounds
