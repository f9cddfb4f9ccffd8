// The worked example of docs/library.md, "Sharing the work out: the verifiers' parts": both verifiers
// run as prepare / process a range of tiles / merge / finish, the way MPI ranks, a Python caller or a
// job queue share them out. Every part travels as bytes (encode / decode), the parts are merged in
// an order other than the one they were made in, and the report of the merged partial is compared
// with the one-call report. ctest builds and runs it (test `parts_example`): it exits 1 when the two
// differ or an answer differs from the one the page states.
//
// Usage: parts_example
#include <cstdint>
#include <iostream>
#include <random>
#include <string>
#include <utility>
#include <vector>

#include "constel/codes/source.hpp"
#include "constel/construct/constructions.hpp"
#include "constel/error.hpp"
#include "constel/io/float_matrix.hpp"
#include "constel/number/rational.hpp"
#include "constel/verify/certified.hpp"
#include "constel/verify/certified_json.hpp"
#include "constel/verify/certified_parts.hpp"
#include "constel/verify/exact.hpp"
#include "constel/verify/exact_json.hpp"
#include "constel/verify/exact_parts.hpp"
#include "constel/verify/parts.hpp"

namespace {

int failures = 0;

void expect(bool ok, const std::string& what) {
  if (!ok) {
    std::cerr << "parts_example: expected " << what << "\n";
    ++failures;
  }
}

constexpr std::uint64_t kParts = 4;  // as if there were four workers

// 1. Exact: the D_24 root shell (1104 points, alpha = 1/2) lifted to (m, b) = (1/5, 2/5).
void exact_parts() {
  using constel::Rational;
  const constel::Configuration c =
      constel::construct::lift(constel::codes::build_code("dn:24"), Rational(1, 5), Rational(2, 5));
  constel::ExactVerifyOptions opt;
  opt.m = Rational(1, 5);
  opt.b = Rational(2, 5);
  opt.threads = 1;  // threads per part; each worker would use its own cores

  // Once, wherever the work is shared out from: the integer form and the tile grid.
  const constel::ExactPlan plan = constel::exact_prepare(c, opt);
  const auto ranges = constel::split_tiles(plan.tiles(), kParts);

  // On each worker: its range of tiles, sent back as bytes.
  std::vector<std::string> sent;
  for (auto [first, last] : ranges) sent.push_back(constel::encode(constel::exact_process(plan, first, last)));

  // Where the bytes arrive: decode and merge, in any order (here the last part first).
  constel::ExactPartial all = constel::exact_empty_partial(plan);
  for (auto it = sent.rbegin(); it != sent.rend(); ++it) constel::merge(all, constel::decode_exact_partial(*it));
  const constel::ExactReport merged = constel::exact_finish(plan, all);

  std::cout << "exact: " << plan.tiles() << " tiles in " << kParts << " parts (" << ranges[0].second - ranges[0].first
            << " tiles, " << sent[0].size() << " bytes for the first), margin " << constel::to_string(*merged.margin)
            << ", (1/5, 2/5) holds: " << *merged.is_constellation << "\n";
  const constel::ExactReport whole = constel::exact_verify(c, opt);
  expect(constel::to_json(merged, c, opt) == constel::to_json(whole, c, opt), "the merged exact report to equal the one-call report");
  expect(plan.tiles() == 25, "25 tiles (1104 rows: 5 x 5 tiles of 256 x 256)");
  expect(*merged.margin == Rational(1, 5) && *merged.is_constellation, "margin 1/5 and (1/5, 2/5) to hold");
}

// 2. Certified: float32 embeddings, V a noisy copy of U, cosines (normalize).
void certified_parts() {
  const std::size_t N = 1500, d = 64;
  constel::FloatMatrix U(N, d, constel::FloatDType::F32, "U"), V(N, d, constel::FloatDType::F32, "V");
  std::mt19937_64 rng(2026);
  std::normal_distribution<float> gauss(0.0f, 1.0f);
  for (std::size_t i = 0; i < N; ++i)
    for (std::size_t k = 0; k < d; ++k) {
      const float x = gauss(rng);
      U.set(i, k, x), V.set(i, k, x + 0.3f * gauss(rng));
    }
  constel::CertifiedOptions opt;
  opt.normalize = true;
  opt.threads = 1;

  const constel::CertifiedPlan plan = constel::certified_prepare(U, V, opt);  // U and V must outlive it
  const auto ranges = constel::split_tiles(plan.tiles(), kParts);
  std::vector<std::string> sent;
  for (auto [first, last] : ranges)
    sent.push_back(constel::encode(constel::certified_process(plan, first, last)));

  // Merged as a tree this time: (part 0 + part 1) + (part 2 + part 3).
  constel::CertifiedPartial left = constel::decode_certified_partial(sent[0]);
  constel::merge(left, constel::decode_certified_partial(sent[1]));
  constel::CertifiedPartial right = constel::decode_certified_partial(sent[2]);
  constel::merge(right, constel::decode_certified_partial(sent[3]));
  constel::merge(left, right);
  const constel::CertifiedReport merged = constel::certified_finish(plan, left);

  std::cout << "certified: " << plan.tiles() << " tiles in " << kParts << " parts, recall@1 U->V "
            << merged.u2v_correct << "/" << merged.u2v_total << ", max negative cosine "
            << merged.max_offdiag.approx << " at (" << merged.argmax_i << ", " << merged.argmax_j
            << ")\n";
  const constel::CertifiedReport whole = constel::certified_verify(U, V, opt);
  constel::Json a = constel::to_json(merged, opt), b = constel::to_json(whole, opt);
  // How many entries were recomputed exactly is a work count that depends on the split (each part
  // settles its own candidates); everything else must be identical.
  a.erase("exact_evaluations"), b.erase("exact_evaluations");
  expect(a == b, "the merged certified report to equal the one-call report");
  expect(plan.tiles() == 21, "21 tiles (7 blocks of 240 U rows x 3 blocks of 512 V rows)");
  expect(merged.u2v_correct == N, "recall@1 U->V to be 1500/1500");
}

}  // namespace

int main() {
  try {
    exact_parts();
    certified_parts();
  } catch (const constel::Error& e) {  // anything the library throws
    std::cerr << "parts_example: " << e.what() << "\n";
    return 2;
  }
  return failures == 0 ? 0 : 1;
}
