// The retrieval pass over a rectangle of tiles (see retrieval_pass.hpp, retrieval.hpp). Threads take
// whole tile rows of the rectangle, so each row's counts and its largest negative over the
// rectangle's columns belong to one thread; column counts are per thread and summed. For every negative entry x with bound E (lo = x - E, hi = x + E):
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
#include <map>
#include <memory>

#include "constel/blas_threads.hpp"
#include "constel/threads.hpp"
#include "constel/verify/detail/tile_products.hpp"

namespace constel::detail {
namespace {

struct Cand {
  std::uint32_t i, j;
  double lo, hi;
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

  struct Local {
    std::vector<std::uint64_t> col_above, col_equal;
    std::vector<Cand> hard;
    std::vector<RetrievalEntry> hard_exact;
    double hard_thr = -INFINITY;
    std::uint64_t evals = 0;
  };

  // Rows [I0, I0 + ti) against columns [J1, J2); above, equal and rmax are indexed from row `base`.
  void run_block(std::size_t I0, std::size_t ti, std::size_t J1, std::size_t J2, TileProducts<T>& products,
                 std::vector<T>& C, Local& loc, std::size_t base, std::vector<std::uint32_t>& above,
                 std::vector<std::uint32_t>& equal, std::vector<RowMax>& rmax, std::size_t cols) {
    std::vector<RowMax> rows(opt_.per_class ? ti : 0);
    if (cthr_.size() < cols) cthr_.resize(cols);
    for (std::size_t J0 = J1; J0 < J2; J0 += cols) {
      if (s_.stop && s_.stop()) throw Cancelled("certified retrieval stopped by the caller");
      const std::size_t tj = std::min(cols, J2 - J0);
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
          entry(r, c, x - E, x + E, loc, above[r - base], equal[r - base], rm);
          rthr = std::min(s_.row_lo[r], rm ? rm->L : INFINITY);
          if (opt_.hardest) rthr = std::min(rthr, loc.hard_thr);
        }
      }
    }
    for (std::size_t a = 0; a < rows.size(); ++a)
      resolve_row(I0 + a, rows[a], loc), rmax[I0 + a - base] = std::move(rows[a]);
  }

  void entry(std::size_t r, std::size_t c, double lo, double hi, Local& loc, std::uint32_t& above, std::uint32_t& equal,
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
    keep_best(*s_.exact, loc.hard_exact, K);
  }

 private:
  const KernelSetup<T>& s_;
  const RetrievalOptions& opt_;
  std::vector<double> cthr_;  // column thresholds of a tile
};


// The rectangle's rows' largest negatives, reduced per class (largest value, smallest (i, j)).
template <class T>
void class_maxima(const KernelSetup<T>& s, std::size_t base, std::vector<RowMax>& rmax, RetrievalPartial& p) {
  std::map<std::uint64_t, RetrievalEntry> best;
  for (std::size_t a = 0; a < rmax.size(); ++a) {
    RowMax& m = rmax[a];
    if (!m.has) continue;
    RetrievalEntry e{base + a, m.best_j, std::move(m.best)};
    auto [it, fresh] = best.try_emplace(s.label[base + a], e);
    if (!fresh && entry_before(*s.exact, e, it->second)) it->second = std::move(e);
  }
  for (auto& [c, e] : best) p.class_labels.push_back(c), p.class_max.push_back(std::move(e));
}

std::uint32_t saturated(std::uint64_t x, std::uint64_t cap) { return std::uint32_t(std::min(x, cap)); }

// The rows [I1, I2) and columns [J1, J2) of tiles t, after checking t against the grid.
struct BlockRange {
  std::size_t rows, cols, grid_cols, I1, I2, J1, J2;
};

template <class T>
BlockRange block_range(const KernelSetup<T>& s, const PairBlock& t) {
  const auto [rows, cols] = certified_tile_shape(s);
  const std::size_t grid_rows = (s.nu + rows - 1) / rows, grid_cols = (s.nv + cols - 1) / cols;
  if (t.row_begin > t.row_end || t.col_begin > t.col_end || t.row_end > grid_rows || t.col_end > grid_cols)
    throw InputError("tile block [" + std::to_string(t.row_begin) + ", " + std::to_string(t.row_end) + ") x [" +
                     std::to_string(t.col_begin) + ", " + std::to_string(t.col_end) + ") is beyond the " +
                     std::to_string(grid_rows) + " x " + std::to_string(grid_cols) + " tiles of the plan");
  return {rows, cols, grid_cols, t.row_begin * rows, std::min(s.nu, t.row_end * rows), t.col_begin * cols,
          std::min(s.nv, t.col_end * cols)};
}

// What the threads of one block found.
template <class T>
struct BlockResult {
  std::vector<std::uint32_t> above, equal;  // rows I1..I2
  std::vector<RowMax> rmax;                 // rows I1..I2, with per_class
  std::vector<typename Pass<T>::Local> locals;
};

// The pass over the block on the setup's threads, which take its tile rows.
template <class T>
BlockResult<T> run_threads(const KernelSetup<T>& s, const PackedPanels* packed_v, const RetrievalOptions& opt,
                           const BlockRange& g) {
  const std::size_t blocks = (g.I2 - g.I1 + g.rows - 1) / g.rows;
  const unsigned nthreads = unsigned(std::max<std::size_t>(1, std::min<std::size_t>(s.threads, blocks)));
  Pass<T> pass(s, opt);
  BlockResult<T> out;
  out.above.assign(g.I2 - g.I1, 0), out.equal.assign(g.I2 - g.I1, 0);
  out.rmax.resize(opt.per_class ? g.I2 - g.I1 : 0);
  out.locals.resize(nthreads);
  for (auto& l : out.locals) l.col_above.assign(s.nv, 0), l.col_equal.assign(s.nv, 0);
  std::atomic<std::size_t> next{0};
  const BlasThreadGuard one_blas_thread(1);
  run_on_threads(nthreads, [&](unsigned id) {
    try {
      TileProducts<T> products(s.U, s.V, s.d, packed_v, s.panel_kernel);
      Pass<T> mine(pass);
      std::vector<T> C((g.rows + kPanelRowsA) * (g.cols + kPanelRowsB));
      for (std::size_t b; (b = next.fetch_add(1)) < blocks;) {
        const std::size_t I0 = g.I1 + b * g.rows;
        mine.run_block(I0, std::min(g.rows, g.I2 - I0), g.J1, g.J2, products, C, out.locals[id], g.I1, out.above,
                       out.equal, out.rmax, g.cols);
      }
    } catch (...) {
      next.store(blocks);
      throw;
    }
  });
  return out;
}

// The threads' counts, saturated, and their hardest candidates evaluated and cut to the K best.
template <class T>
void collect(const KernelSetup<T>& s, const RetrievalOptions& opt, const BlockRange& g, BlockResult<T>& res,
             RetrievalPartial& p) {
  double thr = -INFINITY;
  std::vector<std::uint64_t> col_above(s.nv, 0), col_equal(s.nv, 0);
  for (auto& l : res.locals) {
    for (std::size_t j = g.J1; j < g.J2; ++j) col_above[j] += l.col_above[j], col_equal[j] += l.col_equal[j];
    p.exact_evaluations += l.evals;
    thr = std::max(thr, l.hard_thr);
  }
  if (p.cap) {
    for (std::size_t r = g.I1; r < g.I2; ++r) {
      const std::uint64_t a = res.above[r - g.I1], e = res.equal[r - g.I1];
      p.row_above[r] = saturated(a, p.cap), p.row_reach[r] = saturated(a + e, p.cap);
    }
    for (std::size_t j = g.J1; j < g.J2; ++j)
      p.col_above[j] = saturated(col_above[j], p.cap), p.col_reach[j] = saturated(col_above[j] + col_equal[j], p.cap);
  }
  if (!opt.hardest) return;
  std::vector<RetrievalEntry>& best = p.hardest_negatives;
  for (auto& l : res.locals) {
    for (const Cand& k : l.hard)
      if (k.hi >= thr) best.push_back({k.i, k.j, s.exact->dot(k.i, k.j)}), ++p.exact_evaluations;
    for (RetrievalEntry& e : l.hard_exact) best.push_back(std::move(e));
  }
  keep_best(*s.exact, best, opt.hardest);
}

}  // namespace

template <class T>
RetrievalPartial retrieval_part(const KernelSetup<T>& s, const PackedPanels* packed_v, const RetrievalOptions& opt,
                                const PairBlock& t, const RetrievalPartial& empty) {
  for (std::size_t k : opt.recall_k)
    if (k == 0) throw InputError("recall@k: k must be at least 1");
  const BlockRange g = block_range(s, t);
  RetrievalPartial p = empty;
  if (t.empty()) return p;
  for (std::size_t r = t.row_begin; r < t.row_end; ++r)
    p.covered.merge(TileSet(r * g.grid_cols + t.col_begin, r * g.grid_cols + t.col_end));
  BlockResult<T> res = run_threads(s, packed_v, opt, g);
  collect(s, opt, g, res, p);
  if (opt.per_class) class_maxima(s, g.I1, res.rmax, p);
  return p;
}

template RetrievalPartial retrieval_part<float>(const KernelSetup<float>&, const PackedPanels*, const RetrievalOptions&,
                                                const PairBlock&, const RetrievalPartial&);
template RetrievalPartial retrieval_part<double>(const KernelSetup<double>&, const PackedPanels*,
                                                 const RetrievalOptions&, const PairBlock&, const RetrievalPartial&);

}  // namespace constel::detail
