// The stages of `constel-mpi verify` (see mpi_verify.hpp). Each rank reads only the rows of U and V
// that its block of the pair grid needs (block_partition.hpp, row_range.hpp); files that cannot be
// read by offset are read whole by rank 0. Failures are ordered as the single-process command meets
// them (the phases below), so rank 0 prints the message `constel verify` would print.
//
// The products: the verifier split into parts (prepare / part / merge / finish) is not in the
// library yet, so for now the rows are gathered on rank 0, which runs the threaded verifier; the
// reading, the partition, the failure agreement and the output are those of the distributed run
// (docs/distributed.md says what is done).
#include "mpi_verify.hpp"

#include <csignal>
#include <cstdlib>
#include <cmath>
#include <cstring>
#include <exception>
#include <optional>
#include <sstream>

#include "constel/io/cst.hpp"
#include "constel/io/embedding_file.hpp"
#include "constel/io/row_range.hpp"
#include "constel/verify/block_partition.hpp"
#include "constel/verify/certified.hpp"
#include "constel/verify/exact.hpp"

namespace constel::tool {
namespace {

// The phases, in the order the single-process command meets its failures.
enum Phase : unsigned { kOptions = 1, kUShape, kURows, kUValues, kVShape, kVRows, kVValues, kLabels, kVerify };

std::string matrix_bytes(const FloatMatrix& m) {
  const std::size_t n = m.rows() * m.cols();
  return m.is_single() ? std::string(reinterpret_cast<const char*>(m.f32()), 4 * n)
                       : std::string(reinterpret_cast<const char*>(m.f64()), 8 * n);
}

// The position of the first non-finite entry of rows [first, ...) in the whole matrix, if any.
std::optional<std::uint64_t> first_non_finite(const FloatMatrix& m, std::size_t first) {
  const std::size_t n = m.rows() * m.cols();
  for (std::size_t k = 0; k < n; ++k) {
    double v = m.is_single() ? double(m.f32()[k]) : m.f64()[k];
    if (!std::isfinite(v)) return std::uint64_t(first) * m.cols() + k;
  }
  return std::nullopt;
}

// One side (U or V): its layout and the rows [begin, end) this rank holds.
struct Side {
  EmbeddingLayout layout;
  std::size_t begin = 0, end = 0;
  FloatMatrix rows;  // for files not readable by offset: the whole matrix on rank 0, nothing elsewhere
};

// Reads rows [begin, end) (structure, then values), raising `order` to the phase being worked on.
void read_side(Session& s, const std::string& path, const std::string& key, Side& side, unsigned shape_phase,
               std::uint64_t& order) {
  order = failure_order(shape_phase + 1, side.begin);
  if (!side.layout.by_offset) {  // rank 0 reads the whole array, every check as constel verify
    order = failure_order(shape_phase + 1, 0);
    if (s.root()) side.rows = read_embedding_matrix(path, key);
    return;
  }
  side.rows = read_embedding_rows(path, key, side.begin, side.end, false);
  if (auto at = first_non_finite(side.rows, side.begin)) {
    order = failure_order(shape_phase + 2, *at);
    throw_if_not_finite_rows(side.rows, side.begin);
  }
}

// The whole matrix on rank 0 from the ranks that hold its row ranges (empty elsewhere).
FloatMatrix gather_rows(Session& s, const Side& side, bool holder) {
  if (!side.layout.by_offset) return s.root() ? side.rows : FloatMatrix();
  std::string mine = holder ? matrix_bytes(side.rows) : std::string();
  std::string range = holder ? std::to_string(side.begin) + " " + std::to_string(side.end) : std::string();
  std::vector<std::string> parts = s.gather(mine), ranges = s.gather(range);
  if (!s.root()) return FloatMatrix();
  FloatMatrix all(side.layout.rows, side.layout.cols, side.layout.stored, side.layout.source);
  const std::size_t item = all.is_single() ? 4 : 8, row_bytes = item * all.cols();
  char* base = all.is_single() ? reinterpret_cast<char*>(all.f32()) : reinterpret_cast<char*>(all.f64());
  for (std::size_t r = 0; r < parts.size(); ++r) {
    if (ranges[r].empty()) continue;
    std::size_t b = 0, e = 0;
    std::istringstream(ranges[r]) >> b >> e;
    if (parts[r].size() != (e - b) * row_bytes) throw InternalError("gathered rows of the wrong size");
    std::memcpy(base + b * row_bytes, parts[r].data(), parts[r].size());
  }
  return all;
}

// Test hook: CONSTEL_MPI_TEST_KILL_RANK=R makes rank R die by SIGKILL when the products start, as a
// node lost mid-run would (tests/mpi: mpirun must fail and nothing be printed).
void kill_if_asked(const Session& s) {
  const char* k = std::getenv("CONSTEL_MPI_TEST_KILL_RANK");
  if (k && *k && std::atoi(k) == s.rank()) std::raise(SIGKILL);
}

}  // namespace

int mpi_verify_cst(Session& s, const VerifyArgs& args) {
  ExactVerifyOptions opt;
  s.stage([&](std::uint64_t& order) {
    order = failure_order(kOptions);
    opt = exact_options(args);
  });
  // .cst is text: rank 0 reads it (every check of constel verify) and sends its canonical form
  std::optional<Configuration> config;
  std::string text;
  s.stage([&](std::uint64_t& order) {
    order = failure_order(kUShape);
    if (!s.root()) return;
    config = read_cst_file(args.file);
    std::ostringstream out;
    write_cst(out, *config);
    text = out.str();
  });
  text = s.broadcast(text);
  s.stage([&](std::uint64_t& order) {
    order = failure_order(kUShape);
    if (!s.root()) {
      std::istringstream in(text);
      config = read_cst(in, args.file);
    }
  });
  std::optional<ExactReport> report;
  kill_if_asked(s);
  s.stage([&](std::uint64_t& order) {
    order = failure_order(kVerify);
    if (s.root()) report = exact_verify(*config, opt);
  });
  int code = 0;
  s.stage([&](std::uint64_t&) {
    if (s.root()) code = print_exact_result(args, *config, *report, opt);
  });
  return int(s.broadcast(std::string(1, char('0' + code)))[0] - '0');
}

int mpi_verify_embeddings(Session& s, const EmbeddingArgs& a) {
  EmbeddingSources src;
  CertifiedOptions opt;
  s.stage([&](std::uint64_t& order) {
    order = failure_order(kOptions);
    src = resolve_sources(a);
    opt = certified_options(a);
  });
  Side u, v;
  PairBlock block;
  bool band_first = false, band_zero = false;  // this rank's U rows / V rows go to the gather
  s.stage([&](std::uint64_t& order) {
    order = failure_order(kUShape);
    u.layout = probe_embedding(src.u_path, src.u_key);
    std::exception_ptr v_failed;  // met after every failure of U's rows in the single run
    try {
      v.layout = probe_embedding(src.v_path, src.v_key);
    } catch (...) {
      v_failed = std::current_exception();
    }
    const std::vector<PairBlock> blocks =
        block_partition(u.layout.rows, v_failed ? 1 : v.layout.rows, std::size_t(s.size()));
    block = blocks[std::size_t(s.rank())];
    band_first = s.rank() == 0 || blocks[std::size_t(s.rank()) - 1].band != block.band;
    band_zero = block.band == 0;
    u.begin = block.row_begin, u.end = block.row_end;
    read_side(s, src.u_path, src.u_key, u, kUShape, order);
    order = failure_order(kVShape);
    if (v_failed) std::rethrow_exception(v_failed);
    v.begin = block.col_begin, v.end = block.col_end;
    read_side(s, src.v_path, src.v_key, v, kVShape, order);
    order = failure_order(kLabels);
    if (!a.labels.empty()) opt.labels = read_labels(a.labels, a.labels_key);
  });
  // The products (see the file comment): the rows on rank 0, the threaded verifier there.
  kill_if_asked(s);
  FloatMatrix U = gather_rows(s, u, band_first), V = gather_rows(s, v, band_zero);
  std::optional<CertifiedReport> report;
  s.stage([&](std::uint64_t& order) {
    order = failure_order(kVerify);
    if (s.root()) report = certified_verify(U, V, opt);
  });
  int code = 0;
  s.stage([&](std::uint64_t&) {
    if (s.root()) code = print_certified_result(a, src, *report, opt);
  });
  return int(s.broadcast(std::string(1, char('0' + code)))[0] - '0');
}

}  // namespace constel::tool
