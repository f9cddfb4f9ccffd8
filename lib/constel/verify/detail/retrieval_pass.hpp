// The second pass of the certified verifier that retrieval.hpp describes, over the plan's kernel setup
// (certified_kernel.hpp): the same tile products and the same error bound E_ij per entry; an entry
// whose interval [x - E, x + E] does not decide its comparison is evaluated exactly. In parts: the
// pass over a rectangle of tiles gives a RetrievalPartial (retrieval_pass.cpp), partials merge and
// finish into the report (retrieval_merge.cpp).
#pragma once

#include <algorithm>

#include "constel/verify/detail/certified_kernel.hpp"
#include "constel/verify/detail/extreme.hpp"
#include "constel/verify/retrieval.hpp"

namespace constel::detail {

// The partial of tiles t (tile units of certified_tile_shape(s); InputError beyond the grid), from
// `empty` (certified_retrieval_empty's partial of the plan). packed_v: V packed in panels when the
// panel kernel runs (float32; at least the panels of t's columns), else null. s.U, s.V and s.exact
// must reach the rows t meets.
template <class T>
RetrievalPartial retrieval_part(const KernelSetup<T>& s, const PackedPanels* packed_v, const RetrievalOptions& opt,
                                const PairBlock& t, const RetrievalPartial& empty);

template <class T>
void retrieval_merge(const KernelSetup<T>& s, RetrievalPartial& into, const RetrievalPartial& other);

template <class T>
RetrievalReport retrieval_finish(const KernelSetup<T>& s, const RetrievalOptions& opt, const RetrievalPartial& all);

// The counts' saturation of the options: the largest k, at least 1 with per_class, 0 without either.
std::uint64_t retrieval_cap(const RetrievalOptions& opt);

// The one order of negatives: a before b when a's value is larger, or equal with the smaller (i, j).
template <class T>
bool entry_before(const ExactContext<T>& ex, const RetrievalEntry& a, const RetrievalEntry& b) {
  return replaces<Keep::Largest>(ex.compare(a.dot, a.i, a.j, b.dot, b.i, b.j), std::pair(a.i, a.j),
                                 std::pair(b.i, b.j));
}

// The K first of v in that order, sorted.
template <class T>
void keep_best(const ExactContext<T>& ex, std::vector<RetrievalEntry>& v, std::size_t K) {
  K = std::min(K, v.size());
  std::partial_sort(v.begin(), v.begin() + std::ptrdiff_t(K), v.end(),
                    [&](const RetrievalEntry& a, const RetrievalEntry& b) { return entry_before(ex, a, b); });
  v.resize(K);
}

}  // namespace constel::detail
