// The rows of a file that rank 0 alone can read (CSV, TSV, text, deflated .npz members: the formats
// not read by offset, docs/distributed.md) handed out to the other ranks: rank 0 reads U and V whole,
// every rank learns their shapes, and rank 0 then sends each rank only the runs of rows it needs (its
// share of the plan's rows with their partners and the histogram's sample, certified_share_reads;
// later the rows of its block of the tile grid), one rank at a time. A rank keeps the rows it was sent
// in a RowStore and reads them through a CertifiedRowSource, as it would read a file by offset, so that
// everything after works as over files read by offset. Asking a store for a row it was not sent is an
// internal error (every read is listed beforehand).
#pragma once

#include <cstddef>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "constel/io/float_matrix.hpp"
#include "constel/verify/certified_share.hpp"
#include "session.hpp"

namespace constel::tool {

using RowRuns = std::vector<std::pair<std::size_t, std::size_t>>;

// Some rows of a rows x cols matrix: sorted, disjoint runs of rows and their values.
class RowStore {
 public:
  RowStore(std::size_t rows, std::size_t cols, FloatDType stored, std::string source)
      : rows_(rows), cols_(cols), stored_(stored), source_(std::move(source)) {}
  // Replaces the rows held by those of `bytes` (rows_bytes), which the store keeps as they are.
  void assign(std::string bytes);
  // Rows [a, b), as the whole matrix holds them; InternalError for a row not held.
  FloatMatrix read(std::size_t a, std::size_t b) const;

 private:
  std::size_t rows_, cols_;
  FloatDType stored_;
  std::string source_;
  RowRuns runs_;
  std::vector<std::size_t> at_;  // where each run's first row starts in bytes_ (its values, in byte offsets)
  std::string bytes_;
};

// The runs of rows of M as bytes: the number of runs, the runs, then their rows' values.
std::string rows_bytes(const FloatMatrix& M, const RowRuns& runs);

// U and V spread out: rank 0 holds them; the others hold the rows they were sent.
struct ScatteredData {
  std::shared_ptr<FloatMatrix> U, V;  // rank 0
  std::shared_ptr<RowStore> u, v;     // the other ranks
  CertifiedRowSource su, sv;          // every rank: rows through U and V or the stores
};

// Every rank's sources, from rank 0's U and V (their shapes, types and names broadcast).
ScatteredData scatter_shapes(Session& s, FloatMatrix U, FloatMatrix V);

// Rank 0 sends each rank r > 0 the runs runs(r) of U and V (replacing what its stores held), one
// rank at a time, packing each rank's rows in a stage (ordered by `order`) before it sends them, so a
// failed pack stops every rank and no rank waits for rows that will not come.
void hand_out_rows(Session& s, ScatteredData& data, const std::function<CertifiedRowRuns(std::size_t rank)>& runs,
                   std::uint64_t order);

}  // namespace constel::tool
