// The JSON summary of `constel plot` (see plot_json.hpp). Key order is part of the output: keep it.
#include "constel/report/plot_json.hpp"

namespace constel {

Json to_json(const PlotSummary& s) {
  Json o;
  o["picture"] = s.picture;
  o["output"] = s.output;
  if (s.points) o["points"] = *s.points;
  if (s.dimensions) o["dimensions"] = *s.dimensions;
  if (s.mark_N) {
    o["mark_N"] = *s.mark_N;
    o["crossings"] = s.crossings;
  }
  return o;
}

}  // namespace constel
