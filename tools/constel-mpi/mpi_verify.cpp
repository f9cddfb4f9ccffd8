// The stages of `constel-mpi verify` (see mpi_verify.hpp). Failures are ordered as the single-process
// command meets them (the phases below), so rank 0 prints the message `constel verify` would print.
//
// Data: when both files are readable by offset (.npy, stored .npz members, .safetensors, .fvecs) no
// rank holds them: each rank checks its share of the rows as it streams past (the whole-file reader's
// messages), computes the plan's row quantities over that share (certified_plan_share), gets every
// rank's share and builds the plan from them (certified_prepare_shared), and reads and multiplies only the
// rows of its block of the 2-D partition of the tile grid (block_partition, certified_process_block);
// rank 0 reads the rows once more, in chunks, for the float statistics. Otherwise (CSV, deflated
// .npz) rank 0 reads both files whole and hands out rows (scatter.hpp): each rank gets the rows of its
// plan share, then those of its block, and the rest runs as over files read by offset.
// .cst: rank 0 reads it and broadcasts its canonical text. Rank 0 merges the partials (bytes) and
// finishes (verify/certified_parts.hpp, verify/exact_parts.hpp). The retrieval options (--recall-k,
// --hardest, -o, --class-stats) add the retrieval pass in parts (verify/retrieval.hpp): each rank
// runs it over its rectangle of the 2-D partition of the tile grid (over files read by offset reading
// only that rectangle's rows again), rank 0 merges the partials and finishes, prints and writes the
// files.
#include "mpi_verify.hpp"
#include "scatter.hpp"
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
#include "constel/verify/certified_share.hpp"
#include "constel/verify/exact_parts.hpp"
#include "constel/verify/parts.hpp"
#include "constel/verify/retrieval.hpp"

namespace constel::tool {
namespace {

// The phases, in the order the single-process command meets its failures.
enum Phase : unsigned { kOptions = 1, kU, kV, kLabels, kPrepare, kProducts, kFinish, kRetrieval, kRetrievalFinish, kPrint };

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

// A file readable by offset as a row source. Each rank checks its share of the rows (certified_share_rows)
// as the whole-file reader checks them, streamed in chunks, never held; a failure is ordered by the
// row its chunk begins at, so the earliest failing chunk over all ranks is the one the single process
// meets first (and its message names the first bad row in it). Then rows are read on demand.
CertifiedRowSource checked_source(Session& s, const std::string& path, const std::string& key, unsigned phase) {
  CertifiedRowSource src;
  s.stage([&](std::uint64_t& order) {
    order = failure_order(phase);
    const EmbeddingRowReader file(path, key);
    const EmbeddingLayout& L = file.layout();
    src.rows = L.rows, src.cols = L.cols, src.stored = L.stored, src.source = L.source;
    src.read = [file](std::size_t a, std::size_t b) { return file.rows(a, b); };
    const auto [first, last] = certified_share_rows(L.rows, std::size_t(s.rank()), std::size_t(s.size()));
    const std::size_t step = std::max<std::size_t>(1, (std::size_t(1) << 18) / std::max<std::size_t>(1, L.cols));
    for (std::size_t a = first; a < last; a += step) {
      order = failure_order(phase, a);
      src.read(a, std::min(last, a + step));
    }
  });
  return src;
}

// The plan's row quantities over this rank's share of the rows, every rank's share on every rank
// (verify/certified_share.hpp): a failure in a share is recorded, not thrown, and the merged share
// throws it in the single process's order when the plan is built.
CertifiedPlanShare shared_rows(Session& s, const CertifiedRowSource& U, const CertifiedRowSource& V,
                               const CertifiedOptions& opt) {
  std::string mine;
  s.stage([&](std::uint64_t& order) {
    order = failure_order(kPrepare);
    const std::size_t r = std::size_t(s.rank()), P = std::size_t(s.size());
    mine =
        encode(certified_plan_share(U, V, opt, certified_share_rows(U.rows, r, P), certified_share_rows(V.rows, r, P)));
  });
  std::vector<std::string> all = s.allgather(mine);
  mine.clear();
  CertifiedPlanShare merged;
  s.stage([&](std::uint64_t& order) {
    order = failure_order(kPrepare);
    merged = decode_certified_plan_share(all[0]);
    for (std::size_t r = 1; r < all.size(); ++r) merge(merged, decode_certified_plan_share(all[r]));
  });
  return merged;
}

// prepare on every rank, this rank's tiles, the partials merged on rank 0, finished there.
// The plan stays in `plan` for the retrieval pass.
// between(plan) runs on every rank after the prepare stage, outside any stage (it moves bytes).
template <class Plan, class Prepare, class Process, class Empty, class Decode, class Finish>
auto run_parts(Session& s, std::optional<Plan>& plan, Prepare prepare, Process process, Empty empty, Decode decode,
               Finish finish, const std::function<void(const Plan&)>& between = {}) {
  s.stage([&](std::uint64_t& order) {
    order = failure_order(kPrepare);
    plan = prepare();
  });
  if (between) between(*plan);
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

// This rank's block of the 2-D partition of the plan's tile grid (tile-aligned).
PairBlock my_block(const Session& s, const CertifiedPlan& p, std::size_t rank) {
  const CertifiedTileGrid g = certified_tile_grid(p);
  return block_partition(g.grid_rows, g.grid_cols, std::size_t(s.size()))[rank];
}

// Over row sources: this rank's rectangle of the tile grid. With scattered data (not null), rank 0
// first sends each rank the rows of its plan share, then, once the plan is built, those of its block.
std::optional<CertifiedReport> certified_block_products(Session& s, std::optional<CertifiedPlan>& plan,
                                                        const CertifiedRowSource& U, const CertifiedRowSource& V,
                                                        CertifiedOptions opt, ScatteredData* scattered) {
  opt.stop = [&s] { return s.stop_requested(); };
  const std::size_t P = std::size_t(s.size());
  if (scattered)
    hand_out_rows(
        s, *scattered,
        [&](std::size_t r) {
          return certified_share_reads(U.rows, V.rows, U.cols, opt, certified_share_rows(U.rows, r, P),
                                       certified_share_rows(V.rows, r, P));
        },
        failure_order(kPrepare));
  CertifiedPlanShare rows = shared_rows(s, U, V, opt);
  std::function<void(const CertifiedPlan&)> blocks;
  if (scattered)
    blocks = [&](const CertifiedPlan& p) {
      hand_out_rows(
          s, *scattered,
          [&](std::size_t r) {
            const CertifiedTileGrid g = certified_tile_grid(p);
            const PairBlock b = my_block(s, p, r);
            CertifiedRowRuns runs;
            if (b.empty()) return runs;
            runs.u = {{b.row_begin * g.tile_rows, std::min(U.rows, b.row_end * g.tile_rows)}};
            runs.v = {{b.col_begin * g.tile_cols, std::min(V.rows, b.col_end * g.tile_cols)}};
            return runs;
          },
          failure_order(kPrepare));
    };
  return run_parts<CertifiedPlan>(
      s, plan,
      [&] {
        CertifiedPlan p = certified_prepare_shared(U, V, opt, rows);
        rows = CertifiedPlanShare();  // the plan holds its own copy
        return p;
      },
      [&s](const CertifiedPlan& p) { return certified_process_block(p, my_block(s, p, std::size_t(s.rank()))); },
      [](const CertifiedPlan& p) { return certified_empty_partial(p); },
      [](const std::string& b) { return decode_certified_partial(b); },
      [](const CertifiedPlan& p, const CertifiedPartial& all) { return certified_finish(p, all); }, blocks);
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
    mine = encode(certified_retrieval_block(plan, my_block(s, plan, std::size_t(s.rank())), q));
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
  const bool by_offset =
      embedding_readable_by_offset(src.u_path, src.u_key) && embedding_readable_by_offset(src.v_path, src.v_key);
  CertifiedRowSource su, sv;
  ScatteredData held;  // not by offset: rank 0 reads both files whole and hands out rows
  if (by_offset) {
    su = checked_source(s, src.u_path, src.u_key, kU);
    sv = checked_source(s, src.v_path, src.v_key, kV);
  } else {
    FloatMatrix U, V;
    s.stage([&](std::uint64_t& order) {
      order = failure_order(kU);
      if (s.root()) U = read_embedding_matrix(src.u_path, src.u_key, header);
    });
    s.stage([&](std::uint64_t& order) {
      order = failure_order(kV);
      if (s.root()) V = read_embedding_matrix(src.v_path, src.v_key, header);
    });
    held = scatter_shapes(s, std::move(U), std::move(V));
    su = held.su, sv = held.sv;
  }
  s.stage([&](std::uint64_t& order) {
    order = failure_order(kLabels);
    if (!a.labels.empty()) opt.labels = read_labels(a.labels, a.labels_key, header);
  });
  std::optional<CertifiedPlan> plan;
  std::optional<CertifiedReport> report = certified_block_products(s, plan, su, sv, opt, by_offset ? nullptr : &held);
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
                  : modality_gap_statistics(GapPoints::from_floats(std::move(*held.U), std::move(*held.V)));
    code = print_certified_result(a, src, *report, opt, &gap, qp, qop);
  });
  return shared_code(s, code);
}

}  // namespace constel::tool
