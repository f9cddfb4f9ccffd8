// InterruptWatch (see interrupt.hpp): a flag-setting SIGINT handler for the length of a library call.
#include "interrupt.hpp"

#include <pybind11/pybind11.h>

#include <atomic>

namespace constel::python {

namespace py = pybind11;

namespace {

std::atomic<bool> g_interrupted{false};
std::atomic<int> g_watches{0};  // nested calls share one handler

extern "C" void on_sigint(int) { g_interrupted.store(true); }

// True on the main thread when Python's SIGINT handler is its default (KeyboardInterrupt).
bool python_owns_sigint() {
  py::module_ signal = py::module_::import("signal"), threading = py::module_::import("threading");
  if (!threading.attr("current_thread")().is(threading.attr("main_thread")())) return false;
  return signal.attr("getsignal")(signal.attr("SIGINT")).is(signal.attr("default_int_handler"));
}

}  // namespace

InterruptWatch::InterruptWatch() {
  if (!python_owns_sigint() || g_watches.load() > 0) return;
  struct sigaction sa {};
  sa.sa_handler = on_sigint;
  sigemptyset(&sa.sa_mask);
  if (sigaction(SIGINT, &sa, &old_) != 0) return;
  g_interrupted.store(false);
  g_watches.fetch_add(1);
  active_ = true;
}

InterruptWatch::~InterruptWatch() {
  if (!active_) return;
  sigaction(SIGINT, &old_, nullptr);
  g_watches.fetch_sub(1);
}

bool InterruptWatch::requested() const noexcept { return active_ && g_interrupted.load(); }

void InterruptWatch::throw_if_requested() const {
  if (!requested()) return;
  PyErr_SetNone(PyExc_KeyboardInterrupt);
  throw py::error_already_set();
}

}  // namespace constel::python
