// The shared progress line of the long commands and the Python module (see progress_bar.hpp).
#include "constel/report/progress_bar.hpp"

#include <fmt/format.h>
#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <iostream>
#include <utility>

namespace constel {

double ProgressBar::delay_seconds() {
  const char* s = std::getenv("CONSTEL_PROGRESS_AFTER");
  if (!s || !*s) return 2.0;
  char* end = nullptr;
  const double v = std::strtod(s, &end);
  return (end && *end == '\0' && v >= 0) ? v : 2.0;
}

ProgressBar::ProgressBar(std::string label, bool enabled, bool require_terminal)
    : label_(std::move(label)),
      enabled_(enabled && (!require_terminal || ::isatty(STDERR_FILENO))),
      delay_(delay_seconds()),
      start_(std::chrono::steady_clock::now()) {}

ProgressBar::~ProgressBar() {
  if (drawn_width_ > 0) std::cerr << "\r" << std::string(drawn_width_, ' ') << "\r" << std::flush;
}

void ProgressBar::relabel(const std::string& label) {
  std::lock_guard<std::mutex> lock(mutex_);
  label_ = label;
  last_ = -1;  // the next update draws
}

void ProgressBar::update(double fraction, const std::string& detail) {
  if (!enabled_) return;
  std::lock_guard<std::mutex> lock(mutex_);
  const double t = std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
  if (t < delay_ || (last_ >= 0 && t - last_ < 0.25)) return;
  last_ = t;
  const double f = std::clamp(fraction, 0.0, 1.0);
  const int width = 30, filled = int(f * width);
  std::string line = "constel: " + label_ + " [" + std::string(filled, '#') + std::string(width - filled, ' ') + "] " +
                     fmt::format("{:5.1f}%", 100 * f);
  if (f > 0 && f < 1) line += fmt::format(" {:.0f} s left", t * (1 - f) / f);
  if (!detail.empty()) line += "  " + detail;
  const std::size_t pad = drawn_width_ > line.size() ? drawn_width_ - line.size() : 0;
  std::cerr << "\r" << line << std::string(pad, ' ') << std::flush;
  drawn_width_ = std::max(drawn_width_, line.size());
}

std::function<void(double)> ProgressBar::hook() {
  if (!enabled_) return {};
  return [this](double f) { update(f); };
}

}  // namespace constel
