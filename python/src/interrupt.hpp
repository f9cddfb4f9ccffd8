// Ctrl-C during a long library call. While the GIL is released Python cannot run its SIGINT handler,
// so for the length of a call an InterruptWatch (made on the main thread, GIL held) puts a C handler
// in place of Python's that only sets a flag; the library's stop hook reads the flag at its tile or
// step boundaries and throws Cancelled; the binding then raises KeyboardInterrupt. Python's handler
// is back when the watch ends. On other threads, or when the program installed its own SIGINT
// handler, the watch does nothing and Ctrl-C waits for the call to return, as before.
#pragma once

#include <signal.h>

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

}  // namespace constel::python
