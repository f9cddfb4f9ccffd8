// Exact check of the hypotheses of Theorem 3.6 (see hypotheses.hpp).
#include "constel/gap/hypotheses.hpp"

#include "constel/error.hpp"
#include "constel/verify/certified.hpp"
#include "constel/verify/exact.hpp"

namespace constel {
namespace {

// Short text of an exact value: the fraction when short, else its decimal approximation.
std::string brief(const Rational& x) {
  std::string s = to_string(x);
  if (s.size() <= 24) return s;
  return "~" + std::to_string(to_double(x));
}

void conclude(GapHypotheses& h) {
  h.enough_pairs = h.N >= h.d + 2;
  h.positives_positive = h.min_positive > 0;
  h.negatives_negative = !h.max_negative || *h.max_negative < 0;
  if (h.labels)
    h.failure = "labels given: Theorem 3.6 is stated for one-to-one pairs";
  else if (!h.enough_pairs)
    h.failure = "N = " + std::to_string(h.N) + " < d + 2 = " + std::to_string(h.d + 2);
  else if (!h.positives_positive)
    h.failure = "<U_" + std::to_string(h.argmin_positive) + ", V_" + std::to_string(h.argmin_positive) +
                "> = " + brief(h.min_positive) + " is not positive";
  else if (!h.negatives_negative)
    h.failure = "<U_" + std::to_string(h.argmax_i) + ", V_" + std::to_string(h.argmax_j) + "> = " +
                brief(*h.max_negative) + " is not negative";
  h.hold = h.failure.empty();
}

}  // namespace

GapHypotheses exact_check_hypotheses(const GapPoints& p, const std::optional<std::vector<std::int64_t>>& labels,
                                     unsigned threads, const RunHooks& hooks) {
  GapHypotheses h;
  std::function<void(std::size_t, std::size_t)> tiles;
  if (hooks.progress)
    tiles = [p = serialised_progress(hooks.progress)](std::size_t done, std::size_t total) {
      p(total ? double(done) / double(total) : 1.0);
    };
  h.N = p.rows(GapSide::U);
  h.d = p.d();
  h.labels = labels.has_value();
  if (p.is_exact_rational()) {
    if (labels) throw InputError("labels work with float embeddings only: a .cst configuration pairs its rows one to one");
    if (p.modality(GapSide::U) != 0 || p.modality(GapSide::V) != 1)
      throw InputError("gap: only modalities 0 (U) and 1 (V) of a .cst file are supported");
    ExactVerifyOptions opt;
    opt.threads = threads;
    opt.stop = hooks.stop;
    opt.progress = tiles;
    ExactReport r = exact_verify(*p.configuration(), opt);
    const PairExtremes& e = r.pairs.at(0);
    h.min_positive = e.min_diag;
    h.argmin_positive = e.argmin_diag;
    h.max_negative = e.max_offdiag;
    h.argmax_i = e.argmax_i;
    h.argmax_j = e.argmax_j;
  } else {
    CertifiedOptions opt;
    opt.labels = labels;
    opt.threads = threads;
    opt.stop = hooks.stop;
    opt.progress = tiles;
    CertifiedReport r = certified_verify(*p.floats(GapSide::U), *p.floats(GapSide::V), opt);
    if (!r.min_diag.exact || (r.has_offdiag && !r.max_offdiag.exact))
      throw InternalError("gap: the certified verifier returned an inexact extreme without normalisation");
    h.min_positive = r.min_diag.value;
    h.argmin_positive = r.argmin_diag;
    if (r.has_offdiag) {
      h.max_negative = r.max_offdiag.value;
      h.argmax_i = r.argmax_i;
      h.argmax_j = r.argmax_j;
    }
  }
  conclude(h);
  hooks.report(1.0);
  return h;
}

}  // namespace constel
