// Conversion of a Configuration to its integer form (see integer_form.hpp). Two passes over the
// entries in the common case, each on several threads: column denominators, then int64 entries with
// their column maxima (GMP entries only when some entry does not fit in 64 bits).
#include "constel/verify/detail/integer_form.hpp"

#include <gmp.h>

#include <algorithm>
#include <limits>
#include <thread>
#include <type_traits>

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

namespace {

// The weights and the bound from the column denominators D and maxima M: the kept columns (q_j > 0,
// M_j > 0), C, w, bound, and whether every w_j M_j fits in int64 (fits_int64 stays false when the
// entries do not).
void weigh(const Configuration& c, const std::vector<Integer>& D, const std::vector<Integer>& M, bool small,
           IntegerForm& f) {
  std::vector<Rational> cw;
  for (std::size_t j = 0; j < c.d(); ++j) {
    if (c.scale(j) == 0 || M[j] == 0) continue;
    f.kept.push_back(j);
    cw.push_back(c.scale(j) / Rational(D[j] * D[j]));
  }
  f.N = c.N();
  f.k = c.k();
  f.cols = f.kept.size();
  f.fits_int64 = small;
  for (const Rational& x : cw) f.C = lcm_of(f.C, boost::multiprecision::denominator(x));
  for (std::size_t t = 0; t < f.kept.size(); ++t) {
    Rational wt = cw[t] * Rational(f.C);
    f.w.push_back(boost::multiprecision::numerator(wt));
    f.bound += f.w.back() * M[f.kept[t]] * M[f.kept[t]];
    if (!fits_int64(f.w.back() * M[f.kept[t]])) f.fits_int64 = false;
  }
  if (f.fits_int64)
    for (const Integer& x : f.w) f.w64.push_back(mpz_get_si(x.backend().data()));
}

// The form of compact entries without exceptions: no pass over the entries unless some w_j M_j leaves
// int64 (then GMP entries are built).
IntegerForm compact_form(const Configuration& c, const std::shared_ptr<const CompactEntries>& e) {
  std::vector<Integer> D, M;
  for (std::int64_t x : e->denominators()) D.emplace_back(static_cast<long long>(x));
  for (std::uint64_t x : e->column_max()) M.emplace_back(static_cast<unsigned long long>(x));
  IntegerForm f;
  weigh(c, D, M, true, f);
  if (f.fits_int64) {
    f.compact = e;
    return f;
  }
  const std::size_t N = c.N(), d = c.d(), cols = f.cols;
  f.abig.assign(c.k(), std::vector<Integer>(N * cols));
  for (std::size_t a = 0; a < c.k(); ++a)
    for (std::size_t i = 0; i < N; ++i)
      for (std::size_t t = 0; t < cols; ++t)
        f.abig[a][i * cols + t] = Integer(static_cast<long long>(e->numerator(a, i * d + f.kept[t])));
  return f;
}

}  // namespace

IntegerForm make_integer_form(const Configuration& c, unsigned threads) {
  if (c.compact() && c.compact()->exceptions().empty()) return compact_form(c, c.compact());
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
  IntegerForm f;
  weigh(c, D, M, small, f);
  const std::size_t cols = f.cols;
  const std::vector<std::size_t>& kept = f.kept;
  if (f.fits_int64) {
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

namespace {

// Rows of int64 entries from a source row of S (int32 or int64), through the kept columns unless all
// are kept, times the weights when w is given.
template <class S, class T>
void load_from(const S* src, std::size_t stride, std::size_t rows, std::size_t cols, const std::size_t* kept,
               const std::int64_t* w, T* out) {
  for (std::size_t r = 0; r < rows; ++r, src += stride, out += cols) {
    if (kept)
      for (std::size_t t = 0; t < cols; ++t) out[t] = T(w ? std::int64_t(src[kept[t]]) * w[t] : std::int64_t(src[kept[t]]));
    else if (w)
      for (std::size_t t = 0; t < cols; ++t) out[t] = T(std::int64_t(src[t]) * w[t]);
    else
      for (std::size_t t = 0; t < cols; ++t) out[t] = T(src[t]);
  }
}

}  // namespace

template <class T>
void IntegerForm::load_rows(std::size_t a, std::size_t i0, std::size_t rows, bool weighted, T* out) const {
  if constexpr (std::is_same_v<T, Integer>) {
    for (std::size_t r = 0; r < rows; ++r)
      for (std::size_t t = 0; t < cols; ++t) {
        Integer& v = out[r * cols + t];
        v = fits_int64 ? Integer(static_cast<long long>(at(a, i0 + r, t))) : abig[a][(i0 + r) * cols + t];
        if (weighted) v *= w[t];
      }
  } else {
    const std::int64_t* wt = weighted ? w64.data() : nullptr;  // products fit: checked by the form
    if (!compact) return load_from(a64[a].data() + i0 * cols, cols, rows, cols, nullptr, wt, out);
    const std::size_t d = compact->d();
    const std::size_t* kp = cols == d ? nullptr : kept.data();
    if (compact->wide())
      load_from(compact->data64(a) + i0 * d, d, rows, cols, kp, wt, out);
    else
      load_from(compact->data32(a) + i0 * d, d, rows, cols, kp, wt, out);
  }
}

template void IntegerForm::load_rows<double>(std::size_t, std::size_t, std::size_t, bool, double*) const;
template void IntegerForm::load_rows<std::int64_t>(std::size_t, std::size_t, std::size_t, bool, std::int64_t*) const;
template void IntegerForm::load_rows<Integer>(std::size_t, std::size_t, std::size_t, bool, Integer*) const;

}  // namespace constel::detail
