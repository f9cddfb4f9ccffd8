// Merge and finish of the retrieval pass's partials (see retrieval_pass.hpp, retrieval.hpp): counts
// add, saturated; the hardest negatives and each class's largest negative are k-best merges in the
// one order of entry_before; finish reads the recall counts off the merged counts and takes the
// weakest positives and each class's rows and minimum positive from the plan's exact positives.
#include <algorithm>
#include <initializer_list>

#include "constel/verify/detail/certified_exact.hpp"
#include "constel/verify/detail/retrieval_pass.hpp"

namespace constel::detail {
namespace {

// correct when reach (above + equal) < k, a tie when above < k <= reach; k <= cap, so the saturated
// counts answer as the true ones would.
RecallCount recall_of(std::size_t k, const std::vector<std::uint32_t>& above, const std::vector<std::uint32_t>& reach,
                      const std::uint8_t* include) {
  RecallCount rc;
  rc.k = k;
  for (std::size_t x = 0; x < above.size(); ++x) {
    if (include && !include[x]) continue;
    ++rc.total;
    if (reach[x] < k)
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

void add_saturated(std::vector<std::uint32_t>& into, const std::vector<std::uint32_t>& other, std::uint64_t cap) {
  for (std::size_t k = 0; k < into.size(); ++k) into[k] = std::uint32_t(std::min<std::uint64_t>(std::uint64_t(into[k]) + other[k], cap));
}

void check_same(const RetrievalPartial& a, const RetrievalPartial& b) {
  if (a.N_u != b.N_u || a.N_v != b.N_v || a.tiles != b.tiles)
    throw InputError("retrieval partials of different plans: " + std::to_string(a.N_u) + " x " + std::to_string(a.N_v) +
                     " pairs and " + std::to_string(b.N_u) + " x " + std::to_string(b.N_v));
  if (a.cap != b.cap || a.hardest != b.hardest || a.per_class != b.per_class)
    throw InputError("retrieval partials of different options (largest k, hardest, per class)");
  const std::size_t rows = a.cap ? a.N_u : 0, cols = a.cap ? a.N_v : 0;
  for (const RetrievalPartial* p : {&a, &b})
    if (p->row_above.size() != rows || p->row_reach.size() != rows || p->col_above.size() != cols ||
        p->col_reach.size() != cols || p->class_labels.size() != p->class_max.size())
      throw InputError("retrieval partial: count arrays of the wrong length");
}

// The weakest positives: the K smallest exact positives, smallest row first.
template <class T>
void weakest_positives(const KernelSetup<T>& s, std::size_t K, RetrievalReport& rep) {
  std::vector<std::size_t> order(s.nu);
  for (std::size_t i = 0; i < s.nu; ++i) order[i] = i;
  const auto& P = *s.row_pos;
  K = std::min(K, s.nu);
  std::partial_sort(order.begin(), order.begin() + std::ptrdiff_t(K), order.end(), [&](std::size_t a, std::size_t b) {
    return replaces<Keep::Smallest>(s.exact->compare(P[a], a, s.label[a], P[b], b, s.label[b]), a, b);
  });
  for (std::size_t k = 0; k < K; ++k) {
    const std::size_t i = order[k];
    rep.weakest_positives.push_back({i, s.label[i], retrieval_value(s, P[i], i, s.label[i])});
  }
}

// Per class: rows, min positive, max negative over its rows, recall@1 U->V among its rows.
template <class T>
void classes(const KernelSetup<T>& s, const RetrievalPartial& all, RetrievalReport& rep) {
  struct Acc {
    std::size_t rows = 0, pos_row = 0, correct = 0, ties = 0;
  };
  std::vector<Acc> acc(s.nv);
  const auto& P = *s.row_pos;
  for (std::size_t i = 0; i < s.nu; ++i) {
    const std::size_t c = s.label[i];
    Acc& a = acc[c];
    if (a.rows == 0 || replaces<Keep::Smallest>(s.exact->compare(P[i], i, c, P[a.pos_row], a.pos_row, c), i, a.pos_row))
      a.pos_row = i;
    ++a.rows;
    if (all.row_reach[i] == 0)
      ++a.correct;
    else if (all.row_above[i] == 0)
      ++a.ties;
  }
  std::size_t next = 0;
  for (std::size_t c = 0; c < s.nv; ++c) {
    const Acc& a = acc[c];
    if (a.rows == 0) continue;
    ClassStatistics cs;
    cs.label = c, cs.rows = a.rows, cs.recall1_correct = a.correct, cs.recall1_ties = a.ties;
    cs.min_positive_row = a.pos_row;
    cs.min_positive = retrieval_value(s, P[a.pos_row], a.pos_row, c);
    while (next < all.class_labels.size() && all.class_labels[next] < c) ++next;
    if (next < all.class_labels.size() && all.class_labels[next] == c) {
      const RetrievalEntry& m = all.class_max[next];
      cs.has_negative = true, cs.max_negative_i = m.i, cs.max_negative_j = m.j;
      cs.max_negative = retrieval_value(s, m.dot, m.i, m.j);
    }
    rep.classes.push_back(std::move(cs));
  }
}

}  // namespace

std::uint64_t retrieval_cap(const RetrievalOptions& opt) {
  std::uint64_t cap = opt.per_class ? 1 : 0;
  for (std::size_t k : opt.recall_k) cap = std::max<std::uint64_t>(cap, k);
  return std::min<std::uint64_t>(cap, UINT32_MAX);  // counts are below N < 2^32: no k beyond changes them
}

template <class T>
void retrieval_merge(const KernelSetup<T>& s, RetrievalPartial& into, const RetrievalPartial& other) {
  check_same(into, other);
  for (const RetrievalPartial* p : std::initializer_list<const RetrievalPartial*>{&into, &other}) {
    for (const auto* list : {&p->hardest_negatives, &p->class_max})
      for (const RetrievalEntry& e : *list)
        if (e.i >= s.nu || e.j >= s.nv || e.j == s.label[e.i])
          throw InputError("retrieval partial: an entry (" + std::to_string(e.i) + ", " + std::to_string(e.j) +
                           ") that is no negative of the plan");
    for (std::size_t n = 0; n < p->class_max.size(); ++n)
      if (p->class_labels[n] != s.label[p->class_max[n].i] || (n && p->class_labels[n] <= p->class_labels[n - 1]))
        throw InputError("retrieval partial: class maxima out of order or of the wrong class");
  }
  into.covered.merge(other.covered);  // throws when a tile is in both
  if (into.cap) {
    add_saturated(into.row_above, other.row_above, into.cap), add_saturated(into.row_reach, other.row_reach, into.cap);
    add_saturated(into.col_above, other.col_above, into.cap), add_saturated(into.col_reach, other.col_reach, into.cap);
  }
  std::vector<RetrievalEntry>& h = into.hardest_negatives;
  h.insert(h.end(), other.hardest_negatives.begin(), other.hardest_negatives.end());
  keep_best(*s.exact, h, into.hardest);
  std::vector<std::uint64_t> labels;
  std::vector<RetrievalEntry> maxima;
  std::size_t a = 0, b = 0;
  const auto &la = into.class_labels, &lb = other.class_labels;
  while (a < la.size() || b < lb.size()) {
    if (b == lb.size() || (a < la.size() && la[a] < lb[b])) {
      labels.push_back(la[a]), maxima.push_back(std::move(into.class_max[a])), ++a;
    } else if (a == la.size() || lb[b] < la[a]) {
      labels.push_back(lb[b]), maxima.push_back(other.class_max[b]), ++b;
    } else {
      const bool theirs = entry_before(*s.exact, other.class_max[b], into.class_max[a]);
      labels.push_back(la[a]), maxima.push_back(theirs ? other.class_max[b] : std::move(into.class_max[a]));
      ++a, ++b;
    }
  }
  into.class_labels = std::move(labels), into.class_max = std::move(maxima);
  into.exact_evaluations += other.exact_evaluations;
}

template <class T>
RetrievalReport retrieval_finish(const KernelSetup<T>& s, const RetrievalOptions& opt, const RetrievalPartial& all) {
  check_same(all, all);
  if (all.cap != retrieval_cap(opt) || all.hardest != opt.hardest || all.per_class != opt.per_class)
    throw InputError("retrieval partial of other options (largest k, hardest, per class) than the report's");
  if (!all.covered.covers(all.tiles))
    throw InputError("retrieval partial covers " + std::to_string(all.covered.count()) + " of the plan's " +
                     std::to_string(all.tiles) + " tiles: every tile must be processed once");
  RetrievalReport rep;
  rep.exact_evaluations = all.exact_evaluations;
  for (std::size_t k : opt.recall_k) {
    rep.u2v.push_back(recall_of(k, all.row_above, all.row_reach, nullptr));
    rep.v2u.push_back(recall_of(k, all.col_above, all.col_reach, s.col_has));
  }
  if (opt.hardest) {
    for (const RetrievalEntry& e : all.hardest_negatives)
      rep.hardest_negatives.push_back({e.i, e.j, retrieval_value(s, e.dot, e.i, e.j)});
    weakest_positives(s, opt.hardest, rep);
  }
  if (opt.per_class) classes(s, all, rep);
  return rep;
}

template void retrieval_merge<float>(const KernelSetup<float>&, RetrievalPartial&, const RetrievalPartial&);
template void retrieval_merge<double>(const KernelSetup<double>&, RetrievalPartial&, const RetrievalPartial&);
template RetrievalReport retrieval_finish<float>(const KernelSetup<float>&, const RetrievalOptions&,
                                                 const RetrievalPartial&);
template RetrievalReport retrieval_finish<double>(const KernelSetup<double>&, const RetrievalOptions&,
                                                  const RetrievalPartial&);

}  // namespace constel::detail
