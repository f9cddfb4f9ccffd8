// block_partition (see block_partition.hpp): bands, then column ranges within each band.
#include "constel/verify/block_partition.hpp"

#include <algorithm>
#include <cmath>

namespace constel {
namespace {

// k * n / parts rounded down to a multiple of align, except that k = parts gives n itself.
std::size_t cut(std::size_t n, std::size_t k, std::size_t parts, std::size_t align) {
  if (k >= parts) return n;
  const std::size_t c = std::size_t((unsigned __int128)n * k / parts);
  return std::min(n, c / align * align);
}

}  // namespace

std::vector<PairBlock> block_partition(std::size_t n_rows, std::size_t n_cols, std::size_t workers,
                                       std::size_t align) {
  return block_partition(n_rows, n_cols, workers, align, align);
}

std::vector<PairBlock> block_partition(std::size_t n_rows, std::size_t n_cols, std::size_t workers,
                                       std::size_t row_align, std::size_t col_align) {
  if (workers == 0) throw InputError("block partition: the number of workers must be at least 1");
  if (row_align == 0 || col_align == 0) throw InputError("block partition: the alignment must be at least 1");
  // bands ~ sqrt(P * rows / cols): square rectangles for square grids, fewer bands for wide grids
  const double ratio = n_cols ? double(n_rows) / double(n_cols) : 1.0;
  std::size_t bands = std::size_t(std::floor(std::sqrt(double(workers) * std::max(ratio, 1e-300)) + 1e-9));
  bands = std::clamp<std::size_t>(bands, 1, workers);
  std::vector<PairBlock> out;
  out.reserve(workers);
  std::size_t before = 0;  // workers in the bands above
  for (std::size_t b = 0; b < bands; ++b) {
    const std::size_t q = workers / bands + (b < workers % bands ? 1 : 0);
    const std::size_t r0 = cut(n_rows, before, workers, row_align), r1 = cut(n_rows, before + q, workers, row_align);
    for (std::size_t k = 0; k < q; ++k) {
      PairBlock p;
      p.row_begin = r0, p.row_end = r1, p.band = b;
      p.col_begin = cut(n_cols, k, q, col_align), p.col_end = cut(n_cols, k + 1, q, col_align);
      out.push_back(p);
    }
    before += q;
  }
  return out;
}

}  // namespace constel
