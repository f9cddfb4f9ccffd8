// The Bachoc-Vallentin three-point semidefinite-programming bound on N_SC(n, s) (docs/math.md section 5.f):
// the SDP in the matrices S_k^n(u, v, t) with the polynomial inequalities written as sums of squares
// on the interval [-1, s] and on the triangle domain, solved in floating point with SDPA
// (docs/design.md), then CERTIFIED: every number of the solution is rounded to a rational, the PSD
// blocks are made exactly PSD (shifted toward the identity where needed), the trivariate identity is
// made exact by absorbing the residual into the Gram matrix of the free square, every PSD block is
// proved PSD exactly (an integer congruence, exact LDL^T as the fallback: bounds/detail/psd_proof.hpp),
// and the univariate inequality is proved with Sturm sequences. A bound
// is reported only when that exact check passes; the check needs no solver and re-runs from the
// certificate file (`constel codebound --check`).
#pragma once

#include <cstddef>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "constel/error.hpp"
#include "constel/number/rational.hpp"

namespace constel::bounds {

// A candidate dual point of the three-point SDP at degree d (docs/math.md section 5.f):
//   f(u) = sum_{k=1..d} a_k P_k^n(u), a_k >= 0;  F(u, v, t) = sum_{k=0..d} <F_k, S_k^n(u, v, t)>, F_k PSD
//   of order d - k + 1;  B = [[b11, b12], [b12, b22]] PSD;
//   g2(u) = f(u) + 3 F(u, u, 1) + 2 b12 + b22 <= -c2 on [-1, s]  (proved with Sturm sequences);
//   -(F + b22) = sigma_0 + sum_i g_i sigma_i on all of R^3 exactly, sigma_i = b^T G_i b with G_i PSD,
//   g_1..g_3 = (x + 1)(s - x) for x = u, v, t, g_4 = 1 + 2uvt - u^2 - v^2 - t^2;
// then N_SC(n, s) <= 1 + (f(1) + F(1, 1, 1) + b11) / c2.
// Format version 2 (what the solver writes) uses the symmetry of F under permutations of (u, v, t): the
// identity is -(F + b22) = Sym(sigma_0 + g_1 sigma_1 + g_4 sigma_4), Sym the mean over the six
// permutations, checked as equal sums of coefficients over every orbit of monomials; G_2 and G_3 are
// empty (Sym(g_1 sigma_1) already holds a multiplier of each g_i). Version 3 (what the solver writes
// by default) is version 2 with the Gram matrices G_i in the tensor Chebyshev basis T_a(u) T_b(v) T_c(t)
// instead of the monomials u^a v^b t^c (better conditioned on [-1, 1]^3). Version 1 (the full identity
// with all five G_i, monomials) is still read and checked.
struct ThreePointCertificate {
  int version = 2;                       // 1: full identity, 2: symmetrized identity (G_2, G_3 empty), 3: 2 in Chebyshev
  std::size_t n = 0;
  Rational s;
  std::size_t degree = 0;
  std::vector<Rational> a;               // a_1 .. a_d
  std::vector<std::vector<Rational>> F;  // F_0 .. F_d, row-major, order d - k + 1
  std::vector<Rational> B;               // 2 x 2, row-major
  std::vector<std::vector<Rational>> G;  // Gram matrices of sigma_0 .. sigma_4, row-major
  Rational c2;                           // > 0
  Rational bound;                        // 1 + (f(1) + F(1,1,1) + b11) / c2
};

struct ThreePointOptions {
  std::size_t degree = 6;         // 2..kMaxThreePointDegree
  double margin = 0;              // sigma_0 is asked to be >= margin * I, room for the rounding; 0: automatic
                                  // (1e-7 up to degree 8, 1e-6 above); raised sqrt(10)-fold, at most four
                                  // times, when the rounded G_0 is not PSD
  int rounding_bits = 40;         // numbers are rounded to multiples of 2^-rounding_bits
  bool scale_rows = false;        // true: SDPA gets every equality divided by its largest coefficient (n = 6, degree 11
                                  // certifies 78.650 this way; unscaled, n = 10 at degree 11 does better; docs/bounds.md)
  bool chebyshev = false;         // true: the tensor Chebyshev basis (certificate format 3); false: monomials (format 2)
  std::function<bool()> stop;     // asked between the phases; true stops with Cancelled
};

struct ThreePointResult {
  bool certified = false;
  std::string note;               // why not, when not certified
  std::string solver_status;      // SDPA's phase ("pdOPT" when it converged)
  double float_value = 0;         // the solver's objective 1 + f(1) + F(1,1,1) + b11 (not a proof)
  std::size_t degree = 0;
  double margin = 0;              // the margin on G_0 of the last solve (raised when a rounding failed)
  double solve_seconds = 0, certify_seconds = 0;  // over all solves
  ThreePointCertificate certificate;  // valid when certified
};

// The SDP's blocks have C(degree + 3, 3) rows and about C(2 degree + 3, 3) / 6 equality constraints.
inline constexpr std::size_t kMaxThreePointDegree = 14;

// Solves with SDPA and certifies. InputError for n < 3, s outside [-1, 1) or a degree outside
// 2..kMaxThreePointDegree; Cancelled when options.stop asks.
ThreePointResult three_point_bound(std::size_t n, const Rational& s, const ThreePointOptions& options = {});

// The exact check of a certificate: the signs, the PSD-ness of F_k, B and G_i (proved exactly,
// bounds/detail/psd_proof.hpp), the polynomial identity coefficient by coefficient, g2 <= -c2 on [-1, s] (Sturm) and the bound formula.
// Returns the proved bound, or nullopt with the reason in `why`.
std::optional<Rational> check_three_point(const ThreePointCertificate& c, std::string& why);

// Certificate files (format in docs/bounds.md): header "constel-sdp 3" (or the older "constel-sdp 2", "constel-sdp 1"). The parser throws ParseError
// with "file:line: ..." on malformed input; the stated bound is kept in `bound` and must not be below
// the proved one.
std::string format_three_point_certificate(const ThreePointCertificate& c);
ThreePointCertificate parse_three_point_certificate(const std::string& text, const std::string& file_name);
bool is_three_point_certificate(const std::string& text);

}  // namespace constel::bounds
