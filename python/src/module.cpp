// The `_constel` extension module (docs/python.md): the library's exception hierarchy mapped to
// Python exceptions (constel.InputError is a ValueError, constel.InternalError a RuntimeError, both
// below constel.Error), and the parts bound in bind_*.cpp. The public API, its docstrings and the
// result objects are the pure-Python package python/constel/ around this module.
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include <optional>

#include "bindings.hpp"
#include "constel/blas_threads.hpp"
#include "constel/error.hpp"
#include "constel/memory_limit.hpp"
#include "convert.hpp"

namespace py = pybind11;

namespace {

PyObject* new_exception(const char* name, const char* doc, PyObject* bases) {
  PyObject* e = PyErr_NewExceptionWithDoc(name, doc, bases, nullptr);
  if (!e) throw py::error_already_set();
  return e;
}

}  // namespace

PYBIND11_MODULE(_constel, m) {
  m.doc() = "constel's C++ library (internal module; use the constel package)";
  static PyObject* error = new_exception("constel.Error", "Base of every error constel raises.", PyExc_Exception);
  py::tuple input_bases = py::make_tuple(py::handle(error), py::handle(PyExc_ValueError));
  static PyObject* input = new_exception(
      "constel.InputError", "Bad input: a malformed file, a bad number, an infeasible parameter (CLI exit 2).",
      input_bases.ptr());
  static PyObject* parse = new_exception(
      "constel.ParseError", "A malformed file; the message starts with 'file:line: '.", py::make_tuple(py::handle(input)).ptr());
  static PyObject* limit = new_exception(
      "constel.LimitError", "A request beyond the library's limits (memory, degree, size); an InputError.",
      py::make_tuple(py::handle(input)).ptr());
  py::tuple internal_bases = py::make_tuple(py::handle(error), py::handle(PyExc_RuntimeError));
  static PyObject* internal = new_exception(
      "constel.InternalError", "A broken invariant inside constel (a bug) or a failed system call (CLI exit 3).",
      internal_bases.ptr());
  m.attr("Error") = py::handle(error);
  m.attr("InputError") = py::handle(input);
  m.attr("ParseError") = py::handle(parse);
  m.attr("LimitError") = py::handle(limit);
  m.attr("InternalError") = py::handle(internal);
  py::register_exception_translator([](std::exception_ptr p) {
    try {
      if (p) std::rethrow_exception(p);
    } catch (const constel::ParseError& e) {
      PyErr_SetString(parse, e.what());
    } catch (const constel::LimitError& e) {
      PyErr_SetString(limit, e.what());
    } catch (const constel::InputError& e) {
      PyErr_SetString(input, e.what());
    } catch (const constel::Error& e) {
      PyErr_SetString(internal, e.what());
    }
  });
  m.def("blas_threads", &constel::blas_thread_count, "The process's OpenBLAS thread count (1 without OpenBLAS).");
  // The process-wide memory limit (constel.set_max_memory, docs/python.md): None is no limit.
  m.def("_set_memory_limit", [](std::optional<std::uint64_t> bytes) {
    constel::set_memory_limit(bytes ? *bytes : constel::kNoMemoryLimit);
  });
  m.def("_memory_limit", []() -> std::optional<std::uint64_t> {
    const std::uint64_t v = constel::memory_limit();
    if (v == constel::kNoMemoryLimit) return std::nullopt;
    return v;
  });
  m.def("_default_memory_limit", &constel::default_memory_limit);
  m.def("_parse_memory_size", [](const std::string& text) -> std::optional<std::uint64_t> {
    const std::uint64_t v = constel::parse_memory_size(text);
    if (v == constel::kNoMemoryLimit) return std::nullopt;
    return v;
  });
  constel::python::bind_verify(m);
  constel::python::bind_bounds(m);
  constel::python::bind_train(m);
  constel::python::bind_loss(m);
}
