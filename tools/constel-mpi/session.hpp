// The thin MPI layer of constel-mpi: start and stop MPI, the rank and the number of ranks, moving
// bytes (broadcast, gather to rank 0, point to point), and the one rule that keeps a failure from
// hanging the job or printing a wrong result: every piece of work runs as a *stage* on every rank,
// and at the end of each stage all ranks agree, with collectives that every rank reaches whether its
// work succeeded or threw, on whether any rank failed. When some did, every rank throws StageFailed
// carrying the failure the single-process `constel verify` would have reported first (the lowest
// `order` a failing rank recorded, then the lowest rank), and only rank 0 prints it. A rank killed
// outright never reaches the next collective; mpirun then ends the job with a non-zero status, and
// since rank 0 prints only after the last stage, nothing is printed.
//
// Nothing of MPI leaks out of this header: the library never sees it (docs/distributed.md).
#pragma once

#include <cstdint>
#include <functional>
#include <mutex>
#include <string>
#include <vector>

#include "command.hpp"

namespace constel::tool {

// Thrown on every rank when a stage failed on some rank.
struct StageFailed {
  Failure failure;
};

// Orders failures as the single-process run meets them: a stage's phase in the high byte, a position
// (a row, an entry index) below.
constexpr std::uint64_t failure_order(unsigned phase, std::uint64_t position = 0) {
  return (std::uint64_t(phase) << 56) | (position & ((std::uint64_t(1) << 56) - 1));
}

class Session {
 public:
  Session(int* argc, char*** argv);  // MPI_Init_thread (funneled: only the main thread calls MPI)
  ~Session();                        // MPI_Finalize
  Session(const Session&) = delete;
  Session& operator=(const Session&) = delete;

  int rank() const noexcept { return rank_; }
  int size() const noexcept { return size_; }
  bool root() const noexcept { return rank_ == 0; }

  // Runs work(order) on this rank; work may raise `order` as it goes (see failure_order). Then all
  // ranks agree; throws StageFailed on every rank if work threw on any.
  void stage(const std::function<void(std::uint64_t& order)>& work);

  // Collective byte moves (every rank calls them): rank `from`'s bytes on every rank; every rank's
  // bytes on rank 0 (empty elsewhere).
  std::string broadcast(const std::string& bytes, int from = 0);
  std::vector<std::string> gather(const std::string& bytes);
  // Rank `from`'s bytes on rank `to` (empty elsewhere); only those two ranks take part.
  std::string send(int from, int to, const std::string& bytes);
  // Every rank's bytes on every rank, in rank order.
  std::vector<std::string> allgather(const std::string& bytes);
  // The largest of every rank's value, on every rank.
  double max_all(double value);
  std::uint64_t sum_all(std::uint64_t value);
  // True once another rank's work has failed in the current stage: long work polls it (from any
  // thread; MPI is asked at most every 50 ms) and stops early, so that every rank reaches the stage's
  // agreement soon after the first failure. A rank whose work fails tells the others at once, by
  // point-to-point messages that are all received in the agreement.
  bool stop_requested();
  // Bytes this rank has sent through the calls above (for the benchmark).
  std::uint64_t bytes_sent() const noexcept { return sent_; }

 private:
  void agree(const Failure* mine, std::uint64_t order);
  void notify_failure();
  void drain_notices();
  int rank_ = 0, size_ = 1;
  bool notified_ = false, stop_seen_ = false;
  double last_poll_ = 0;
  std::uint64_t sent_ = 0;
  std::mutex poll_mutex_;
};

}  // namespace constel::tool
