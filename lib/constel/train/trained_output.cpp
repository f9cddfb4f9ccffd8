// Verification and .npz output of trained configurations (see trained_output.hpp).
#include "constel/train/trained_output.hpp"

#include <cmath>
#include <cstring>

#include "constel/error.hpp"
#include "constel/io/atomic_file.hpp"
#include "constel/io/float_matrix.hpp"
#include "constel/io/npy.hpp"
#include "constel/io/npz.hpp"
#include "constel/verify/certified.hpp"
#include "constel/verify/exact.hpp"

namespace constel::train {
namespace {

struct Extremes {
  Rational min_diag;
  std::optional<Rational> max_off;
};

Extremes exact_edge(const loss::Embeddings& e, std::size_t a, std::size_t c) {
  Configuration conf(e.N, e.d, 2);
  for (std::size_t i = 0; i < e.N * e.d; ++i) {
    conf.modality(0)[i] = from_double(e.X[a][i]);
    conf.modality(1)[i] = from_double(e.X[c][i]);
  }
  ExactReport rep = exact_verify(conf, {});
  return {rep.min_diag, rep.max_offdiag};
}

FloatMatrix as_matrix(const std::vector<double>& X, std::size_t N, std::size_t d, const std::string& name) {
  FloatMatrix m(N, d, FloatDType::F64, name);
  std::memcpy(m.f64(), X.data(), X.size() * sizeof(double));
  return m;
}

Extremes certified_edge(const loss::Embeddings& e, std::size_t a, std::size_t c) {
  CertifiedReport rep = certified_verify(as_matrix(e.X[a], e.N, e.d, "trained modality " + std::to_string(a)),
                                         as_matrix(e.X[c], e.N, e.d, "trained modality " + std::to_string(c)), {});
  if (!rep.min_diag.exact || (rep.has_offdiag && !rep.max_offdiag.exact))
    throw InternalError("train: the certified verifier returned no exact extreme");
  Extremes x{rep.min_diag.value, std::nullopt};
  if (rep.has_offdiag) x.max_off = rep.max_offdiag.value;
  return x;
}

std::string f8_bytes(const std::vector<double>& v) {
  std::string s(v.size() * sizeof(double), '\0');
  std::memcpy(s.data(), v.data(), s.size());
  return s;
}

}  // namespace

VerifiedTraining verify_trained(const loss::Embeddings& e, const loss::SyncGraph& graph) {
  for (const auto& X : e.X)
    for (double x : X)
      if (!std::isfinite(x)) throw InputError("train: the trained configuration has a non-finite entry");
  VerifiedTraining v;
  v.verifier = e.N <= exact_verify_limit ? "exact" : "certified";
  bool first = true;
  for (auto [a, c] : graph.edges) {
    Extremes x = e.N <= exact_verify_limit ? exact_edge(e, a, c) : certified_edge(e, a, c);
    if (first || x.min_diag < v.min_diag) v.min_diag = x.min_diag;
    if (x.max_off && (!v.max_off || *x.max_off > *v.max_off)) v.max_off = x.max_off;
    first = false;
  }
  if (v.max_off) {
    v.margin = (v.min_diag - *v.max_off) / 2;
    v.relative_bias = (v.min_diag + *v.max_off) / 2;
    v.constellation = *v.margin > 0;
  } else {
    v.constellation = true;
  }
  v.unit_norm_exact = true;
  for (const auto& X : e.X)
    for (std::size_t i = 0; i < e.N; ++i) {
      long double s = 0;
      for (std::size_t j = 0; j < e.d; ++j) s += static_cast<long double>(X[i * e.d + j]) * X[i * e.d + j];
      Rational exact_s = 0;
      if (v.unit_norm_exact) {
        for (std::size_t j = 0; j < e.d; ++j) exact_s += from_double(X[i * e.d + j]) * from_double(X[i * e.d + j]);
        if (exact_s != 1) v.unit_norm_exact = false;
      }
      v.norm_max_deviation = std::max(v.norm_max_deviation, static_cast<double>(std::fabs(s - 1.0L)));
    }
  return v;
}

std::vector<double> configuration_rows(const Configuration& c, std::size_t modality) {
  if (modality >= c.k()) throw InputError("train: the configuration has no modality " + std::to_string(modality));
  std::vector<double> root(c.d());
  for (std::size_t j = 0; j < c.d(); ++j) root[j] = std::sqrt(to_double(c.scale(j)));
  std::vector<double> X(c.N() * c.d());
  for (std::size_t i = 0; i < c.N(); ++i)
    for (std::size_t j = 0; j < c.d(); ++j) X[i * c.d() + j] = root[j] * to_double(c.entry(modality, i, j));
  return X;
}

std::string trained_npz_bytes(const TrainResult& r) {
  std::vector<std::pair<std::string, std::string>> members;
  auto matrix = [&](const std::string& name, const loss::Embeddings& e, std::size_t a) {
    members.emplace_back(name + ".npy", encode_npy_raw("<f8", {e.N, e.d}, false, f8_bytes(e.X[a])));
  };
  auto scalar = [&](const std::string& name, double x) {
    members.emplace_back(name + ".npy", encode_npy_raw("<f8", {}, false, f8_bytes({x})));
  };
  const std::size_t k = r.embeddings.k();
  for (std::size_t a = 0; a < k; ++a)
    matrix(k == 2 ? (a == 0 ? "U" : "V") : "M" + std::to_string(a), r.embeddings, a);
  scalar("t", r.t);
  scalar("b", r.b);
  scalar("b_rel", r.b_rel);
  if (r.embeddings.d != r.raw.d) {
    scalar("delta", r.delta);
    matrix("U_raw", r.raw, 0);
    matrix("V_raw", r.raw, 1);
  }
  return encode_zip(members, false, false);
}

void write_trained_npz(const std::string& path, const TrainResult& r) {
  write_bytes_atomically(path, trained_npz_bytes(r));
}

}  // namespace constel::train
