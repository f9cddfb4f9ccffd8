// The lossless bytes of a CertifiedPartial (see certified_parts.hpp): a versioned magic line, the
// plan's identity, the covered tile ranges, the maximum with its witness, the row and column flags,
// the counts and the histogram (zero bins compressed; detail/bytes.hpp).
#include "constel/verify/certified_parts.hpp"
#include "constel/verify/detail/bytes.hpp"

namespace constel {
namespace {

constexpr std::string_view kMagic = "constel certified partial 1\n";

}  // namespace

std::string encode(const CertifiedPartial& p) {
  detail::ByteWriter w;
  w.raw(kMagic);
  w.u64(p.N_u), w.u64(p.N_v), w.u64(p.d), w.u64(p.tiles);
  w.text(p.kernel);
  w.u64(p.normalized), w.u64(p.with_target);
  w.u64(p.hist_bins), w.f64(p.hist_lo), w.f64(p.hist_hi);
  w.u64(p.covered.ranges().size());
  for (const auto& [a, b] : p.covered.ranges()) w.u64(a), w.u64(b);
  w.u64(p.has_max), w.integer(p.max_dot), w.u64(p.max_i), w.u64(p.max_j);
  w.integer(p.max_norm_u), w.integer(p.max_norm_v);
  w.bytes(p.row_flags), w.bytes(p.col_flags);
  w.u64(p.violations_neg), w.u64(p.negatives), w.u64(p.exact_evaluations);
  w.counts(p.neg_hist);
  return w.take();
}

CertifiedPartial decode_certified_partial(std::string_view bytes) {
  detail::ByteReader r(bytes, "certified partial");
  r.expect(kMagic);
  CertifiedPartial p;
  p.N_u = r.u64(), p.N_v = r.u64(), p.d = r.u64(), p.tiles = r.u64();
  p.kernel = r.text();
  p.normalized = r.flag(), p.with_target = r.flag();
  p.hist_bins = r.u64(), p.hist_lo = r.f64(), p.hist_hi = r.f64();
  const std::uint64_t ranges = r.u64();
  for (std::uint64_t t = 0; t < ranges; ++t) {
    const std::uint64_t first = r.u64(), last = r.u64();
    if (first >= last || last > p.tiles) r.fail("bad tile range");
    p.covered.merge(TileSet(first, last));
  }
  p.has_max = r.flag(), p.max_dot = r.integer(), p.max_i = r.u64(), p.max_j = r.u64();
  p.max_norm_u = r.integer(), p.max_norm_v = r.integer();
  p.row_flags = r.bytes(), p.col_flags = r.bytes();
  if (p.row_flags.size() != p.N_u || p.col_flags.size() != p.N_v) r.fail("flag arrays of the wrong length");
  p.violations_neg = r.u64(), p.negatives = r.u64(), p.exact_evaluations = r.u64();
  p.neg_hist = r.counts();
  if (p.neg_hist.size() != p.hist_bins) r.fail("histogram of the wrong length");
  r.finish();
  return p;
}

}  // namespace constel
