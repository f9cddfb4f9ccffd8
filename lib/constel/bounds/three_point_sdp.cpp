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
#include "constel/bounds/detail/three_point_poly.hpp"
#include "constel/bounds/detail/three_point_projection.hpp"
#include "constel/bounds/detail/psd_proof.hpp"

namespace constel::bounds {
namespace {

using three_point::Exponent;
using three_point::monomials;
using three_point::Poly3;

std::size_t binom3(int d) { return std::size_t((d + 1) * (d + 2) * (d + 3) / 6); }  // monomials of degree <= d

// Block layout (1-based, as SDPA counts): 1 = a (LP), 2..d+2 = F_0..F_d, d+3 = B, d+4, d+5 = the
// univariate squares, then the symmetry-adapted blocks of sigma_0, sigma_1, sigma_4 (the symmetrized
// identity keeps one multiplier for the orbit g_1, g_2, g_3; docs/math.md section 5.f): sigma_0 and
// sigma_4 S3-invariant (trivial, sign and standard blocks), sigma_1 invariant under the swap of v and t
// (even and odd blocks). Degrees of the squares' bases: d, d-1, d-2.
inline constexpr int kSigmas[3] = {0, 1, 4};
struct Layout {
  int d;
  std::vector<three_point::GramBlock> sym[3];  // the blocks of sigma_0, sigma_1, sigma_4
  explicit Layout(int degree) : d(degree) {
    sym[0] = three_point::s3_blocks(d);
    sym[1] = three_point::swap_blocks(d - 1);
    sym[2] = three_point::s3_blocks(d - 2);
  }
  int block_a() const { return 1; }
  int block_F(int k) const { return 2 + k; }
  int block_B() const { return d + 3; }
  int block_U(int i) const { return d + 4 + i; }
  int block_T(int j, std::size_t b) const {  // block b of sigma_0, sigma_1, sigma_4 for j = 0, 1, 2
    int base = d + 6;
    for (int q = 0; q < j; ++q) base += int(sym[q].size());
    return base + int(b);
  }
  int blocks() const { return block_T(2, sym[2].size()) - 1; }
  int t_degree(int j) const { return j == 0 ? d : j == 1 ? d - 1 : d - 2; }
};

class Model {
 public:
  using Key = std::tuple<int, int, int, int>;  // constraint, block, i, j (1-based, i <= j)
  void add(int constraint, int block, int i, int j, double v) {
    if (v == 0) return;
    if (i > j) std::swap(i, j);
    entries_[{constraint, block, i, j}] += v;
  }
  const std::map<Key, double>& entries() const { return entries_; }

 private:
  std::map<Key, double> entries_;
};

struct Built {
  bool chebyshev = false;  // the trivariate polynomials in the tensor Chebyshev basis, else in monomials
  Model model;
  std::vector<double> rhs;  // c_1..c_m
  std::map<Exponent, int> tri_index;
};

std::vector<std::vector<double>> to_double(const std::vector<RationalPolynomial>& p) {
  std::vector<std::vector<double>> r;
  for (const auto& q : p) {
    std::vector<double> row;
    for (const auto& c : q) row.push_back(constel::to_double(c));
    r.push_back(row);
  }
  return r;
}

// The S_k^n entries (as polynomials) that the F blocks pair with.
void add_F_blocks(Built& b, const Layout& L, std::size_t n) {
  auto gn1 = to_double(gegenbauer_monomials(n - 1, std::size_t(L.d)));
  for (int k = 0; k <= L.d; ++k) {
    Poly3<double> q = three_point::q_polynomial(gn1[std::size_t(k)], std::size_t(k));
    int m = L.d - k + 1;
    for (int i = 0; i < m; ++i)
      for (int j = i; j < m; ++j) {
        Poly3<double> s = three_point::symmetrize(three_point::multiply(Poly3<double>{{{i, j, 0}, 1.0}}, q));
        for (const auto& [e, c] : b.chebyshev ? three_point::monomial_to_chebyshev(s) : s)
          b.model.add(b.tri_index.at(e), L.block_F(k), i + 1, j + 1, c);
        auto diag = three_point::diagonal_restriction(s);
        for (std::size_t p = 0; p < diag.size(); ++p) b.model.add(1 + int(p), L.block_F(k), i + 1, j + 1, 3 * diag[p]);
      }
  }
}

// The entries of one symmetry-adapted block of sigma_0, sigma_1 or sigma_4 (j = 0, 1, 2): entry (r, c) of
// Q pairs with sum over the block's parts of (1 / den) p_r p_c, times g_i for sigma_i.
void add_sigma_block(Built& b, const Layout& L, int j, std::size_t bl, const std::vector<Poly3<double>>& gs) {
  const auto basis = monomials(L.t_degree(j));
  const three_point::GramBlock& block = L.sym[j][bl];
  const int i = kSigmas[j];
  for (std::size_t r = 0; r < block.size(); ++r)
    for (std::size_t c = r; c < block.size(); ++c) {
      // 24 (sum over parts of (1 / den) p_r p_c), exact in integers (den is 1 or 3; a Chebyshev product
      // has eight terms of weight 1/8, a monomial product one of weight 1).
      Poly3<long> times24;
      three_point::Exponent terms[8];
      for (const auto& part : block.parts)
        for (const auto& [x, cx] : part.rows[r])
          for (const auto& [y, cy] : part.rows[c]) {
            if (b.chebyshev) {
              three_point::chebyshev_product_terms(basis[x], basis[y], terms);
              for (const auto& e : terms) three_point::add_to(times24, e, cx * cy * (3 / part.weight_den));
            } else {
              three_point::add_to(times24, {basis[x][0] + basis[y][0], basis[x][1] + basis[y][1], basis[x][2] + basis[y][2]},
                                  cx * cy * (24 / part.weight_den));
            }
          }
      Poly3<double> prod;
      for (const auto& [e, v] : times24) prod[e] = double(v) / 24;
      if (i != 0)
        prod = b.chebyshev ? three_point::chebyshev_multiply(prod, gs[std::size_t(i - 1)])
                           : three_point::multiply(prod, gs[std::size_t(i - 1)]);
      for (const auto& [e, v] : prod) b.model.add(b.tri_index.at(e), L.block_T(j, bl), int(r) + 1, int(c) + 1, v);
    }
}

Built build_model(std::size_t n, double s, const Layout& L, double margin, bool chebyshev) {
  Built b;
  b.chebyshev = chebyshev;
  const int d = L.d;
  int uni = 2 * d + 1;
  // One equality per orbit of monomials: the identity is asked of Sym(...) only (docs/math.md section 5.f).
  std::map<Exponent, int> orbit_index;
  for (const auto& e : monomials(2 * d)) {
    auto [it, inserted] = orbit_index.emplace(three_point::orbit_key(e), uni + 1 + int(orbit_index.size()));
    b.tri_index[e] = it->second;
  }
  b.rhs.assign(std::size_t(uni) + orbit_index.size(), 0.0);
  b.rhs[0] = -1;  // g2 <= -1
  // f = sum a_k P_k^n in the univariate constraints.
  auto gn = to_double(gegenbauer_monomials(n, std::size_t(d)));
  for (int k = 1; k <= d; ++k)
    for (std::size_t p = 0; p < gn[std::size_t(k)].size(); ++p) b.model.add(1 + int(p), L.block_a(), k, k, gn[std::size_t(k)][p]);
  add_F_blocks(b, L, n);
  // B: 2 b12 + b22 in the univariate constant, b22 in the trivariate constant.
  b.model.add(1, L.block_B(), 1, 2, 1);
  b.model.add(1, L.block_B(), 2, 2, 1);
  b.model.add(b.tri_index.at({0, 0, 0}), L.block_B(), 2, 2, 1);
  // Univariate squares: sigma_0(u) + (u + 1)(s - u) sigma_1(u).
  const double g[3] = {s, s - 1, -1};
  for (int a = 0; a <= d; ++a)
    for (int c = a; c <= d; ++c) b.model.add(1 + a + c, L.block_U(0), a + 1, c + 1, 1);
  for (int a = 0; a < d; ++a)
    for (int c = a; c < d; ++c)
      for (int e = 0; e < 3; ++e) b.model.add(1 + a + c + e, L.block_U(1), a + 1, c + 1, g[e]);
  // Trivariate squares sigma_0 + sum_i g_i sigma_i in their symmetry-adapted blocks, sigma_0 >= margin * I
  // (the margin on the Gram matrix in the basis used: its identity is sum_alpha b_alpha^2).
  auto gs = three_point::domain_polynomials<double>(s);
  if (chebyshev) {
    for (auto& g : gs) g = three_point::monomial_to_chebyshev(g);
    const std::size_t m = binom3(d);
    std::vector<double> I(m * m, 0.0);
    for (std::size_t r = 0; r < m; ++r) I[r * m + r] = 1;
    for (const auto& [e, v] : three_point::chebyshev_gram_polynomial(I, d))
      b.rhs[std::size_t(b.tri_index.at(e) - 1)] -= margin * v;
  } else {
    for (const auto& e : monomials(d)) b.rhs[std::size_t(b.tri_index.at({2 * e[0], 2 * e[1], 2 * e[2]}) - 1)] -= margin;
  }
  for (int j = 0; j < 3; ++j)
    for (std::size_t bl = 0; bl < L.sym[j].size(); ++bl) add_sigma_block(b, L, j, bl, gs);
  // Objective (SDPA maximizes <F_0, Y>): -(sum a_k + <F_0, J> + b11).
  for (int k = 1; k <= d; ++k) b.model.add(0, L.block_a(), k, k, -1);
  for (int i = 1; i <= d + 1; ++i)
    for (int j = i; j <= d + 1; ++j) b.model.add(0, L.block_F(0), i, j, -1);
  b.model.add(0, L.block_B(), 1, 1, -1);
  return b;
}

int block_size(const Layout& L, int block) {
  if (block == L.block_a()) return L.d;
  if (block <= L.block_F(L.d)) return L.d - (block - 2) + 1;
  if (block == L.block_B()) return 2;
  if (block == L.block_U(0)) return L.d + 1;
  if (block == L.block_U(1)) return L.d;
  for (int j = 0; j < 3; ++j)  // sigma blocks
    for (std::size_t bl = 0; bl < L.sym[j].size(); ++bl)
      if (block == L.block_T(j, bl)) return int(L.sym[j][bl].size());
  throw InternalError("three-point SDP: no block " + std::to_string(block));
}

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

std::unique_ptr<SDPA> solve_sdpa(const Built& built, const Layout& L, SDPA::ParameterType type, std::string& phase) {
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
  for (std::size_t i = 0; i < built.rhs.size(); ++i) sdpa->inputCVec(int(i) + 1, built.rhs[i]);
  for (const auto& [key, v] : built.model.entries()) {
    auto [k, l, i, j] = key;
    sdpa->inputElement(k, l, i, j, v);
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
  std::unique_ptr<SDPA> sdpa = solve_sdpa(built, L, SDPA::PARAMETER_DEFAULT, result.solver_status);
  auto unusable = [&] {
    return result.solver_status == "noINFO" || result.solver_status.find("INF") != std::string::npos ||
           result.solver_status.find("UNBD") != std::string::npos;
  };
  if (unusable()) {  // SDPA's slower, more careful parameter set
    check_stop(options);
    sdpa = solve_sdpa(built, L, SDPA::PARAMETER_STABLE_BUT_SLOW, result.solver_status);
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
  // 1e-4 gave 387.15).
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
