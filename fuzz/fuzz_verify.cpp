// libFuzzer target for the whole certified verify pipeline on tiny matrices (not only the readers):
// the bytes choose N_u, N_v, d, the stored type, --normalize, labels and a target (m, b), then give
// the raw bit patterns of the entries (zeros, subnormals, NaN, huge values included). Every input
// either verifies or throws InputError; without --normalize the certified extremes are checked
// against the same extremes computed exactly with rationals (the verifier computed two ways).
#include <cstddef>
#include <cstdint>
#include <algorithm>
#include <cstring>
#include <optional>
#include <vector>

#include "constel/error.hpp"
#include "constel/verify/certified.hpp"

namespace {

struct Bytes {
  const std::uint8_t* p;
  std::size_t n;
  std::uint8_t take() {
    if (n == 0) return 0;
    --n;
    return *p++;
  }
  template <class T>
  T value() {
    std::uint8_t b[sizeof(T)] = {};
    for (auto& x : b) x = take();
    T v;
    std::memcpy(&v, b, sizeof(T));
    return v;
  }
};

constel::FloatMatrix matrix(Bytes& in, std::size_t rows, std::size_t d, bool f64, bool small) {
  constel::FloatMatrix m(rows, d, f64 ? constel::FloatDType::F64 : constel::FloatDType::F32, "fuzz");
  for (std::size_t i = 0; i < rows; ++i)
    for (std::size_t j = 0; j < d; ++j) {
      if (small) {  // mostly exact small values: ties, zeros and repeated rows are common
        m.set(i, j, double(std::int8_t(in.take())) / 16);
      } else if (f64) {
        m.f64()[i * d + j] = in.value<double>();
      } else {
        m.f32()[i * d + j] = in.value<float>();
      }
    }
  return m;
}

constel::Rational exact_dot(const constel::FloatMatrix& A, std::size_t i, const constel::FloatMatrix& B, std::size_t j) {
  constel::Rational s = 0;
  for (std::size_t k = 0; k < A.cols(); ++k) s += constel::from_double(A.value(i, k)) * constel::from_double(B.value(j, k));
  return s;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size > 2048) return 0;
  Bytes in{data, size};
  const std::uint8_t shape = in.take(), flags = in.take();
  const std::size_t nu = 1 + (shape & 7), d = 1 + ((shape >> 3) & 7);
  const bool f64 = flags & 1, normalize = flags & 2, labels = flags & 4, target = flags & 8, small = flags & 16;
  const std::size_t nv = labels ? 1 + ((flags >> 5) & 7) : nu;
  try {
    constel::FloatMatrix U = matrix(in, nu, d, f64, small), V = matrix(in, nv, d, f64, small);
    constel::CertifiedOptions opt;
    opt.normalize = normalize;
    opt.threads = 1 + (in.take() & 1);
    opt.tile = in.take() & 1 ? 16 : 0;
    if (labels) {
      std::vector<std::int64_t> l(nu);
      for (auto& x : l) x = std::int64_t(in.take() % (nv + 1));  // nv: out of range, refused
      opt.labels = l;
    }
    if (target) opt.m = constel::Rational(in.take(), 64), opt.b = constel::Rational(std::int8_t(in.take()), 64);
    constel::CertifiedReport r = constel::certified_verify(U, V, opt);
    if (!normalize) {
      std::vector<std::size_t> lab(nu);
      for (std::size_t i = 0; i < nu; ++i) lab[i] = labels ? std::size_t((*opt.labels)[i]) : i;
      constel::Rational lo = exact_dot(U, 0, V, lab[0]);
      for (std::size_t i = 1; i < nu; ++i) lo = std::min(lo, exact_dot(U, i, V, lab[i]));
      if (!r.min_diag.exact || r.min_diag.value != lo) __builtin_trap();
      std::optional<constel::Rational> hi;
      for (std::size_t i = 0; i < nu; ++i)
        for (std::size_t j = 0; j < nv; ++j)
          if (j != lab[i]) {
            constel::Rational v = exact_dot(U, i, V, j);
            if (!hi || v > *hi) hi = v;
          }
      if (r.has_offdiag != hi.has_value() || (hi && r.max_offdiag.value != *hi)) __builtin_trap();
    }
  } catch (const constel::InputError&) {
  }
  return 0;
}
