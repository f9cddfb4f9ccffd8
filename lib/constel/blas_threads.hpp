// The one place that changes OpenBLAS's thread count. The verifiers and the loss run BLAS calls inside
// their own std::threads, so BLAS must not start threads of its own meanwhile; but the count is a
// setting of the whole process (a Python process's numpy shares it), so it is changed only for the
// life of a guard and restored afterwards. Guards may overlap, on one thread or several: the first one
// saves the process's count, the last one to go restores it (under a lock). Without OpenBLAS it does
// nothing and blas_thread_count() answers 1.
//
// Example:  { BlasThreadGuard one(1); run_on_threads(n, body); }  // the old count is back here
#pragma once

namespace constel {

class BlasThreadGuard {
 public:
  explicit BlasThreadGuard(int threads);
  ~BlasThreadGuard();
  BlasThreadGuard(const BlasThreadGuard&) = delete;
  BlasThreadGuard& operator=(const BlasThreadGuard&) = delete;
};

// OpenBLAS's current thread count (1 without OpenBLAS).
int blas_thread_count();
// Sets it for the process, as a caller outside the library would (tests, benchmarks).
void set_blas_thread_count(int threads);

}  // namespace constel
