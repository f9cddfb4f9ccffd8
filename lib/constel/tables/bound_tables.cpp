// Building the N_MRB and N_SC tables (see bound_tables.hpp).
#include "constel/tables/bound_tables.hpp"

#include <algorithm>
#include <cmath>
#include <ctime>

#include "constel/bounds/code_bounds.hpp"
#include "constel/choose/explicit.hpp"
#include "constel/codes/catalog.hpp"
#include "constel/tables/kissing_records.hpp"
#include "constel/version.hpp"

namespace constel {
namespace {

const Integer& integer_limit() {
  static const Integer limit = Integer(1) << 63;
  return limit;
}

// The exact integer when it is below 2^63 (as in `constel bound --json`), else empty (see the log10 column).
TableCell value_cell(const bounds::SizeBound& b) {
  if (b.infinite || !b.value || *b.value >= integer_limit()) return text_cell("");
  return integer_cell(*b.value);
}

// log10 with 4 decimals rounded the safe way for the column: up for upper bounds (side +1), down for
// lower bounds (side -1), so the printed number is itself a bound.
TableCell directed_log10_cell(double x, int side) {
  if (std::isnan(x)) return log10_cell(x);
  return {bounds::log10_text(x, side), true};
}

TableCell size_log10_cell(const bounds::SizeBound& b, int side) {
  if (b.infinite) return log10_cell(HUGE_VAL);
  return directed_log10_cell(b.log10, side);
}

// The integer when known, else "10^x" (log10 with 4 decimals, rounded the safe way for `side`).
TableCell size_cell(const bounds::SizeBound& b, int side) {
  if (b.infinite) return text_cell("inf");
  if (b.value && *b.value < integer_limit()) return integer_cell(*b.value);
  return text_cell("10^" + bounds::log10_text(b.log10, side));
}

}  // namespace

const std::vector<std::string>& mrb_table_columns() {
  static const std::vector<std::string> c = {
      "d", "m", "b", "m_decimal", "b_decimal", "alpha", "region", "log10_lower", "lower", "lower_method",
      "log10_upper", "upper", "upper_method", "log10_theorem35", "explicit_construction", "explicit_code",
      "explicit_pairs", "log10_explicit", "explicit_command"};
  return c;
}

const std::vector<std::string>& code_table_columns(bool sdp) {
  static const std::vector<std::string> c = {
      "n", "s", "rankin", "levenshtein", "levenshtein_degree", "delsarte", "delsarte_degree", "log10_volume",
      "csw_lower", "explicit_code", "explicit_points", "best_lower", "best_lower_method", "best_upper",
      "best_upper_method", "record", "record_status"};
  static const std::vector<std::string> with_sdp = [] {
    std::vector<std::string> w = c;
    w.insert(w.begin() + 7, {"sdp", "sdp_degree"});
    return w;
  }();
  return sdp ? with_sdp : c;
}

Table mrb_bounds_table(const std::vector<std::size_t>& dims, const std::vector<MarginBias>& pairs,
                       const bounds::MrbOptions& options, const RunHooks& hooks) {
  Table t;
  t.columns = mrb_table_columns();
  bounds::MrbOptions cell_options = options;
  cell_options.hooks.stop = hooks.stop;
  const double cells = double(pairs.size() * dims.size());
  for (const auto& p : pairs)
    for (std::size_t d : dims) {
      hooks.throw_if_stopped("table");
      hooks.report(double(t.rows.size()) / cells);
      auto r = bounds::mrb_bounds(d, p.m, p.b, cell_options);
      std::vector<TableCell> row = {integer_cell(Integer(d)), text_cell(to_string(p.m)), text_cell(to_string(p.b)),
                                    decimal_cell(p.m), decimal_cell(p.b),
                                    text_cell(r.region.alpha ? to_string(*r.region.alpha) : ""), text_cell(r.region.name),
                                    size_log10_cell(r.lower, -1), value_cell(r.lower), text_cell(r.lower.method),
                                    size_log10_cell(r.upper, 1), value_cell(r.upper), text_cell(r.upper.method)};
      TableCell t35 = text_cell("");
      for (const auto& u : r.upper_all)
        if (u.method.find("3.5") != std::string::npos) t35 = size_log10_cell(u, 1);
      row.push_back(t35);
      auto c = choose::best_explicit_construction(d, p.m, p.b);
      if (c) {
        row.push_back(text_cell(c->construction));
        row.push_back(text_cell(c->code_spec));
        row.push_back(c->N < integer_limit() ? integer_cell(c->N) : text_cell(""));
        row.push_back(directed_log10_cell(bounds::log10_of(Rational(c->N)), -1));
        choose::set_count(*c, c->N);  // a linear code too large to write: the command writes what fits
        row.push_back(text_cell(choose::generate_command(*c, to_string(p.m), to_string(p.b))));
      } else {
        for (int i = 0; i < 5; ++i) row.push_back(text_cell(""));
      }
      t.add_row(std::move(row));
    }
  hooks.report(1.0);
  return t;
}

Table code_bounds_table(const std::vector<std::size_t>& ns, const std::vector<Rational>& ss,
                        const CodeTableOptions& table_options, const RunHooks& hooks) {
  Table t;
  t.columns = code_table_columns(table_options.sdp.has_value());
  std::vector<Rational> sorted = ss;
  std::sort(sorted.begin(), sorted.end());
  bounds::CodeBoundOptions options;
  options.run_delsarte = table_options.run_delsarte;
  const double cells = double(sorted.size() * ns.size());
  for (const auto& s : sorted)
    for (std::size_t n : ns) {
      hooks.throw_if_stopped("table");
      const double done = double(t.rows.size());
      options.hooks = stage_hooks(hooks, done / cells, (done + 1) / cells);
      options.sdp.reset();
      if (table_options.sdp && n >= 3 && n <= table_options.sdp_max_dimension && s > 0) {
        options.sdp = table_options.sdp;
        if (auto it = table_options.sdp_degree_at.find(n); it != table_options.sdp_degree_at.end())
          options.sdp->degree = it->second;
      }
      auto r = bounds::spherical_code_bounds(n, s, options);
      std::vector<TableCell> row = {integer_cell(Integer(n)), text_cell(to_string(s)),
                                    r.rankin ? integer_cell(*r.rankin) : text_cell("")};
      if (r.levenshtein) {
        row.push_back(r.levenshtein->exact ? decimal_up_cell(*r.levenshtein->exact)
                                           : text_cell("10^" + bounds::log10_text(r.levenshtein->log10, 1)));
        row.push_back(integer_cell(Integer(r.levenshtein->degree)));
      } else {
        row.push_back(text_cell("")), row.push_back(text_cell(""));
      }
      if (r.delsarte && r.delsarte->certified) {
        row.push_back(decimal_up_cell(r.delsarte->certificate.bound));
        row.push_back(integer_cell(Integer(r.delsarte->degree)));
      } else {
        row.push_back(text_cell("")), row.push_back(text_cell(""));
      }
      if (table_options.sdp) {
        const bool ok = r.sdp && r.sdp->certified;
        row.push_back(ok ? decimal_up_cell(r.sdp->certificate.bound) : text_cell(""));
        row.push_back(ok ? integer_cell(Integer(r.sdp->degree)) : text_cell(""));
      }
      row.push_back(r.volume ? size_log10_cell(*r.volume, 1) : text_cell(""));
      row.push_back(r.csw ? size_cell(*r.csw, -1) : text_cell(""));
      auto code = codes::best_explicit_code(n, s);
      if (code) {
        row.push_back(text_cell(code->spec));
        row.push_back(integer_cell(code->N));
      } else {
        row.push_back(text_cell("")), row.push_back(text_cell(""));
      }
      row.push_back(size_cell(r.best_lower, -1));
      row.push_back(text_cell(r.best_lower.method));
      row.push_back(size_cell(r.best_upper, 1));
      row.push_back(text_cell(r.best_upper.method));
      auto record = s == Rational(1, 2) ? kissing_record(n) : std::nullopt;  // kissing configurations: s = 1/2
      row.push_back(record ? integer_cell(*record) : text_cell(""));
      row.push_back(text_cell(record ? kissing_record_status(n, code ? code->N : Integer(0)) : ""));
      t.add_row(std::move(row));
    }
  hooks.report(1.0);
  return t;
}

std::vector<std::string> table_provenance(bool codes, const std::string& command, bool sdp) {
  char date[32];
  std::time_t now = std::time(nullptr);
  std::strftime(date, sizeof date, "%Y-%m-%d", std::gmtime(&now));
  std::vector<std::string> l = {std::string("constel ") + CONSTEL_VERSION_STRING + ": " + command,
                                std::string("generated ") + date + " (UTC)"};
  if (codes) {
    l.push_back("N_SC(n, s): the largest number of points on S^(n-1) with pairwise inner products <= s (docs/math.md section 5)");
    l.push_back("rankin: exact (s <= 0); levenshtein: exact rational, printed rounded UP to 6 decimals (10^x from interval");
    l.push_back("arithmetic beyond degree 12000); delsarte: certified exactly (rational polynomial after the exchange step and");
    l.push_back("touch-point polish, Sturm sequences), rounded UP to 6 decimals, within 1e-6 of the LP optimum of its degree;");
    if (sdp) {
      l.push_back("sdp: the three-point SDP bound (Bachoc-Vallentin; SDPA, then rounded to rationals and proved exactly,");
      l.push_back("re-checkable with constel codebound --check), rounded UP to 6 decimals, at degree sdp_degree; empty where");
      l.push_back("not run (s <= 0, n outside 3..--sdp-max-n) or not certified; best_upper_method: the method that gives");
      l.push_back("best_upper on that row (Levenshtein, Delsarte, three-point SDP or Rankin);");
    } else {
      l.push_back("best_upper_method: the method that gives best_upper on that row (three-point SDP bounds are not computed);");
    }
    l.push_back("log10_volume: Arb ball, upper end rounded up; csw_lower: ceil(1/Gamma_n(s)), Arb ball, lower end rounded down;");
    l.push_back("explicit_code: the largest code of the toolkit's table (constel generate --code SPEC) fitting R^n with alpha <= s");
    l.push_back("record (s = 1/2, n <= 24): the best known kissing number (literature: root systems, BW16, Leech; the Nebe-Sloane table");
    l.push_back("with Ganzhinov 2022 and Cohn-Li 2024 for n = 9..23); record_status: reached by explicit_code, or why not");
    l.push_back("(docs/constructions.md, Kissing records); Lambda_n counts: SPLAG Table 6.3, recomputed by the builder");
  } else {
    l.push_back("N_MRB(d, m, b): the largest number of pairs of an (m, b)-constellation in S^(d-1) (docs/math.md section 4)");
    l.push_back("lower/upper: exact integers when below 10^40; log10 columns in double, 4 decimals; methods as constel bound;");
    l.push_back("upper: certified (Levenshtein exact, Delsarte LP certified exactly for d <= 24 unless --no-delsarte, volume and");
    l.push_back("Theorem 3.5 in Arb balls, rounded up); lower: Chabauty-Shannon-Wyner in Arb balls, rounded down, or an explicit code;");
    l.push_back("explicit_*: the construction (line or lift, docs/math.md sections 3.1-3.2) and code spec for constel generate;");
    l.push_back("codes beyond 2^23 coordinates are binary linear codes with a proved distance (BCH, Reed-Solomon concatenated,");
    l.push_back("Reed-Muller; docs/math.md section 3.7): explicit by their generator matrix, explicit_command writes what fits (--count)");
    if (sdp)
      l.push_back("with --sdp: upper also takes the certified three-point SDP bound on N_SC(d, alpha) for 3 <= d <= --sdp-max-n");
  }
  return l;
}

}  // namespace constel
