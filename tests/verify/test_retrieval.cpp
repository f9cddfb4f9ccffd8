// The certified retrieval pass (verify/retrieval.hpp) against a brute-force reference on coarse data
// whose inner products are exact in double (entries are multiples of 1/8 with |x| <= 1, d <= 64, so
// ties are frequent): recall@k with ties in both directions, with and without labels, the hardest
// negatives and weakest positives with the tie rule, per-class statistics, agreement of recall@1 with
// the verifier's own, every kernel and thread count, and --normalize intervals.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <random>

#include "constel/error.hpp"
#include "constel/verify/certified.hpp"
#include "constel/verify/certified_parts.hpp"
#include "constel/verify/retrieval.hpp"

using namespace constel;

namespace {

FloatMatrix coarse(std::size_t n, std::size_t d, std::mt19937& rng, bool f64 = false) {
  FloatMatrix m(n, d, f64 ? FloatDType::F64 : FloatDType::F32, "coarse");
  std::uniform_int_distribution<int> g(-3, 3);
  for (std::size_t i = 0; i < n; ++i)
    for (std::size_t k = 0; k < d; ++k) m.set(i, k, g(rng) / 8.0);
  return m;
}

struct Brute {
  std::vector<std::vector<double>> G;
  std::vector<std::size_t> label;
  Brute(const FloatMatrix& U, const FloatMatrix& V, std::vector<std::size_t> lab) : label(std::move(lab)) {
    G.assign(U.rows(), std::vector<double>(V.rows(), 0));
    for (std::size_t i = 0; i < U.rows(); ++i)
      for (std::size_t j = 0; j < V.rows(); ++j)
        for (std::size_t k = 0; k < U.cols(); ++k) G[i][j] += U.value(i, k) * V.value(j, k);
  }
  RecallCount u2v(std::size_t k) const {
    RecallCount r{k, 0, 0, G.size()};
    for (std::size_t i = 0; i < G.size(); ++i) {
      std::size_t above = 0, equal = 0;
      for (std::size_t j = 0; j < G[i].size(); ++j)
        if (j != label[i]) above += G[i][j] > G[i][label[i]], equal += G[i][j] == G[i][label[i]];
      r.correct += above + equal < k, r.ties += above < k && above + equal >= k;
    }
    return r;
  }
  RecallCount v2u(std::size_t k) const {
    RecallCount r{k, 0, 0, 0};
    for (std::size_t j = 0; j < G[0].size(); ++j) {
      double best = -INFINITY;
      bool has = false;
      for (std::size_t i = 0; i < G.size(); ++i)
        if (label[i] == j) best = std::max(best, G[i][j]), has = true;
      if (!has) continue;
      ++r.total;
      std::size_t above = 0, equal = 0;
      for (std::size_t i = 0; i < G.size(); ++i)
        if (label[i] != j) above += G[i][j] > best, equal += G[i][j] == best;
      r.correct += above + equal < k, r.ties += above < k && above + equal >= k;
    }
    return r;
  }
};

void check_recall(const RecallCount& got, const RecallCount& want) {
  INFO("k = " << want.k);
  CHECK(got.k == want.k);
  CHECK(got.correct == want.correct);
  CHECK(got.ties == want.ties);
  CHECK(got.total == want.total);
}

RetrievalReport run(const FloatMatrix& U, const FloatMatrix& V, const CertifiedOptions& opt, const RetrievalOptions& q,
                    CertifiedReport* rep = nullptr) {
  const CertifiedPlan plan = certified_prepare(U, V, opt);
  if (rep) *rep = certified_finish(plan, certified_process(plan, 0, plan.tiles()));
  return certified_retrieval(plan, q);
}

}  // namespace

TEST_CASE("1310 retrieval: recall@k in both directions with ties, paired and labelled", "[quick]") {
  std::mt19937 rng(1310);
  for (int round = 0; round < 6; ++round) {
    const bool labelled = round % 2 == 1;
    const std::size_t nv = 40 + 7 * round, nu = labelled ? 70 : nv, d = 4 + round;
    FloatMatrix U = coarse(nu, d, rng), V = coarse(nv, d, rng);
    std::vector<std::size_t> lab(nu);
    CertifiedOptions opt;
    opt.threads = 1 + round % 3;
    opt.tile = round >= 4 ? 16 : 0;  // several tiles per row and column
    if (labelled) {
      std::vector<std::int64_t> L(nu);
      for (std::size_t i = 0; i < nu; ++i) L[i] = std::int64_t(rng() % (nv / 2)), lab[i] = std::size_t(L[i]);
      opt.labels = L;
    } else {
      for (std::size_t i = 0; i < nu; ++i) lab[i] = i;
    }
    const Brute ref(U, V, lab);
    RetrievalOptions q;
    q.recall_k = {1, 2, 5, 10};
    CertifiedReport rep;
    const RetrievalReport r = run(U, V, opt, q, &rep);
    REQUIRE(r.u2v.size() == 4);
    REQUIRE(r.v2u.size() == 4);
    std::size_t ties = 0;
    for (std::size_t n = 0; n < 4; ++n) {
      check_recall(r.u2v[n], ref.u2v(q.recall_k[n]));
      check_recall(r.v2u[n], ref.v2u(q.recall_k[n]));
      ties += r.u2v[n].ties;
    }
    CHECK(ties > 0);  // the coarse data does have ties
    // recall@1 agrees with the verifier's own
    CHECK(r.u2v[0].correct == rep.u2v_correct);
    CHECK(r.u2v[0].ties == rep.u2v_ties);
    CHECK(r.v2u[0].correct == rep.v2u_correct);
    CHECK(r.v2u[0].ties == rep.v2u_ties);
    CHECK(r.v2u[0].total == rep.v2u_total);
  }
}

TEST_CASE("1311 retrieval: hardest negatives and weakest positives, exact values and the tie rule", "[quick]") {
  std::mt19937 rng(1311);
  for (int round = 0; round < 4; ++round) {
    const std::size_t n = 50 + 20 * round, d = 3 + round;
    FloatMatrix U = coarse(n, d, rng, round == 3), V = coarse(n, d, rng, round == 3);
    std::vector<std::size_t> lab(n);
    for (std::size_t i = 0; i < n; ++i) lab[i] = i;
    const Brute ref(U, V, lab);
    struct E {
      double v;
      std::size_t i, j;
    };
    std::vector<E> neg, pos;
    for (std::size_t i = 0; i < n; ++i)
      for (std::size_t j = 0; j < n; ++j) (i == j ? pos : neg).push_back({ref.G[i][j], i, j});
    std::stable_sort(neg.begin(), neg.end(), [](const E& a, const E& b) { return a.v > b.v; });  // (i, j) order kept
    std::stable_sort(pos.begin(), pos.end(), [](const E& a, const E& b) { return a.v < b.v; });
    CertifiedOptions opt;
    opt.threads = 1 + round;
    opt.tile = round % 2 ? 16 : 0;
    RetrievalOptions q;
    q.hardest = round == 2 ? 5000 : 25;  // 5000: the exact shrink path and more than there are positives
    CertifiedReport rep;
    const RetrievalReport r = run(U, V, opt, q, &rep);
    REQUIRE(r.hardest_negatives.size() == std::min(q.hardest, neg.size()));
    REQUIRE(r.weakest_positives.size() == std::min(q.hardest, n));
    for (std::size_t k = 0; k < r.hardest_negatives.size(); ++k) {
      INFO("negative " << k);
      const RankedPair& p = r.hardest_negatives[k];
      CHECK(p.value.exact);
      CHECK(p.i == neg[k].i);
      CHECK(p.j == neg[k].j);
      CHECK(to_double(p.value.value) == neg[k].v);
    }
    for (std::size_t k = 0; k < r.weakest_positives.size(); ++k) {
      INFO("positive " << k);
      CHECK(r.weakest_positives[k].i == pos[k].i);
      CHECK(r.weakest_positives[k].j == pos[k].i);
      CHECK(to_double(r.weakest_positives[k].value.value) == pos[k].v);
    }
    // the first of each list is the report's extreme
    CHECK(r.hardest_negatives[0].value.value == rep.max_offdiag.value);
    CHECK(r.hardest_negatives[0].i == rep.argmax_i);
    CHECK(r.hardest_negatives[0].j == rep.argmax_j);
    CHECK(r.weakest_positives[0].i == rep.argmin_diag);
  }
}

TEST_CASE("1312 retrieval: per-class statistics against the brute force", "[quick]") {
  std::mt19937 rng(1312);
  const std::size_t nu = 90, nv = 30, d = 5;
  FloatMatrix U = coarse(nu, d, rng), V = coarse(nv, d, rng);
  std::vector<std::int64_t> L(nu);
  std::vector<std::size_t> lab(nu);
  for (std::size_t i = 0; i < nu; ++i)
    L[i] = std::int64_t(rng() % 20), lab[i] = std::size_t(L[i]);  // V rows 20.. have none
  CertifiedOptions opt;
  opt.labels = L;
  opt.threads = 2;
  opt.tile = 16;
  RetrievalOptions q;
  q.per_class = true;
  const RetrievalReport r = run(U, V, opt, q);
  const Brute ref(U, V, lab);
  std::size_t seen = 0;
  for (std::size_t c = 0; c < nv; ++c) {
    std::size_t rows = 0, correct = 0, ties = 0, prow = 0, ni = 0, nj = 0;
    double minp = INFINITY, maxn = -INFINITY;
    for (std::size_t i = 0; i < nu; ++i) {
      if (lab[i] != c) continue;
      ++rows;
      if (ref.G[i][c] < minp) minp = ref.G[i][c], prow = i;
      std::size_t above = 0, equal = 0;
      for (std::size_t j = 0; j < nv; ++j) {
        if (j == c) continue;
        if (ref.G[i][j] > maxn) maxn = ref.G[i][j], ni = i, nj = j;
        above += ref.G[i][j] > ref.G[i][c], equal += ref.G[i][j] == ref.G[i][c];
      }
      correct += above + equal == 0, ties += above == 0 && equal > 0;
    }
    if (rows == 0) continue;
    INFO("class " << c);
    REQUIRE(seen < r.classes.size());
    const ClassStatistics& s = r.classes[seen++];
    CHECK(s.label == c);
    CHECK(s.rows == rows);
    CHECK(s.min_positive_row == prow);
    CHECK(to_double(s.min_positive.value) == minp);
    REQUIRE(s.has_negative);
    CHECK(to_double(s.max_negative.value) == maxn);
    CHECK(s.max_negative_i == ni);
    CHECK(s.max_negative_j == nj);
    CHECK(s.recall1_correct == correct);
    CHECK(s.recall1_ties == ties);
  }
  CHECK(seen == r.classes.size());
}

TEST_CASE("1313 retrieval: the same answers from every kernel and thread count", "[quick]") {
  std::mt19937 rng(1313);
  FloatMatrix U = coarse(120, 24, rng), V = coarse(120, 24, rng);
  RetrievalOptions q;
  q.recall_k = {1, 3, 7};
  q.hardest = 40;
  q.per_class = true;
  auto key = [](const RetrievalReport& r) {
    std::string s;
    for (const auto& c : r.u2v) s += std::to_string(c.correct) + "/" + std::to_string(c.ties) + " ";
    for (const auto& c : r.v2u) s += std::to_string(c.correct) + "/" + std::to_string(c.ties) + " ";
    for (const auto& p : r.hardest_negatives)
      s += std::to_string(p.i) + "," + std::to_string(p.j) + "=" + to_string(p.value.value) + " ";
    for (const auto& p : r.weakest_positives) s += std::to_string(p.i) + "=" + to_string(p.value.value) + " ";
    for (const auto& c : r.classes) s += to_string(c.max_negative.value) + "@" + std::to_string(c.max_negative_j) + " ";
    return s;
  };
  CertifiedOptions base;
  base.threads = 1;
  const std::string want = key(run(U, V, base, q));
  for (int variant = 0; variant < 4; ++variant) {
    CertifiedOptions opt;
    opt.threads = 3;
    opt.tile = 16;
    if (variant == 1) opt.force_float64_kernel = true;
    if (variant == 2) opt.kernel = Float32Kernel::Blas;
    if (variant == 3) opt.kernel = Float32Kernel::Portable;
    INFO("variant " << variant);
    CHECK(key(run(U, V, opt, q)) == want);
  }
  CHECK(key(run(coarse(120, 24, rng), V, base, q)) != want);  // the key does see a change of data
}

TEST_CASE("1314 retrieval with normalize: certified intervals around the cosines, bad k refused", "[quick]") {
  std::mt19937 rng(1314);
  FloatMatrix U = coarse(60, 6, rng), V = coarse(60, 6, rng);
  for (std::size_t k = 0; k < 6; ++k) U.set(0, k, 0.125), V.set(0, k, 0.125);  // no zero rows
  for (std::size_t i = 0; i < 60; ++i) U.set(i, 0, 0.25), V.set(i, 1, 0.25);
  std::vector<std::size_t> lab(60);
  for (std::size_t i = 0; i < 60; ++i) lab[i] = i;
  const Brute ref(U, V, lab);
  auto cosine = [&](std::size_t i, std::size_t j) {
    double nu = 0, nv = 0;
    for (std::size_t k = 0; k < 6; ++k) nu += U.value(i, k) * U.value(i, k), nv += V.value(j, k) * V.value(j, k);
    return ref.G[i][j] / std::sqrt(nu * nv);
  };
  CertifiedOptions opt;
  opt.normalize = true;
  RetrievalOptions q;
  q.recall_k = {1, 4};
  q.hardest = 10;
  CertifiedReport rep;
  const RetrievalReport r = run(U, V, opt, q, &rep);
  for (std::size_t k = 0; k < r.hardest_negatives.size(); ++k) {
    const RankedPair& p = r.hardest_negatives[k];
    CHECK_FALSE(p.value.exact);
    CHECK(p.value.lo <= cosine(p.i, p.j) + 1e-15);
    CHECK(cosine(p.i, p.j) - 1e-15 <= p.value.hi);
    if (k) CHECK(r.hardest_negatives[k - 1].value.hi >= p.value.lo);  // largest first
  }
  CHECK(r.hardest_negatives[0].i == rep.argmax_i);
  CHECK(r.hardest_negatives[0].j == rep.argmax_j);
  CHECK(r.u2v[0].correct == rep.u2v_correct);
  CHECK(r.u2v[0].ties == rep.u2v_ties);
  CHECK(r.weakest_positives[0].i == rep.argmin_diag);
  RetrievalOptions bad;
  bad.recall_k = {0};
  const CertifiedPlan plan = certified_prepare(U, V, opt);
  CHECK_THROWS_WITH(certified_retrieval(plan, bad), Catch::Matchers::Contains("k must be at least 1"));
}
