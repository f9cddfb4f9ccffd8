// The stages of `constel-mpi verify` (see mpi_verify.hpp). Failures are ordered as the single-process
// command meets them (the phases below), so rank 0 prints the message `constel verify` would print.
//
// Data: when both files are readable by offset (.npy, stored .npz members, .safetensors, .fvecs) no
// rank holds them: each rank checks every row as it streams past (the whole-file reader's messages),
// builds the plan from rows read in chunks (certified_prepare_rows), and reads and multiplies only the
// rows of its block of the 2-D partition of the tile grid (block_partition, certified_process_block);
// rank 0 reads the rows once more, in chunks, for the float statistics. Otherwise every rank holds U
// and V: rank 0 reads the files that cannot be read by offset (CSV, deflated .npz) and broadcasts
// them, each rank prepares the whole plan and processes a consecutive range of tiles (split_tiles).
// .cst: rank 0 reads it and broadcasts its canonical text. Rank 0 merges the partials (bytes) and
// finishes (verify/certified_parts.hpp, verify/exact_parts.hpp). The retrieval options (--recall-k,
// --hardest, -o, --class-stats) add the retrieval pass in parts (verify/retrieval.hpp): each rank
// runs it over its rectangle of the 2-D partition of the tile grid (over files read by offset reading
// only that rectangle's rows again), rank 0 merges the partials and finishes, prints and writes the
// files.
#include "mpi_verify.hpp"
#include "verify_retrieval.hpp"

#include <csignal>
#ifdef __GLIBC__
#include <malloc.h>
#endif
#include <cstdlib>
#include <cstring>
#include <optional>
#include <sstream>

#include "constel/error.hpp"
#include "constel/gap/statistics.hpp"
#include "constel/io/cst.hpp"
#include "constel/io/embedding_file.hpp"
#include "constel/io/row_range.hpp"

#include "constel/verify/certified_parts.hpp"
#include "constel/verify/exact_parts.hpp"
#include "constel/verify/parts.hpp"
#include "constel/verify/retrieval.hpp"

namespace constel::tool {
namespace {

// The phases, in the order the single-process command meets its failures.
enum Phase : unsigned { kOptions = 1, kU, kV, kLabels, kPrepare, kProducts, kFinish, kRetrieval, kRetrievalFinish, kPrint };

// A matrix as bytes and back (for the broadcast of files read by rank 0 alone).
std::string matrix_bytes(const FloatMatrix& m) {
  std::ostringstream head;
  head << m.rows() << ' ' << m.cols() << ' ' << int(m.stored_type()) << ' ' << m.source().size() << ' ' << m.source();
  std::string h = head.str(), out = std::to_string(h.size()) + '\n' + h;
  const std::size_t n = m.rows() * m.cols();
  if (m.is_single())
    out.append(reinterpret_cast<const char*>(m.f32()), 4 * n);
  else
    out.append(reinterpret_cast<const char*>(m.f64()), 8 * n);
  return out;
}

FloatMatrix matrix_from_bytes(const std::string& b) {
  std::size_t nl = b.find('\n'), hlen = std::stoul(b.substr(0, nl));
  std::istringstream head(b.substr(nl + 1, hlen));
  std::size_t rows = 0, cols = 0, slen = 0;
  int type = 0;
  head >> rows >> cols >> type >> slen;
  head.get();
  std::string source(slen, '\0');
  head.read(source.data(), std::streamsize(slen));
  FloatMatrix m(rows, cols, FloatDType(type), source);
  const char* data = b.data() + nl + 1 + hlen;
  if (m.is_single())
    std::memcpy(m.f32(), data, 4 * rows * cols);
  else
    std::memcpy(m.f64(), data, 8 * rows * cols);
  return m;
}

// Every rank gets the whole matrix: its own read when the file is readable by offset, rank 0's
// (broadcast) otherwise. Both stages are on every rank.
FloatMatrix read_everywhere(Session& s, const std::string& path, const std::string& key, CsvHeader header,
                            unsigned phase) {
  FloatMatrix m;
  bool by_offset = false;
  s.stage([&](std::uint64_t& order) {
    order = failure_order(phase);
    by_offset = embedding_readable_by_offset(path, key);
    if (by_offset || s.root()) m = read_embedding_matrix(path, key, header);
  });
  if (!by_offset) {
    std::string b = s.broadcast(s.root() ? matrix_bytes(m) : std::string());
    if (!s.root()) m = matrix_from_bytes(b);
  }
  return m;
}

// Test hooks (tests/mpi_checks.cpp): CONSTEL_MPI_TEST_KILL_RANK=R makes rank R die by SIGKILL when
// the products start, as a node lost mid-run would (mpirun must fail, nothing be printed);
// CONSTEL_MPI_TEST_FAIL_RANK=R makes rank R's products throw an internal error (the others must
// stop, rank 0 print that message, every rank exit 3). With CONSTEL_MPI_TEST_STAGE=retrieval both
// act at the retrieval pass instead.
bool hook_asks(const char* name, const Session& s, const char* stage) {
  const char* k = std::getenv(name);
  const char* at = std::getenv("CONSTEL_MPI_TEST_STAGE");
  return k && *k && std::atoi(k) == s.rank() && std::string(at && *at ? at : "products") == stage;
}

void hooks(const Session& s, const char* stage) {
  if (hook_asks("CONSTEL_MPI_TEST_KILL_RANK", s, stage)) std::raise(SIGKILL);
}

void fail_if_asked(const Session& s, const char* stage) {
  if (hook_asks("CONSTEL_MPI_TEST_FAIL_RANK", s, stage))
    throw InternalError("test failure requested on rank " + std::to_string(s.rank()));
}

// The exit code of rank 0's print, on every rank.
int shared_code(Session& s, int code) { return int(s.broadcast(std::string(1, char('0' + code)))[0] - '0'); }

// A file readable by offset as a row source: every row checked as the whole-file reader checks it
// (streamed in chunks, never held), then rows read on demand.
CertifiedRowSource checked_source(Session& s, const std::string& path, const std::string& key, unsigned phase) {
  CertifiedRowSource src;
  s.stage([&](std::uint64_t& order) {
    order = failure_order(phase);
    const EmbeddingRowReader file(path, key);
    const EmbeddingLayout& L = file.layout();
    src.rows = L.rows, src.cols = L.cols, src.stored = L.stored, src.source = L.source;
    src.read = [file](std::size_t a, std::size_t b) { return file.rows(a, b); };
    const std::size_t step = std::max<std::size_t>(1, (std::size_t(1) << 18) / std::max<std::size_t>(1, L.cols));
    for (std::size_t a = 0; a < L.rows; a += step) src.read(a, std::min(L.rows, a + step));
  });
  return src;
}

// prepare on every rank, this rank's tiles, the partials merged on rank 0, finished there.
// The plan stays in `plan` for the retrieval pass.
template <class Plan, class Prepare, class Process, class Empty, class Decode, class Finish>
auto run_parts(Session& s, std::optional<Plan>& plan, Prepare prepare, Process process, Empty empty, Decode decode,
               Finish finish) {
  s.stage([&](std::uint64_t& order) {
    order = failure_order(kPrepare);
    plan = prepare();
  });
  hooks(s, "products");
#ifdef __GLIBC__
  malloc_trim(0);  // the plan's freed chunks of rows go back before the block's rows come in
#endif
  std::string mine;
  s.stage([&](std::uint64_t& order) {
    order = failure_order(kProducts);
    fail_if_asked(s, "products");
    mine = encode(process(*plan));
  });
  std::vector<std::string> parts = s.gather(mine);
  std::optional<decltype(finish(*plan, empty(*plan)))> report;
  s.stage([&](std::uint64_t& order) {
    order = failure_order(kFinish);
    if (!s.root()) return;
    auto all = empty(*plan);
    for (const std::string& p : parts) merge(all, decode(p));
    report = finish(*plan, all);
  });
  return report;
}

std::optional<ExactReport> exact_products(Session& s, const Configuration& c, ExactVerifyOptions opt) {
  opt.stop = [&s] { return s.stop_requested(); };
  std::optional<ExactPlan> plan;
  return run_parts<ExactPlan>(
      s, plan, [&] { return exact_prepare(c, opt); },
      [&s](const ExactPlan& p) {
        auto [a, b] = split_tiles(p.tiles(), std::uint64_t(s.size()))[std::size_t(s.rank())];
        return exact_process(p, a, b);
      },
      [](const ExactPlan& p) { return exact_empty_partial(p); },
      [](const std::string& b) { return decode_exact_partial(b); },
      [](const ExactPlan& p, const ExactPartial& all) { return exact_finish(p, all); });
}

std::optional<CertifiedReport> certified_products(Session& s, std::optional<CertifiedPlan>& plan, const FloatMatrix& U,
                                                  const FloatMatrix& V, CertifiedOptions opt) {
  opt.stop = [&s] { return s.stop_requested(); };
  return run_parts<CertifiedPlan>(
      s, plan, [&] { return certified_prepare(U, V, opt); },
      [&s](const CertifiedPlan& p) {
        auto [a, b] = split_tiles(p.tiles(), std::uint64_t(s.size()))[std::size_t(s.rank())];
        return certified_process(p, a, b);
      },
      [](const CertifiedPlan& p) { return certified_empty_partial(p); },
      [](const std::string& b) { return decode_certified_partial(b); },
      [](const CertifiedPlan& p, const CertifiedPartial& all) { return certified_finish(p, all); });
}

// Over row sources: this rank's rectangle of the tile grid (2-D blocks, tile-aligned).
std::optional<CertifiedReport> certified_block_products(Session& s, std::optional<CertifiedPlan>& plan,
                                                        const CertifiedRowSource& U, const CertifiedRowSource& V,
                                                        CertifiedOptions opt) {
  opt.stop = [&s] { return s.stop_requested(); };
  return run_parts<CertifiedPlan>(
      s, plan, [&] { return certified_prepare_rows(U, V, opt); },
      [&s](const CertifiedPlan& p) {
        const CertifiedTileGrid g = certified_tile_grid(p);
        const PairBlock b = block_partition(g.grid_rows, g.grid_cols, std::size_t(s.size()))[std::size_t(s.rank())];
        return certified_process_block(p, b);
      },
      [](const CertifiedPlan& p) { return certified_empty_partial(p); },
      [](const std::string& b) { return decode_certified_partial(b); },
      [](const CertifiedPlan& p, const CertifiedPartial& all) { return certified_finish(p, all); });
}

// The retrieval pass: this rank's rectangle of the 2-D partition of the tile grid (whether the plan
// holds the data or reads its rows), the partials merged on rank 0 and finished there. The plan's
// stop hook (the session's) stops a rank's pass when another rank failed.
std::optional<RetrievalReport> retrieval_products(Session& s, const CertifiedPlan& plan, const RetrievalOptions& q) {
  hooks(s, "retrieval");
  std::string mine;
  s.stage([&](std::uint64_t& order) {
    order = failure_order(kRetrieval);
    fail_if_asked(s, "retrieval");
    const CertifiedTileGrid g = certified_tile_grid(plan);
    const PairBlock b = block_partition(g.grid_rows, g.grid_cols, std::size_t(s.size()))[std::size_t(s.rank())];
    mine = encode(certified_retrieval_block(plan, b, q));
  });
  std::vector<std::string> parts = s.gather(mine);
  std::optional<RetrievalReport> report;
  s.stage([&](std::uint64_t& order) {
    order = failure_order(kRetrievalFinish);
    if (!s.root()) return;
    RetrievalPartial all = certified_retrieval_empty(plan, q);
    for (const std::string& p : parts) merge(plan, all, decode_retrieval_partial(p));
    report = certified_retrieval_finish(plan, q, all);
  });
  return report;
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
    order = failure_order(kU);
    if (!s.root()) return;
    config = read_cst_file(args.file);
    std::ostringstream out;
    write_cst(out, *config);
    text = out.str();
  });
  text = s.broadcast(text);
  s.stage([&](std::uint64_t& order) {
    order = failure_order(kU);
    if (s.root()) return;
    std::istringstream in(text);
    config = read_cst(in, args.file);
  });
  std::optional<ExactReport> report = exact_products(s, *config, opt);
  int code = 0;
  s.stage([&](std::uint64_t& order) {
    order = failure_order(kPrint);
    if (s.root()) code = print_exact_result(args, *config, *report, opt);
  });
  return shared_code(s, code);
}

int mpi_verify_embeddings(Session& s, const EmbeddingArgs& a) {
  EmbeddingSources src;
  CertifiedOptions opt;
  RetrievalOptions qopt;
  CsvHeader header = CsvHeader::Auto;
  s.stage([&](std::uint64_t& order) {
    order = failure_order(kOptions);
    src = resolve_sources(a);
    opt = certified_options(a);
    qopt = retrieval_options(a);
    header = check_embedding_command(a, src);
  });
  const bool retrieval = retrieval_requested(a);
  // both files by offset: no rank holds them (every rank decides alike, from the names and directories)
  const bool by_offset = embedding_readable_by_offset(src.u_path, src.u_key) &&
                         embedding_readable_by_offset(src.v_path, src.v_key);
  FloatMatrix U, V;
  CertifiedRowSource su, sv;
  if (by_offset) {
    su = checked_source(s, src.u_path, src.u_key, kU);
    sv = checked_source(s, src.v_path, src.v_key, kV);
  } else {
    U = read_everywhere(s, src.u_path, src.u_key, header, kU);
    V = read_everywhere(s, src.v_path, src.v_key, header, kV);
  }
  s.stage([&](std::uint64_t& order) {
    order = failure_order(kLabels);
    if (!a.labels.empty()) opt.labels = read_labels(a.labels, a.labels_key, header);
  });
  std::optional<CertifiedPlan> plan;
  std::optional<CertifiedReport> report =
      by_offset ? certified_block_products(s, plan, su, sv, opt) : certified_products(s, plan, U, V, opt);
  std::optional<RetrievalReport> q;
  if (retrieval) q = retrieval_products(s, *plan, qopt);
  plan.reset();
  const RetrievalReport* qp = retrieval && q ? &*q : nullptr;
  const RetrievalOptions* qop = retrieval ? &qopt : nullptr;
  int code = 0;
  s.stage([&](std::uint64_t& order) {
    order = failure_order(kPrint);
    if (!s.root()) return;
    if (!a.json) {
      code = print_certified_result(a, src, *report, opt, nullptr, qp, qop);
      return;
    }
    // The modality-gap statistics of `constel verify --json` (rank 0 holds both matrices, or reads
    // their rows again in chunks).
    const ModalityGapStatistics gap =
        by_offset ? modality_gap_statistics_rows(su.rows, sv.rows, su.cols,
                                                 [&](GapSide side, std::size_t b, std::size_t e) {
                                                   return (side == GapSide::U ? su : sv).read(b, e);
                                                 })
                  : modality_gap_statistics(GapPoints::from_floats(std::move(U), std::move(V)));
    code = print_certified_result(a, src, *report, opt, &gap, qp, qop);
  });
  return shared_code(s, code);
}

}  // namespace constel::tool
