// The exact verifier: known answers, every arithmetic path against a slow reference, near-ties that
// only exact arithmetic resolves, k > 2 modalities, N = 1, and violation counts.
#include <catch2/catch.hpp>
#include <random>
#include <sstream>

#include "constel/error.hpp"
#include "constel/io/cst.hpp"
#include "constel/verify/exact.hpp"
#include "support.hpp"

using namespace constel;

namespace {

Configuration simplex3() {
  std::istringstream in(
      "constel 1\nN 3\nd 2\nk 2\nscales 1 3/4\nclaim 3/4 1/4\nmodality U\n1 0\n-1/2 1\n-1/2 -1\n"
      "modality V\n1 0\n-1/2 1\n-1/2 -1\n");
  return read_cst(in, "simplex.cst");
}

// Slow reference straight from the definition (docs/math.md section 1), pair (0, 1).
struct Ref {
  Rational min_diag, max_off;
  std::size_t argmin = 0, ai = 0, aj = 0;
  std::size_t vpos = 0, vneg = 0;
};
Ref reference(const Configuration& c, const Rational& m, const Rational& b) {
  Ref r;
  bool first_d = true, first_o = true;
  for (std::size_t i = 0; i < c.N(); ++i)
    for (std::size_t j = 0; j < c.N(); ++j) {
      Rational v = c.inner(0, i, 1, j);
      if (i == j) {
        if (first_d || v < r.min_diag) r.min_diag = v, r.argmin = i, first_d = false;
        if (v < b + m) ++r.vpos;
      } else {
        if (first_o || v > r.max_off) r.max_off = v, r.ai = i, r.aj = j, first_o = false;
        if (v > b - m) ++r.vneg;
      }
    }
  return r;
}

Configuration random_config(std::mt19937_64& rng, std::size_t N, std::size_t d, int num_range, int den_range) {
  Configuration c(N, d, 2);
  std::uniform_int_distribution<int> num(-num_range, num_range), den(1, den_range), sc(0, 4);
  for (std::size_t j = 0; j < d; ++j) c.set_scale(j, Rational(sc(rng), den(rng)));
  for (std::size_t a = 0; a < 2; ++a)
    for (auto& x : c.modality(a)) x = Rational(num(rng), den(rng));
  return c;
}

}  // namespace

TEST_CASE("030: the simplex example has margin exactly 3/4 and relative bias 1/4", "[quick][verify]") {
  ExactReport r = exact_verify(simplex3());
  CHECK(r.unit_norm);
  CHECK(r.min_diag == 1);
  REQUIRE(r.margin);
  CHECK(*r.margin == Rational(3, 4));
  CHECK(*r.relative_bias == Rational(1, 4));
  CHECK(*r.max_offdiag == Rational(-1, 2));
  CHECK(r.pairs[0].argmax_i == 0);
  CHECK(r.pairs[0].argmax_j == 1);
  CHECK(r.zero_loss_infimum);
  CHECK(*r.claim_holds);
  CHECK(r.arithmetic == "double");
}

TEST_CASE("031: every arithmetic path agrees with the definition on random rationals", "[quick][verify]") {
  int iter = 0;
  test::for_each_random_case<std::mt19937_64>(31000, 25, [&iter](std::mt19937_64& rng) {
    ++iter;
    std::size_t N = 1 + rng() % 7, d = 1 + rng() % 5;
    Configuration c = random_config(rng, N, d, 9, 6);
    Rational m(static_cast<long>(rng() % 5), 7), b(static_cast<long>(rng() % 9) - 4, 5);
    std::ostringstream input;
    write_cst(input, c);
    INFO("m = " << to_string(m) << ", b = " << to_string(b) << ", configuration:\n" << input.str());
    Ref ref = reference(c, m, b);
    for (ExactArithmetic a : {ExactArithmetic::Auto, ExactArithmetic::Int128, ExactArithmetic::Gmp}) {
      INFO("arithmetic " << to_string(a));
      ExactVerifyOptions opt;
      opt.m = m;
      opt.b = b;
      opt.arithmetic = a;
      opt.threads = 1 + iter % 3;
      ExactReport r = exact_verify(c, opt);
      CHECK(r.min_diag == ref.min_diag);
      CHECK(r.pairs[0].argmin_diag == ref.argmin);
      CHECK(r.violations_pos == ref.vpos);
      if (N > 1) {
        CHECK(*r.max_offdiag == ref.max_off);
        CHECK(r.pairs[0].argmax_i == ref.ai);
        CHECK(r.pairs[0].argmax_j == ref.aj);
        CHECK(r.violations_neg == ref.vneg);
      }
    }
  });
}

TEST_CASE("032: a near-tie below 1e-25 gets the right witness", "[quick][verify]") {
  // Off-diagonal values 1/2 (pair (0,1)) and 1/2 + 10^-30 (pair (2,0)): only exact arithmetic sees
  // which is larger. Rows need not be unit vectors for the extremes.
  const Rational eps = parse_rational("1e-30");
  Configuration c(3, 3, 2);
  auto set = [&](std::size_t a, std::size_t i, Rational x, Rational y, Rational z) {
    c.entry(a, i, 0) = x;
    c.entry(a, i, 1) = y;
    c.entry(a, i, 2) = z;
  };
  set(0, 0, 1, 0, 0);
  set(0, 1, 0, 1, 0);
  set(0, 2, Rational(1, 2) + eps, 0, 0);
  set(1, 0, 1, 0, 0);
  set(1, 1, Rational(1, 2), 0, 0);
  set(1, 2, 0, 0, 1);
  Ref ref = reference(c, 0, 0);
  ExactReport r = exact_verify(c);
  CHECK(r.arithmetic == "gmp");
  CHECK(*r.max_offdiag == Rational(1, 2) + eps);
  CHECK(*r.max_offdiag - Rational(1, 2) < parse_rational("1e-25"));
  CHECK(r.pairs[0].argmax_i == 2);
  CHECK(r.pairs[0].argmax_j == 0);
  CHECK(ref.ai == 2);
  CHECK_FALSE(r.unit_norm);
  // In double both values round to 0.5 and the first pair in order, (0, 1), would win.
  CHECK(to_double(Rational(1, 2) + eps) == 0.5);
}

TEST_CASE("033: norms are checked exactly and reported by row", "[quick][verify]") {
  Configuration c = simplex3();
  c.entry(1, 2, 1) = Rational(-999, 1000);
  ExactReport r = exact_verify(c);
  CHECK_FALSE(r.unit_norm);
  REQUIRE(r.norm_defects.size() == 1);
  CHECK(r.norm_defects[0].modality == 1);
  CHECK(r.norm_defects[0].row == 2);
  CHECK(r.norm_defects[0].norm2 == Rational(1, 4) + Rational(3, 4) * Rational(999 * 999, 1000000));
  CHECK_FALSE(*r.claim_holds);  // a claim needs unit vectors
}

TEST_CASE("034: k = 3 modalities: every pair, worst over pairs", "[quick][verify]") {
  // Three copies of the simplex, the third one rotated by swapping rows 1 and 2 (a worse pair).
  Configuration s = simplex3();
  Configuration c(3, 2, 3);
  for (std::size_t j = 0; j < 2; ++j) c.set_scale(j, s.scale(j));
  for (std::size_t i = 0; i < 3; ++i)
    for (std::size_t j = 0; j < 2; ++j) {
      c.entry(0, i, j) = s.entry(0, i, j);
      c.entry(1, i, j) = s.entry(1, i, j);
      c.entry(2, i, j) = s.entry(0, i == 0 ? 0 : 3 - i, j);
    }
  ExactReport r = exact_verify(c);
  REQUIRE(r.pairs.size() == 3);
  CHECK(*r.pairs[0].max_offdiag == Rational(-1, 2));
  CHECK(r.pairs[1].min_diag == Rational(-1, 2));  // (U, M2): rows 1, 2 swapped
  CHECK(*r.pairs[1].max_offdiag == 1);
  CHECK(r.worst_diag_pair == 1);
  CHECK(r.min_diag == Rational(-1, 2));
  CHECK(*r.margin == Rational(-3, 4));
  CHECK_FALSE(r.zero_loss_infimum);
}

TEST_CASE("035: N = 1 has no off-diagonal pair and an unbounded margin", "[quick][verify]") {
  Configuration c(1, 1, 2);
  c.entry(0, 0, 0) = 1;
  c.entry(1, 0, 0) = -1;
  ExactVerifyOptions opt;
  opt.m = Rational(0);
  opt.b = Rational(-1);
  ExactReport r = exact_verify(c, opt);
  CHECK_FALSE(r.max_offdiag);
  CHECK_FALSE(r.margin);
  CHECK(r.zero_loss_infimum);
  CHECK(*r.is_constellation);
}

TEST_CASE("036: the boundary is non-strict and violations are counted exactly", "[quick][verify]") {
  ExactVerifyOptions opt;
  opt.m = Rational(3, 4);
  opt.b = Rational(1, 4);
  CHECK(*exact_verify(simplex3(), opt).is_constellation);
  opt.m = Rational(3, 4) + parse_rational("1e-40");
  ExactReport r = exact_verify(simplex3(), opt);
  CHECK_FALSE(*r.is_constellation);
  CHECK(r.violations_pos == 3);
  CHECK(r.violations_neg == 6);
  opt.m = Rational(-1);
  CHECK_THROWS_WITH(exact_verify(simplex3(), opt), Catch::Contains("m must be >= 0"));
}

TEST_CASE("037: a forced arithmetic that cannot be exact is refused", "[quick][verify]") {
  Configuration c(2, 1, 2);
  c.entry(0, 0, 0) = parse_rational("1e10");
  c.entry(1, 0, 0) = 1;
  c.entry(0, 1, 0) = 1;
  c.entry(1, 1, 0) = 1;
  ExactVerifyOptions opt;
  opt.arithmetic = ExactArithmetic::Double;
  CHECK_THROWS_AS(exact_verify(c, opt), LimitError);
  opt.arithmetic = ExactArithmetic::Auto;
  CHECK(exact_verify(c, opt).arithmetic == "int128");
}

TEST_CASE("038: larger random +-1 configurations agree across paths and threads", "[standard][verify]") {
  std::mt19937_64 rng(38);
  const std::size_t N = 300, d = 64;
  Configuration c(N, d, 2);
  for (std::size_t j = 0; j < d; ++j) c.set_scale(j, Rational(1, d));
  for (std::size_t a = 0; a < 2; ++a)
    for (auto& x : c.modality(a)) x = (rng() & 1) ? 1 : -1;
  ExactVerifyOptions opt;
  opt.m = Rational(1, 8);
  opt.b = Rational(1, 2);
  ExactReport fast = exact_verify(c, opt);
  CHECK(fast.arithmetic == "double");
  CHECK(fast.unit_norm);
  opt.arithmetic = ExactArithmetic::Gmp;
  opt.threads = 2;
  ExactReport slow = exact_verify(c, opt);
  CHECK(fast.min_diag == slow.min_diag);
  CHECK(*fast.max_offdiag == *slow.max_offdiag);
  CHECK(fast.pairs[0].argmax_i == slow.pairs[0].argmax_i);
  CHECK(fast.pairs[0].argmax_j == slow.pairs[0].argmax_j);
  CHECK(fast.violations_neg == slow.violations_neg);
  CHECK(fast.violations_pos == slow.violations_pos);
}
