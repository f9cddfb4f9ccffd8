// The progress line of the long commands (verify, gap, train, table, codebound) and of the Python
// module's progress=True: one line on stderr,
// redrawn in place, only when stderr is a terminal, never with --quiet (with --json it is drawn too:
// the JSON is on stdout), and only once a run has lasted CONSTEL_PROGRESS_AFTER seconds (default 2;
// the environment variable lets tests see the line at once). The line is cleared when the bar ends,
// so what the command prints next starts on a clean line, and nothing is written when the bar is not
// drawn: output into files and pipes is unchanged.
//
//   constel: table [###########                   ]  36.7% 12 s left  row 11/30
#pragma once

#include <chrono>
#include <cstddef>
#include <functional>
#include <mutex>
#include <string>

namespace constel {

class ProgressBar {
 public:
  // enabled: the front end's decision (not --quiet); with require_terminal (the tools) the bar also
  // needs stderr to be a terminal (the Python module's progress=True draws it wherever stderr goes).
  ProgressBar(std::string label, bool enabled, bool require_terminal = true);
  ~ProgressBar();  // clears the line when it was drawn
  ProgressBar(const ProgressBar&) = delete;
  ProgressBar& operator=(const ProgressBar&) = delete;

  bool active() const { return enabled_; }
  // Any thread; throttled to four redraws a second. fraction in [0, 1]; detail follows the estimate.
  void update(double fraction, const std::string& detail = "");
  void update(std::size_t done, std::size_t total) { update(total ? double(done) / double(total) : 1.0); }
  // A new label from here on (gap: "hypotheses", then "search"); the elapsed time keeps running.
  void relabel(const std::string& label);
  // update() as a library progress hook (RunHooks::progress); empty when the bar is not active.
  std::function<void(double)> hook();

  // Seconds before the first draw: CONSTEL_PROGRESS_AFTER when set to a number >= 0, else 2.
  static double delay_seconds();

 private:
  std::string label_;
  bool enabled_;
  double delay_;
  std::chrono::steady_clock::time_point start_;
  std::mutex mutex_;
  double last_ = -1;
  std::size_t drawn_width_ = 0;
};

}  // namespace constel
