// The 2-D block partition of the pair grid (rows of U times rows of V) over P workers, for
// verification spread over processes (docs/distributed.md). Each worker gets one rectangle; together
// the rectangles cover every pair exactly once and have nearly equal areas. The grid is cut into
// about sqrt(P) horizontal bands, and each band into as many column ranges as it has workers (band
// heights proportional to those counts), so a worker needs about N_u / sqrt(P) rows of U and
// N_v / sqrt(P) rows of V: memory per worker O((N_u + N_v) d / sqrt(P)) for any P, prime or not.
// Cuts fall on multiples of `align` (a tile size), except the grid's own ends. With fewer rows or
// columns than workers some rectangles are empty; they still belong to a worker, which then
// contributes nothing.
//
// Example: block_partition(1000, 1000, 6) gives 2 bands of 3 rectangles, each about 500 x 333.
#pragma once

#include <cstddef>
#include <vector>

#include "constel/error.hpp"

namespace constel {

struct PairBlock {
  std::size_t row_begin = 0, row_end = 0;  // rows of U: [row_begin, row_end)
  std::size_t col_begin = 0, col_end = 0;  // rows of V: [col_begin, col_end)
  std::size_t band = 0;                     // the band (0 at the top); its blocks share the rows
  std::size_t rows() const noexcept { return row_end - row_begin; }
  std::size_t cols() const noexcept { return col_end - col_begin; }
  bool empty() const noexcept { return rows() == 0 || cols() == 0; }
};

// The rectangle of every worker 0..P-1, band by band from the top, left to right within a band.
// Throws InputError for P = 0 or align = 0.
std::vector<PairBlock> block_partition(std::size_t n_rows, std::size_t n_cols, std::size_t workers,
                                       std::size_t align = 1);

// The same with one alignment per axis: row cuts on multiples of row_align, column cuts on multiples
// of col_align (a tile of 240 x 512 rows of U x rows of V, so that every block's tiles are tiles of
// the whole grid). Throws InputError for P = 0 or an alignment of 0.
std::vector<PairBlock> block_partition(std::size_t n_rows, std::size_t n_cols, std::size_t workers,
                                       std::size_t row_align, std::size_t col_align);

}  // namespace constel
