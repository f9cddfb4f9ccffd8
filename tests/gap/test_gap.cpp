// The modality-gap library (docs/math.md section 6): certificate files, the certified direction check (fast path
// against exact arithmetic), the hypotheses of Theorem 3.6, and the search on Construction 3
// configurations, lifts and random points, each result re-checked here independently.
#include <catch2/catch.hpp>

#include <random>
#include <sstream>

#include "constel/codes/source.hpp"
#include "constel/construct/constructions.hpp"
#include "constel/error.hpp"
#include "constel/gap/certificate.hpp"
#include "constel/gap/hypotheses.hpp"
#include "constel/gap/search.hpp"
#include "constel/gap/statistics.hpp"
#include "gap/gap_fixtures.hpp"
#include "support.hpp"

using namespace constel;

namespace {

// Independent exact count: <h, x> + c = sum_k q_k g_k r_k + c with the configuration's own accessors.
std::pair<std::size_t, std::size_t> independent_counts(const Configuration& c, const GapDirection& h) {
  std::size_t bad_u = 0, wrong_v = 0;
  for (std::size_t a = 0; a < 2; ++a)
    for (std::size_t i = 0; i < c.N(); ++i) {
      Rational s = h.offset ? *h.offset : Rational(0);
      for (std::size_t k = 0; k < c.d(); ++k) s += c.scale(k) * h.g[k] * c.entry(a, i, k);
      if (a == 0 && s <= 0) ++bad_u;
      if (a == 1 && s >= 0) ++wrong_v;
    }
  return {bad_u, wrong_v};
}

std::pair<std::size_t, std::size_t> independent_counts(const FloatMatrix& U, const FloatMatrix& V, const GapDirection& h) {
  std::size_t bad_u = 0, wrong_v = 0;
  for (const FloatMatrix* m : {&U, &V})
    for (std::size_t i = 0; i < m->rows(); ++i) {
      Rational s = h.offset ? *h.offset : Rational(0);
      for (std::size_t k = 0; k < m->cols(); ++k) s += h.g[k] * from_double(m->value(i, k));
      if (m == &U && s <= 0) ++bad_u;
      if (m == &V && s >= 0) ++wrong_v;
    }
  return {bad_u, wrong_v};
}

FloatMatrix random_matrix(std::mt19937_64& rng, std::size_t n, std::size_t d, double shift, const std::string& name) {
  std::normal_distribution<double> g;
  FloatMatrix m(n, d, FloatDType::F64, name);
  for (std::size_t i = 0; i < n; ++i) {
    std::vector<double> x(d);
    double nn = 0;
    for (auto& v : x) v = g(rng), nn += v * v;
    for (std::size_t k = 0; k < d; ++k) m.set(i, k, x[k] / std::sqrt(nn) + (k == 0 ? shift : 0.0));
  }
  return m;
}

}  // namespace

TEST_CASE("600: gap certificate files round-trip and malformed ones are rejected with file:line", "[quick][gap]") {
  GapDirection h{{Rational(3), Rational(-1, 3), Rational(0)}, Rational(5, 2)};
  std::string text = gap_certificate_text(h, "a comment\nsecond line");
  CHECK(text.find("# a comment\n# second line\nconstel-gap-certificate 1\nd 3\ng 3 -1/3 0\noffset 5/2\n") == 0);
  std::istringstream in(text);
  GapDirection back = read_gap_certificate(in, "c.txt");
  CHECK(back.g == h.g);
  CHECK(back.offset == h.offset);
  std::istringstream dec("constel-gap-certificate 1\nd 2\ng 0.1 1e-3  # decimals are exact\n");
  GapDirection dd = read_gap_certificate(dec, "c.txt");
  CHECK(dd.g[0] == Rational(1, 10));
  CHECK(dd.g[1] == Rational(1, 1000));
  CHECK_FALSE(dd.offset);
  auto fails = [](const std::string& t) -> std::string {
    std::istringstream s(t);
    try {
      read_gap_certificate(s, "c.txt");
    } catch (const ParseError& e) {
      return e.what();
    }
    return "accepted";
  };
  CHECK(fails("") == "c.txt:0: empty file (expected 'constel-gap-certificate 1')");
  CHECK(fails("constel 1\n") == "c.txt:1: expected 'constel-gap-certificate 1' as the first line");
  CHECK(fails("constel-gap-certificate 2\n") == "c.txt:1: unsupported certificate version (expected 1)");
  CHECK(fails("constel-gap-certificate 1\nd 2\ng 1\n") == "c.txt:3: 'g' has 1 coordinates, expected d = 2");
  CHECK(fails("constel-gap-certificate 1\nd 2\ng 1 nan\n") == "c.txt:3: 'nan' is not a number (expected e.g. 3, -3/7, 0.1, 1e-3)");
  CHECK(fails("constel-gap-certificate 1\ng 1 2\n") == "c.txt:2: 'g' before 'd'");
  CHECK(fails("constel-gap-certificate 1\nd 0\n") == "c.txt:2: d must be at least 1");
  CHECK(fails("constel-gap-certificate 1\nd 1\ng 1\ng 2\n") == "c.txt:4: 'g' given twice");
  CHECK(fails("constel-gap-certificate 1\nd 1\n") == "c.txt:2: no 'g' line (the coordinates)");
  CHECK(fails("constel-gap-certificate 1\nd 1\ng 1\noffset 1 2\n") == "c.txt:4: 'offset' takes one number");
  CHECK(fails("constel-gap-certificate 1\nd 1\nh 1\n") == "c.txt:3: unknown line 'h' (expected d, g or offset)");
  CHECK(fails("constel-gap-certificate 1\nd 1\ng 1/0\n") == "c.txt:3: number '1/0': zero denominator");
}

TEST_CASE("601: the certified float check agrees with exact arithmetic, also where doubles cancel", "[quick][gap]") {
  // Row 0 of U: 1e16 + 1 - 1e16 = 1 exactly, 0 in double; row 1: exactly 0; row 2: exactly -2^-60.
  FloatMatrix U(3, 3, FloatDType::F64, "U"), V(1, 3, FloatDType::F64, "V");
  double r[3][3] = {{1e16, 1, -1e16}, {0.5, -0.25, -0.25}, {1, std::ldexp(-1.0, -60), -1}};
  for (std::size_t i = 0; i < 3; ++i)
    for (std::size_t k = 0; k < 3; ++k) U.set(i, k, r[i][k]);
  V.set(0, 0, -1), V.set(0, 1, -1), V.set(0, 2, -1);
  GapPoints p = GapPoints::from_floats(U, V);
  GapDirection h{{Rational(1), Rational(1), Rational(1)}, std::nullopt};
  GapCheck fast = certified_check_direction(p, h), exact = certified_check_direction(p, h, true);
  CHECK(fast.bad_u == std::vector<std::size_t>{1, 2});
  CHECK(exact.bad_u == fast.bad_u);
  CHECK(fast.wrong_v.empty());
  CHECK(fast.exact_evaluations >= 2);   // rows 0 and 2 cannot be decided in double
  CHECK(fast.exact_evaluations < 4);    // the V row is decided by the fast path
  CHECK(exact.exact_evaluations == 4);
  CHECK(exact_direction_value(p, GapSide::U, 0, h) == 1);
  // A direction that is no double forces the exact path everywhere, with the same answer.
  GapDirection third{{Rational(1, 3), Rational(1, 3), Rational(1, 3)}, Rational(0)};
  GapCheck t = certified_check_direction(p, third);
  CHECK(t.bad_u == fast.bad_u);
  CHECK(t.exact_evaluations == 4);
  GapDirection wrong{{Rational(1)}, std::nullopt};
  CHECK_THROWS_WITH(certified_check_direction(p, wrong), "gap: the direction has 1 coordinates but the points live in R^3");
}

TEST_CASE("602: Construction 3 (gap-tight): hypotheses hold and the search finds exactly the forced 2", "[quick][gap]") {
  for (std::size_t N : {5, 9, 24}) {
    INFO("N = " << N);
    Configuration c = construct::gap_tight(N);
    GapPoints p = GapPoints::from_configuration(c);
    GapHypotheses hyp = exact_check_hypotheses(p, std::nullopt);
    CHECK(hyp.hold);
    CHECK(hyp.failure.empty());
    // The last two pairs have U = V, so every h with all U positive has those two V on the wrong side.
    for (std::size_t e : {N - 2, N - 1})
      for (std::size_t k = 0; k < 3; ++k) REQUIRE(c.entry(0, e, k) == c.entry(1, e, k));
    GapSearchResult r = search_separating_direction(p);
    CHECK(r.check.all_u_positive());
    CHECK(r.check.v_nonnegative == 2);
    CHECK(r.check.wrong_v == std::vector<std::size_t>{N - 2, N - 1});
    auto [bad_u, wrong_v] = independent_counts(c, r.direction);
    CHECK(bad_u == 0);
    CHECK(wrong_v == 2);
  }
}

TEST_CASE("603: Construction 3 lifted to d = 4, 5, 6: d - 1 wrong-side V, never fewer", "[standard][gap]") {
  std::mt19937_64 rng(603);
  for (std::size_t d : {4, 5, 6}) {
    INFO("d = " << d);
    Configuration c = test::gap_tight_configuration(d, 5);
    REQUIRE(c.d() == d);
    GapPoints p = GapPoints::from_configuration(c);
    GapHypotheses hyp = exact_check_hypotheses(p, std::nullopt);
    CHECK(hyp.hold);
    GapSearchResult r = search_separating_direction(p);
    CHECK(r.check.all_u_positive());
    CHECK(r.check.v_nonnegative == d - 1);
    CHECK(independent_counts(c, r.direction) == std::pair<std::size_t, std::size_t>{0, d - 1});
    // Random directions with all U positive never do better than d - 1 (the forcing, checked exactly).
    std::uniform_int_distribution<int> coord(-20, 20);
    std::size_t admissible = 0;
    for (int trial = 0; trial < 400; ++trial) {
      GapDirection h;
      for (std::size_t k = 0; k < d; ++k) h.g.push_back(Rational(coord(rng)));
      h.g[0] = 400 + coord(rng);  // bias toward the region where U can be positive
      GapCheck chk = certified_check_direction(p, h);
      if (!chk.all_u_positive()) continue;
      ++admissible;
      CHECK(chk.v_nonnegative >= d - 1);
    }
    (void)admissible;
  }
}

TEST_CASE("604: lifts with m > |b| are separable by a certified h, homogeneous and affine", "[quick][gap]") {
  struct Target {
    Rational m, b;
  };
  for (Target t : {Target{Rational(1, 4), Rational(0)}, Target{Rational(1, 4), Rational(-1, 8)}, Target{Rational(1, 3), Rational(1, 4)}}) {
    INFO("m = " << to_string(t.m) << ", b = " << to_string(t.b));
    Configuration c = construct::lift(codes::cross_polytope(4), t.m, t.b);
    GapPoints p = GapPoints::from_configuration(c);
    CHECK(exact_check_hypotheses(p, std::nullopt).hold);
    for (bool affine : {false, true}) {
      GapSearchOptions opt;
      opt.affine = affine;
      GapSearchResult r = search_separating_direction(p, opt);
      CHECK(r.check.separates());
      CHECK(r.direction.offset.has_value() == affine);
      CHECK(independent_counts(c, r.direction) == std::pair<std::size_t, std::size_t>{0, 0});
    }
  }
  // The fixture's lift (Gram-built, other scales) as well.
  Configuration c = test::lift_configuration(5, Rational(1, 4), Rational(1, 8));
  GapSearchResult r = search_separating_direction(GapPoints::from_configuration(c));
  CHECK(r.check.separates());
  CHECK(independent_counts(c, r.direction) == std::pair<std::size_t, std::size_t>{0, 0});
}

TEST_CASE("605: random unit vectors with N >> d: counts agree with an independent exact check", "[standard][gap]") {
  test::for_each_random_case<std::mt19937_64>(605000, 3, [](std::mt19937_64& rng) {
    for (double shift : {0.0, 0.3, 1.5}) {
      INFO("shift " << shift << " (U rows: 120 random unit vectors of R^4 moved by +shift e_1, V by -shift)");
      FloatMatrix U = random_matrix(rng, 120, 4, shift, "U"), V = random_matrix(rng, 120, 4, -shift, "V");
      GapPoints p = GapPoints::from_floats(U, V);
      for (bool affine : {false, true}) {
        GapSearchOptions opt;
        opt.affine = affine;
        GapSearchResult r = search_separating_direction(p, opt);
        auto [bad_u, wrong_v] = independent_counts(U, V, r.direction);
        CHECK(bad_u == r.check.u_nonpositive);
        CHECK(wrong_v == r.check.v_nonnegative);
        CHECK(r.check.rows_checked == 240);
        if (affine) CHECK(r.check.all_u_positive());  // an offset can always put every U on the positive side
        if (shift == 1.5) CHECK(r.check.separates());  // |x - y| >= 3 - 2 > 0 along e_1: separable
      }
    }
  });
}

TEST_CASE("606: hypotheses: N < d + 2, wrong signs and labels are reported exactly", "[quick][gap]") {
  // Regular simplex with 3 pairs in R^2 (U = V): N = 3 < d + 2 = 4.
  Configuration s = construct::line(codes::regular_simplex(3));
  GapHypotheses h = exact_check_hypotheses(GapPoints::from_configuration(s), std::nullopt);
  CHECK_FALSE(h.enough_pairs);
  CHECK_FALSE(h.hold);
  CHECK(h.failure == "N = 3 < d + 2 = 4");
  CHECK(h.positives_positive);
  CHECK(h.negatives_negative);
  CHECK(h.min_positive == 1);
  CHECK(*h.max_negative == Rational(-1, 2));
  // Floats: one positive pair with <U_1, V_1> = 0 is not positive.
  FloatMatrix U(6, 2, FloatDType::F64, "U"), V(6, 2, FloatDType::F64, "V");
  for (std::size_t i = 0; i < 6; ++i) U.set(i, 0, 1), V.set(i, 0, i == 1 ? 0.0 : 1.0);
  GapHypotheses f = exact_check_hypotheses(GapPoints::from_floats(U, V), std::nullopt);
  CHECK(f.enough_pairs);
  CHECK_FALSE(f.positives_positive);
  CHECK(f.argmin_positive == 1);
  CHECK(f.failure == "<U_1, V_1> = 0 is not positive");
  CHECK_FALSE(f.negatives_negative);
  // Labels: many U per V; the sign pattern is reported, the theorem is not claimed.
  FloatMatrix V2(2, 2, FloatDType::F64, "V2");
  V2.set(0, 0, 1), V2.set(1, 0, -1);
  GapHypotheses l = exact_check_hypotheses(GapPoints::from_floats(U, V2), std::vector<std::int64_t>(6, 0));
  CHECK(l.labels);
  CHECK(l.positives_positive);
  CHECK(l.negatives_negative);
  CHECK_FALSE(l.hold);
  CHECK(l.failure == "labels given: Theorem 3.6 is stated for one-to-one pairs");
  CHECK_THROWS_WITH(exact_check_hypotheses(GapPoints::from_configuration(s), std::vector<std::int64_t>(3, 0)),
                    "labels work with float embeddings only: a .cst configuration pairs its rows one to one");
}

TEST_CASE("607: GapPoints rejects mismatched shapes and NaN", "[quick][gap]") {
  FloatMatrix U(2, 3, FloatDType::F64, "u.npy"), V(2, 2, FloatDType::F64, "v.npy");
  CHECK_THROWS_WITH(GapPoints::from_floats(U, V),
                    "gap: U (u.npy) has 3 columns but V (v.npy) has 2: the dimensions must agree");
  FloatMatrix W(2, 3, FloatDType::F64, "w.npy");
  W.set(1, 2, std::nan(""));
  CHECK_THROWS_AS(GapPoints::from_floats(U, W), InputError);
  CHECK_THROWS_WITH(GapPoints::from_configuration(construct::gap_tight(5), 0, 0), "gap: U and V must be different modalities");
}

TEST_CASE("608: the U rows outside every open half-space force all_u_positive false", "[quick][gap]") {
  // U = {e_1, -e_1, e_2}: no h has <h, U_i> > 0 for all three; V far away.
  FloatMatrix U(3, 2, FloatDType::F64, "U"), V(2, 2, FloatDType::F64, "V");
  U.set(0, 0, 1), U.set(1, 0, -1), U.set(2, 1, 1);
  V.set(0, 1, -1), V.set(1, 1, -2);
  GapPoints p = GapPoints::from_floats(U, V);
  GapSearchResult r = search_separating_direction(p);
  CHECK_FALSE(r.check.all_u_positive());
  CHECK(r.lp_found_u_infeasible);
  CHECK(r.check.u_nonpositive >= 1);
  GapSearchOptions opt;
  opt.affine = true;  // with an offset everything separates: c + <h, x> with h = e_2, c = 1/2
  GapSearchResult a = search_separating_direction(p, opt);
  CHECK(a.check.separates());
  auto [bad_u, wrong_v] = independent_counts(U, V, a.direction);
  CHECK(bad_u == 0);
  CHECK(wrong_v == 0);
}

TEST_CASE("1480: the mean-difference hyperplane of float input has double coefficients, so its side counts take the float path", "[quick][gap]") {
  // Coordinate 0: means about 1e-3 and 1e-9, whose exact difference is no double (it needs about 73 bits).
  const std::size_t n = 200, d = 8;
  FloatMatrix U(n, d, FloatDType::F32, "U"), V(n, d, FloatDType::F32, "V");
  std::mt19937_64 rng(1480);
  std::normal_distribution<double> g(0, 1);
  for (std::size_t i = 0; i < n; ++i)
    for (std::size_t k = 0; k < d; ++k) {
      U.set(i, k, float(k == 0 ? 1e-3 * (1 + 0.1 * g(rng)) : g(rng)));
      V.set(i, k, float(k == 0 ? 1e-9 * (1 + 0.1 * g(rng)) : g(rng)));
    }
  GapPoints p = GapPoints::from_floats(U, V);
  ModalityGapStatistics s = modality_gap_statistics(p);
  for (const Rational& x : s.hyperplane.g) CHECK(from_double(to_double(x)) == x);
  REQUIRE(s.hyperplane.offset);
  CHECK(from_double(to_double(*s.hyperplane.offset)) == *s.hyperplane.offset);
  GapCheck fast = certified_check_direction(p, s.hyperplane), exact = certified_check_direction(p, s.hyperplane, true);
  CHECK(fast.exact_evaluations < n / 10);  // before: every one of the 2n rows in rationals
  CHECK(exact.exact_evaluations == 2 * n);
  CHECK(fast.bad_u == exact.bad_u);
  CHECK(fast.wrong_v == exact.wrong_v);
  CHECK(s.u_on_side == n - exact.u_nonpositive);
  CHECK(s.v_on_side == n - exact.v_nonnegative);
}
