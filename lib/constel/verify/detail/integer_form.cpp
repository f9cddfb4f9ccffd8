// Conversion of a Configuration to its integer form (see integer_form.hpp). Two passes over the
// entries in the common case, each on several threads: column denominators, then int64 entries with
// their column maxima (GMP entries only when some entry does not fit in 64 bits).
#include "constel/verify/detail/integer_form.hpp"

#include <gmp.h>

#include <algorithm>
#include <limits>
#include <thread>

#include "constel/threads.hpp"

namespace constel::detail {
namespace {

bool fits_int64(const Integer& z) { return mpz_fits_slong_p(z.backend().data()) != 0; }

Integer lcm_of(const Integer& a, const Integer& b) {
  Integer r;
  mpz_lcm(r.backend().data(), a.backend().data(), b.backend().data());
  return r;
}

// Column denominators D_j over every modality; thread t of `threads` takes rows [N t / T, N (t+1) / T)
// of each modality, and the partial denominators are merged by lcm.
std::vector<Integer> column_denominators(const Configuration& c, unsigned threads) {
  std::vector<std::vector<Integer>> part(threads, std::vector<Integer>(c.d(), Integer(1)));
  run_on_threads(threads, [&](unsigned t) {
    std::vector<Integer>& D = part[t];
    for (std::size_t a = 0; a < c.k(); ++a) {
      const auto& m = c.modality(a);
      for (std::size_t i = c.N() * t / threads; i < c.N() * (t + 1) / threads; ++i)
        for (std::size_t j = 0; j < c.d(); ++j) {
          const mpq_t& q = m[i * c.d() + j].backend().data();
          if (mpz_cmp_ui(mpq_denref(q), 1) != 0 && !mpz_divisible_p(D[j].backend().data(), mpq_denref(q)))
            D[j] = lcm_of(D[j], Integer(mpq_denref(q)));
        }
    }
  });
  for (unsigned t = 1; t < threads; ++t)
    for (std::size_t j = 0; j < c.d(); ++j)
      if (part[t][j] != 1) part[0][j] = lcm_of(part[0][j], part[t][j]);
  return std::move(part[0]);
}

// a = r * D (an integer since den(r) divides D).
void scaled_entry(const Rational& r, const Integer& D, Integer& out) {
  const mpq_t& q = r.backend().data();
  if (mpz_cmp_ui(mpq_denref(q), 1) == 0) {
    mpz_mul(out.backend().data(), mpq_numref(q), D.backend().data());
  } else {
    mpz_divexact(out.backend().data(), D.backend().data(), mpq_denref(q));
    mpz_mul(out.backend().data(), out.backend().data(), mpq_numref(q));
  }
}

}  // namespace

namespace {

// Entries [p0, p1) of one modality into int64 with the column maxima; false when one does not fit.
bool fill_int64_range(const std::vector<Rational>& m, std::size_t d, const std::vector<Integer>& D,
                      const std::vector<char>& unit_den, std::size_t p0, std::size_t p1, std::int64_t* out,
                      std::vector<std::uint64_t>& M) {
  Integer tmp;
  for (std::size_t p = p0, j = p0 % d; p < p1; ++p, j = (j + 1 == d ? 0 : j + 1)) {
    const mpq_t& q = m[p].backend().data();
    mpz_srcptr z = mpq_numref(q);
    if (!(unit_den[j] && mpz_cmp_ui(mpq_denref(q), 1) == 0)) {
      scaled_entry(m[p], D[j], tmp);
      z = tmp.backend().data();
    }
    if (!mpz_fits_slong_p(z)) return false;
    const std::int64_t v = mpz_get_si(z);
    if (v == std::numeric_limits<std::int64_t>::min()) return false;
    out[p] = v;
    const std::uint64_t mag = static_cast<std::uint64_t>(v < 0 ? -v : v);
    if (mag > M[j]) M[j] = mag;
  }
  return true;
}

// One pass: integer entries a_ij = r_ij D_j into int64 (all columns), with the column maxima, rows
// shared among `threads` threads. Returns false when an entry does not fit in int64.
bool fill_int64(const Configuration& c, const std::vector<Integer>& D, std::vector<std::vector<std::int64_t>>& a64,
                std::vector<std::uint64_t>& M, unsigned threads) {
  const std::size_t N = c.N(), d = c.d(), k = c.k();
  a64.assign(k, std::vector<std::int64_t>(N * d));
  std::vector<char> unit_den(d);
  for (std::size_t j = 0; j < d; ++j) unit_den[j] = mpz_cmp_ui(D[j].backend().data(), 1) == 0;
  std::vector<std::vector<std::uint64_t>> part(threads, std::vector<std::uint64_t>(d, 0));
  std::vector<char> ok(threads, 1);
  run_on_threads(threads, [&](unsigned t) {
    const std::size_t p0 = N * t / threads * d, p1 = N * (t + 1) / threads * d;
    for (std::size_t a = 0; a < k && ok[t]; ++a)
      ok[t] = fill_int64_range(c.modality(a), d, D, unit_den, p0, p1, a64[a].data(), part[t]);
  });
  M.assign(d, 0);
  for (unsigned t = 0; t < threads; ++t) {
    if (!ok[t]) return false;
    for (std::size_t j = 0; j < d; ++j) M[j] = std::max(M[j], part[t][j]);
  }
  return true;
}

// Column maxima with GMP (the slow path, when some entry does not fit in int64).
std::vector<Integer> column_maxima_big(const Configuration& c, const std::vector<Integer>& D) {
  std::vector<Integer> M(c.d(), Integer(0));
  Integer tmp;
  for (std::size_t a = 0; a < c.k(); ++a)
    for (std::size_t i = 0; i < c.N(); ++i)
      for (std::size_t j = 0; j < c.d(); ++j) {
        scaled_entry(c.entry(a, i, j), D[j], tmp);
        mpz_abs(tmp.backend().data(), tmp.backend().data());
        if (tmp > M[j]) M[j] = tmp;
      }
  return M;
}

}  // namespace

IntegerForm make_integer_form(const Configuration& c, unsigned threads) {
  const std::size_t N = c.N(), d = c.d(), k = c.k();
  if (threads == 0) threads = std::max(1u, std::thread::hardware_concurrency());
  // a thread per 2^16 entries at least
  threads = unsigned(std::max<std::size_t>(1, std::min<std::size_t>(threads, N * d * k >> 16)));
  threads = unsigned(std::min<std::size_t>(threads, N));
  const std::vector<Integer> D = column_denominators(c, threads);
  std::vector<std::vector<std::int64_t>> full64;
  std::vector<std::uint64_t> M64;
  const bool small = fill_int64(c, D, full64, M64, threads);
  std::vector<Integer> M;
  if (small) {
    for (std::uint64_t x : M64) M.emplace_back(static_cast<unsigned long long>(x));
  } else {
    full64.clear();
    M = column_maxima_big(c, D);
  }
  std::vector<std::size_t> kept;
  std::vector<Rational> cw;
  for (std::size_t j = 0; j < d; ++j) {
    if (c.scale(j) == 0 || M[j] == 0) continue;
    kept.push_back(j);
    cw.push_back(c.scale(j) / Rational(D[j] * D[j]));
  }
  IntegerForm f;
  f.N = N;
  f.k = k;
  f.cols = kept.size();
  f.fits_int64 = small;
  for (const Rational& x : cw) f.C = lcm_of(f.C, boost::multiprecision::denominator(x));
  for (std::size_t t = 0; t < kept.size(); ++t) {
    Rational wt = cw[t] * Rational(f.C);
    f.w.push_back(boost::multiprecision::numerator(wt));
    f.bound += f.w.back() * M[kept[t]] * M[kept[t]];
    if (!fits_int64(f.w.back() * M[kept[t]])) f.fits_int64 = false;
  }
  const std::size_t cols = f.cols;
  if (f.fits_int64) {
    for (const Integer& x : f.w) f.w64.push_back(mpz_get_si(x.backend().data()));
    if (cols == d) {
      f.a64 = std::move(full64);
    } else {
      f.a64.assign(k, std::vector<std::int64_t>(N * cols));
      for (std::size_t a = 0; a < k; ++a)
        for (std::size_t i = 0; i < N; ++i)
          for (std::size_t t = 0; t < cols; ++t) f.a64[a][i * cols + t] = full64[a][i * d + kept[t]];
    }
    return f;
  }
  full64.clear();
  Integer tmp;
  f.abig.assign(k, std::vector<Integer>(N * cols));
  for (std::size_t a = 0; a < k; ++a)
    for (std::size_t i = 0; i < N; ++i)
      for (std::size_t t = 0; t < cols; ++t) {
        scaled_entry(c.entry(a, i, kept[t]), D[kept[t]], tmp);
        f.abig[a][i * cols + t] = tmp;
      }
  return f;
}

}  // namespace constel::detail
