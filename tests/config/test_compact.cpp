// Compact entry storage (lib/constel/config/compact.hpp) and what reads it: the values kept exactly
// through column denominators that grow, the widening from int32 to int64 and the exceptions; the
// Configuration built from it behind its accessors; the .cst reader that fills it; and the exact
// verifier's integer form read from it, which must give the report the Rational path gives.
#include <catch2/catch.hpp>

#include <cstdint>
#include <limits>
#include <random>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "constel/config/compact.hpp"
#include "constel/config/configuration.hpp"
#include "constel/io/cst.hpp"
#include "constel/verify/detail/integer_form.hpp"
#include "constel/verify/exact.hpp"

using namespace constel;

namespace {

// A copy whose entries are Rationals only (a non-const access drops the compact form).
Configuration rational_copy(const Configuration& c) {
  Configuration r = c;
  (void)r.modality(0);
  return r;
}

void check_same_report(const ExactReport& x, const ExactReport& y) {
  CHECK(x.arithmetic == y.arithmetic);
  CHECK(x.unit_norm == y.unit_norm);
  CHECK(x.non_unit_rows == y.non_unit_rows);
  CHECK(x.min_diag == y.min_diag);
  CHECK(x.max_offdiag == y.max_offdiag);
  REQUIRE(x.pairs.size() == y.pairs.size());
  for (std::size_t q = 0; q < x.pairs.size(); ++q) {
    CHECK(x.pairs[q].argmin_diag == y.pairs[q].argmin_diag);
    CHECK(x.pairs[q].argmax_i == y.pairs[q].argmax_i);
    CHECK(x.pairs[q].argmax_j == y.pairs[q].argmax_j);
    CHECK(x.pairs[q].violations_pos == y.pairs[q].violations_pos);
    CHECK(x.pairs[q].violations_neg == y.pairs[q].violations_neg);
  }
  CHECK(x.is_constellation == y.is_constellation);
}

}  // namespace

TEST_CASE("1440: compact entries keep every value exactly through denominator growth, widening and exceptions",
          "[quick][config]") {
  const std::size_t N = 30, d = 4, k = 2;
  CompactEntries e(N, d, k);
  std::vector<std::vector<Rational>> want(k);
  std::mt19937_64 rng(1440);
  const std::int64_t big = std::numeric_limits<std::int64_t>::max();
  for (std::size_t a = 0; a < k; ++a)
    for (std::size_t p = 0; p < N * d; ++p) {
      const std::size_t j = p % d, i = p / d;
      Rational r;
      if (j == 0) {
        r = Rational(long(rng() % 7) - 3);  // column 0: small integers, stays int32 and D = 1
      } else if (j == 1) {
        r = Rational(long(rng() % 9) - 4, long(1 + i % 6));  // column 1: D grows to lcm(1..6) = 60
      } else if (j == 2) {
        r = i == 17 ? Rational(Integer(big) / 3) : Rational(long(rng() % 5));  // widening to int64
      } else {
        // column 3: prime denominators whose lcm leaves int64 (exceptions), and a numerator of 2^70
        static const long primes[] = {1000003, 1000033, 1000037, 1000039};
        r = i == 5 ? Rational(Integer(1) << 70) : Rational(long(i + 1), primes[i % 4]);
        if (i == 9) r = Rational(std::numeric_limits<long>::min());
      }
      want[a].push_back(r);
      e.append(a, r);
    }
  REQUIRE(e.complete());
  CHECK(e.wide());
  CHECK(e.denominators()[0] == 1);
  CHECK(e.denominators()[1] == 60);
  CHECK(!e.exceptions().empty());
  for (std::size_t a = 0; a < k; ++a)
    for (std::size_t p = 0; p < N * d; ++p) {
      INFO("modality " << a << " entry " << p);
      REQUIRE(e.value(a, p) == want[a][p]);
    }
  // the column maxima are the maxima of |numerator|
  for (std::size_t j = 0; j < d; ++j) {
    std::uint64_t m = 0;
    for (std::size_t a = 0; a < k; ++a)
      for (std::size_t i = 0; i < N; ++i) {
        const std::int64_t v = e.numerator(a, i * d + j);
        m = std::max<std::uint64_t>(m, std::uint64_t(v < 0 ? -v : v));
      }
    CHECK(e.column_max()[j] == m);
  }
  // int64 pairs: unreduced, negative denominators
  CompactEntries f(1, 2, 2);
  f.append(0, 6, -4);
  f.append(0, std::numeric_limits<std::int64_t>::min(), 3);
  f.append(1, 0, -5);
  f.append(1, 10, 5);
  CHECK(f.value(0, 0) == Rational(-3, 2));
  CHECK(f.value(0, 1) == Rational(Integer(std::numeric_limits<std::int64_t>::min())) / 3);
  CHECK(f.value(1, 0) == 0);
  CHECK(f.value(1, 1) == 2);
  CHECK_THROWS_AS(f.append(1, 1, 0), InputError);
}

TEST_CASE("1441: a .cst file reads into compact entries with the values and messages of the Rational reader",
          "[quick][io][cst]") {
  std::istringstream in(
      "constel 1\nN 3\nd 3\nk 2\nscales 1 1/2 0\nmodality U\n1 -1/2 0.25\n-007/0014 3 1e-3\n"
      "99999999999999999999/3 0 5\nmodality V\n1 0 0\n0 1 0\n2/4 -1 123456789012345678\n");
  const Configuration c = read_cst(in, "t.cst");
  REQUIRE(c.compact());
  // two exceptions: 99999999999999999999/3 leaves int64, and 123456789012345678 over column 2's
  // denominator 1000 (from 0.25 and 1e-3) would too
  CHECK(c.compact()->exceptions().size() == 2);
  const char* tokens[2][9] = {{"1", "-1/2", "0.25", "-007/0014", "3", "1e-3", "99999999999999999999/3", "0", "5"},
                              {"1", "0", "0", "0", "1", "0", "2/4", "-1", "123456789012345678"}};
  for (std::size_t a = 0; a < 2; ++a)
    for (std::size_t p = 0; p < 9; ++p) {
      INFO(tokens[a][p]);
      CHECK(c.entry(a, p / 3, p % 3) == parse_rational(tokens[a][p]));
    }
  // the messages (with their lines) are those of the reader before: a zero denominator, a short row
  std::istringstream bad1("constel 1\nN 1\nd 2\nk 2\nscales 1 1\nmodality U\n1 1/0\nmodality V\n1 1\n");
  CHECK_THROWS_WITH(read_cst(bad1, "b.cst"), Catch::Matchers::StartsWith("b.cst:7: "));
  std::istringstream bad2("constel 1\nN 1\nd 2\nk 2\nscales 1 1\nmodality U\n1 1\nmodality V\n1\n");
  CHECK_THROWS_WITH(read_cst(bad2, "b.cst"),
                    Catch::Matchers::Contains("b.cst:9: row 0 of modality 1 has 1 entries, expected d = 2"));
}

TEST_CASE("1442: a compact Configuration builds its Rationals once, on any thread, and drops the compact form on a write",
          "[quick][config]") {
  const std::size_t N = 40, d = 5;
  CompactEntries e(N, d, 2);
  for (std::size_t a = 0; a < 2; ++a)
    for (std::size_t p = 0; p < N * d; ++p) e.append(a, std::int64_t(p % 7) - 3, std::int64_t(1 + p % 3));
  const Configuration c(std::vector<Rational>(d, Rational(1)), std::move(e));
  REQUIRE(c.compact());
  const Configuration copy = c;  // before the Rationals exist
  std::vector<std::thread> ts;
  std::vector<int> ok(4, 0);
  for (int t = 0; t < 4; ++t)
    ts.emplace_back([&, t] {
      bool all = true;
      for (std::size_t p = 0; p < N * d; ++p)
        all = all && c.entry(1, p / d, p % d) == Rational(long(p % 7) - 3, long(1 + p % 3));
      ok[t] = all;
    });
  for (auto& t : ts) t.join();
  CHECK(ok == std::vector<int>(4, 1));
  CHECK(c.compact());  // const reads keep it
  CHECK(copy.modality(0) == c.modality(0));
  Configuration w = c;
  w.entry(0, 0, 0) = Rational(9);  // a write: the compact form would disagree, so it goes
  CHECK_FALSE(w.compact());
  CHECK(w.entry(0, 0, 0) == 9);
  CHECK(c.entry(0, 0, 0) == Rational(-3));
  Configuration moved = std::move(w);
  CHECK(moved.entry(0, 0, 0) == 9);
  CHECK_THROWS_AS(Configuration(std::vector<Rational>(d - 1, Rational(1)), CompactEntries(N, d, 2)), InputError);
}

TEST_CASE("1443: the exact verifier on compact entries gives the Rational path's report in every arithmetic",
          "[standard][verify][config]") {
  // N = 300 rows (two tile rows), d = 7 with a zero scale and a zero column dropped from the form
  const std::size_t N = 300, d = 7;
  std::mt19937_64 rng(1443);
  for (int variant = 0; variant < 3; ++variant) {
    INFO("variant " << variant);  // 0: small integers, 1: fractions and wide numerators, 2: an exception
    std::ostringstream s;
    s << "constel 1\nN " << N << "\nd " << d << "\nk 3\nscales 1/4 1 0 2/9 1 1 3\n";
    for (const char* m : {"U", "V", "W"}) {
      s << "modality " << m << "\n";
      for (std::size_t i = 0; i < N; ++i) {
        for (std::size_t j = 0; j < d; ++j) {
          long v = long(rng() % 11) - 5;
          if (j == 5) v = 0;
          if (variant == 1 && j == 1) s << v << "/" << (1 + rng() % 4) << " ";
          else if (variant == 1 && j == 3 && i == 100) s << "3000000000 ";
          else if (variant == 2 && j == 6 && i == 7) s << "1/18446744073709551629 ";
          else s << v << " ";
        }
        s << "\n";
      }
    }
    std::istringstream in(s.str());
    const Configuration c = read_cst(in, "v.cst");
    REQUIRE(c.compact());
    CHECK(c.compact()->exceptions().empty() == (variant != 2));
    const Configuration r = rational_copy(c);
    REQUIRE_FALSE(r.compact());
    const detail::IntegerForm fc = detail::make_integer_form(c, 2), fr = detail::make_integer_form(r, 2);
    CHECK(fc.C == fr.C);
    CHECK(fc.w == fr.w);
    CHECK(fc.bound == fr.bound);
    CHECK(fc.cols == 5);
    CHECK(fc.fits_int64 == fr.fits_int64);
    CHECK(bool(fc.compact) == (variant != 2));
    if (fc.fits_int64)
      for (std::size_t a = 0; a < 3; ++a)
        for (std::size_t i = 0; i < N; i += 13)
          for (std::size_t t = 0; t < fc.cols; ++t) REQUIRE(fc.at(a, i, t) == fr.at(a, i, t));
    for (ExactArithmetic ar : {ExactArithmetic::Auto, ExactArithmetic::Int128, ExactArithmetic::Gmp}) {
      INFO(to_string(ar));
      if (variant == 2 && ar == ExactArithmetic::Int128) {  // the huge denominator: int128 is not exact
        CHECK_THROWS_AS(exact_verify(c, ExactVerifyOptions{std::nullopt, std::nullopt, ar}), LimitError);
        continue;
      }
      ExactVerifyOptions o;
      o.arithmetic = ar;
      o.m = Rational(1, 10), o.b = Rational(0);
      o.threads = 2;
      check_same_report(exact_verify(c, o), exact_verify(r, o));
    }
  }
}

TEST_CASE("1444: reading a .cst costs a few bytes an entry, not a Rational's", "[quick][io][cst]") {
  const std::size_t N = 200, d = 64;
  std::string text = "constel 1\nN " + std::to_string(N) + "\nd " + std::to_string(d) + "\nk 2\nscales";
  for (std::size_t j = 0; j < d; ++j) text += " 1/64";
  text += "\n";
  for (const char* m : {"U", "V"}) {
    text += std::string("modality ") + m + "\n";
    for (std::size_t i = 0; i < N; ++i) {
      for (std::size_t j = 0; j < d; ++j) text += (i + j) % 3 ? "1 " : "-1 ";
      text += "\n";
    }
  }
  std::istringstream in(text);
  const Configuration c = read_cst(in, "m.cst");
  REQUIRE(c.compact());
  CHECK_FALSE(c.compact()->wide());
  // 4 bytes an entry, with at most the vector's growth on top when the size is not known
  CHECK(c.compact()->bytes() <= 2 * 4 * N * d * 2);
  CHECK(c.compact()->bytes() >= 4 * N * d * 2);
  const ExactReport r = exact_verify(c);
  CHECK(r.unit_norm);
  CHECK(r.arithmetic == "double");
}
