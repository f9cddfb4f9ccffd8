// The verify face of the module: constel.verify on in-memory arrays (certified, docs/math.md
// section 1 and 7), verify on embedding files and on .cst files / Configurations (exact), and the
// Configuration class itself. Every report is returned as the dict of the CLI's --json object.
#include <pybind11/stl.h>

#include "bindings.hpp"
#include "constel/error.hpp"
#include "constel/gap/statistics.hpp"
#include "constel/io/cst.hpp"
#include "constel/io/atomic_file.hpp"
#include "constel/io/embedding_file.hpp"
#include "constel/report/histogram_plot.hpp"
#include "constel/report/progress_bar.hpp"
#include "constel/verify/certified_json.hpp"
#include "constel/verify/exact_json.hpp"
#include "convert.hpp"
#include "interrupt.hpp"

namespace constel::python {

namespace {

// screen: None (auto), True (on; InputError without AVX512_BF16) or False (off).
CertifiedOptions certified_options(py::handle m, py::handle b, bool normalize, unsigned threads,
                                   const py::object& screen) {
  CertifiedOptions opt;
  if (!screen.is_none()) {
    opt.screen = screen.cast<bool>() ? ScreenMode::On : ScreenMode::Off;
    if (opt.screen == ScreenMode::On && !bf16_screen_supported())
      throw InputError("screen=True: this processor lacks AVX512_BF16");
  }
  opt.m = to_optional_rational(m, "m");
  opt.b = to_optional_rational(b, "b");
  if (opt.m.has_value() != opt.b.has_value()) throw InputError("m and b go together: give both or neither");
  opt.normalize = normalize;
  opt.threads = threads;
  return opt;
}

// The histogram picture of `constel verify --plot FILE` (report/histogram_plot.hpp), written atomically.
void write_histogram(const std::string& plot, const std::string& title, const CertifiedReport& r) {
  InnerProductHistogram h;
  h.positives = r.positives;
  h.neg_counts = r.neg_hist;
  h.neg_lo = r.neg_hist_lo, h.neg_hi = r.neg_hist_hi;
  h.min_diag = r.min_diag.approx, h.max_offdiag = r.max_offdiag.approx, h.has_offdiag = r.has_offdiag;
  h.title = title;
  write_bytes_atomically(plot, histogram_svg(h));
}

py::dict run_certified(const FloatMatrix& U, const FloatMatrix& V, CertifiedOptions& opt, bool progress,
                       const std::string& plot, const std::string& title) {
  U.throw_if_empty(), V.throw_if_empty();
  CertifiedReport r = run_interruptible([&](const std::function<bool()>& stop) {
    U.throw_if_not_finite(), V.throw_if_not_finite();
    ProgressBar bar("verify", progress, false);  // the CLI's line, drawn also when stderr is no terminal
    CertifiedOptions o = opt;
    o.progress = [&bar](std::size_t done, std::size_t total) { bar.update(done, total); };
    o.stop = stop;
    CertifiedReport rep = certified_verify(U, V, o);
    if (!plot.empty()) write_histogram(plot, title, rep);
    return rep;
  });
  Json j = to_json(r, opt);  // with the modality-gap statistics, as `constel verify --json`
  j["modality_gap"] = to_json(modality_gap_statistics(GapPoints::from_floats(U, V)));
  return json_to_py(j);
}

py::dict verify_arrays(const py::array& U, const std::string& u_stored, const py::array& V,
                       const std::string& v_stored, const py::object& labels, const py::object& m, const py::object& b,
                       bool normalize, unsigned threads, bool progress, const std::string& plot,
                       const py::object& screen) {
  CertifiedOptions opt = certified_options(m, b, normalize, threads, screen);
  if (!labels.is_none()) opt.labels = labels_from_array(labels.cast<py::array>());
  FloatMatrix mu = matrix_from_array(U, u_stored, "U"), mv = matrix_from_array(V, v_stored, "V");
  return run_certified(mu, mv, opt, progress, plot, "Inner products: arrays U / V");
}

py::dict verify_embedding_files(const std::string& u, const std::string& v, const std::string& u_key,
                                const std::string& v_key, const std::string& labels, const std::string& labels_key,
                                const py::object& m, const py::object& b, bool normalize, unsigned threads,
                                bool progress, const std::string& plot, const py::object& screen) {
  CertifiedOptions opt = certified_options(m, b, normalize, threads, screen);
  FloatMatrix U, V;
  {
    py::gil_scoped_release release;
    U = read_embedding_matrix(u, u_key);
    V = read_embedding_matrix(v, v_key);
    if (!labels.empty()) opt.labels = read_labels(labels, labels_key);
  }
  for (const std::string& in : {u, v, labels}) throw_if_same_file(plot, in, "plot and an input");
  return run_certified(U, V, opt, progress, plot, "Inner products: " + u + (u_key.empty() ? "" : ":" + u_key));
}

ExactArithmetic parse_arithmetic(const std::string& s) {
  if (s == "auto") return ExactArithmetic::Auto;
  if (s == "double") return ExactArithmetic::Double;
  if (s == "int128") return ExactArithmetic::Int128;
  if (s == "gmp") return ExactArithmetic::Gmp;
  throw InputError("arithmetic: expected auto, double, int128 or gmp, got '" + s + "'");
}

py::dict verify_configuration(const Configuration& c, const py::object& m, const py::object& b,
                              const std::string& arithmetic, unsigned threads) {
  ExactVerifyOptions opt;
  opt.m = to_optional_rational(m, "m");
  opt.b = to_optional_rational(b, "b");
  if (opt.m.has_value() != opt.b.has_value()) throw InputError("m and b go together: give both or neither");
  opt.arithmetic = parse_arithmetic(arithmetic);
  opt.threads = threads;
  ExactReport r = run_interruptible([&](const std::function<bool()>& stop) {
    ExactVerifyOptions o = opt;
    o.stop = stop;
    return exact_verify(c, o);
  });
  return json_to_py(to_json(r, c, opt));
}

Configuration read_configuration(const std::string& path) {
  py::gil_scoped_release release;
  return read_cst_file(path);
}

// Gram matrix <row i of modality a, row j of modality c> as Fractions (small N only).
py::list gram(const Configuration& c, std::size_t a, std::size_t m) {
  if (a >= c.k() || m >= c.k()) throw InputError("gram: modality out of range (k = " + std::to_string(c.k()) + ")");
  if (c.N() > 2048) throw LimitError("gram: N = " + std::to_string(c.N()) + " is above 2048 (an N x N matrix of Fractions)");
  py::list rows;
  for (std::size_t i = 0; i < c.N(); ++i) {
    py::list row;
    for (std::size_t j = 0; j < c.N(); ++j) row.append(to_fraction(c.inner(a, i, m, j)));
    rows.append(row);
  }
  return rows;
}

// Coordinates as float64 (k, N, d): sqrt(q_j) * r rounded to the nearest double (not exact unless
// every q_j is a square).
py::array_t<double> to_numpy(const Configuration& c) {
  py::array_t<double> out({c.k(), c.N(), c.d()});
  auto v = out.mutable_unchecked<3>();
  std::vector<double> s(c.d());
  for (std::size_t j = 0; j < c.d(); ++j) s[j] = std::sqrt(to_double(c.scale(j)));
  for (std::size_t a = 0; a < c.k(); ++a)
    for (std::size_t i = 0; i < c.N(); ++i)
      for (std::size_t j = 0; j < c.d(); ++j) v(a, i, j) = s[j] * to_double(c.entry(a, i, j));
  return out;
}

py::list fractions(const std::vector<Rational>& xs) {
  py::list l;
  for (const auto& x : xs) l.append(to_fraction(x));
  return l;
}

}  // namespace

void bind_verify(py::module_& m) {
  m.def("verify_arrays", &verify_arrays);
  m.def("_is_view", [](const py::array& a, const std::string& stored) {  // tests: no copy was made
    return matrix_from_array(a, stored, "A").is_view();
  });
  m.def("verify_embedding_files", &verify_embedding_files);
  m.def("verify_configuration", &verify_configuration);
  m.def("verify_cst", [](const std::string& path, const py::object& mm, const py::object& b, const std::string& ar,
                         unsigned threads) { return verify_configuration(read_configuration(path), mm, b, ar, threads); });

  py::class_<Configuration>(m, "Configuration",
                            "An exact configuration (the .cst format, docs/format-cst.md): k modalities of N rows in R^d;\n"
                            "coordinate j of a row is sqrt(q_j) * r with an exact squared scale q_j and an exact entry r.\n"
                            "Made by constel.generate or Configuration.read; verified exactly by constel.verify(config).")
      .def_static("read", &read_configuration, py::arg("path"), "Reads a .cst file (ParseError 'file:line: ...' when malformed).")
      .def("write", [](const Configuration& c, const std::string& path) {
        py::gil_scoped_release release;
        write_cst_file(path, c);
      }, py::arg("path"), "Writes the canonical .cst text to path, atomically.")
      .def("to_cst", [](const Configuration& c) {
        std::ostringstream s;
        write_cst(s, c);
        return s.str();
      }, "The canonical .cst text.")
      .def_property_readonly("N", &Configuration::N, "Rows per modality (pairs for k = 2).")
      .def_property_readonly("d", &Configuration::d, "The dimension.")
      .def_property_readonly("k", &Configuration::k, "The number of modalities (U = 0, V = 1).")
      .def_property_readonly("names", &Configuration::names, "The modalities' names.")
      .def_property_readonly("source", &Configuration::source, "The producer's free-text source line.")
      .def_property_readonly("scales", [](const Configuration& c) { return fractions(c.scales()); },
                             "The squared column scales q_j (Fractions).")
      .def_property_readonly("claim", [](const Configuration& c) -> py::object {
        if (!c.claim()) return py::none();
        return py::make_tuple(to_fraction(c.claim()->m), to_fraction(c.claim()->b));
      }, "The producer's claim (m, b) as Fractions, or None.")
      .def("entries", [](const Configuration& c, std::size_t a) {
        if (a >= c.k()) throw InputError("entries: modality out of range (k = " + std::to_string(c.k()) + ")");
        py::list rows;
        for (std::size_t i = 0; i < c.N(); ++i) {
          py::list row;
          for (std::size_t j = 0; j < c.d(); ++j) row.append(to_fraction(c.entry(a, i, j)));
          rows.append(row);
        }
        return rows;
      }, py::arg("modality"), "The exact entries r of one modality, N lists of d Fractions.")
      .def("inner", [](const Configuration& c, std::size_t a, std::size_t i, std::size_t b, std::size_t j) {
        if (a >= c.k() || b >= c.k() || i >= c.N() || j >= c.N()) throw InputError("inner: index out of range");
        return to_fraction(c.inner(a, i, b, j));
      }, py::arg("a"), py::arg("i"), py::arg("b"), py::arg("j"),
         "The exact inner product <row i of modality a, row j of modality b> (a Fraction).")
      .def("gram", &gram, py::arg("a") = 0, py::arg("b") = 1,
           "The exact N x N matrix of <row i of modality a, row j of modality b> as Fractions (N <= 2048).")
      .def("to_numpy", &to_numpy,
           "The coordinates sqrt(q_j) r as float64, shape (k, N, d): each the nearest double (not exact\n"
           "unless every q_j is a square of a rational); for exact values use entries() and scales.");
}

}  // namespace constel::python
