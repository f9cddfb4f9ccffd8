// The lossless bytes of an ExactPartial (see exact_parts.hpp): a versioned magic line, the plan's
// identity, the covered tile ranges and every pair's extremes and counts (detail/bytes.hpp).
#include "constel/verify/detail/bytes.hpp"
#include "constel/verify/exact_parts.hpp"

namespace constel {
namespace {

constexpr std::string_view kMagic = "constel exact partial 1\n";

}  // namespace

std::string encode(const ExactPartial& p) {
  detail::ByteWriter w;
  w.raw(kMagic);
  w.u64(p.N), w.u64(p.d), w.u64(p.k), w.u64(p.tiles);
  w.text(p.arithmetic);
  w.integer(p.C);
  w.u64(p.with_target);
  w.u64(p.covered.ranges().size());
  for (const auto& [a, b] : p.covered.ranges()) w.u64(a), w.u64(b);
  w.u64(p.pairs.size());
  for (const ExactPairPartial& q : p.pairs) {
    w.u64(q.has_diag), w.integer(q.min_diag), w.u64(q.argmin);
    w.u64(q.has_off), w.integer(q.max_off), w.u64(q.argmax_i), w.u64(q.argmax_j);
    w.u64(q.violations_pos), w.u64(q.violations_neg);
  }
  return w.take();
}

ExactPartial decode_exact_partial(std::string_view bytes) {
  detail::ByteReader r(bytes, "exact partial");
  r.expect(kMagic);
  ExactPartial p;
  p.N = r.u64(), p.d = r.u64(), p.k = r.u64(), p.tiles = r.u64();
  p.arithmetic = r.text();
  p.C = r.integer();
  p.with_target = r.flag();
  const std::uint64_t ranges = r.u64();
  for (std::uint64_t t = 0; t < ranges; ++t) {
    const std::uint64_t first = r.u64(), last = r.u64();
    if (first >= last || last > p.tiles) r.fail("bad tile range");
    p.covered.merge(TileSet(first, last));
  }
  const std::uint64_t pairs = r.u64();
  if (pairs != p.k * (p.k - 1) / 2) r.fail("wrong number of pairs of modalities");
  p.pairs.resize(pairs);
  for (ExactPairPartial& q : p.pairs) {
    q.has_diag = r.flag(), q.min_diag = r.integer(), q.argmin = r.u64();
    q.has_off = r.flag(), q.max_off = r.integer(), q.argmax_i = r.u64(), q.argmax_j = r.u64();
    q.violations_pos = r.u64(), q.violations_neg = r.u64();
  }
  r.finish();
  return p;
}

}  // namespace constel
