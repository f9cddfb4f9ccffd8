// The report of `constel gap` and its JSON (keys listed in docs/gap.md): the exact check of the
// hypotheses of Theorem 3.6 (docs/math.md section 6), the direction h found by the search or read from
// a certificate, and the exact counts of U and V rows on the wrong side of it.
#pragma once

#include <optional>
#include <string>

#include "constel/gap/direction.hpp"
#include "constel/gap/hypotheses.hpp"
#include "constel/gap/search.hpp"
#include "constel/gap/statistics.hpp"
#include "constel/number/json.hpp"

namespace constel {

struct GapReport {
  std::size_t N_u = 0, N_v = 0, d = 0;
  std::string cst;                    // the .cst input, or
  std::string u, v;                   // the two embedding files
  std::string mode = "search";        // "search" or "check-certificate"
  bool affine = false;                // the direction has an offset
  bool scaled_coordinates = false;    // exact input: h_k = sqrt(q_k) g_k
  GapHypotheses hypotheses;
  GapDirection direction;
  GapCheck check;                     // the exact check of direction
  std::optional<GapSearchResult> search;   // absent when a certificate was checked
  std::optional<bool> within_guarantee;    // with the hypotheses: all U positive and <= d V wrong
  std::optional<std::string> certificate;  // the certificate file written, if any
  std::optional<ModalityGapStatistics> statistics;  // centroid distance, means' cosine, side counts
};

// At most this many indices are listed per side, in the JSON and the human report.
constexpr std::size_t kGapListedIndices = 100;

Json to_json(const GapReport& report);

}  // namespace constel
