// The stop and progress hooks of run_hooks.hpp in training, sweeps, the code bounds, the bound tables
// and the gap search: progress is a non-decreasing fraction that ends at 1, a stop asked at any of the
// computation's boundaries throws Cancelled with a message naming the computation, and a run with
// hooks gives the same result as one without. Tests 1340-1345; the command-line progress line is
// tests/hooks/test_progress_line.cpp.
#include <catch2/catch.hpp>

#include <cstddef>
#include <functional>
#include <string>
#include <vector>

#include "constel/bounds/code_bounds.hpp"
#include "constel/construct/constructions.hpp"
#include "constel/error.hpp"
#include "constel/gap/hypotheses.hpp"
#include "constel/gap/search.hpp"
#include "constel/run_hooks.hpp"
#include "constel/tables/bound_tables.hpp"
#include "constel/train/sweep.hpp"
#include "constel/train/trainer.hpp"

using namespace constel;

namespace {

// Records every fraction; answers stop with true from its stop_at-th question on (0: never).
struct Recorder {
  std::vector<double> fractions;
  std::size_t asked = 0, stop_at = 0;
  RunHooks hooks() {
    RunHooks h;
    h.progress = [this](double f) { fractions.push_back(f); };
    h.stop = [this] { return stop_at > 0 && ++asked >= stop_at; };
    return h;
  }
  RunHooks counting() {  // counts the questions, never stops
    RunHooks h = hooks();
    h.stop = [this] { return ++asked, false; };
    return h;
  }
};

void check_fractions(const std::vector<double>& f) {
  REQUIRE(!f.empty());
  for (std::size_t i = 0; i < f.size(); ++i) {
    INFO("fraction " << i << " of " << f.size() << ": " << f[i]);
    CHECK(f[i] >= 0);
    CHECK(f[i] <= 1);
    if (i > 0) CHECK(f[i] >= f[i - 1]);
  }
  CHECK(f.back() == 1.0);
}

// Stopping at question k throws Cancelled with "<what>: stopped by the caller", and nothing is asked
// after the stop.
template <class Run>
void check_stop_at(std::size_t k, const std::string& what, Run run) {
  INFO("stop at question " << k);
  Recorder rec;
  rec.stop_at = k;
  CHECK_THROWS_MATCHES(run(rec.hooks()), Cancelled, Catch::Message(what + ": stopped by the caller"));
  CHECK(rec.asked == k);
}

// The same for a few k up to the number asked in a full run, every question being `what`'s.
template <class Run>
void check_stops(std::size_t questions, const std::string& what, Run run) {
  REQUIRE(questions >= 2);
  for (std::size_t k : {std::size_t(1), questions / 2, questions}) check_stop_at(k, what, run);
}

}  // namespace

TEST_CASE("1340: RunHooks: stages map progress into their range, serialised progress never decreases", "[quick][hooks]") {
  std::vector<double> seen;
  RunHooks h;
  h.progress = [&](double f) { seen.push_back(f); };
  RunHooks stage = stage_hooks(h, 0.25, 0.75);
  stage.report(0);
  stage.report(0.5);
  stage.report(2);  // clamped to the stage's end
  CHECK(seen == std::vector<double>{0.25, 0.5, 0.75});
  CHECK(!stage.stop_requested());  // no stop hook: never stops
  seen.clear();
  auto serial = serialised_progress([&](double f) { seen.push_back(f); });
  for (double f : {0.1, 0.3, 0.2, 0.3, 0.9}) serial(f);
  CHECK(seen == std::vector<double>{0.1, 0.3, 0.3, 0.9});
  CHECK(!serialised_progress({}));
  h.stop = [] { return true; };
  CHECK_THROWS_MATCHES(stage_hooks(h, 0, 1).throw_if_stopped("table"), Cancelled,
                       Catch::Message("table: stopped by the caller"));
}

TEST_CASE("1341: train: progress by steps, a stop before any step, the same result with hooks", "[quick][hooks]") {
  train::TrainOptions o;
  o.N = 12;
  o.d = 4;
  o.steps = 200;
  const train::TrainResult plain = train::train_constellation(o);
  Recorder rec;
  o.hooks = rec.counting();
  const train::TrainResult hooked = train::train_constellation(o);
  CHECK(hooked.loss == plain.loss);
  CHECK(hooked.embeddings.X == plain.embeddings.X);
  CHECK(rec.asked == 200);  // once before every step
  check_fractions(rec.fractions);
  CHECK(rec.fractions.front() == 0.0);
  check_stops(rec.asked, "train", [&](const RunHooks& h) {
    o.hooks = h;
    return train::train_constellation(o);
  });
}

TEST_CASE("1342: sweeps: progress by runs, and the stop reaches the runs", "[quick][hooks]") {
  train::SweepOptions s;
  s.name = "losses";
  s.N = 6;
  s.d = 3;
  s.steps = 20;
  s.seeds = 2;
  Recorder rec;
  s.hooks = rec.counting();
  const auto runs = train::run_sweep(s);
  REQUIRE(runs.size() >= 2);
  check_fractions(rec.fractions);
  CHECK(rec.fractions.size() == runs.size());  // after each run
  CHECK(rec.asked == runs.size() * (20 + 1));  // every step of every run, and before each run
  auto run = [&](const RunHooks& h) {
    s.hooks = h;
    return train::run_sweep(s);
  };
  check_stop_at(1, "sweep", run);    // before the first run
  check_stop_at(22, "sweep", run);   // before the second run
  check_stop_at(5, "train", run);    // inside the first run
  check_stop_at(rec.asked, "train", run);  // the last step of the last run
}

TEST_CASE("1343: codebound: progress through the Delsarte LP, a stop before any solve or proof", "[standard][hooks]") {
  bounds::CodeBoundOptions o;
  o.delsarte.degree = 6;
  const auto plain = bounds::spherical_code_bounds(8, Rational(1, 2), o);
  REQUIRE(plain.delsarte);
  REQUIRE(plain.delsarte->certified);
  Recorder rec;
  o.hooks = rec.counting();
  const auto hooked = bounds::spherical_code_bounds(8, Rational(1, 2), o);
  CHECK(hooked.delsarte->certificate.bound == plain.delsarte->certificate.bound);
  CHECK(hooked.delsarte->certificate.coefficients == plain.delsarte->certificate.coefficients);
  check_fractions(rec.fractions);
  CHECK(rec.fractions.size() >= 4);
  // the grid solve, the exchange solves and the Sturm proofs ask too, not only the stages
  CHECK(rec.asked >= 5);
  INFO("questions asked: " << rec.asked);
  // the first questions are the code bound's own, the last one a Delsarte proof's
  Recorder first;
  first.stop_at = 1;
  CHECK_THROWS_MATCHES(bounds::spherical_code_bounds(8, Rational(1, 2), [&] {
                         auto c = o;
                         c.hooks = first.hooks();
                         return c;
                       }()),
                       Cancelled, Catch::Message("codebound: stopped by the caller"));
  Recorder last;
  last.stop_at = rec.asked - 1;  // the final question is codebound's own, the one before a proof's
  o.hooks = last.hooks();
  CHECK_THROWS_MATCHES(bounds::spherical_code_bounds(8, Rational(1, 2), o), Cancelled,
                       Catch::Message("Delsarte certificate: stopped by the caller"));
}

TEST_CASE("1344: bound tables: progress by rows, a stop before any row", "[standard][hooks]") {
  Recorder rec;
  const Table codes = code_bounds_table({3, 4, 5}, {Rational(1, 2)}, false, rec.counting());
  CHECK(codes.rows.size() == 3);
  check_fractions(rec.fractions);
  CHECK(format_table(codes, TableFormat::Csv) ==
        format_table(code_bounds_table({3, 4, 5}, {Rational(1, 2)}, false), TableFormat::Csv));
  // per row: the table's question, then the code bound's two (before Levenshtein and before the rest)
  CHECK(rec.asked == 9);
  auto run = [&](const RunHooks& h) { return code_bounds_table({3, 4, 5}, {Rational(1, 2)}, false, h); };
  check_stop_at(1, "table", run);
  check_stop_at(4, "table", run);
  check_stop_at(2, "codebound", run);
  check_stop_at(9, "codebound", run);
  Recorder mrb;
  bounds::MrbOptions o;
  o.delsarte_max_dimension = 0;
  const std::vector<MarginBias> pairs = {{Rational(1, 10), Rational(0)}};
  const Table t = mrb_bounds_table({8, 16}, pairs, o, mrb.counting());
  CHECK(t.rows.size() == 2);
  check_fractions(mrb.fractions);
  CHECK(mrb.fractions.size() == 3);  // before each row and at the end
  CHECK_THROWS_MATCHES(mrb_bounds_table({8, 16}, pairs, o, RunHooks{[] { return true; }, nullptr}), Cancelled,
                       Catch::Message("table: stopped by the caller"));
}

TEST_CASE("1345: gap: the hypothesis check and the search report progress and stop", "[quick][hooks]") {
  const Configuration c = construct::gap_tight(24);
  const GapPoints p = GapPoints::from_configuration(c);
  Recorder hyp;
  const GapHypotheses h = exact_check_hypotheses(p, std::nullopt, 2, hyp.counting());
  CHECK(h.hold);
  check_fractions(hyp.fractions);
  CHECK(hyp.asked >= 1);
  CHECK_THROWS_AS(exact_check_hypotheses(p, std::nullopt, 2, RunHooks{[] { return true; }, nullptr}), Cancelled);
  GapSearchOptions opt;
  const GapSearchResult plain = search_separating_direction(p, opt);
  Recorder rec;
  opt.hooks = rec.counting();
  const GapSearchResult hooked = search_separating_direction(p, opt);
  CHECK(hooked.check.wrong_v == plain.check.wrong_v);
  CHECK(hooked.direction.g == plain.direction.g);
  CHECK(hooked.lp_solves == plain.lp_solves);
  check_fractions(rec.fractions);
  CHECK(rec.asked >= hooked.lp_solves + hooked.candidates_checked);  // before every solve and every check
  check_stops(rec.asked, "gap search", [&](const RunHooks& hk) {
    opt.hooks = hk;
    return search_separating_direction(p, opt);
  });
}
