// The lossless bytes of a RetrievalPartial (see retrieval.hpp): a versioned magic line, the plan's
// identity and the options, the covered tile ranges, the counts, the hardest negatives and the class
// maxima, the work count. The counts go only for rows and columns whose count of negatives at or
// above the positive is nonzero, each as three variable-length integers (7 bits a byte): the gap to
// the previous such index, the count above, the count equal (saturated at cap): a part sends about
// 3 bytes per row and column of its rectangle where a negative reached the positive (cap < 128),
// nothing for the others (docs/distributed.md, "Retrieval options").
#include "constel/verify/detail/bytes.hpp"
#include "constel/verify/retrieval.hpp"

namespace constel {
namespace {

constexpr std::string_view kMagic = "constel retrieval partial 1\n";

void varint(detail::ByteWriter& w, std::uint64_t x) {
  char b[10];
  int n = 0;
  do {
    b[n++] = char((x & 0x7f) | (x > 0x7f ? 0x80 : 0));
    x >>= 7;
  } while (x);
  w.raw(std::string_view(b, std::size_t(n)));
}

std::uint64_t varint(detail::ByteReader& r) {
  std::uint64_t x = 0;
  for (int shift = 0; shift < 64; shift += 7) {
    const unsigned byte = static_cast<unsigned char>(r.raw(1)[0]);
    x |= std::uint64_t(byte & 0x7f) << shift;
    if (!(byte & 0x80)) return x;
  }
  r.fail("a variable-length integer of more than 64 bits");
}

void write_counts(detail::ByteWriter& w, const std::vector<std::uint32_t>& above,
                  const std::vector<std::uint32_t>& reach) {
  std::uint64_t nonzero = 0;
  for (std::uint32_t c : reach) nonzero += c != 0;
  w.u64(reach.size()), w.u64(nonzero);
  std::uint64_t next = 0;
  for (std::size_t k = 0; k < reach.size(); ++k) {
    if (!reach[k]) continue;
    varint(w, k - next), varint(w, above[k]), varint(w, reach[k] - above[k]);
    next = k + 1;
  }
}

void read_counts(detail::ByteReader& r, std::uint64_t n, std::uint64_t cap, std::vector<std::uint32_t>& above,
                 std::vector<std::uint32_t>& reach) {
  if (r.u64() != n) r.fail("a count array of the wrong length");
  const std::uint64_t nonzero = r.u64();
  if (nonzero > n) r.fail("more nonzero counts than entries");
  above.assign(n, 0), reach.assign(n, 0);
  std::uint64_t next = 0;
  for (std::uint64_t t = 0; t < nonzero; ++t) {
    const std::uint64_t k = next + varint(r), a = varint(r), e = varint(r);
    if (k < next || k >= n) r.fail("count index out of range");
    if (a > cap || e > cap - a || a + e == 0) r.fail("a count beyond the saturation");
    above[k] = std::uint32_t(a), reach[k] = std::uint32_t(a + e);
    next = k + 1;
  }
}

void write_entries(detail::ByteWriter& w, const std::vector<RetrievalEntry>& v) {
  w.u64(v.size());
  for (const RetrievalEntry& e : v) w.u64(e.i), w.u64(e.j), w.integer(e.dot);
}

std::vector<RetrievalEntry> read_entries(detail::ByteReader& r, std::uint64_t most) {
  const std::uint64_t n = r.u64();
  if (n > most) r.fail("more entries than the partial can hold");
  std::vector<RetrievalEntry> v(n);
  for (RetrievalEntry& e : v) e.i = r.u64(), e.j = r.u64(), e.dot = r.integer();
  return v;
}

}  // namespace

std::string encode(const RetrievalPartial& p) {
  detail::ByteWriter w;
  w.raw(kMagic);
  w.u64(p.N_u), w.u64(p.N_v), w.u64(p.tiles), w.u64(p.cap), w.u64(p.hardest), w.u64(p.per_class);
  w.u64(p.covered.ranges().size());
  for (const auto& [a, b] : p.covered.ranges()) w.u64(a), w.u64(b);
  if (p.cap) write_counts(w, p.row_above, p.row_reach), write_counts(w, p.col_above, p.col_reach);
  write_entries(w, p.hardest_negatives);
  w.u64(p.class_labels.size());
  for (std::uint64_t c : p.class_labels) w.u64(c);
  write_entries(w, p.class_max);
  w.u64(p.exact_evaluations);
  return w.take();
}

RetrievalPartial decode_retrieval_partial(std::string_view bytes) {
  detail::ByteReader r(bytes, "retrieval partial");
  r.expect(kMagic);
  RetrievalPartial p;
  p.N_u = r.u64(), p.N_v = r.u64(), p.tiles = r.u64(), p.cap = r.u64(), p.hardest = r.u64(), p.per_class = r.flag();
  if (p.N_u >= (std::uint64_t(1) << 32) || p.N_v >= (std::uint64_t(1) << 32) || p.cap > UINT32_MAX)
    r.fail("a plan or saturation beyond 2^32");
  const std::uint64_t ranges = r.u64();
  for (std::uint64_t t = 0; t < ranges; ++t) {
    const std::uint64_t first = r.u64(), last = r.u64();
    if (first >= last || last > p.tiles) r.fail("bad tile range");
    p.covered.merge(TileSet(first, last));
  }
  if (p.cap) read_counts(r, p.N_u, p.cap, p.row_above, p.row_reach), read_counts(r, p.N_v, p.cap, p.col_above, p.col_reach);
  p.hardest_negatives = read_entries(r, p.hardest);
  const std::uint64_t classes = r.u64();
  if (!p.per_class && classes) r.fail("class maxima without per-class statistics");
  if (classes > p.N_v) r.fail("more classes than V rows");
  p.class_labels.resize(classes);
  for (std::uint64_t& c : p.class_labels) c = r.u64();
  p.class_max = read_entries(r, classes);
  if (p.class_max.size() != classes) r.fail("class maxima of the wrong count");
  p.exact_evaluations = r.u64();
  r.finish();
  return p;
}

}  // namespace constel
