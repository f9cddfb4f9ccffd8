// Ctrl-C during a long library call. While the GIL is released Python cannot run its SIGINT handler,
// so for the length of a call an InterruptWatch (made on the main thread, GIL held) puts a C handler
// in place of Python's that only sets a flag; the library's stop hook reads the flag at its tile or
// step boundaries and throws Cancelled; the binding then raises KeyboardInterrupt. Python's handler
// is back when the watch ends. On other threads, or when the program installed its own SIGINT
// handler, the watch does nothing and Ctrl-C waits for the call to return, as before.
#pragma once

#include <signal.h>

#include <functional>
#include <optional>
#include <utility>

#include "constel/error.hpp"
#include "convert.hpp"

namespace constel::python {

class InterruptWatch {
 public:
  InterruptWatch();  // GIL held
  ~InterruptWatch();
  InterruptWatch(const InterruptWatch&) = delete;
  InterruptWatch& operator=(const InterruptWatch&) = delete;

  // Whether Ctrl-C arrived since the watch began (any thread may ask).
  bool requested() const noexcept;
  // Raises KeyboardInterrupt (throws pybind11::error_already_set) when requested(); GIL held.
  void throw_if_requested() const;

 private:
  bool active_ = false;
  struct sigaction old_ {};
};

// Runs f(stop) with the GIL released, where `stop` is the hook to put into the library's options
// (ExactVerifyOptions::stop, CertifiedOptions::stop); a Ctrl-C during the call raises
// KeyboardInterrupt once the library has stopped (at its next tile boundary) and returned.
template <class F>
auto run_interruptible(F&& f) {
  InterruptWatch watch;
  const std::function<bool()> stop = [&watch] { return watch.requested(); };
  std::optional<decltype(f(stop))> out;
  bool cancelled = false;
  {
    ComputeScope scope;
    try {
      out.emplace(f(stop));
    } catch (const Cancelled&) {
      cancelled = true;
    }
  }
  if (cancelled) {
    watch.throw_if_requested();
    throw InternalError("the computation was stopped, but not by Ctrl-C");
  }
  return std::move(*out);
}

}  // namespace constel::python
