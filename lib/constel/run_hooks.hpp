// The stop and progress hooks of the library's long computations outside verify: training
// (train::TrainOptions, train::SweepOptions), the spherical-code bounds (bounds::CodeBoundOptions,
// bounds::DelsarteOptions), the bound tables and the modality-gap search (GapSearchOptions and the
// hypothesis check). A front end fills them: the Python module's stop reads a Ctrl-C flag, the
// command-line tools draw a progress line from `progress`. verify keeps its own (ExactVerifyOptions,
// CertifiedOptions: stop and a (tiles done, tiles) progress), checked at tile boundaries.
//
// The contract, for every computation that takes RunHooks:
//   - stop is asked at the computation's natural boundaries (a training step, an LP solve, one exact
//     proof, one table cell, a verify tile); when it answers true the computation throws Cancelled
//     and returns nothing partial. docs/library.md lists how long one boundary can take.
//   - progress(f) gets the fraction done, 0 <= f <= 1, never decreasing within one call of the
//     computation; it is called on the calling thread, or serialised under a lock when the work runs
//     on several threads (gap's hypothesis check, sweeps). It may be called often (every training
//     step): a front end throttles its own drawing.
//   - Without hooks (both empty) a computation gives exactly the same result as with them.
#pragma once

#include <algorithm>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <utility>

#include "constel/error.hpp"

namespace constel {

struct RunHooks {
  std::function<bool()> stop;             // true: stop now (the computation throws Cancelled)
  std::function<void(double)> progress;   // fraction done in [0, 1], non-decreasing

  bool stop_requested() const { return stop && stop(); }
  // Throws Cancelled("<what>: stopped by the caller") when stop answers true.
  void throw_if_stopped(const std::string& what) const {
    if (stop_requested()) throw Cancelled(what + ": stopped by the caller");
  }
  void report(double fraction) const {
    if (progress) progress(std::clamp(fraction, 0.0, 1.0));
  }
};

// The hooks of one stage [lo, hi] of a longer run: the same stop, progress f reported as
// lo + (hi - lo) f.
inline RunHooks stage_hooks(const RunHooks& h, double lo, double hi) {
  RunHooks out;
  out.stop = h.stop;
  if (h.progress)
    out.progress = [p = h.progress, lo, hi](double f) { p(lo + (hi - lo) * std::clamp(f, 0.0, 1.0)); };
  return out;
}

// A progress function safe to call from several threads at once: calls are serialised and a
// fraction below the largest reported so far is dropped (so the caller sees a non-decreasing
// sequence). Empty when `progress` is empty.
inline std::function<void(double)> serialised_progress(std::function<void(double)> progress) {
  if (!progress) return {};
  struct State {
    std::mutex mutex;
    double best = -1;
  };
  auto state = std::make_shared<State>();
  return [state, p = std::move(progress)](double f) {
    std::lock_guard<std::mutex> lock(state->mutex);
    if (f < state->best) return;
    state->best = f;
    p(f);
  };
}

}  // namespace constel
