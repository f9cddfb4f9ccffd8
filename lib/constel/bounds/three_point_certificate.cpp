// The exact check of a three-point SDP certificate (docs/math.md section 5.f) and its file format
// (docs/bounds.md). Everything here is rational arithmetic (GMP): a certificate that passes is a proof
// of N_SC(n, s) <= bound, with no floating point and no solver involved.
#include <sstream>

#include "constel/bounds/gegenbauer.hpp"
#include "constel/bounds/sturm.hpp"
#include "constel/bounds/three_point.hpp"
#include "constel/bounds/detail/certificate_reader.hpp"
#include "constel/bounds/detail/three_point_chebyshev.hpp"
#include "constel/bounds/detail/three_point_poly.hpp"
#include "constel/bounds/detail/psd_proof.hpp"

namespace constel::bounds {

using three_point::Poly3;

namespace {

std::size_t basis_size(int d) { return d < 0 ? 0 : std::size_t((d + 1) * (d + 2) * (d + 3) / 6); }
int sigma_degree(int d, int i) { return i == 0 ? d : i < 4 ? d - 1 : d - 2; }
// Versions 2 and 3 keep sigma_0, sigma_1 and sigma_4 only (the symmetrized identity).
bool used_sigma(const ThreePointCertificate& c, int i) { return c.version == 1 || i == 0 || i == 1 || i == 4; }

// sigma_i = b^T G_i b in monomials, b the monomials (versions 1, 2) or the tensor Chebyshev polynomials
// (version 3) of degree <= sigma_degree, times g.
Poly3<Rational> sigma_times(const ThreePointCertificate& c, int i, const Poly3<Rational>& g) {
  const int d = sigma_degree(int(c.degree), i);
  if (c.version != 3) return three_point::gram_times(c.G[std::size_t(i)], d, g);
  auto sigma = three_point::chebyshev_to_monomial(three_point::chebyshev_gram_polynomial(c.G[std::size_t(i)], d));
  return three_point::multiply(sigma, g);
}

Poly3<Rational> pairing_exact(const ThreePointCertificate& c) {
  auto gn1 = gegenbauer_monomials(c.n - 1, c.degree);
  return three_point::pairing(gn1, c.F, c.degree);
}

RationalPolynomial g2_polynomial(const ThreePointCertificate& c, const Poly3<Rational>& F3) {
  auto gn = gegenbauer_monomials(c.n, c.degree);
  RationalPolynomial g = three_point::diagonal_restriction(F3);
  for (auto& x : g) x *= 3;
  g.resize(std::max(g.size(), 2 * c.degree + 1), Rational(0));
  for (std::size_t k = 1; k <= c.degree; ++k)
    for (std::size_t p = 0; p < gn[k].size(); ++p) g[p] += c.a[k - 1] * gn[k][p];
  g[0] += 2 * c.B[1] + c.B[3];
  return g;
}

std::string shape_problem(const ThreePointCertificate& c) {
  const std::size_t d = c.degree;
  if (c.n < 3) return "the dimension n must be >= 3";
  if (d < 2 || d > kMaxThreePointDegree) return "the degree must lie in 2.." + std::to_string(kMaxThreePointDegree);
  if (c.s < -1 || c.s >= 1) return "s must lie in [-1, 1)";
  if (c.a.size() != d) return "a needs " + std::to_string(d) + " coefficients";
  if (c.F.size() != d + 1) return "F needs " + std::to_string(d + 1) + " matrices";
  for (std::size_t k = 0; k <= d; ++k)
    if (c.F[k].size() != (d - k + 1) * (d - k + 1)) return "F_" + std::to_string(k) + " has the wrong size";
  if (c.B.size() != 4) return "B needs 4 entries";
  if (c.version < 1 || c.version > 3) return "unknown certificate version " + std::to_string(c.version);
  if (c.G.size() != 5) return "G needs 5 matrices";
  for (int i = 0; i < 5; ++i) {
    std::size_t m = used_sigma(c, i) ? basis_size(sigma_degree(int(d), i)) : 0;
    if (c.G[std::size_t(i)].size() != m * m)
      return "G_" + std::to_string(i) + (m ? " has the wrong size" : " must be empty in version " + std::to_string(c.version));
  }
  return {};
}

bool psd(const std::vector<Rational>& M, std::size_t m, const std::string& name, std::string& why) {
  std::string reason;
  if (detail::prove_psd(M, m, reason)) return true;
  why = name + " is not positive semidefinite: " + reason;
  return false;
}

}  // namespace

namespace three_point_detail {

Poly3<Rational> sigma0_target(const ThreePointCertificate& c) {
  Poly3<Rational> target;
  for (const auto& [e, v] : pairing_exact(c)) three_point::add_to(target, e, Rational(-v));
  three_point::add_to(target, {0, 0, 0}, Rational(-c.B[3]));
  auto gs = three_point::domain_polynomials<Rational>(c.s);
  for (int i = 1; i < 5; ++i)
    if (used_sigma(c, i))
      for (const auto& [e, v] : sigma_times(c, i, gs[std::size_t(i - 1)])) three_point::add_to(target, e, Rational(-v));
  return target;
}

std::optional<Rational> find_c2(const ThreePointCertificate& c) {
  RationalPolynomial g2 = g2_polynomial(c, pairing_exact(c));
  for (int j = 40; j >= 1; --j) {
    Rational c2 = 1 - Rational(1) / Rational(Integer(1) << j);
    if (exact_max_at_most(g2, -c2, Rational(-1), c.s)) return c2;
  }
  return std::nullopt;
}

}  // namespace three_point_detail

std::optional<Rational> check_three_point(const ThreePointCertificate& c, std::string& why) {
  if (std::string p = shape_problem(c); !p.empty()) {
    why = p;
    return std::nullopt;
  }
  const std::size_t d = c.degree;
  for (std::size_t k = 0; k < d; ++k)
    if (c.a[k] < 0) {
      why = "a_" + std::to_string(k + 1) + " is negative";
      return std::nullopt;
    }
  if (c.c2 <= 0) {
    why = "c2 must be positive";
    return std::nullopt;
  }
  for (std::size_t k = 0; k <= d; ++k)
    if (!psd(c.F[k], d - k + 1, "F_" + std::to_string(k), why)) return std::nullopt;
  if (!psd(c.B, 2, "B", why)) return std::nullopt;
  for (int i = 0; i < 5; ++i)
    if (used_sigma(c, i) && !psd(c.G[std::size_t(i)], basis_size(sigma_degree(int(d), i)), "G_" + std::to_string(i), why))
      return std::nullopt;
  Poly3<Rational> sigma0 = sigma_times(c, 0, Poly3<Rational>{{{0, 0, 0}, Rational(1)}});
  Poly3<Rational> target = three_point_detail::sigma0_target(c);
  if (c.version == 1 ? sigma0 != target : three_point::orbit_sums(sigma0) != three_point::orbit_sums(target)) {
    why = c.version == 1 ? "the sum-of-squares identity -(F + b22) = sigma_0 + sum_i g_i sigma_i does not hold exactly"
                         : "the sum-of-squares identity -(F + b22) = Sym(sigma_0 + g_1 sigma_1 + g_4 sigma_4) does not "
                           "hold exactly";
    return std::nullopt;
  }
  Poly3<Rational> F3 = pairing_exact(c);
  if (!exact_max_at_most(g2_polynomial(c, F3), Rational(-c.c2), Rational(-1), c.s)) {
    why = "g2 = f + 3 F(u, u, 1) + 2 b12 + b22 is not <= -c2 on [-1, s]";
    return std::nullopt;
  }
  Rational f1 = 0, F111 = 0;
  for (const auto& x : c.a) f1 += x;  // P_k^n(1) = 1
  for (const auto& [e, v] : F3) F111 += v;
  Rational bound = 1 + (f1 + F111 + c.B[0]) / c.c2;
  if (c.bound != 0 && c.bound < bound) {
    why = "the stated bound " + to_string(c.bound) + " is below the proved " + to_string(bound);
    return std::nullopt;
  }
  return bound;
}

bool is_three_point_certificate(const std::string& text) {
  std::istringstream in(text);
  std::string line;
  while (std::getline(in, line)) {
    std::istringstream words(line);
    std::string key;
    if (!(words >> key) || key[0] == '#') continue;
    return key == "constel-sdp";
  }
  return false;
}

namespace {
void write_row(std::ostringstream& out, const std::vector<Rational>& v) {
  for (const auto& x : v) out << ' ' << to_string(x);
  out << '\n';
}
}  // namespace

std::string format_three_point_certificate(const ThreePointCertificate& c) {
  std::ostringstream out;
  out << "# Three-point SDP certificate (docs/math.md section 5.f, format in docs/bounds.md).\n"
      << "# Check with: constel codebound --check FILE\n"
      << "constel-sdp " << c.version << "\n"
      << "n " << c.n << "\ns " << to_string(c.s) << "\ndegree " << c.degree << "\nc2 " << to_string(c.c2)
      << "\nbound " << to_string(c.bound) << "\na";
  write_row(out, c.a);
  for (std::size_t k = 0; k < c.F.size(); ++k) {
    out << "F " << k;
    write_row(out, c.F[k]);
  }
  out << "B";
  write_row(out, c.B);
  for (std::size_t i = 0; i < c.G.size(); ++i) {
    if (c.version != 1 && c.G[i].empty()) continue;
    out << "G " << i;
    write_row(out, c.G[i]);
  }
  return out.str();
}

ThreePointCertificate parse_three_point_certificate(const std::string& text, const std::string& file_name) {
  ThreePointCertificate c;
  detail::CertificateReader r(text, file_name);
  bool header = false, have_n = false, have_s = false, have_d = false, have_c2 = false, have_a = false, have_B = false;
  std::vector<bool> have_F, have_G(5, false);
  auto fail = [&](const std::string& what) { r.fail(what); };
  while (r.next()) {
    const std::string& key = r.key();
    const std::vector<std::string>& values = r.values();
    auto number = [&](const std::string& w) { return r.number(w); };
    auto count = [&](const std::string& w, std::uint64_t max) -> std::size_t {
      std::uint64_t v = 0;
      try {
        v = parse_count(w);
      } catch (const InputError& e) {
        fail(key + ": " + e.what());
      }
      if (v > max) fail(key + " must be <= " + std::to_string(max));
      return std::size_t(v);
    };
    auto one = [&]() { return r.one(); };
    auto numbers = [&](std::size_t from) {
      std::vector<Rational> r;
      for (std::size_t i = from; i < values.size(); ++i) r.push_back(number(values[i]));
      return r;
    };
    if (!header) {
      if (key != "constel-sdp" || values.size() != 1 || (values[0] != "1" && values[0] != "2" && values[0] != "3"))
        fail("expected the header 'constel-sdp 3' (or the older 'constel-sdp 2' or 'constel-sdp 1')");
      c.version = values[0][0] - '0';
      header = true;
    } else if (key == "n") {
      if (have_n) fail("'n' given twice");
      c.n = count(one(), 1000000);
      if (c.n < 3) fail("n must lie in 3..1000000");
      have_n = true;
    } else if (key == "s") {
      if (have_s) fail("'s' given twice");
      c.s = number(one());
      if (c.s < -1 || c.s >= 1) fail("s must lie in [-1, 1)");
      have_s = true;
    } else if (key == "degree") {
      if (have_d) fail("'degree' given twice");
      c.degree = count(one(), kMaxThreePointDegree);
      if (c.degree < 2) fail("degree must lie in 2.." + std::to_string(kMaxThreePointDegree));
      c.F.assign(c.degree + 1, {});
      c.G.assign(5, {});
      have_F.assign(c.degree + 1, false);
      have_d = true;
    } else if (key == "c2") {
      if (have_c2) fail("'c2' given twice");
      c.c2 = number(one());
      have_c2 = true;
    } else if (key == "bound") {
      c.bound = number(one());
    } else if (key == "a" || key == "B" || key == "F" || key == "G") {
      if (!have_d) fail("'degree' must come before '" + key + "'");
      if (key == "a") {
        if (have_a) fail("'a' given twice");
        c.a = numbers(0), have_a = true;
      } else if (key == "B") {
        if (have_B) fail("'B' given twice");
        c.B = numbers(0), have_B = true;
      } else {
        if (values.empty()) fail("'" + key + "' needs an index");
        bool is_F = key == "F";
        std::size_t i = count(values[0], is_F ? c.degree : 4);
        auto& seen = is_F ? have_F : have_G;
        if (seen[i]) fail("'" + key + " " + values[0] + "' given twice");
        seen[i] = true;
        (is_F ? c.F : c.G)[i] = numbers(1);
      }
    } else {
      fail("unknown key '" + key + "'");
    }
  }
  if (!header) fail("empty certificate (expected the header 'constel-sdp 3')");
  if (!have_n || !have_s || !have_d || !have_c2 || !have_a || !have_B) fail("the certificate needs the keys n, s, degree, c2, a, B, F and G");
  for (bool f : have_F)
    if (!f) fail("a matrix F_k is missing");
  for (int i = 0; i < 5; ++i)
    if (!have_G[std::size_t(i)] && used_sigma(c, i)) fail("the matrix G_" + std::to_string(i) + " is missing");
  return c;
}

}  // namespace constel::bounds
