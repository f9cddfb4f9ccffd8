// The retrieval pass (see retrieval_pass.hpp, retrieval.hpp). Threads take whole block rows of the
// tile grid, so each row's counts and its largest negative belong to one thread; column counts are
// per thread and summed. For every negative entry x with bound E (lo = x - E, hi = x + E):
//   - against its row's positive p (known exactly, with double bounds p_lo <= p <= p_hi): lo > p_hi
//     is certainly above, hi < p_lo certainly below, anything else is compared exactly;
//   - the same against its column's best positive;
//   - candidates for the row's largest negative and for the K hardest negatives are kept while their
//     hi reaches a certified lower bound of what they must beat (the largest lo seen in the row; the
//     K-th largest lo among the kept candidates), and the survivors are evaluated exactly.
#include "constel/verify/detail/retrieval_pass.hpp"

#include <algorithm>
#include <atomic>
#include <functional>
#include <memory>

#include "constel/blas_threads.hpp"
#include "constel/threads.hpp"
#include "constel/verify/detail/extreme.hpp"
#include "constel/verify/detail/tile_products.hpp"

namespace constel::detail {
namespace {

struct Cand {
  std::uint32_t i, j;
  double lo, hi;
};

struct ExactPair {
  std::uint32_t i, j;
  Integer c;
};

// The largest negative of one row: a running lower bound L, candidates that may still reach it, and
// the best exactly evaluated one.
struct RowMax {
  double L = -INFINITY;
  std::vector<Cand> cands;
  bool has = false;
  Integer best;
  std::uint32_t best_j = 0;
};

template <class T>
class Pass {
 public:
  Pass(const KernelSetup<T>& s, const RetrievalOptions& opt) : s_(s), opt_(opt) {}
  Pass(const Pass& o) : s_(o.s_), opt_(o.opt_) {}  // a thread's copy: its own threshold buffer

  // Orders exactly evaluated entries: largest value first, then smallest (i, j).
  bool before(const ExactPair& a, const ExactPair& b) const {
    return replaces<Keep::Largest>(s_.exact->compare(a.c, a.i, a.j, b.c, b.i, b.j), std::pair(a.i, a.j),
                                   std::pair(b.i, b.j));
  }

  struct Local {
    std::vector<std::uint64_t> col_above, col_equal;
    std::vector<Cand> hard;
    std::vector<ExactPair> hard_exact;
    double hard_thr = -INFINITY;
    std::uint64_t evals = 0;
  };

  void run_block(std::size_t I0, std::size_t ti, TileProducts<T>& products, std::vector<T>& C, Local& loc,
                 std::vector<std::uint64_t>& above, std::vector<std::uint64_t>& equal, std::vector<RowMax>& rmax,
                 std::size_t cols) {
    std::vector<RowMax> rows(opt_.per_class ? ti : 0);
    if (cthr_.size() < cols) cthr_.resize(cols);
    for (std::size_t J0 = 0; J0 < s_.nv; J0 += cols) {
      if (s_.stop && s_.stop()) throw Cancelled("certified retrieval stopped by the caller");
      const std::size_t tj = std::min(cols, s_.nv - J0);
      const std::size_t ldc = products.compute(I0, ti, J0, tj, C.data());
      // an entry with x + Ei below every threshold it is compared with changes nothing: skipped
      double rvmax = 0;
      for (std::size_t b = 0; b < tj; ++b) {
        const std::size_t c = J0 + b;
        rvmax = std::max(rvmax, s_.rv[c]);
        cthr_[b] = s_.col_has[c] ? s_.col_lo[c] : INFINITY;
      }
      for (std::size_t a = 0; a < ti; ++a) {
        const std::size_t r = I0 + a;
        RowMax* rm = rows.empty() ? nullptr : &rows[a];
        const double Ei = s_.gamma * s_.ru[r] * rvmax + s_.extra, su = s_.su[r];
        double rthr = std::min(s_.row_lo[r], rm ? rm->L : INFINITY);
        if (opt_.hardest) rthr = std::min(rthr, loc.hard_thr);
        const T* row = C.data() + a * ldc;
        for (std::size_t b = 0; b < tj; ++b) {
          const double x = double(row[b]) * su * s_.sv[J0 + b];
          if (x + Ei < rthr && x + Ei < cthr_[b]) continue;
          const std::size_t c = J0 + b;
          if (c == s_.label[r]) continue;
          const double E = s_.gamma * s_.ru[r] * s_.rv[c] + s_.extra;
          entry(r, c, x - E, x + E, loc, above[r], equal[r], rm);
          rthr = std::min(s_.row_lo[r], rm ? rm->L : INFINITY);
          if (opt_.hardest) rthr = std::min(rthr, loc.hard_thr);
        }
      }
    }
    for (std::size_t a = 0; a < rows.size(); ++a) resolve_row(I0 + a, rows[a], loc), rmax[I0 + a] = std::move(rows[a]);
  }

  void entry(std::size_t r, std::size_t c, double lo, double hi, Local& loc, std::uint64_t& above, std::uint64_t& equal,
             RowMax* rm) {
    bool have = false;
    Integer v;
    auto value = [&]() -> const Integer& {
      if (!have) v = s_.exact->dot(r, c), have = true, ++loc.evals;
      return v;
    };
    if (lo > s_.row_hi[r]) {
      ++above;
    } else if (hi >= s_.row_lo[r]) {
      int cmp = s_.exact->compare(value(), r, c, (*s_.row_pos)[r], r, s_.label[r]);
      above += cmp > 0, equal += cmp == 0;
    }
    if (s_.col_has[c]) {
      if (lo > s_.col_hi[c]) {
        ++loc.col_above[c];
      } else if (hi >= s_.col_lo[c]) {
        int cmp = s_.exact->compare(value(), r, c, (*s_.col_pos)[c], s_.col_pos_row[c], c);
        loc.col_above[c] += cmp > 0, loc.col_equal[c] += cmp == 0;
      }
    }
    if (rm && hi >= rm->L) {
      rm->cands.push_back({std::uint32_t(r), std::uint32_t(c), lo, hi});
      if (lo > rm->L) rm->L = lo;
      if (rm->cands.size() > 256) shrink_row(*rm, loc);
    }
    if (opt_.hardest && hi >= loc.hard_thr) {
      loc.hard.push_back({std::uint32_t(r), std::uint32_t(c), lo, hi});
      if (loc.hard.size() > 2 * opt_.hardest + 4096) shrink_hard(loc);
    }
  }

  void shrink_row(RowMax& rm, Local& loc) {
    std::erase_if(rm.cands, [&](const Cand& k) { return k.hi < rm.L; });
    if (rm.cands.size() > 128) resolve_row(rm.cands.front().i, rm, loc);
  }

  // Every candidate of the row evaluated exactly into its best (the tie rule: smallest column).
  void resolve_row(std::size_t r, RowMax& rm, Local& loc) {
    for (const Cand& k : rm.cands) {
      if (k.hi < rm.L) continue;
      Integer v = s_.exact->dot(k.i, k.j);
      ++loc.evals;
      if (!rm.has || replaces<Keep::Largest>(s_.exact->compare(v, r, k.j, rm.best, r, rm.best_j), k.j, rm.best_j))
        rm.best = std::move(v), rm.best_j = k.j, rm.has = true;
    }
    rm.cands.clear();
  }

  // The K-th largest lo is a lower bound of the K-th largest value: drop what cannot reach it; when
  // still too many (values crowded together), evaluate them exactly and keep the K best.
  void shrink_hard(Local& loc) {
    const std::size_t K = opt_.hardest;
    if (loc.hard.size() >= K) {
      std::vector<double> los(loc.hard.size());
      for (std::size_t k = 0; k < los.size(); ++k) los[k] = loc.hard[k].lo;
      std::nth_element(los.begin(), los.begin() + std::ptrdiff_t(K - 1), los.end(), std::greater<double>());
      loc.hard_thr = std::max(loc.hard_thr, los[K - 1]);
    }
    std::erase_if(loc.hard, [&](const Cand& k) { return k.hi < loc.hard_thr; });
    if (loc.hard.size() <= K + 2048) return;
    for (const Cand& k : loc.hard) loc.hard_exact.push_back({k.i, k.j, s_.exact->dot(k.i, k.j)}), ++loc.evals;
    loc.hard.clear();
    keep_best(loc.hard_exact);
  }

  void keep_best(std::vector<ExactPair>& v) const {
    const std::size_t K = std::min(opt_.hardest, v.size());
    std::partial_sort(v.begin(), v.begin() + std::ptrdiff_t(K), v.end(),
                      [&](const ExactPair& a, const ExactPair& b) { return before(a, b); });
    v.resize(K);
  }

 private:
  const KernelSetup<T>& s_;
  const RetrievalOptions& opt_;
  std::vector<double> cthr_;  // column thresholds of a tile
};

// Output of the counts: correct when above + equal < k, a tie when above < k <= above + equal.
RecallCount recall_of(std::size_t k, const std::vector<std::uint64_t>& above, const std::vector<std::uint64_t>& equal,
                      const std::uint8_t* include) {
  RecallCount rc;
  rc.k = k;
  for (std::size_t x = 0; x < above.size(); ++x) {
    if (include && !include[x]) continue;
    ++rc.total;
    if (above[x] + equal[x] < k)
      ++rc.correct;
    else if (above[x] < k)
      ++rc.ties;
  }
  return rc;
}

template <class T>
CertifiedValue retrieval_value(const KernelSetup<T>& s, const Integer& c, std::size_t i, std::size_t j) {
  if (!s.exact->normalize) return from_exact(scaled_to_rational(c, exact_dot_exponent<T>()));
  CertifiedInterval iv;
  cosine_interval(c, (*s.exact->norm_u)[i], (*s.exact->norm_v)[j], iv);
  return from_interval(iv);
}

// Per class: rows, min positive, max negative over its rows, recall@1 U->V among its rows.
template <class T>
void retrieval_classes(const KernelSetup<T>& s, const std::vector<std::uint64_t>& above,
                       const std::vector<std::uint64_t>& equal, const std::vector<RowMax>& rmax, RetrievalReport& rep);

}  // namespace

template <class T>
RetrievalReport retrieval_pass(const KernelSetup<T>& s, const PackedPanels* packed_v, const RetrievalOptions& opt) {
  for (std::size_t k : opt.recall_k)
    if (k == 0) throw InputError("recall@k: k must be at least 1");
  const auto shape = certified_tile_shape(s);
  const std::size_t rows = shape.first, cols = shape.second, blocks = (s.nu + rows - 1) / rows;
  const unsigned nthreads = unsigned(std::max<std::size_t>(1, std::min<std::size_t>(s.threads, blocks)));
  Pass<T> pass(s, opt);
  std::vector<std::uint64_t> above(s.nu, 0), equal(s.nu, 0);
  std::vector<RowMax> rmax(opt.per_class ? s.nu : 0);
  std::vector<typename Pass<T>::Local> locals(nthreads);
  for (auto& l : locals) l.col_above.assign(s.nv, 0), l.col_equal.assign(s.nv, 0);
  std::atomic<std::size_t> next{0};
  const BlasThreadGuard one_blas_thread(1);
  run_on_threads(nthreads, [&](unsigned id) {
    try {
      TileProducts<T> products(s.U, s.V, s.d, packed_v, s.panel_kernel);
      Pass<T> mine(pass);
      std::vector<T> C((rows + kPanelRowsA) * (cols + kPanelRowsB));
      for (std::size_t b; (b = next.fetch_add(1)) < blocks;) {
        const std::size_t I0 = b * rows;
        mine.run_block(I0, std::min(rows, s.nu - I0), products, C, locals[id], above, equal, rmax, cols);
      }
    } catch (...) {
      next.store(blocks);
      throw;
    }
  });
  RetrievalReport rep;
  std::vector<std::uint64_t> col_above(s.nv, 0), col_equal(s.nv, 0);
  double thr = -INFINITY;
  for (auto& l : locals) {
    for (std::size_t j = 0; j < s.nv; ++j) col_above[j] += l.col_above[j], col_equal[j] += l.col_equal[j];
    rep.exact_evaluations += l.evals;
    thr = std::max(thr, l.hard_thr);
  }
  for (std::size_t k : opt.recall_k) {
    rep.u2v.push_back(recall_of(k, above, equal, nullptr));
    rep.v2u.push_back(recall_of(k, col_above, col_equal, s.col_has));
  }
  if (opt.hardest) {
    std::vector<ExactPair> best;
    for (auto& l : locals) {
      for (const Cand& k : l.hard)
        if (k.hi >= thr) best.push_back({k.i, k.j, s.exact->dot(k.i, k.j)}), ++rep.exact_evaluations;
      for (ExactPair& e : l.hard_exact) best.push_back(std::move(e));
    }
    pass.keep_best(best);
    for (const ExactPair& e : best) rep.hardest_negatives.push_back({e.i, e.j, retrieval_value(s, e.c, e.i, e.j)});
    std::vector<std::size_t> order(s.nu);
    for (std::size_t i = 0; i < s.nu; ++i) order[i] = i;
    const auto& P = *s.row_pos;
    const std::size_t K = std::min(opt.hardest, s.nu);
    std::partial_sort(order.begin(), order.begin() + std::ptrdiff_t(K), order.end(), [&](std::size_t a, std::size_t b) {
      return replaces<Keep::Smallest>(s.exact->compare(P[a], a, s.label[a], P[b], b, s.label[b]), a, b);
    });
    for (std::size_t k = 0; k < K; ++k) {
      const std::size_t i = order[k];
      rep.weakest_positives.push_back({i, s.label[i], retrieval_value(s, P[i], i, s.label[i])});
    }
  }
  if (opt.per_class) retrieval_classes(s, above, equal, rmax, rep);
  return rep;
}

namespace {

template <class T>
void retrieval_classes(const KernelSetup<T>& s, const std::vector<std::uint64_t>& above,
                       const std::vector<std::uint64_t>& equal, const std::vector<RowMax>& rmax, RetrievalReport& rep) {
  struct Acc {
    std::size_t rows = 0, pos_row = 0, neg_row = 0, correct = 0, ties = 0;
  };
  std::vector<Acc> acc(s.nv);
  const auto& P = *s.row_pos;
  for (std::size_t i = 0; i < s.nu; ++i) {
    const std::size_t c = s.label[i];
    Acc& a = acc[c];
    if (a.rows == 0 || replaces<Keep::Smallest>(s.exact->compare(P[i], i, c, P[a.pos_row], a.pos_row, c), i, a.pos_row))
      a.pos_row = i;
    const RowMax& m = rmax[i];
    if (m.has) {
      const RowMax& cur = rmax[a.neg_row];
      if (!cur.has || s.label[a.neg_row] != c ||
          replaces<Keep::Largest>(s.exact->compare(m.best, i, m.best_j, cur.best, a.neg_row, cur.best_j),
                                  std::pair(i, std::size_t(m.best_j)), std::pair(a.neg_row, std::size_t(cur.best_j))))
        a.neg_row = i;
    }
    ++a.rows;
    if (above[i] + equal[i] == 0)
      ++a.correct;
    else if (above[i] == 0)
      ++a.ties;
  }
  for (std::size_t c = 0; c < s.nv; ++c) {
    const Acc& a = acc[c];
    if (a.rows == 0) continue;
    ClassStatistics cs;
    cs.label = c, cs.rows = a.rows, cs.recall1_correct = a.correct, cs.recall1_ties = a.ties;
    cs.min_positive_row = a.pos_row;
    cs.min_positive = retrieval_value(s, P[a.pos_row], a.pos_row, c);
    const RowMax& m = rmax[a.neg_row];
    if (m.has && s.label[a.neg_row] == c) {
      cs.has_negative = true, cs.max_negative_i = a.neg_row, cs.max_negative_j = m.best_j;
      cs.max_negative = retrieval_value(s, m.best, a.neg_row, m.best_j);
    }
    rep.classes.push_back(std::move(cs));
  }
}

}  // namespace

template RetrievalReport retrieval_pass<float>(const KernelSetup<float>&, const PackedPanels*, const RetrievalOptions&);
template RetrievalReport retrieval_pass<double>(const KernelSetup<double>&, const PackedPanels*,
                                                const RetrievalOptions&);

}  // namespace constel::detail
