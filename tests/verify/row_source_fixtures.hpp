// Inputs shared by the tests of the verifiers over row sources (test_row_sources.cpp,
// test_retrieval_parts.cpp, test_plan_shares.cpp): coarse matrices whose entries +-1/4, +-1/2 give no zero row and many
// exact ties, and a CertifiedRowSource over a held matrix that can log the row ranges it is asked for.
#pragma once

#include <cstddef>
#include <random>
#include <utility>
#include <vector>

#include <string>

#include "constel/io/float_matrix.hpp"
#include "constel/verify/block_partition.hpp"
#include "constel/verify/certified_json.hpp"
#include "constel/verify/certified_parts.hpp"

namespace constel::test {

inline FloatMatrix coarse(std::size_t n, std::size_t d, FloatDType t, std::mt19937_64& rng, const char* name) {
  FloatMatrix m(n, d, t, name);
  std::uniform_int_distribution<int> q(0, 3);
  const double values[4] = {-0.5, -0.25, 0.25, 0.5};
  for (std::size_t i = 0; i < n; ++i)
    for (std::size_t k = 0; k < d; ++k) m.set(i, k, values[q(rng)]);
  return m;
}

// A source over a held matrix; `log` (if given) records every row range read.
inline CertifiedRowSource source_of(const FloatMatrix& M,
                                    std::vector<std::pair<std::size_t, std::size_t>>* log = nullptr) {
  CertifiedRowSource s;
  s.rows = M.rows(), s.cols = M.cols(), s.stored = M.stored_type(), s.source = M.source();
  s.read = [&M, log](std::size_t a, std::size_t b) {
    if (log) log->push_back({a, b});
    FloatMatrix part(b - a, M.cols(), M.stored_type(), M.source());
    for (std::size_t i = a; i < b; ++i)
      for (std::size_t k = 0; k < M.cols(); ++k) part.set(i - a, k, M.value(i, k));
    return part;
  };
  return s;
}

// The report's JSON without exact_evaluations (a work count that depends on how the work was split).
inline std::string report_json(const CertifiedReport& r, const CertifiedOptions& opt) {
  Json j = to_json(r, opt);
  j.erase("exact_evaluations");
  return j.dump();
}

// The report of P workers' blocks of the plan's tile grid, merged.
inline CertifiedReport by_blocks(const CertifiedPlan& plan, std::size_t P) {
  const CertifiedTileGrid g = certified_tile_grid(plan);
  CertifiedPartial all = certified_empty_partial(plan);
  for (const PairBlock& b : block_partition(g.grid_rows, g.grid_cols, P)) merge(all, certified_process_block(plan, b));
  return certified_finish(plan, all);
}

}  // namespace constel::test
