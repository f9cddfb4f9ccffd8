// The certified verifier split into prepare / process a part / merge / finish (docs/verify.md,
// "Parts"); certified_verify is exactly prepare, process every tile, finish, and its threads share out
// the tiles of each part.
//
// The plan checks the input, picks the kernel, and does the O(N d) work: exact positives and norms,
// the error bound, the histogram range, the packed copy of V. It refers to U and V, which must outlive
// it. A part is a range of the plan's tiles (row-major over the grid of U-row blocks x V-row blocks).
// A CertifiedPartial holds, about exactly the stored numbers of its tiles: the largest negative entry
// as an exact integer dot product (in units of 2^-298 for float32 products, 2^-2148 for float64) with
// the witness chosen by the one tie rule (largest value, smallest (row, column)), and with normalize
// the witness's exact squared norms, so that partials compare cosines on their own; per row and per
// column whether a negative was above (fail) or equal to (tie) its positive; the count of negatives
// above b - m; the negatives' histogram and count; and the exact evaluations spent (a work count that
// depends on the split and the threads, unlike everything else). merge is exact and associative;
// encode / decode_certified_partial round-trip losslessly.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "constel/error.hpp"
#include "constel/verify/block_partition.hpp"
#include "constel/verify/certified.hpp"
#include "constel/verify/parts.hpp"

namespace constel {

namespace detail {
class CertifiedPlanState;
}
struct CertifiedPlanShare;

inline constexpr std::uint8_t kRowFail = 1;  // a negative above the positive
inline constexpr std::uint8_t kRowTie = 2;   // a negative equal to it

struct CertifiedPartial {
  // The plan it belongs to (checked by merge and finish).
  std::uint64_t N_u = 0, N_v = 0, d = 0, tiles = 0;
  std::string kernel;
  bool normalized = false, with_target = false;
  std::uint64_t hist_bins = 0;
  double hist_lo = 0, hist_hi = 0;
  TileSet covered;

  bool has_max = false;  // a negative entry was among the tiles
  Integer max_dot;       // its exact dot product, scaled
  std::uint64_t max_i = 0, max_j = 0;
  Integer max_norm_u, max_norm_v;  // with normalize: |U_i|^2, |V_j|^2 of the witness, same scale
  std::vector<std::uint8_t> row_flags, col_flags;  // N_u and N_v entries of kRowFail | kRowTie
  std::uint64_t violations_neg = 0, negatives = 0, exact_evaluations = 0;
  std::vector<std::uint64_t> neg_hist;
  bool operator==(const CertifiedPartial&) const = default;
};

// A matrix read on demand by ranges of rows, for a plan over data a process does not hold
// (docs/distributed.md): its shape, stored type and name in messages, and read(begin, end), which
// gives rows [begin, end) exactly as the whole matrix holds them (read_embedding_rows, io/row_range.hpp).
struct CertifiedRowSource {
  std::size_t rows = 0, cols = 0;
  FloatDType stored = FloatDType::F32;
  std::string source;
  std::function<FloatMatrix(std::size_t begin, std::size_t end)> read;
};

class CertifiedPlan {
 public:
  std::uint64_t tiles() const;
  const detail::CertifiedPlanState& state() const { return *state_; }

 private:
  friend CertifiedPlan certified_prepare(const FloatMatrix&, const FloatMatrix&, const CertifiedOptions&);
  friend CertifiedPlan certified_prepare_rows(const CertifiedRowSource&, const CertifiedRowSource&,
                                              const CertifiedOptions&);
  friend CertifiedPlan certified_prepare_shared(const CertifiedRowSource&, const CertifiedRowSource&,
                                                const CertifiedOptions&, const CertifiedPlanShare&);
  std::shared_ptr<const detail::CertifiedPlanState> state_;
};

// Throws what certified_verify throws for bad input (certified.hpp).
CertifiedPlan certified_prepare(const FloatMatrix& U, const FloatMatrix& V, const CertifiedOptions& opt);

// The plan certified_prepare would build for the whole of U and V, built from their rows read in
// chunks of 2^18 values (1 MB of float32) through the sources (the value scans, norms, positives and the histogram's
// sample computed chunk by chunk in row order, with the same arithmetic: every value is the same).
// It holds O(N_u + N_v) numbers, not the data, and keeps the sources (they must stay readable while it
// is used): certified_process_block reads the rows its tiles meet, certified_finish reads every row
// again, in chunks, for the float statistics. certified_process refuses such a plan.
CertifiedPlan certified_prepare_rows(const CertifiedRowSource& U, const CertifiedRowSource& V,
                                     const CertifiedOptions& opt);

// The plan's tile grid: the shape of a tile (rows of U x rows of V) and the grid's size in tiles
// (tiles are numbered row-major: tile (r, c) is r * grid_cols + c).
struct CertifiedTileGrid {
  std::size_t tile_rows = 0, tile_cols = 0, grid_rows = 0, grid_cols = 0;
};
CertifiedTileGrid certified_tile_grid(const CertifiedPlan& plan);

// The partial of a rectangle of tiles: tile rows [row_begin, row_end) x tile columns [col_begin,
// col_end) (a PairBlock in tile units, as block_partition(grid_rows, grid_cols, P) cuts them). For a
// plan of certified_prepare_rows it reads (and holds) only the rows of U and V those tiles meet, and of
// the packed copy of V only their panels.
CertifiedPartial certified_process_block(const CertifiedPlan& plan, const PairBlock& tiles);

// The partial of tiles [first, last) on opt.threads threads; checks opt.stop at tile boundaries and
// throws Cancelled when it answers true.
CertifiedPartial certified_process(const CertifiedPlan& plan, std::uint64_t first, std::uint64_t last);

// An empty partial of the plan (covers no tile): the identity of merge.
CertifiedPartial certified_empty_partial(const CertifiedPlan& plan);

// into := into + other. Throws InputError when they belong to different plans or share a tile.
void merge(CertifiedPartial& into, const CertifiedPartial& other);

// The report, from a partial that covers every tile exactly once (InputError otherwise).
CertifiedReport certified_finish(const CertifiedPlan& plan, const CertifiedPartial& all);

std::string encode(const CertifiedPartial& p);
CertifiedPartial decode_certified_partial(std::string_view bytes);

}  // namespace constel
