// Runs body(0), ..., body(n - 1) on n threads and waits for all of them; with n <= 1 the call runs on
// the calling thread. An exception thrown by a body is rethrown here after every thread has finished
// (the first one, when several throw), so the library never terminates from inside a worker. A
// thread that cannot be started (no memory for its stack, a process limit) is a LimitError after the
// threads already started have finished; never std::terminate.
// Example: run_on_threads(threads, [&](unsigned q) { for (k = q; k < n; k += threads) work(k); });
#pragma once

#include <atomic>
#include <exception>
#include <string>
#include <system_error>
#include <mutex>
#include <thread>
#include <vector>

#include "constel/error.hpp"

namespace constel {

template <class Body>
void run_on_threads(unsigned n, Body&& body) {
  if (n <= 1) {
    body(0u);
    return;
  }
  std::exception_ptr failure;
  std::mutex failure_mutex;
  std::vector<std::thread> pool;
  pool.reserve(n);
  std::string start_error;
  // No thread starts its work before all have been created: when one cannot be created, the others
  // leave without having started (a half-started pool would compete for the memory that was missing,
  // and a library such as OpenBLAS may then wait for memory forever).
  enum Gate : int { kWait, kGo, kAbandon };
  std::atomic<int> gate{kWait};
  for (unsigned q = 0; q < n; ++q) {
    try {
      pool.emplace_back([&, q] {
        gate.wait(kWait);
        if (gate.load() != kGo) return;
        try {
          body(q);
        } catch (...) {
          std::lock_guard<std::mutex> lock(failure_mutex);
          if (!failure) failure = std::current_exception();
        }
      });
    } catch (const std::system_error& e) {
      start_error = "cannot start thread " + std::to_string(q + 1) + " of " + std::to_string(n) + " (" + e.what() +
                    "); use fewer threads";
      break;
    }
  }
  gate.store(start_error.empty() ? kGo : kAbandon);
  gate.notify_all();
  for (auto& th : pool) th.join();
  if (!start_error.empty()) throw LimitError(start_error);
  if (failure) std::rethrow_exception(failure);
}

}  // namespace constel
