// The summaries `constel train --json` prints (keys listed in docs/training.md): for a run, the options,
// what the trainer ended with, the independent verification of the stored rows, and the file written;
// for a diverged run, what it ended with (non-finite values as null) and the file; for a sweep, the
// number of runs and of verified constellations and the files written.
#pragma once

#include <string>
#include <vector>

#include "constel/number/json.hpp"
#include "constel/train/sweep.hpp"
#include "constel/train/trained_output.hpp"
#include "constel/train/trainer.hpp"

namespace constel::train {

// A view of one finished run; the referenced objects must outlive it.
struct TrainSummary {
  const TrainOptions& options;
  const TrainResult& result;
  const VerifiedTraining& verified;
  std::string output;  // the .npz written
};

Json to_json(const TrainSummary& summary);

// A run that diverged (TrainResult::diverged): never verified.
struct DivergedTrainSummary {
  const TrainOptions& options;
  const TrainResult& result;
  std::string output;  // the .npz written (to be looked at)
};

Json to_json(const DivergedTrainSummary& summary);

// A finished sweep (train/sweep.hpp).
struct SweepSummary {
  std::string name;                   // the sweep's name ("b-rel")
  const std::vector<SweepRun>& runs;
  std::string output;                 // the CSV written
  std::string svg;                    // the SVG written, or empty
};

// The runs that verified as constellations.
std::size_t verified_constellations(const std::vector<SweepRun>& runs);

Json to_json(const SweepSummary& summary);

}  // namespace constel::train
