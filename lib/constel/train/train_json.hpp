// The summary `constel train --json` prints (keys listed in docs/training.md): the options of the run,
// what the trainer ended with, the independent verification of the stored rows, and the file written.
#pragma once

#include <string>

#include "constel/number/json.hpp"
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

}  // namespace constel::train
