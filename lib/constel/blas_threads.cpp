// The BLAS thread-count guard (see blas_threads.hpp).
#include "constel/blas_threads.hpp"

#include <mutex>

#ifdef CONSTEL_HAVE_CBLAS
#include <cblas.h>
#endif

namespace constel {
namespace {

std::mutex guard_mutex;
int guards = 0;  // live guards
int saved = 1;   // the count before the first of them

}  // namespace

int blas_thread_count() {
#ifdef CONSTEL_HAVE_CBLAS
  return openblas_get_num_threads();
#else
  return 1;
#endif
}

void set_blas_thread_count(int threads) {
#ifdef CONSTEL_HAVE_CBLAS
  openblas_set_num_threads(threads);
#else
  (void)threads;
#endif
}

BlasThreadGuard::BlasThreadGuard(int threads) {
  std::lock_guard<std::mutex> lock(guard_mutex);
  if (guards++ == 0) saved = blas_thread_count();
  set_blas_thread_count(threads);
}

BlasThreadGuard::~BlasThreadGuard() {
  std::lock_guard<std::mutex> lock(guard_mutex);
  if (--guards == 0) set_blas_thread_count(saved);
}

}  // namespace constel
