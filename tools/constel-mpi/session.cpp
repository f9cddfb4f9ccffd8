// Session (see session.hpp): MPI start and stop, the agreement after each stage, and byte moves in
// chunks below 2^31 bytes (MPI counts are int).
#include "session.hpp"

#include <mpi.h>

#include <algorithm>
#include <climits>
#include <cstring>

#include "constel/error.hpp"

namespace constel::tool {
namespace {

constexpr std::size_t kChunk = std::size_t(1) << 30;
constexpr int kTagGather = 11, kTagNotice = 12, kTagRows = 13;

// The failure notices this rank has sent (one Session per process).
std::vector<MPI_Request> notice_requests;
char notice_byte = 1;

void check(int rc, const char* what) {
  if (rc != MPI_SUCCESS) throw InternalError(std::string("MPI: ") + what + " failed");
}

}  // namespace

Session::Session(int* argc, char*** argv) {
  int provided = 0;
  // serialized: stop_requested() is called from worker threads, one at a time (poll_mutex_), while
  // the main thread waits for them
  check(MPI_Init_thread(argc, argv, MPI_THREAD_SERIALIZED, &provided), "MPI_Init_thread");
  MPI_Comm_rank(MPI_COMM_WORLD, &rank_);
  MPI_Comm_size(MPI_COMM_WORLD, &size_);
}

// Every rank waits for the others before it leaves: mpirun ends the whole job as soon as one rank
// exits with a non-zero status, which must not happen before rank 0 has printed.
Session::~Session() {
  MPI_Barrier(MPI_COMM_WORLD);
  MPI_Finalize();
}

void Session::stage(const std::function<void(std::uint64_t& order)>& work) {
  std::uint64_t order = 0;
  Failure mine;
  bool failed = false;
  stop_seen_ = false;
  try {
    work(order);
  } catch (const StageFailed&) {
    throw;  // a nested stage already agreed
  } catch (...) {
    mine = describe_failure(std::current_exception());
    failed = true;
    if (stop_seen_)
      order = UINT64_MAX - 1;  // stopped because another rank failed: that rank's failure is the one
    else
      notify_failure();
  }
  agree(failed ? &mine : nullptr, order);
}

void Session::notify_failure() {
  for (int r = 0; r < size_; ++r) {
    if (r == rank_) continue;
    MPI_Request q;
    check(MPI_Isend(&notice_byte, 1, MPI_BYTE, r, kTagNotice, MPI_COMM_WORLD, &q), "MPI_Isend");
    notice_requests.push_back(q);
  }
  notified_ = true;
}

bool Session::stop_requested() {
  std::lock_guard<std::mutex> lock(poll_mutex_);
  if (stop_seen_) return true;
  double now = MPI_Wtime();
  if (now - last_poll_ < 0.05) return false;
  last_poll_ = now;
  int flag = 0;
  check(MPI_Iprobe(MPI_ANY_SOURCE, kTagNotice, MPI_COMM_WORLD, &flag, MPI_STATUS_IGNORE), "MPI_Iprobe");
  if (flag) stop_seen_ = true;
  return stop_seen_;
}

// After a failed stage every rank receives the notices sent to it (each notifying rank sent one to
// every other rank before the agreement, so each receive is matched) and completes its own sends.
void Session::drain_notices() {
  int mine = notified_ ? 1 : 0;
  std::vector<int> all(std::size_t(size_), 0);
  check(MPI_Allgather(&mine, 1, MPI_INT, all.data(), 1, MPI_INT, MPI_COMM_WORLD), "MPI_Allgather");
  for (int r = 0; r < size_; ++r) {
    if (r == rank_ || !all[std::size_t(r)]) continue;
    char b = 0;
    check(MPI_Recv(&b, 1, MPI_BYTE, r, kTagNotice, MPI_COMM_WORLD, MPI_STATUS_IGNORE), "MPI_Recv");
  }
  if (!notice_requests.empty())
    check(MPI_Waitall(int(notice_requests.size()), notice_requests.data(), MPI_STATUSES_IGNORE), "MPI_Waitall");
  notice_requests.clear();
  notified_ = false;
}

void Session::agree(const Failure* mine, std::uint64_t order) {
  std::uint64_t key = mine ? std::min<std::uint64_t>(order, UINT64_MAX - 1) : UINT64_MAX, first = 0;
  check(MPI_Allreduce(&key, &first, 1, MPI_UINT64_T, MPI_MIN, MPI_COMM_WORLD), "MPI_Allreduce");
  if (first == UINT64_MAX) return;
  drain_notices();
  int candidate = key == first ? rank_ : size_, who = 0;
  check(MPI_Allreduce(&candidate, &who, 1, MPI_INT, MPI_MIN, MPI_COMM_WORLD), "MPI_Allreduce");
  std::string text;
  if (rank_ == who) text = std::string(1, char('0' + mine->code)) + mine->message;
  text = broadcast(text, who);
  Failure f;
  f.code = text.empty() ? 3 : text[0] - '0';
  f.message = text.empty() ? "internal error: a rank failed without a message" : text.substr(1);
  throw StageFailed{f};
}

std::string Session::broadcast(const std::string& bytes, int from) {
  std::uint64_t n = rank_ == from ? bytes.size() : 0;
  check(MPI_Bcast(&n, 1, MPI_UINT64_T, from, MPI_COMM_WORLD), "MPI_Bcast");
  std::string out = rank_ == from ? bytes : std::string(n, '\0');
  for (std::size_t at = 0; at < n; at += kChunk) {
    int len = int(std::min<std::uint64_t>(kChunk, n - at));
    check(MPI_Bcast(out.data() + at, len, MPI_BYTE, from, MPI_COMM_WORLD), "MPI_Bcast");
  }
  if (rank_ == from) sent_ += n + 8;
  return out;
}

std::vector<std::string> Session::gather(const std::string& bytes) {
  std::vector<std::string> out;
  if (rank_ != 0) {
    std::uint64_t n = bytes.size();
    check(MPI_Send(&n, 1, MPI_UINT64_T, 0, kTagGather, MPI_COMM_WORLD), "MPI_Send");
    for (std::size_t at = 0; at < n; at += kChunk)
      check(MPI_Send(bytes.data() + at, int(std::min<std::uint64_t>(kChunk, n - at)), MPI_BYTE, 0, kTagGather,
                     MPI_COMM_WORLD),
            "MPI_Send");
    sent_ += n + 8;
    return out;
  }
  out.resize(std::size_t(size_));
  out[0] = bytes;
  for (int r = 1; r < size_; ++r) {
    std::uint64_t n = 0;
    check(MPI_Recv(&n, 1, MPI_UINT64_T, r, kTagGather, MPI_COMM_WORLD, MPI_STATUS_IGNORE), "MPI_Recv");
    out[std::size_t(r)].resize(n);
    for (std::size_t at = 0; at < n; at += kChunk)
      check(MPI_Recv(out[std::size_t(r)].data() + at, int(std::min<std::uint64_t>(kChunk, n - at)), MPI_BYTE, r,
                     kTagGather, MPI_COMM_WORLD, MPI_STATUS_IGNORE),
            "MPI_Recv");
  }
  return out;
}

std::string Session::send(int from, int to, const std::string& bytes) {
  if (from == to) return rank_ == from ? bytes : std::string();
  if (rank_ == from) {
    std::uint64_t n = bytes.size();
    check(MPI_Send(&n, 1, MPI_UINT64_T, to, kTagRows, MPI_COMM_WORLD), "MPI_Send");
    for (std::size_t at = 0; at < n; at += kChunk)
      check(MPI_Send(bytes.data() + at, int(std::min<std::uint64_t>(kChunk, n - at)), MPI_BYTE, to, kTagRows,
                     MPI_COMM_WORLD),
            "MPI_Send");
    sent_ += n + 8;
    return std::string();
  }
  if (rank_ != to) return std::string();
  std::uint64_t n = 0;
  check(MPI_Recv(&n, 1, MPI_UINT64_T, from, kTagRows, MPI_COMM_WORLD, MPI_STATUS_IGNORE), "MPI_Recv");
  std::string out(n, '\0');
  for (std::size_t at = 0; at < n; at += kChunk)
    check(MPI_Recv(out.data() + at, int(std::min<std::uint64_t>(kChunk, n - at)), MPI_BYTE, from, kTagRows,
                   MPI_COMM_WORLD, MPI_STATUS_IGNORE),
          "MPI_Recv");
  return out;
}

// One MPI_Allgatherv while the total fits MPI's int counts, else a broadcast from each rank. A rank's
// bytes count once in bytes_sent (as a broadcast's do), and not at all when it is alone.
std::vector<std::string> Session::allgather(const std::string& bytes) {
  std::uint64_t n = bytes.size();
  std::vector<std::uint64_t> sizes(static_cast<std::size_t>(size_), 0);
  check(MPI_Allgather(&n, 1, MPI_UINT64_T, sizes.data(), 1, MPI_UINT64_T, MPI_COMM_WORLD), "MPI_Allgather");
  std::uint64_t total = 0;
  for (std::uint64_t k : sizes) total += k;
  std::vector<std::string> out(static_cast<std::size_t>(size_));
  if (total >= std::uint64_t(INT_MAX)) {
    for (int r = 0; r < size_; ++r) out[std::size_t(r)] = broadcast(r == rank_ ? bytes : std::string(), r);
    return out;
  }
  std::vector<int> counts(static_cast<std::size_t>(size_)), at(static_cast<std::size_t>(size_));
  for (int r = 0, pos = 0; r < size_; ++r)
    counts[std::size_t(r)] = int(sizes[std::size_t(r)]), at[std::size_t(r)] = pos, pos += counts[std::size_t(r)];
  std::string all(total, '\0');
  check(MPI_Allgatherv(bytes.data(), int(n), MPI_BYTE, all.data(), counts.data(), at.data(), MPI_BYTE, MPI_COMM_WORLD),
        "MPI_Allgatherv");
  for (int r = 0; r < size_; ++r)
    out[std::size_t(r)] = all.substr(std::size_t(at[std::size_t(r)]), sizes[std::size_t(r)]);
  if (size_ > 1) sent_ += n + 8;  // nothing leaves a rank alone
  return out;
}

double Session::max_all(double value) {
  double out = 0;
  check(MPI_Allreduce(&value, &out, 1, MPI_DOUBLE, MPI_MAX, MPI_COMM_WORLD), "MPI_Allreduce");
  sent_ += 8;
  return out;
}

std::uint64_t Session::sum_all(std::uint64_t value) {
  std::uint64_t out = 0;
  check(MPI_Allreduce(&value, &out, 1, MPI_UINT64_T, MPI_SUM, MPI_COMM_WORLD), "MPI_Allreduce");
  sent_ += 8;
  return out;
}

}  // namespace constel::tool
