// Runs body(0), ..., body(n - 1) on n threads and waits for all of them; with n <= 1 the call runs on
// the calling thread. An exception thrown by a body is rethrown here after every thread has finished
// (the first one, when several throw), so the library never terminates from inside a worker.
// Example: run_on_threads(threads, [&](unsigned q) { for (k = q; k < n; k += threads) work(k); });
#pragma once

#include <exception>
#include <mutex>
#include <thread>
#include <vector>

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
  for (unsigned q = 0; q < n; ++q)
    pool.emplace_back([&, q] {
      try {
        body(q);
      } catch (...) {
        std::lock_guard<std::mutex> lock(failure_mutex);
        if (!failure) failure = std::current_exception();
      }
    });
  for (auto& th : pool) th.join();
  if (failure) std::rethrow_exception(failure);
}

}  // namespace constel
