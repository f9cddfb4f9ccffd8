// The JSON of `constel choose-d --json`: for each N the three dimensions (d_necessary, d_sufficient,
// d_explicit) with the bounds that decide them, or in the margin mode (--margin-for) the upper, lower
// and explicit margins. Keys are listed in docs/guide.md. The report types gather the results of one
// call with the parameters they share.
#pragma once

#include <optional>
#include <vector>

#include "constel/choose/choose_d.hpp"
#include "constel/number/json.hpp"

namespace constel::choose {

// The dimensions N pairs need at (m, b), for each N asked, searched up to max_d.
struct ChooseDReport {
  Rational m, b;
  std::size_t max_d = 0;
  std::vector<ChooseDResult> results;
};

// The margins d allows for each N asked, at b (absent: the best b, on the line b = 1 - m).
struct MarginReport {
  std::size_t d = 0;
  std::optional<Rational> b;
  Rational resolution;
  std::vector<MarginResult> results;
};

Json to_json(const ChooseDResult& result);
Json to_json(const ChooseDReport& report);
Json to_json(const MarginAnswer& answer);
Json to_json(const MarginResult& result);
Json to_json(const MarginReport& report);

}  // namespace constel::choose
