// Conversions between Python objects and the library's types, shared by every binding file of the
// `_constel` module: exact numbers from int / fractions.Fraction / str / float, JSON objects to Python
// dicts, numpy buffers to FloatMatrix (a view without a copy for contiguous float32/float64), and the
// guard that releases the GIL and keeps the process's BLAS thread count.
#pragma once

#include <pybind11/numpy.h>
#include <pybind11/pybind11.h>

#include <optional>
#include <string>
#include <vector>

#include "constel/io/float_matrix.hpp"
#include "constel/number/rational.hpp"
#include "constel/report/json.hpp"

namespace constel::python {

namespace py = pybind11;

// An exact number from int, fractions.Fraction (or any numbers.Rational), str (parsed like the CLI:
// "0.1" is 1/10) or float (its exact binary value). `name` prefixes messages: "m: 'x' is not ...".
// Throws InputError (bad text, NaN/inf, another type).
Rational to_rational(py::handle value, const std::string& name);
std::optional<Rational> to_optional_rational(py::handle value, const std::string& name);

// A fractions.Fraction of an exact value.
py::object to_fraction(const Rational& x);

// A non-negative integer (int, or str of digits); InputError otherwise.
std::uint64_t to_count(py::handle value, const std::string& name);

// The JSON value as plain Python objects (dict keeps the key order; exact values stay strings).
py::object json_to_py(const Json& j);

// A matrix of the numpy array `a` (2-D). `stored` is "float16", "bfloat16" (a uint16 view of the
// bits), "float32" or "float64": float32/float64 in C order are viewed in place (the array must
// outlive the matrix), float16/bfloat16 are widened exactly into float32 (one copy), other layouts
// are copied into C order. `name` names the array in messages ("U").
FloatMatrix matrix_from_array(const py::array& a, const std::string& stored, const std::string& name);

// Labels as int64 (a 1-D integer array).
std::vector<std::int64_t> labels_from_array(const py::array& a);

// While alive: the GIL is released, and the process's OpenBLAS thread count is put back as it was
// when it ends (the library sets it to 1 for its own tiles).
class ComputeScope {
 public:
  ComputeScope();
  ~ComputeScope();
  ComputeScope(const ComputeScope&) = delete;
  ComputeScope& operator=(const ComputeScope&) = delete;

 private:
  int blas_threads_;
  py::gil_scoped_release release_;
};

// The OpenBLAS thread count of the process (0 when the library was built without OpenBLAS).
int blas_threads();

}  // namespace constel::python
