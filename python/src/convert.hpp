// Conversions between Python objects and the library's types, shared by every binding file of the
// `_constel` module: exact numbers from int / fractions.Fraction / str / float, JSON objects to Python
// dicts, numpy buffers to FloatMatrix (a view without a copy for contiguous float32/float64), and the
// scope that releases the GIL while the library computes.
#pragma once

#include <pybind11/numpy.h>
#include <pybind11/pybind11.h>

#include <optional>
#include <string>
#include <vector>

#include "constel/error.hpp"
#include "constel/io/float_matrix.hpp"
#include "constel/number/rational.hpp"
#include "constel/number/json.hpp"

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

// While alive the GIL is released. (The process's OpenBLAS thread count needs no care here: the
// library changes it only inside its own BlasThreadGuard, which puts it back.)
class ComputeScope {
 public:
  ComputeScope() = default;
  ComputeScope(const ComputeScope&) = delete;
  ComputeScope& operator=(const ComputeScope&) = delete;

 private:
  py::gil_scoped_release release_;
};

// Wraps library messages with the Python argument they are about ("n: the dimension must be >= 2"),
// as the CLI names its option; ParseError passes unchanged.
template <class F>
decltype(auto) with_arg(const std::string& name, F&& f) {
  try {
    return f();
  } catch (const ParseError&) {
    throw;
  } catch (const LimitError& e) {
    throw LimitError(name + ": " + e.what());
  } catch (const InputError& e) {
    throw InputError(name + ": " + e.what());
  }
}

}  // namespace constel::python
