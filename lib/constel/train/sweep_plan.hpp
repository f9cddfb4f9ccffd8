// Internal to train/: one planned run of a sweep (sweep.cpp, paper_sweeps.cpp) and the base options
// every run of a sweep starts from.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "constel/train/sweep.hpp"

namespace constel::train {

struct PlannedRun {
  std::string experiment, variant;
  TrainOptions o;
};

// The sweep's common options for one seed: N, d, steps (default_steps unless the sweep fixes them), Adam,
// rows, precision, log spacing; the loss form is `form`.
TrainOptions sweep_base(const SweepOptions& s, std::uint64_t seed, loss::LossForm form,
                        std::size_t default_steps = 10000);

// The reproduction suite: appends the runs of `name` for one seed and returns true, or returns false when
// the name is not one of the paper's sweeps (table1, table2, fig7, fig8, fig9, d4, ablation, paper).
bool plan_paper_sweep(const SweepOptions& s, const std::string& name, std::uint64_t seed,
                      std::vector<PlannedRun>& out);
std::vector<std::string> paper_sweep_names();

}  // namespace constel::train
