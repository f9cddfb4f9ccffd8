// The bounds face of the module: bound, codebound, check_certificate, choose_d (and margin_for),
// table, the two SVG pictures, the code catalog, generate and params. Each returns the dict of the
// CLI's --json object (or SVG/CSV text, or a Configuration), and computes with the GIL released.
#include <pybind11/stl.h>

#include <fstream>
#include <sstream>

#include "bindings.hpp"
#include "constel/bounds/bounds_json.hpp"
#include "constel/bounds/region.hpp"
#include "constel/choose/choose_json.hpp"
#include "constel/gap/params.hpp"
#include "constel/construct/catalog_json.hpp"
#include "constel/construct/generate.hpp"
#include "constel/error.hpp"
#include "constel/io/atomic_file.hpp"
#include "constel/construct/float_claim.hpp"
#include "constel/io/npz_writer.hpp"
#include "constel/report/grid.hpp"
#include "constel/report/region_plot.hpp"
#include "constel/tables/bound_tables.hpp"
#include "constel/tables/bounds_plot.hpp"
#include "convert.hpp"
#include "interrupt.hpp"

namespace constel::python {

namespace {

// The text a user would have typed: a str as given (the CLI echoes it in commands and labels), else
// the canonical fraction.
std::string number_text(const py::object& given, const Rational& value) {
  return py::isinstance<py::str>(given) ? given.cast<std::string>() : to_string(value);
}

// The three-point SDP's options from the keywords sdp and sdp_degree (either asks for it), as the CLI's
// --sdp and --sdp-degree; nullopt when neither is given.
std::optional<bounds::ThreePointOptions> three_point_options(bool sdp, const py::object& sdp_degree) {
  if (!sdp && sdp_degree.is_none()) return std::nullopt;
  bounds::ThreePointOptions three;
  if (!sdp_degree.is_none()) {
    three.degree = to_count(sdp_degree, "sdp_degree");
    if (three.degree < 2 || three.degree > bounds::kMaxThreePointDegree)
      throw InputError("sdp_degree: must lie in 2.." + std::to_string(bounds::kMaxThreePointDegree) + ", got " +
                       std::to_string(three.degree));
  }
  return three;
}

py::dict bound(const py::object& d, const py::object& m, const py::object& b, bool sdp, const py::object& sdp_degree) {
  std::uint64_t dim = to_count(d, "d");
  Rational mm = to_rational(m, "m"), bb = to_rational(b, "b");
  bounds::MrbOptions options;
  options.sdp = three_point_options(sdp, sdp_degree);
  // Ctrl-C stops the Delsarte LP and the SDP between their phases (interrupt.hpp)
  bounds::MrbBounds r = run_interruptible([&](const std::function<bool()>& stop) {
    options.hooks.stop = stop;
    return bounds::mrb_bounds(dim, mm, bb, options);
  });
  return json_to_py(bounds::to_json(r));
}

py::dict codebound(const py::object& n_obj, const py::object& s_obj, const py::object& degree,
                   const py::object& certificate, bool sdp, const py::object& sdp_degree,
                   const py::object& sdp_certificate, bool sdp_scale_rows) {
  std::uint64_t n = to_count(n_obj, "n");
  if (n < 2) throw InputError("n: the dimension must be >= 2, got " + std::to_string(n));
  if (n > 1000000) throw LimitError("n: dimensions above 1000000 are not supported, got " + std::to_string(n));
  Rational s = to_rational(s_obj, "s");
  if (s < -1 || s >= 1) throw InputError("s: the max inner product must lie in [-1, 1), got " + to_string(s));
  bounds::CodeBoundOptions opt;
  if (!degree.is_none()) opt.delsarte.degree = to_count(degree, "degree");
  std::string path = certificate.is_none() ? "" : py::str(certificate).cast<std::string>();
  std::string sdp_path = sdp_certificate.is_none() ? "" : py::str(sdp_certificate).cast<std::string>();
  if (sdp || sdp_scale_rows || !sdp_degree.is_none() || !sdp_path.empty()) {  // as the CLI: each implies sdp
    if (n < 3) throw InputError("sdp: the three-point bound needs n >= 3");
    opt.sdp = three_point_options(true, sdp_degree);
    opt.sdp->scale_rows = sdp_scale_rows;
  }
  // Ctrl-C stops the Delsarte LP between GLPK chunks and proofs, the SDP between its phases (not inside
  // SDPA's solve, which has no callback): interrupt.hpp, docs/python.md.
  bounds::CodeBoundReport r = run_interruptible([&](const std::function<bool()>& stop) {
    opt.hooks.stop = stop;
    bounds::CodeBoundReport rep = bounds::spherical_code_bounds(n, s, opt);
    if (!sdp_path.empty()) {
      if (!rep.sdp || !rep.sdp->certified)
        throw InputError("sdp_certificate: no certified three-point bound to write (" +
                         (rep.sdp ? rep.sdp->note : std::string("not run")) + ")");
      std::string text = bounds::format_three_point_certificate(rep.sdp->certificate);
      write_file_atomically(sdp_path, [&](std::ostream& o) { o << text; });
    }
    if (!path.empty()) {
      if (!rep.delsarte || !rep.delsarte->certified)
        throw InputError("certificate: no certified Delsarte polynomial to write (" +
                         (rep.delsarte ? rep.delsarte->note : std::string("not run")) + ")");
      std::string text = bounds::format_delsarte_certificate(rep.delsarte->certificate);
      write_file_atomically(path, [&](std::ostream& o) { o << text; });
    }
    return rep;
  });
  return json_to_py(bounds::to_json(r));
}

void check_certificate_matches(std::size_t file_n, const Rational& file_s, const py::object& n, const py::object& s) {
  if (!n.is_none() && to_count(n, "n") != file_n)
    throw InputError("check_certificate: the certificate is for n = " + std::to_string(file_n) + ", not " +
                     py::str(n).cast<std::string>());
  if (!s.is_none() && to_rational(s, "s") != file_s)
    throw InputError("check_certificate: the certificate is for s = " + to_string(file_s) + ", not " +
                     py::str(s).cast<std::string>());
}

// The object of `constel codebound --check FILE --json` (a Delsarte or a three-point certificate).
py::dict check_certificate(const std::string& path, const py::object& n, const py::object& s) {
  std::string text;
  {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw InputError("check_certificate: cannot read '" + path + "'");
    std::ostringstream ss;
    ss << in.rdbuf();
    text = ss.str();
  }
  if (bounds::is_three_point_certificate(text)) {
    bounds::ThreePointCertificate c = bounds::parse_three_point_certificate(text, path);
    check_certificate_matches(c.n, c.s, n, s);
    std::string why;
    std::optional<Rational> proved;
    {
      ComputeScope scope;
      proved = bounds::check_three_point(c, why);
    }
    return json_to_py(bounds::three_point_check_json(c, proved, why));
  }
  auto p = bounds::parse_delsarte_certificate(text, path);
  check_certificate_matches(p.n, p.s, n, s);
  bounds::CertificateCheck check;
  {
    ComputeScope scope;
    check = bounds::check_delsarte_certificate(p);
  }
  return json_to_py(bounds::to_json(check));
}

std::vector<Integer> pair_counts(const py::list& Ns) {
  std::vector<Integer> out;
  for (auto x : Ns) {
    if (py::isinstance<py::bool_>(x)) throw InputError("N: expected an integer, got bool");
    out.push_back(choose::parse_pair_count("N", py::str(x).cast<std::string>()));
  }
  if (out.empty()) throw InputError("choose_d: give N (one or more)");
  return out;
}

// The object of `constel choose-d --json`.
py::dict choose_d(const py::list& Ns, const py::object& m_obj, const py::object& b_obj, const py::object& max_d_obj,
                  bool delsarte, bool sdp, const py::object& sdp_degree) {
  auto counts = pair_counts(Ns);
  Rational m = to_rational(m_obj, "m"), b = to_rational(b_obj, "b");
  std::uint64_t max_d = to_count(max_d_obj, "max_d");
  const std::string m_text = number_text(m_obj, m), b_text = number_text(b_obj, b);
  choose::ChooseDReport report{m, b, max_d, {}};
  bounds::MrbOptions options;
  if (!delsarte) options.delsarte_max_dimension = 0;
  options.sdp = three_point_options(sdp, sdp_degree);
  report.results = run_interruptible([&](const std::function<bool()>& stop) {
    choose::throw_if_bad_target(m, b);
    if (max_d < 2 || max_d > 1000000) throw InputError("max_d: must be in [2, 1000000]");
    options.hooks.stop = stop;
    choose::BoundCache cache(m, b, options);
    std::vector<choose::ChooseDResult> results;
    for (const auto& N : counts) results.push_back(choose::choose_d(cache, N, m_text, b_text, max_d));
    return results;
  });
  return json_to_py(choose::to_json(report));
}

// The object of `constel choose-d --margin-for --json`.
py::dict margin_for(const py::object& d_obj, const py::list& Ns, const py::object& b_obj, const py::object& res_obj,
                    bool delsarte, bool sdp, const py::object& sdp_degree) {
  auto counts = pair_counts(Ns);
  std::uint64_t d = to_count(d_obj, "d");
  std::optional<Rational> b = to_optional_rational(b_obj, "b");
  Rational res = to_rational(res_obj, "resolution");
  choose::MarginReport report{d, b, res, {}};
  bounds::MrbOptions options;
  if (!delsarte) options.delsarte_max_dimension = 0;
  options.sdp = three_point_options(sdp, sdp_degree);
  report.results = run_interruptible([&](const std::function<bool()>& stop) {
    options.hooks.stop = stop;
    std::vector<choose::MarginResult> results;
    for (const auto& N : counts) results.push_back(choose::margin_for(d, N, b, res, options));
    return results;
  });
  return json_to_py(choose::to_json(report));
}

std::string text_of(py::handle v) {
  if (py::isinstance<py::str>(v)) return v.cast<std::string>();
  if (py::isinstance<py::list>(v) || py::isinstance<py::tuple>(v)) {
    std::string s;
    for (auto x : v) s += (s.empty() ? "" : ",") + text_of(x);
    return s;
  }
  if (py::isinstance<py::float_>(v) || py::hasattr(v, "numerator")) return to_string(to_rational(v, "value"));
  return py::str(v);
}

// MRB pairs from the lists of table(): m x b (b may be "line") and extra points.
std::vector<MarginBias> table_pairs(const py::object& m, const py::object& b, const py::list& points) {
  std::vector<MarginBias> pairs;
  auto as_list = [](const py::object& x) {
    py::list l;
    if (py::isinstance<py::list>(x) || py::isinstance<py::tuple>(x))
      for (auto y : x) l.append(y);
    else
      l.append(x);
    return l;
  };
  if (!m.is_none() || !b.is_none()) {
    if (m.is_none() || b.is_none()) throw InputError("table: give both m and b (or points)");
    for (auto mv : as_list(m)) {
      Rational mr = to_rational(mv, "m");
      for (auto bv : as_list(b)) {
        bool line = py::isinstance<py::str>(bv) && bv.cast<std::string>() == "line";
        pairs.push_back({mr, line ? Rational(1 - mr) : to_rational(bv, "b")});
      }
    }
  }
  for (auto p : points) {
    auto t = p.cast<py::tuple>();
    if (t.size() != 2) throw InputError("points: expected (m, b) pairs");
    pairs.push_back({to_rational(t[0], "points"), to_rational(t[1], "points")});
  }
  if (pairs.empty()) throw InputError("table: give m and b, or points, or codes=True");
  for (const auto& p : pairs) {
    bounds::throw_if_bad_parameters(p.m, p.b);
    if (p.m + p.b > 1)
      throw InputError("(m, b) = (" + to_string(p.m) + ", " + to_string(p.b) + ") is infeasible: m + b > 1 (Theorem 3.4)");
  }
  return pairs;
}

// (table JSON {"columns", "rows"}, CSV text, Markdown text) of `constel table`; with a non-empty
// `header` (the call as text) the provenance lines of `--header` lead each (JSON: "provenance").
py::tuple table(bool codes, const py::object& d, const py::object& m, const py::object& b, const py::list& points,
                const py::object& n, const py::object& s, bool delsarte, const std::string& header, bool sdp,
                const py::object& sdp_degree, const py::object& sdp_max_n) {
  Table t;
  const std::optional<bounds::ThreePointOptions> three = three_point_options(sdp, sdp_degree);
  std::size_t sdp_max = bounds::kSdpMaxDimension;
  if (!sdp_max_n.is_none()) {
    if (!three) throw InputError("sdp_max_n: only with sdp");
    sdp_max = to_count(sdp_max_n, "sdp_max_n");
    if (sdp_max < 3 || sdp_max > bounds::kSdpMaxDimension)
      throw InputError("sdp_max_n: must lie in 3.." + std::to_string(bounds::kSdpMaxDimension) + ", got " +
                       std::to_string(sdp_max));
  }
  if (codes) {
    auto ns = parse_dimension_grid("n", text_of(n), 2, 200);
    auto ss = parse_rational_list("s", text_of(s));
    for (const auto& x : ss)
      if (x < -1 || x >= 1) throw InputError("s: " + to_string(x) + " is outside [-1, 1)");
    CodeTableOptions options;
    options.run_delsarte = delsarte;
    options.sdp = three;
    options.sdp_max_dimension = sdp_max;
    t = run_interruptible([&](const std::function<bool()>& stop) {
      return code_bounds_table(ns, ss, options, RunHooks{stop, nullptr});
    });
  } else {
    auto dims = parse_dimension_grid("d", text_of(d), 2, 1000000);
    auto pairs = table_pairs(m, b, points);
    bounds::MrbOptions options;
    if (!delsarte) options.delsarte_max_dimension = 0;
    options.sdp = three;
    options.sdp_max_dimension = sdp_max;
    t = run_interruptible([&](const std::function<bool()>& stop) {
      return mrb_bounds_table(dims, pairs, options, RunHooks{stop, nullptr});
    });
  }
  Json j = table_json(t);
  std::string csv = format_table(t, TableFormat::Csv), md = format_table(t, TableFormat::Markdown);
  if (!header.empty()) {
    const std::vector<std::string> lines = table_provenance(codes, header, three.has_value());
    j["provenance"] = lines;
    csv = provenance_block(lines) + csv;
    std::string comments;
    for (const auto& l : lines) comments += "<!-- " + l + " -->\n";
    md = comments + "\n" + md;
  }
  return py::make_tuple(json_to_py(j), csv, md);
}

std::string plot_region(const py::list& points, bool reference) {
  std::vector<LabeledPoint> pts;
  if (reference) pts = siglip_reference_points();
  for (auto p : points) {
    auto t = p.cast<py::tuple>();
    if (t.size() != 3) throw InputError("points: expected (label, m, b) triples");
    pts.push_back({py::str(t[0]), to_double(to_rational(t[1], "points")), to_double(to_rational(t[2], "points"))});
  }
  return region_svg(pts);
}

std::string plot_bounds(const py::object& m_obj, const py::object& b_obj, const py::object& d, bool delsarte) {
  Rational m = to_rational(m_obj, "m"), b = to_rational(b_obj, "b");
  auto dims = parse_dimension_grid("d", text_of(d), 2, 1000000, 2000);
  bounds::MrbOptions options;
  if (!delsarte) options.delsarte_max_dimension = 0;
  ComputeScope scope;
  auto series = bounds_series(dims, m, b, options);
  return bounds_svg(series, number_text(m_obj, m), number_text(b_obj, b));
}

Configuration generate(const std::string& name, const std::string& code, const std::string& input,
                       const py::object& m, const py::object& b, const py::object& delta2, const py::object& phi2,
                       const py::object& k, const py::object& N) {
  construct::GenerateRequest r;
  r.construction = name;
  r.code = code;
  r.input = input;
  r.m = to_optional_rational(m, "m");
  r.b = to_optional_rational(b, "b");
  r.delta2 = to_optional_rational(delta2, "delta2");
  r.phi2 = to_optional_rational(phi2, "phi2");
  if (!k.is_none()) r.k = to_count(k, "k");
  if (!N.is_none()) r.N = to_count(N, "N");
  ComputeScope scope;
  return construct::generate(r);
}

py::dict params(const py::object& scale, const py::object& bias, const py::object& t, const py::object& b,
                const py::object& b_rel, unsigned digits) {
  const bool from_hf = !scale.is_none() || !bias.is_none();
  const bool from_paper = !t.is_none() || !b.is_none() || !b_rel.is_none();
  if (from_hf == from_paper)
    throw InputError("params: give logit_scale and logit_bias, or t with b or b_rel");
  ParamsConversion r;
  if (from_hf) {
    if (scale.is_none() || bias.is_none()) throw InputError("params: logit_scale and logit_bias go together");
    r = params_from_hf(to_rational(scale, "logit_scale"), to_rational(bias, "logit_bias"), digits);
  } else {
    if (t.is_none() || b.is_none() == b_rel.is_none())
      throw InputError("params: give t with exactly one of b and b_rel");
    Rational tt = to_rational(t, "t");
    r = b.is_none() ? params_from_t_b_rel(tt, to_rational(b_rel, "b_rel"), digits)
                    : params_from_t_b(tt, to_rational(b, "b"), digits);
  }
  return json_to_py(to_json(r));
}

}  // namespace

void bind_bounds(py::module_& m) {
  m.def("bound", &bound);
  m.def("codebound", &codebound);
  m.def("check_certificate", &check_certificate);
  m.def("choose_d", &choose_d);
  m.def("margin_for", &margin_for);
  m.def("table", &table);
  m.def("plot_region", &plot_region);
  m.def("plot_bounds", &plot_bounds);
  m.def("generate", &generate);
  m.def("params", &params);
  m.def("write_npz", [](const Configuration& c, const std::string& path) {
    py::gil_scoped_release release;
    // floats that keep a verified claim (docs/constructions.md "Float output"), as `constel generate`
    write_npz_file(path, construct::float_arrays(c).arrays);
  });
  m.def("codes", [] { return json_to_py(construct::catalog_to_json()); });
}

}  // namespace constel::python
