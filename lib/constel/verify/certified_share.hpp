// The certified plan's O(N d) work shared out over workers (docs/distributed.md, "The plan shared
// out"): each worker computes, for a share of the rows of U and V only, what certified_prepare_rows
// computes from rows (the value scans, the squared norms, exact or in double, the exact-unit test and
// the exact positives of its rows of U), as a CertifiedPlanShare; the shares travel as bytes (encode /
// decode_certified_plan_share, lossless), are merged in row order, and certified_prepare_shared builds
// from the merged share the plan certified_prepare_rows builds, value for value (the same report and
// JSON), without reading the rows again (it reads only the histogram's sample of 16 rows of U and up
// to 1024 of V, and a bad row to name it).
//
// Failures keep the single process's order: a share records the first row (in the whole matrix)
// holding a non-finite value and the first holding a value outside the float64 kernel's range, and
// certified_prepare_shared throws, from the merged share, exactly what certified_prepare_rows throws
// first (it reads that row again through the source to name the column). certified_plan_share itself
// throws only what depends on the shapes and options alone (empty input, d mismatch, labels): the
// same on every worker.
//
// Example (P workers, worker k):
//   CertifiedPlanShare mine = certified_plan_share(U, V, opt, certified_share_rows(U.rows, k, P),
//                                                  certified_share_rows(V.rows, k, P));
//   ... every worker gets every encode(share) ...
//   CertifiedPlanShare all = decode_certified_plan_share(bytes[0]);
//   for (k = 1 .. P-1) merge(all, decode_certified_plan_share(bytes[k]));
//   CertifiedPlan plan = certified_prepare_shared(U, V, opt, all);
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "constel/error.hpp"
#include "constel/verify/certified_parts.hpp"

namespace constel {

inline constexpr std::uint64_t kNoRow = ~std::uint64_t(0);

struct CertifiedPlanShare {
  std::uint64_t N_u = 0, N_v = 0, d = 0;
  bool normalized = false;
  int exponent = 0;  // the exact numbers are in units of 2^exponent (-298: float rows; -2148: float64)
  struct Side {
    std::uint64_t begin = 0, end = 0;                // the share's rows [begin, end)
    bool finite = true, narrow = true, wide = true;  // value scans (nonzero magnitudes in 2^-40..2^40, 2^-400..2^400)
    bool unit = true;  // without normalize: every row's squared norm is exactly 1 (with it: unused)
    std::uint64_t first_not_finite = kNoRow, first_outside = kNoRow;  // rows of the whole matrix
    std::vector<double> sq;         // without normalize: squared norms in double, in row order
    std::vector<Integer> exact_sq;  // with normalize: exact squared norms
    bool operator==(const Side&) const = default;
  };
  Side u, v;
  std::vector<Integer> positives;  // the exact <U_i, V_label(i)> of the share's rows of U
  bool operator==(const CertifiedPlanShare&) const = default;
};

// Share k of P of n rows: [n k / P, n (k + 1) / P) (consecutive, in order, empty when n < P for some).
std::pair<std::size_t, std::size_t> certified_share_rows(std::size_t n, std::size_t k, std::size_t P);

// The share of rows u_rows of U and v_rows of V (each a [begin, end) range), reading only them and,
// for the positives, the rows of V that label the share's rows of U; on opt.threads threads.
CertifiedPlanShare certified_plan_share(const CertifiedRowSource& U, const CertifiedRowSource& V,
                                        const CertifiedOptions& opt, std::pair<std::size_t, std::size_t> u_rows,
                                        std::pair<std::size_t, std::size_t> v_rows);

// The rows of U and V that certified_plan_share(U, V, opt, u_rows, v_rows) reads, with those that
// certified_prepare_shared reads on every worker (the histogram's sample), as sorted disjoint [begin,
// end) runs: what a worker that does not hold the data must be given (constel-mpi's scatter). Labels:
// opt.labels (checked by the share itself).
struct CertifiedRowRuns {
  std::vector<std::pair<std::size_t, std::size_t>> u, v;
};
CertifiedRowRuns certified_share_reads(std::size_t N_u, std::size_t N_v, std::size_t d, const CertifiedOptions& opt,
                                       std::pair<std::size_t, std::size_t> u_rows,
                                       std::pair<std::size_t, std::size_t> v_rows);

// into := into followed by next (next's rows must begin where into's end, on both sides); InputError
// for shares of different inputs or out of order.
void merge(CertifiedPlanShare& into, const CertifiedPlanShare& next);

// The plan certified_prepare_rows(U, V, opt) builds, from a share covering every row of U and V.
CertifiedPlan certified_prepare_shared(const CertifiedRowSource& U, const CertifiedRowSource& V,
                                       const CertifiedOptions& opt, const CertifiedPlanShare& all);

std::string encode(const CertifiedPlanShare& s);
CertifiedPlanShare decode_certified_plan_share(std::string_view bytes);

}  // namespace constel
