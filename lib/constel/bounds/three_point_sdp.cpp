// The three-point SDP (docs/math.md section 5.f) as an SDPA problem, solved in double precision, and the
// rounding of its solution into an exact certificate (three_point.hpp). SDPA is the only solver this
// file talks to; everything it returns is treated as a guess that check_three_point must prove.
#include <sdpa_call.h>

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <iostream>
#include <cmath>
#include <map>
#include <memory>
#include <tuple>

#include "constel/bounds/gegenbauer.hpp"
#include "constel/bounds/sturm.hpp"
#include "constel/bounds/three_point.hpp"
#include "constel/bounds/detail/three_point_basis.hpp"
#include "constel/bounds/detail/three_point_chebyshev.hpp"
#include "constel/bounds/detail/three_point_model.hpp"
#include "constel/bounds/detail/three_point_poly.hpp"
#include "constel/bounds/detail/three_point_projection.hpp"
#include "constel/bounds/detail/psd_proof.hpp"

namespace constel::bounds {
namespace {

using three_point::Exponent;
using three_point::Poly3;
using three_point_detail::binom3;
using three_point_detail::block_size;
using three_point_detail::build_model;
using three_point_detail::Built;
using three_point_detail::kSigmas;
using three_point_detail::Layout;

Rational round_to(double x, int bits) {
  return from_double(std::ldexp(std::nearbyint(std::ldexp(x, bits)), -bits));
}

// Symmetric rational matrix from SDPA's dense block, made exactly PSD by adding eps I (eps doubling).
std::vector<Rational> rounded_psd(const double* Y, int m, int bits) {
  std::vector<Rational> R(std::size_t(m * m));
  for (int i = 0; i < m; ++i)
    for (int j = 0; j < m; ++j) R[std::size_t(i * m + j)] = round_to(0.5 * (Y[i * m + j] + Y[j * m + i]), bits);
  Rational eps = Rational(1) / Rational(Integer(1) << bits);
  for (int attempt = 0; attempt < 60; ++attempt) {
    std::string why;
    if (detail::prove_psd(R, std::size_t(m), why)) return R;
    for (int i = 0; i < m; ++i) R[std::size_t(i * m + i)] += eps;
    eps *= 2;
  }
  throw InternalError("three-point SDP: a rounded block could not be made positive semidefinite");
}

}  // namespace

namespace three_point_detail {
// Defined in three_point_certificate.cpp: the exact polynomial -(F + b22) - sum_{i>=1} g_i sigma_i that
// sigma_0 must equal.
Poly3<Rational> sigma0_target(const ThreePointCertificate& c);
// The largest c2 of the form 1 - 2^-j (j = 40..1) with g2 <= -c2 on [-1, s]; nullopt when none.
std::optional<Rational> find_c2(const ThreePointCertificate& c);
}  // namespace three_point_detail

namespace {

void throw_if_bad_three_point_input(std::size_t n, const Rational& s, std::size_t degree) {
  if (n < 3) throw InputError("the three-point bound needs dimension n >= 3, got " + std::to_string(n));
  if (n > 1000000) throw LimitError("the three-point bound takes dimension n <= 1000000, got " + std::to_string(n));
  if (s < -1 || s >= 1) throw InputError("max inner product s must lie in [-1, 1), got " + to_string(s));
  if (degree < 2 || degree > kMaxThreePointDegree)
    throw InputError("three-point degree must lie in 2.." + std::to_string(kMaxThreePointDegree) + ", got " +
                     std::to_string(degree));
}

// SDPA prints its warnings ("cholesky miss condition ...") on std::cout, which is the JSON channel of
// the tools: while it runs, file descriptor 1 points at /dev/null (the solver's state is reported
// through ThreePointResult instead).
class QuietStdout {
 public:
  QuietStdout() {
    std::cout.flush();
    std::fflush(stdout);
    saved_ = dup(1);
    int null_fd = open("/dev/null", O_WRONLY);
    if (saved_ >= 0 && null_fd >= 0) dup2(null_fd, 1);
    if (null_fd >= 0) close(null_fd);
  }
  ~QuietStdout() {
    std::cout.flush();
    std::fflush(stdout);
    if (saved_ >= 0) {
      dup2(saved_, 1);
      close(saved_);
    }
  }
  QuietStdout(const QuietStdout&) = delete;
  QuietStdout& operator=(const QuietStdout&) = delete;

 private:
  int saved_ = -1;
};

void check_stop(const ThreePointOptions& o) {
  if (o.stop && o.stop()) throw Cancelled("three-point SDP bound stopped");
}

std::unique_ptr<SDPA> solve_sdpa(const Built& built, const Layout& L, SDPA::ParameterType type, bool scale_rows,
                                 std::string& phase) {
  auto sdpa = std::make_unique<SDPA>();
  sdpa->setDisplay(nullptr);
  sdpa->setResultFile(nullptr);
  sdpa->setParameterType(type);
  sdpa->setNumThreads(1);
  sdpa->inputConstraintNumber(int(built.rhs.size()));
  sdpa->inputBlockNumber(L.blocks());
  for (int l = 1; l <= L.blocks(); ++l) {
    bool lp = l == L.block_a();
    sdpa->inputBlockSize(l, lp ? -block_size(L, l) : block_size(L, l));
    sdpa->inputBlockType(l, lp ? SDPA::LP : SDPA::SDP);
  }
  sdpa->initializeUpperTriangleSpace();
  // With scale_rows every equality is divided by its largest coefficient (the solution Y is unchanged):
  // the monomial coefficients of the high-degree orbits are small, and unscaled SDPA can end those rows
  // with residuals up to 1e-3 (n = 6, degree 10, margin 1e-7: SDPA's dual error 5.7e-4 unscaled, 2.2e-5
  // scaled; docs/bounds.md). Not the default: for n = 10 at degree 11 it needs a larger margin.
  std::vector<double> scale(built.rhs.size() + 1, scale_rows ? 0.0 : 1.0);
  for (const auto& [key, v] : built.model.entries()) {
    const std::size_t k = std::size_t(std::get<0>(key));
    if (scale_rows) scale[k] = std::max(scale[k], std::fabs(v));
  }
  scale[0] = 1;  // the objective
  for (double& x : scale)
    if (x == 0) x = 1;
  for (std::size_t i = 0; i < built.rhs.size(); ++i) sdpa->inputCVec(int(i) + 1, built.rhs[i] / scale[i + 1]);
  for (const auto& [key, v] : built.model.entries()) {
    auto [k, l, i, j] = key;
    sdpa->inputElement(k, l, i, j, v / scale[std::size_t(k)]);
  }
  sdpa->initializeUpperTriangle();
  sdpa->initializeSolve();
  sdpa->solve();
  char text[64] = {0};
  sdpa->getPhaseString(text);
  phase = text;
  while (!phase.empty() && phase.back() == ' ') phase.pop_back();
  return sdpa;
}

// The solver's Y rounded to an exact candidate certificate (c2 and bound still unset).
ThreePointCertificate round_solution(SDPA& sdpa, const Layout& L, std::size_t n, const Rational& s,
                                     const ThreePointOptions& options) {
  const int d = L.d;
  const int bits = options.rounding_bits;
  ThreePointCertificate c;
  c.n = n;
  c.s = s;
  c.degree = options.degree;
  c.version = options.chebyshev ? 3 : 2;
  const double* ya = sdpa.getResultYMat(L.block_a());
  for (int k = 0; k < d; ++k) c.a.push_back(ya[k] > 0 ? round_to(ya[k], bits) : Rational(0));
  for (int k = 0; k <= d; ++k) c.F.push_back(rounded_psd(sdpa.getResultYMat(L.block_F(k)), d - k + 1, bits));
  c.B = rounded_psd(sdpa.getResultYMat(L.block_B()), 2, bits);
  c.G.assign(5, {});
  for (int j = 0; j < 3; ++j) {
    // Each block rounded (and, for sigma_1 and sigma_4, made exactly PSD), then expanded exactly to the
    // monomial Gram matrix G = T^T blockdiag(...) T that the certificate keeps.
    std::vector<std::vector<Rational>> Q;
    for (std::size_t bl = 0; bl < L.sym[j].size(); ++bl) {
      const int blk = L.block_T(j, bl), m = block_size(L, blk);
      const double* Y = sdpa.getResultYMat(blk);
      if (j == 0) {
        std::vector<Rational> R(std::size_t(m * m));
        for (int r = 0; r < m; ++r)
          for (int q = 0; q < m; ++q) R[std::size_t(r * m + q)] = round_to(0.5 * (Y[r * m + q] + Y[q * m + r]), bits);
        Q.push_back(std::move(R));
      } else {
        Q.push_back(rounded_psd(Y, m, bits));
      }
    }
    const std::size_t m = binom3(L.t_degree(j));
    std::vector<Rational> G = three_point::expand_blocks(L.sym[j], Q, m);
    if (j == 0)
      for (std::size_t r = 0; r < m; ++r) G[r * m + r] += from_double(options.margin);
    c.G[std::size_t(kSigmas[j])] = std::move(G);
    check_stop(options);
  }
  if (c.version == 3) three_point::project_gram_chebyshev(c.G[0], d, three_point_detail::sigma0_target(c));
  else three_point::project_gram(c.G[0], d, three_point_detail::sigma0_target(c));
  return c;
}

}  // namespace

namespace {

// One solve at options.margin and the rounding of its point (the exact check decides).
ThreePointResult solve_and_certify(std::size_t n, const Rational& s, const Layout& L, const ThreePointOptions& options) {
  ThreePointResult result;
  result.degree = options.degree;
  result.margin = options.margin;
  auto t0 = std::chrono::steady_clock::now();
  Built built = build_model(n, constel::to_double(s), L, options.margin, options.chebyshev);
  QuietStdout quiet;
  std::unique_ptr<SDPA> sdpa = solve_sdpa(built, L, SDPA::PARAMETER_DEFAULT, options.scale_rows, result.solver_status);
  auto unusable = [&] {
    return result.solver_status == "noINFO" || result.solver_status.find("INF") != std::string::npos ||
           result.solver_status.find("UNBD") != std::string::npos;
  };
  if (unusable()) {  // SDPA's slower, more careful parameter set
    check_stop(options);
    sdpa = solve_sdpa(built, L, SDPA::PARAMETER_STABLE_BUT_SLOW, options.scale_rows, result.solver_status);
  }
  result.float_value = 1 - sdpa->getDualObj();
  result.solve_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  // Any point SDPA ends at (pdOPT, or pFEAS near the optimum) is worth the exact check, which alone
  // decides; only a run that produced no point, or ended infeasible, is not.
  if (unusable()) {
    result.note = "SDPA did not converge (phase " + result.solver_status + ")";
    return result;
  }
  check_stop(options);
  auto t1 = std::chrono::steady_clock::now();
  result.certificate = round_solution(*sdpa, L, n, s, options);
  ThreePointCertificate& c = result.certificate;
  std::string why;
  std::optional<Rational> bound;
  if (auto c2 = three_point_detail::find_c2(c)) {
    c.c2 = *c2;
    bound = check_three_point(c, why);
  } else {
    why = "the rounded univariate polynomial g2 is not <= -1/2 on [-1, s]";
  }
  result.certify_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t1).count();
  if (!bound) {
    result.note = why;
    return result;
  }
  c.bound = *bound;
  result.certified = true;
  return result;
}

}  // namespace

ThreePointResult three_point_bound(std::size_t n, const Rational& s, const ThreePointOptions& options_in) {
  ThreePointOptions options = options_in;
  // Automatic margin: above degree 8 SDPA ends with equality residuals near 1e-7 (phase pFEAS), which
  // the rounding can absorb into G_0 only when G_0 >= margin I is large enough (n = 5, degree 10: 1e-7
  // leaves G_0 not PSD, 1e-6 certifies, costing about 0.002 in the bound; docs/bounds.md). When the
  // rounded G_0 is not PSD the SDP is solved again with sqrt(10) times the margin, at most four times
  // (up to 100 times the first margin; n = 9, degree 10: 1e-6 fails, 3.2e-6 certifies 367.21, where
  // 1e-4 gave 387.15). A retry margin from the estimated shortfall of G_0, 1.5 (margin + delta) within
  // 1.2..sqrt(10) times the margin, was tried and measured worse for n = 10 at degree 11 (562.72 at 1e-5
  // against 559.63 at 3.2e-6; docs/bounds.md).
  if (options.margin <= 0) options.margin = options.degree <= 8 ? 1e-7 : 1e-6;
  throw_if_bad_three_point_input(n, s, options.degree);
  check_stop(options);
  const Layout L(int(options.degree));
  double solve = 0, certify = 0;
  ThreePointResult result;
  for (int attempt = 0;; ++attempt) {
    result = solve_and_certify(n, s, L, options);
    solve += result.solve_seconds;
    certify += result.certify_seconds;
    if (result.certified || attempt == 4 || result.note.find("G_0 is not positive semidefinite") == std::string::npos)
      break;
    check_stop(options);
    options.margin *= std::sqrt(10.0);
  }
  result.solve_seconds = solve;
  result.certify_seconds = certify;
  return result;
}

}  // namespace constel::bounds
