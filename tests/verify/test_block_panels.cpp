// A block of tiles over row sources (certified_process_block, as constel-mpi runs it) without the
// bfloat16 screen takes its rows of V from the packed float32 panels, which it packs chunk by chunk
// from the rows it reads, instead of from a row-major copy (with the screen it keeps them row-major:
// test_block_rows.cpp): the partial of every block equals, byte for byte (exact_evaluations, a
// work count, aside), the partial of the same block of a plan that holds U and V (rows of V taken
// from V itself), with the bfloat16 screen on (where the processor has it) and off, on exact ties,
// all-tied files (every screened tile falls back to float32), labels with empty classes, normalize,
// float16 and N not divisible by the tile; panels packed in chunks equal panels packed whole; a row
// copied out of the panels is the row; panels never packed are never resident.
#include <sys/mman.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <cstring>
#include <random>
#include <vector>

#include "constel/error.hpp"
#include "constel/verify/block_partition.hpp"
#include "constel/verify/certified.hpp"
#include "constel/verify/certified_parts.hpp"
#include "constel/verify/detail/bf16_screen.hpp"
#include "constel/verify/detail/certified_exact.hpp"
#include "constel/verify/detail/certified_values.hpp"
#include "constel/verify/detail/panel_kernel.hpp"

using namespace constel;
using namespace constel::detail;

namespace {

// Values +-1/4, +-1/2 (exact in float16 and bfloat16): no zero row, many exact ties. `tied`: every
// row of the matrix the same.
FloatMatrix coarse(std::size_t n, std::size_t d, FloatDType t, std::mt19937_64& rng, const char* name,
                   bool tied = false) {
  FloatMatrix m(n, d, t, name);
  std::uniform_int_distribution<int> q(0, 3);
  const double values[4] = {-0.5, -0.25, 0.25, 0.5};
  std::vector<double> first(d);
  for (std::size_t k = 0; k < d; ++k) first[k] = values[q(rng)];
  for (std::size_t i = 0; i < n; ++i)
    for (std::size_t k = 0; k < d; ++k) m.set(i, k, tied ? first[k] : values[q(rng)]);
  return m;
}

CertifiedRowSource source_of(const FloatMatrix& M) {
  CertifiedRowSource s;
  s.rows = M.rows(), s.cols = M.cols(), s.stored = M.stored_type(), s.source = M.source();
  s.read = [&M](std::size_t a, std::size_t b) {
    FloatMatrix part(b - a, M.cols(), M.stored_type(), M.source());
    for (std::size_t i = a; i < b; ++i)
      for (std::size_t k = 0; k < M.cols(); ++k) part.set(i - a, k, M.value(i, k));
    return part;
  };
  return s;
}

std::string partial_bytes(CertifiedPartial p) {
  p.exact_evaluations = 0;
  return encode(p);
}

// Every block of every partition over P = 1..4 workers: the same partial from both plans.
void check_blocks(const FloatMatrix& U, const FloatMatrix& V, const CertifiedOptions& opt) {
  const CertifiedRowSource su = source_of(U), sv = source_of(V);
  const CertifiedPlan rows_plan = certified_prepare_rows(su, sv, opt);
  const CertifiedPlan held_plan = certified_prepare(U, V, opt);
  const CertifiedTileGrid g = certified_tile_grid(rows_plan);
  REQUIRE(g.grid_rows >= 2);
  REQUIRE(g.grid_cols >= 2);
  for (std::size_t P = 1; P <= 4; ++P)
    for (const PairBlock& b : block_partition(g.grid_rows, g.grid_cols, P)) {
      INFO("P = " << P << ", tiles [" << b.row_begin << ", " << b.row_end << ") x [" << b.col_begin << ", "
                  << b.col_end << ")");
      CHECK(partial_bytes(certified_process_block(rows_plan, b)) ==
            partial_bytes(certified_process_block(held_plan, b)));
    }
}

}  // namespace

TEST_CASE("1550: a block over row sources, V in panels or row-major, gives the held plan's partials",
          "[standard][verify]") {
  std::mt19937_64 rng(1550);
  for (int variant = 0; variant < 4; ++variant) {
    for (ScreenMode screen : {ScreenMode::Off, ScreenMode::On}) {
      if (screen == ScreenMode::On && !bf16_screen_supported()) continue;
      INFO("variant " << variant << ", screen " << (screen == ScreenMode::On ? "on" : "off"));
      // d = 4096: read chunks of 64 rows, so a block's 112 columns are packed in two chunks
      const std::size_t d = variant == 3 ? 24 : 4096;
      const FloatDType t = variant == 2 ? FloatDType::F16 : FloatDType::F32;
      // all tied: every entry is evaluated exactly, so a smaller grid
      const std::size_t nu = variant == 3 ? 61 : 301, nv = variant == 3 ? 59 : 299;
      const FloatMatrix U = coarse(nu, d, t, rng, "u.npy", variant == 3);
      const FloatMatrix V = coarse(nv, d, t, rng, "v.npy", variant == 3);
      CertifiedOptions opt;
      // panel tiles 102 x 112 (all tied: 24 x 32): 3 x 3 (3 x 2) tiles, the last ones partial
      opt.tile = variant == 3 ? 20 : 100;
      opt.threads = 1;  // flags of a row that both ties and fails depend on the threads' order
      opt.screen = screen;
      std::vector<std::int64_t> labels(nu);  // many-to-one; the last sixth of V is no row's label
      for (std::size_t i = 0; i < nu; ++i) labels[i] = std::int64_t((i * 7) % (nv * 5 / 6));
      opt.labels = labels;
      opt.normalize = variant == 1;
      // tau = b - m = 30 (d = 4096: about 100 of the 90000 negatives above it), or 1/8
      if (!opt.normalize) opt.m = Rational(1, 8), opt.b = d == 4096 ? Rational(241, 8) : Rational(1, 4);
      check_blocks(U, V, opt);
    }
  }
}

TEST_CASE("1551: panels packed chunk by chunk equal panels packed whole, and give back their rows",
          "[quick][verify]") {
  std::mt19937_64 rng(1551);
  std::normal_distribution<float> g;
  const std::size_t n = 203, d = 37, from = 48, to = 203;
  std::vector<float> X(n * d);
  for (float& x : X) x = g(rng);
  PackedPanels whole(kPanelRowsB, d), part(kPanelRowsB, d);
  whole.pack(X.data(), 0, n);
  Bf16Panels bwhole(kPanelRowsB, d), bpart(kPanelRowsB, d);
  bwhole.pack(X.data(), 0, n);
  for (std::size_t a = from; a < to; a += 32) {  // chunks of two panels, the last one short
    const std::size_t b = std::min(to, a + 32);
    part.pack_rows(X.data() + a * d, n, a, b);
    bpart.pack_rows(X.data() + a * d, n, a, b);
  }
  REQUIRE(part.rows() == n);
  for (std::size_t p = from / kPanelRowsB; p < part.panels(); ++p) {
    INFO("panel " << p);
    CHECK(std::memcmp(part.panel(p), whole.panel(p), kPanelRowsB * d * sizeof(float)) == 0);
    CHECK(std::memcmp(bpart.panel(p), bwhole.panel(p), kPanelRowsB * bwhole.pairs() * 4) == 0);
  }
  std::vector<float> row(d);
  for (std::size_t i = from; i < to; ++i) {
    part.row(i, row.data());
    CHECK(std::memcmp(row.data(), X.data() + i * d, d * sizeof(float)) == 0);
  }
  CHECK_THROWS_AS(part.pack_rows(X.data(), n, 40, 60), InternalError);  // not at a panel boundary
  CHECK_THROWS_AS(part.pack_rows(X.data(), n, 48, 204), InternalError);
}

TEST_CASE("1552: an exact value with the row of V from the panels is the exact value from V", "[quick][verify]") {
  std::mt19937_64 rng(1552);
  std::normal_distribution<float> g;
  const std::size_t nu = 7, nv = 21, d = 50;
  std::vector<float> U(nu * d), V(nv * d);
  for (float& x : U) x = g(rng);
  for (float& x : V) x = g(rng);
  PackedPanels pv(kPanelRowsB, d);
  pv.pack(V.data(), 0, nv);
  ExactContext<float> held{U.data(), V.data(), d};
  ExactContext<float> from_panels{U.data(), nullptr, d};
  from_panels.packed_v = &pv;
  for (std::size_t i = 0; i < nu; ++i)
    for (std::size_t j = 0; j < nv; ++j) CHECK(from_panels.dot(i, j) == held.dot(i, j));
  const ExactContext<float> none{U.data(), nullptr, d};
  CHECK_THROWS_AS(none.dot(0, 0), InternalError);
}

TEST_CASE("1553: of panels sized for every row, only those packed are resident", "[quick][verify]") {
  // 48 MiB of panels (above glibc's largest mmap threshold, so a fresh mapping), 1.5 MiB packed
  const std::size_t n = 16384, d = 768, from = 4096, to = 4608;
  std::vector<float> X((to - from) * d, 1.0f);
  PackedPanels p(kPanelRowsB, d);
  p.pack_rows(X.data(), n, from, to);
  const long page = sysconf(_SC_PAGESIZE);
  const auto begin = reinterpret_cast<std::uintptr_t>(p.panel(0)) / std::uintptr_t(page) * std::uintptr_t(page);
  const auto end = reinterpret_cast<std::uintptr_t>(p.panel(p.panels()));
  std::vector<unsigned char> in((end - begin + std::uintptr_t(page) - 1) / std::uintptr_t(page));
  REQUIRE(mincore(reinterpret_cast<void*>(begin), end - begin, in.data()) == 0);
  std::size_t resident = 0;
  for (unsigned char c : in) resident += c & 1;
  const double packed_bytes = double((to - from) * d * sizeof(float));
  CHECK(double(resident) * double(page) >= packed_bytes);
  CHECK(double(resident) * double(page) <= packed_bytes + 64 * 1024);
}
