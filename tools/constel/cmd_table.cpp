// `constel table`: bound tables users consult. N_MRB(d, m, b) over a grid of d ("8,16,32" or "8:4096:x2")
// and (m, b) pairs (--m list x --b list, where b may be "line" for b = 1 - m, plus --point M,B), or with
// --codes N_SC(n, s) over a grid of n and s. CSV (default), Markdown or JSON; canonical output (no
// timings); --header adds the provenance lines of data/ files; -o writes atomically. The work is in
// lib/constel/tables/bound_tables.hpp.
#include <iostream>
#include <memory>

#include "command.hpp"
#include "sdp_option.hpp"
#include "constel/bounds/code_bounds.hpp"
#include "constel/bounds/region.hpp"
#include "constel/error.hpp"
#include "constel/io/atomic_file.hpp"
#include "constel/tables/bound_tables.hpp"
#include "constel/report/grid.hpp"
#include "constel/report/progress_bar.hpp"

namespace constel::tool {
namespace {

struct TableArgs {
  bool codes = false, header = false, no_delsarte = false, quiet = false;
  std::string d = "8:4096:x2", m, b, n = "3:24", s = "1/2", format = "csv", out = "-";
  std::vector<std::string> points;
  SdpArgs sdp;
  std::string sdp_max_n;
};

std::string command_line(const TableArgs& a) {
  std::string c = "constel table";
  if (a.codes) {
    c += " --codes --n " + a.n + " --s " + a.s;
  } else {
    c += " --d " + a.d;
    if (!a.m.empty()) c += " --m " + a.m;
    if (!a.b.empty()) c += " --b " + a.b;
    for (const auto& p : a.points) c += " --point " + p;
  }
  if (a.no_delsarte) c += " --no-delsarte";
  c += a.sdp.command_text();
  if (!a.sdp_max_n.empty()) c += " --sdp-max-n " + a.sdp_max_n;
  if (a.format != "csv") c += " --format " + a.format;
  c += " --header";
  if (a.out != "-") c += " -o " + a.out;
  return c;
}

std::vector<std::string> provenance(const TableArgs& a) {
  return table_provenance(a.codes, command_line(a), a.sdp.asked());
}

// --sdp-max-n: the largest n (or d) the SDP runs at, 3..kSdpMaxDimension (default that limit).
std::size_t sdp_max_dimension(const TableArgs& a) {
  if (a.sdp_max_n.empty()) return bounds::kSdpMaxDimension;
  if (!a.sdp.asked()) throw InputError("--sdp-max-n: only with --sdp");
  return parse_count_option("--sdp-max-n", a.sdp_max_n, 3, bounds::kSdpMaxDimension);
}

std::vector<MarginBias> parse_pairs(const TableArgs& a) {
  std::vector<MarginBias> pairs;
  if (!a.m.empty() || !a.b.empty()) {
    if (a.m.empty() || a.b.empty()) throw InputError("table: give both --m and --b (or --point M,B)");
    auto ms = parse_rational_list("--m", a.m);
    auto bs = split_commas(a.b);
    for (const auto& m : ms) {
      with_option("--m", [&] { bounds::throw_if_bad_margin(m); });
      for (const auto& bt : bs) {
        if (bt.empty()) throw InputError("--b: '" + a.b + "' has an empty item");
        Rational b = bt == "line" ? 1 - m : parse_rational_list("--b", bt)[0];
        with_option("--b", [&] { bounds::throw_if_bad_relative_bias(b); });
        pairs.push_back({m, b});
      }
    }
  }
  for (const auto& p : a.points) {
    auto v = split_commas(p);
    if (v.size() != 2) throw InputError("--point: '" + p + "': expected M,B");
    pairs.push_back({parse_rational_option("--point", v[0]), parse_rational_option("--point", v[1])});
    with_option("--point", [&] { bounds::throw_if_bad_parameters(pairs.back().m, pairs.back().b); });
  }
  if (pairs.empty()) throw InputError("table: give --m and --b, or --point M,B, or --codes");
  for (const auto& p : pairs) {
    bounds::throw_if_bad_parameters(p.m, p.b);
    if (p.m + p.b > 1)
      throw InputError("(m, b) = (" + to_string(p.m) + ", " + to_string(p.b) + ") is infeasible: m + b > 1 (Theorem 3.4)");
  }
  return pairs;
}

int run_table(const TableArgs& a) {
  TableFormat f = with_option("--format", [&] { return parse_table_format(a.format); });
  Table t;
  if (a.codes) {
    auto ns = parse_dimension_grid("--n", a.n, 2, 200);
    auto ss = parse_rational_list("--s", a.s);
    for (const auto& s : ss) with_option("--s", [&] { bounds::throw_if_bad_inner_product(s); });
    CodeTableOptions options;
    options.run_delsarte = !a.no_delsarte;
    options.sdp = a.sdp.options(&options.sdp_degree_at);
    options.sdp_max_dimension = sdp_max_dimension(a);
    ProgressBar progress("table", !a.quiet);  // cleared before the table is printed
    t = code_bounds_table(ns, ss, options, RunHooks{nullptr, progress.hook()});
  } else {
    auto dims = parse_dimension_grid("--d", a.d, 2, 1000000);
    auto pairs = parse_pairs(a);
    bounds::MrbOptions options;
    if (a.no_delsarte) options.delsarte_max_dimension = 0;
    options.sdp = a.sdp.options();
    options.sdp_max_dimension = sdp_max_dimension(a);
    ProgressBar progress("table", !a.quiet);
    t = mrb_bounds_table(dims, pairs, options, RunHooks{nullptr, progress.hook()});
  }
  std::string text;
  if (f == TableFormat::Json) {
    Json o = table_json(t);
    if (a.header) o["provenance"] = provenance(a);
    text = o.dump(2) + "\n";
  } else {
    if (a.header) {
      if (f == TableFormat::Csv) {
        text = provenance_block(provenance(a));
      } else {
        for (const auto& l : provenance(a)) text += "<!-- " + l + " -->\n";
        text += "\n";
      }
    }
    text += format_table(t, f);
  }
  if (a.out == "-")
    std::cout << text;
  else
    write_bytes_atomically(a.out, text);
  return 0;
}

const CommandRegistrar registrar(
    "table", "Bound tables: N_MRB over d and (m, b), or spherical codes N_SC over n and s (--codes)",
    [](CLI::App& app) -> RunFunction {
      auto a = std::make_shared<TableArgs>();
      app.add_option("--d", a->d, "Dimensions: list and ranges, e.g. 8,16,32 or 8:4096:x2 or 8:4096:x2,768 (default 8:4096:x2)");
      app.add_option("--m", a->m, "Margins, comma-separated exact numbers (0.1 is 1/10)");
      app.add_option("--b", a->b, "Relative biases, comma-separated; 'line' means b = 1 - m");
      app.add_option("--point", a->points, "An extra (m, b) pair M,B (repeatable)");
      app.add_flag("--codes", a->codes, "Spherical-code table N_SC(n, s) instead");
      app.add_option("--n", a->n, "With --codes: dimensions n (default 3:24, at most 200)");
      app.add_option("--s", a->s, "With --codes: max inner products s, comma-separated (default 1/2)");
      app.add_option("--format", a->format, "csv (default), md or json");
      app.add_option("-o,--output", a->out, "Output file, written atomically (default '-': stdout)");
      app.add_flag("--header", a->header, "Start with provenance lines (command, version, date, arithmetic)");
      app.add_flag("--no-delsarte", a->no_delsarte, "Skip the certified Delsarte LP (faster, weaker upper bounds)");
      app.add_flag("--quiet", a->quiet, "No progress line on the terminal");
      a->sdp.add_to(app,
                    "Three-point SDP degree (default 6; 2..14; implies --sdp); with --codes also K,n:K,... (n:K the "
                    "degree at n, K elsewhere)");
      app.add_option("--sdp-max-n", a->sdp_max_n,
                     "With --sdp: run it only for n (or d) up to this (3..24, default 24)");
      app.footer(
          "With --sdp the code table gains the columns sdp and sdp_degree (certified three-point values, n <= 24,\n"
          "s > 0) and the N_MRB table's upper bounds use it for d <= 24; defaults are unchanged without it.\n"
          "Output is canonical: fixed columns and number formats, no timings (dates only with --header).\n"
          "Columns are described in docs/tables.md. Exit status: 0 on success, 2 on bad input.\n"
          "Examples: constel table --d 8:4096:x2 --m 0.01,0.1 --b 0,line --point 0.0695,0.068\n"
          "          constel table --codes --n 3:24 --s 1/2 --format md");
      return [a]() -> int { return run_table(*a); };
    });

}  // namespace
}  // namespace constel::tool
