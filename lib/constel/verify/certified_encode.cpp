// The lossless bytes of a CertifiedPartial (see certified_parts.hpp): a versioned magic line, the
// plan's identity, the covered tile ranges, the maximum with its witness, the row and column flags,
// the counts and the histogram (zero bins compressed; detail/bytes.hpp). The flags go 2 bits per row
// or column (kRowFail, kRowTie), and only the stretch from the first to the last nonzero byte of the
// packed array: a part that touches a band of rows sends about (its rows + N_v) / 4 bytes of flags.
#include "constel/verify/certified_parts.hpp"
#include "constel/verify/detail/bytes.hpp"

namespace constel {
namespace {

constexpr std::string_view kMagic = "constel certified partial 2\n";

// n flags of 2 bits, 4 per byte (entry k in bits 2 (k mod 4) and up of byte k / 4): the length, then
// the first and one past the last nonzero byte, then those bytes.
void write_flags(detail::ByteWriter& w, const std::vector<std::uint8_t>& f) {
  std::string packed((f.size() + 3) / 4, '\0');
  for (std::size_t k = 0; k < f.size(); ++k) packed[k / 4] = char(packed[k / 4] | ((f[k] & 3) << (2 * (k % 4))));
  std::size_t lo = 0, hi = packed.size();
  while (lo < hi && packed[lo] == 0) ++lo;
  while (hi > lo && packed[hi - 1] == 0) --hi;
  w.u64(f.size()), w.u64(lo), w.u64(hi);
  w.raw(std::string_view(packed).substr(lo, hi - lo));
}

std::vector<std::uint8_t> read_flags(detail::ByteReader& r) {
  const std::uint64_t n = r.u64(), lo = r.u64(), hi = r.u64();
  if (n >= (std::uint64_t(1) << 32) || lo > hi || hi > (n + 3) / 4) r.fail("bad flag array");
  std::vector<std::uint8_t> f(n, 0);
  const std::string_view packed = r.raw(hi - lo);
  for (std::uint64_t b = lo; b < hi; ++b) {
    const unsigned byte = static_cast<unsigned char>(packed[b - lo]);
    for (unsigned e = 0; e < 4; ++e) {
      const std::uint8_t v = std::uint8_t((byte >> (2 * e)) & 3);
      if (v && 4 * b + e >= n) r.fail("flag beyond the array");
      if (4 * b + e < n) f[4 * b + e] = v;
    }
  }
  return f;
}

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
  write_flags(w, p.row_flags), write_flags(w, p.col_flags);
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
  p.row_flags = read_flags(r), p.col_flags = read_flags(r);
  if (p.row_flags.size() != p.N_u || p.col_flags.size() != p.N_v) r.fail("flag arrays of the wrong length");
  p.violations_neg = r.u64(), p.negatives = r.u64(), p.exact_evaluations = r.u64();
  p.neg_hist = r.counts();
  if (p.neg_hist.size() != p.hist_bins) r.fail("histogram of the wrong length");
  r.finish();
  return p;
}

}  // namespace constel
