// Conversions between Python objects and the library's types (see convert.hpp).
#include "convert.hpp"

#include <cmath>
#include <cstring>

#include "constel/error.hpp"

namespace constel::python {

namespace {

Rational parse_named(const std::string& text, const std::string& name) {
  try {
    return parse_rational(text);
  } catch (const LimitError& e) {
    throw LimitError(name + ": " + e.what());
  } catch (const InputError& e) {
    throw InputError(name + ": " + e.what());
  }
}

std::string type_name(py::handle v) { return py::str(py::type::handle_of(v).attr("__name__")); }

}  // namespace

Rational to_rational(py::handle v, const std::string& name) {
  if (py::isinstance<py::bool_>(v))
    throw InputError(name + ": expected a number (int, Fraction, str or float), got bool");
  if (py::isinstance<py::int_>(v)) return parse_named(py::str(v), name);
  if (py::isinstance<py::str>(v)) return parse_named(v.cast<std::string>(), name);
  if (py::isinstance<py::float_>(v)) {
    double x = v.cast<double>();
    if (!std::isfinite(x)) throw InputError(name + ": " + (std::isnan(x) ? "NaN" : "an infinite value") + " is not a number here");
    return from_double(x);
  }
  if (py::hasattr(v, "numerator") && py::hasattr(v, "denominator")) {  // fractions.Fraction, numbers.Rational
    std::string p = py::str(v.attr("numerator")), q = py::str(v.attr("denominator"));
    return parse_named(p + "/" + q, name);
  }
  if (py::hasattr(v, "__float__") && py::hasattr(v, "dtype")) {  // numpy scalars: their exact value
    double x = v.attr("__float__")().cast<double>();
    if (!std::isfinite(x)) throw InputError(name + ": NaN or infinite value");
    return from_double(x);
  }
  throw InputError(name + ": expected a number (int, Fraction, str or float), got " + type_name(v));
}

std::optional<Rational> to_optional_rational(py::handle v, const std::string& name) {
  if (v.is_none()) return std::nullopt;
  return to_rational(v, name);
}

py::object to_fraction(const Rational& x) {
  static py::object fraction = py::module_::import("fractions").attr("Fraction");
  return fraction(py::int_(py::str(to_string(boost::multiprecision::numerator(x)))),
                  py::int_(py::str(to_string(boost::multiprecision::denominator(x)))));
}

std::uint64_t to_count(py::handle v, const std::string& name) {
  if (py::isinstance<py::bool_>(v)) throw InputError(name + ": expected a non-negative integer, got bool");
  std::string text;
  if (py::isinstance<py::int_>(v) || py::isinstance<py::str>(v))
    text = py::str(v);
  else if (py::hasattr(v, "__index__"))
    text = py::str(v.attr("__index__")());
  else
    throw InputError(name + ": expected a non-negative integer, got " + type_name(v));
  try {
    return parse_count(text);
  } catch (const InputError& e) {
    throw InputError(name + ": " + e.what());
  }
}

py::object json_to_py(const Json& j) {
  switch (j.type()) {
    case Json::value_t::null: return py::none();
    case Json::value_t::boolean: return py::bool_(j.get<bool>());
    case Json::value_t::number_integer: return py::int_(j.get<std::int64_t>());
    case Json::value_t::number_unsigned: return py::int_(j.get<std::uint64_t>());
    case Json::value_t::number_float: return py::float_(j.get<double>());
    case Json::value_t::string: return py::str(j.get_ref<const std::string&>());
    case Json::value_t::array: {
      py::list l;
      for (const auto& x : j) l.append(json_to_py(x));
      return l;
    }
    case Json::value_t::object: {
      py::dict d;
      for (auto it = j.begin(); it != j.end(); ++it) d[py::str(it.key())] = json_to_py(it.value());
      return d;
    }
    default: throw InternalError("json_to_py: unexpected JSON value");
  }
}

FloatMatrix matrix_from_array(const py::array& a, const std::string& stored, const std::string& name) {
  if (a.ndim() != 2)
    throw InputError(name + ": expected a 2-D array (one row per item), got " + std::to_string(a.ndim()) + " dimensions");
  const auto rows = static_cast<std::size_t>(a.shape(0)), cols = static_cast<std::size_t>(a.shape(1));
  const bool c_order = (a.flags() & py::array::c_style) != 0;
  if (stored == "float32" || stored == "float64") {
    const bool f32 = stored == "float32";
    if (a.itemsize() != (f32 ? 4 : 8)) throw InternalError(name + ": item size does not match " + stored);
    if (c_order) {
      if (f32) return FloatMatrix::view(static_cast<const float*>(a.data()), rows, cols, FloatDType::F32, name);
      return FloatMatrix::view(static_cast<const double*>(a.data()), rows, cols, name);
    }
    FloatMatrix m(rows, cols, f32 ? FloatDType::F32 : FloatDType::F64, name);
    const char* base = static_cast<const char*>(a.data());
    const auto s0 = a.strides(0), s1 = a.strides(1);
    for (std::size_t i = 0; i < rows; ++i)
      for (std::size_t j = 0; j < cols; ++j) {
        const char* p = base + static_cast<py::ssize_t>(i) * s0 + static_cast<py::ssize_t>(j) * s1;
        if (f32) {
          float x;
          std::memcpy(&x, p, 4);
          m.f32()[i * cols + j] = x;
        } else {
          std::memcpy(&m.f64()[i * cols + j], p, 8);
        }
      }
    return m;
  }
  if (stored != "float16" && stored != "bfloat16") throw InternalError(name + ": unknown storage " + stored);
  if (a.itemsize() != 2) throw InternalError(name + ": item size does not match " + stored);
  const bool bf16 = stored == "bfloat16";
  FloatMatrix m(rows, cols, bf16 ? FloatDType::BF16 : FloatDType::F16, name);
  const char* base = static_cast<const char*>(a.data());
  const auto s0 = a.strides(0), s1 = a.strides(1);
  float* out = m.f32();
  for (std::size_t i = 0; i < rows; ++i)
    for (std::size_t j = 0; j < cols; ++j) {
      std::uint16_t bits;
      std::memcpy(&bits, base + static_cast<py::ssize_t>(i) * s0 + static_cast<py::ssize_t>(j) * s1, 2);
      out[i * cols + j] = bf16 ? widen_bf16(bits) : widen_f16(bits);
    }
  return m;
}

std::vector<std::int64_t> labels_from_array(const py::array& a) {
  if (a.ndim() != 1) throw InputError("labels: expected a 1-D array of integers, one per U row");
  auto l = py::array_t<std::int64_t, py::array::c_style | py::array::forcecast>::ensure(a);
  if (!l) throw InputError("labels: expected integers");
  return std::vector<std::int64_t>(l.data(), l.data() + l.size());
}

}  // namespace constel::python
