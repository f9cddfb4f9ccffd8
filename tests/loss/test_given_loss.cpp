// Tests of the certified loss of given embeddings (lib/constel/loss/given_loss.hpp): every enclosure
// (the loss in both forms and normalisations, with labels and normalize, the margin, the optimal b and
// inf_b L) is checked to contain the value computed from the definitions in 50-digit arithmetic, and
// to be narrow; the sandwich of docs/math.md section 1 is checked against it; bad input is refused with
// messages that say what is wrong. (1320-1326, 1336)
#include <boost/multiprecision/cpp_bin_float.hpp>
#include <catch2/catch.hpp>
#include <cmath>
#include <random>

#include "constel/error.hpp"
#include "constel/loss/given_loss.hpp"

using namespace constel;
using namespace constel::loss;
using HP = boost::multiprecision::cpp_bin_float_50;

namespace {

FloatMatrix random_rows(std::size_t N, std::size_t d, FloatDType type, std::mt19937_64& rng, double noise,
                        const FloatMatrix* near = nullptr) {
  FloatMatrix M(N, d, type, "M");
  std::normal_distribution<double> g(0, 1);
  for (std::size_t i = 0; i < N; ++i) {
    std::vector<double> x(d);
    double s = 0;
    for (std::size_t k = 0; k < d; ++k) {
      x[k] = (near ? near->value(i % near->rows(), k) : 0) + noise * g(rng);
      s += x[k] * x[k];
    }
    for (std::size_t k = 0; k < d; ++k) M.set(i, k, x[k] / std::sqrt(s));
  }
  return M;
}

struct Reference {
  std::vector<HP> g;  // N_u x N_v inner products (cosines with normalize)
  std::vector<bool> pos;
  std::size_t Nu, Nv;
};

Reference reference(const FloatMatrix& U, const FloatMatrix& V, const GivenLossOptions& o) {
  Reference r{{}, {}, U.rows(), V.rows()};
  for (std::size_t i = 0; i < U.rows(); ++i)
    for (std::size_t j = 0; j < V.rows(); ++j) {
      HP s = 0, nu = 0, nv = 0;
      for (std::size_t k = 0; k < U.cols(); ++k) {
        s += HP(U.value(i, k)) * HP(V.value(j, k));
        nu += HP(U.value(i, k)) * HP(U.value(i, k));
        nv += HP(V.value(j, k)) * HP(V.value(j, k));
      }
      r.g.push_back(o.normalize ? HP(s / boost::multiprecision::sqrt(nu * nv)) : s);
      r.pos.push_back(o.labels ? (*o.labels)[i] == std::int64_t(j) : i == j);
    }
  return r;
}

HP term(const HP& g, bool pos, const HP& t, const HP& b, LossForm form) {
  using boost::multiprecision::exp, boost::multiprecision::log;
  const HP z = t * g - b;
  if (form == LossForm::Softplus) return log(HP(1) + exp(pos ? HP(-z) : z));
  const HP s = HP(1) / (HP(1) + exp(pos ? HP(-z) : z));  // sigmoid(z) for pos, 1 - sigmoid(z) for neg
  return -log(s + HP(kBceEpsilon));
}

HP ref_loss(const Reference& r, const HP& t, const HP& b, LossForm form, LossNorm norm) {
  HP total = 0;
  for (std::size_t k = 0; k < r.g.size(); ++k) total += term(r.g[k], r.pos[k], t, b, form);
  return norm == LossNorm::Mean ? HP(total / HP(r.g.size())) : total;
}

// The minimiser of the softplus loss in b by bisection on its derivative (50 digits).
HP ref_optimal_b(const Reference& r, const HP& t) {
  using boost::multiprecision::exp;
  HP lo = -200, hi = 200;
  for (int it = 0; it < 70; ++it) {
    HP mid = (lo + hi) / 2, D = 0;
    for (std::size_t k = 0; k < r.g.size(); ++k) {
      const HP z = t * r.g[k] - mid;
      D += r.pos[k] ? HP(HP(1) / (HP(1) + exp(z))) : HP(-HP(1) / (HP(1) + exp(-z)));
    }
    (D < 0 ? lo : hi) = mid;
  }
  return lo;
}

bool inside(const Enclosure& e, const HP& x) { return HP(e.lo) <= x && x <= HP(e.hi); }

}  // namespace

TEST_CASE("1320: the certified softplus loss contains the 50-digit value, float32 and float64, sum and mean",
          "[standard][loss]") {
  std::mt19937_64 rng(1320);
  for (FloatDType type : {FloatDType::F32, FloatDType::F64})
    for (bool normalize : {false, true})
      for (LossNorm norm : {LossNorm::Sum, LossNorm::Mean}) {
        const FloatMatrix U = random_rows(17, 9, type, rng, 1);
        const FloatMatrix V = random_rows(17, 9, type, rng, 0.4, &U);
        GivenLossOptions o;
        o.t = parse_rational("12.5"), o.b = parse_rational("-1.25"), o.norm = norm, o.normalize = normalize;
        o.threads = 2;
        const GivenLossReport r = certified_given_loss(U, V, o);
        const HP exact = ref_loss(reference(U, V, o), HP(12.5), HP(-1.25), LossForm::Softplus, norm);
        CAPTURE(dtype_name(type), normalize, r.loss.lo, r.loss.hi, double(exact));
        CHECK(inside(r.loss, exact));
        CHECK(r.loss.relative_accuracy() < 1e-12);
        CHECK(r.loss.relative_accuracy() > 0);
        CHECK(r.positives == 17);
        CHECK(r.negatives == 17 * 16);
      }
}

TEST_CASE("1321: the certified bce-eps loss contains the 50-digit value of -log(sigmoid + 1e-8), also saturated",
          "[quick][loss]") {
  std::mt19937_64 rng(1321);
  const FloatMatrix U = random_rows(13, 6, FloatDType::F32, rng, 1);
  const FloatMatrix V = random_rows(13, 6, FloatDType::F32, rng, 0.5, &U);
  for (const char* t : {"3", "200"}) {  // at t = 200 most negative entries are near -log(1e-8) = 18.42
    GivenLossOptions o;
    o.t = parse_rational(t), o.b = 0, o.form = LossForm::BceEps, o.norm = LossNorm::Mean;
    const GivenLossReport r = certified_given_loss(U, V, o);
    const HP exact = ref_loss(reference(U, V, o), HP(t), HP(0), LossForm::BceEps, LossNorm::Mean);
    CAPTURE(t, r.loss.lo, r.loss.hi, double(exact));
    CHECK(inside(r.loss, exact));
    CHECK(r.loss.relative_accuracy() < 1e-11);
  }
}

TEST_CASE("1322: labels (many U rows per V row): the loss, the counts and the margin", "[quick][loss]") {
  std::mt19937_64 rng(1322);
  const FloatMatrix V = random_rows(5, 7, FloatDType::F32, rng, 1);
  GivenLossOptions o;
  const FloatMatrix U = random_rows(12, 7, FloatDType::F32, rng, 0.3, &V);  // row i near V row i % 5
  o.labels = std::vector<std::int64_t>{0, 1, 2, 3, 4, 0, 1, 2, 3, 4, 0, 1};
  o.t = 10, o.b = parse_rational("3.5");
  const GivenLossReport r = certified_given_loss(U, V, o);
  const Reference ref = reference(U, V, o);
  CHECK(r.positives == 12);
  CHECK(r.negatives == 12 * 5 - 12);
  CHECK(r.labels_mode);
  CHECK(inside(r.loss, ref_loss(ref, HP(10), HP(3.5), LossForm::Softplus, LossNorm::Sum)));
  HP min_pos = 10, max_neg = -10;
  for (std::size_t k = 0; k < ref.g.size(); ++k)
    if (ref.pos[k])
      min_pos = std::min(min_pos, ref.g[k]);
    else
      max_neg = std::max(max_neg, ref.g[k]);
  CHECK(inside(r.min_positive, min_pos));
  CHECK(inside(r.max_negative, max_neg));
  CHECK(inside(r.margin, HP((min_pos - max_neg) / 2)));
  CHECK(r.margin.hi - r.margin.lo < 1e-13);
}

TEST_CASE("1323: the optimal b and inf_b L contain the 50-digit minimiser and minimum, and the sandwich holds",
          "[standard][loss]") {
  std::mt19937_64 rng(1323);
  for (double noise : {0.2, 1.0}) {  // a constellation-like and a random configuration
    const FloatMatrix U = random_rows(15, 8, FloatDType::F64, rng, 1);
    const FloatMatrix V = random_rows(15, 8, FloatDType::F64, rng, noise, &U);
    GivenLossOptions o;
    o.t = 20, o.b = 0;
    const GivenLossReport r = certified_given_loss(U, V, o);
    REQUIRE(r.has_optimal_b);
    const Reference ref = reference(U, V, o);
    const HP b_star = ref_optimal_b(ref, HP(20));
    const HP inf = ref_loss(ref, HP(20), b_star, LossForm::Softplus, LossNorm::Sum);
    CAPTURE(noise, r.optimal_b.lo, r.optimal_b.hi, double(b_star), r.inf_loss.lo, r.inf_loss.hi, double(inf));
    CHECK(inside(r.optimal_b, b_star));
    CHECK(r.optimal_b.hi - r.optimal_b.lo < 1e-2);
    CHECK(inside(r.inf_loss, inf));
    CHECK(inside(r.loss_at_optimal_b, ref_loss(ref, HP(20), HP(r.optimal_b_value), LossForm::Softplus, LossNorm::Sum)));
    CHECK(r.inf_loss.hi <= r.loss.hi);  // L(t, 0) >= inf_b L
    CHECK(HP(r.sandwich_lower) <= inf);
    CHECK(inf <= HP(r.sandwich_upper));
    CHECK(r.sandwich_lower <= r.inf_loss.hi);
  }
}

TEST_CASE("1324: bad input to the certified loss is refused with a message naming the problem", "[quick][loss]") {
  std::mt19937_64 rng(1324);
  const FloatMatrix U = random_rows(4, 3, FloatDType::F32, rng, 1);
  const FloatMatrix V3 = random_rows(3, 3, FloatDType::F32, rng, 1);
  const FloatMatrix W = random_rows(4, 5, FloatDType::F32, rng, 1);
  GivenLossOptions o;
  CHECK_THROWS_WITH(certified_given_loss(U, W, o), Catch::Contains("U has dimension 3 but V has 5"));
  CHECK_THROWS_WITH(certified_given_loss(U, V3, o), Catch::Contains("give labels"));
  o.labels = std::vector<std::int64_t>{0, 1, 2, 3};
  CHECK_THROWS_WITH(certified_given_loss(U, V3, o), Catch::Contains("label 3 of U row 3 is not a row of V"));
  o.labels = std::vector<std::int64_t>{0, 1};
  CHECK_THROWS_WITH(certified_given_loss(U, V3, o), Catch::Contains("the labels have 2 entries but U has 4 rows"));
  o.labels.reset();
  o.t = 0;
  CHECK_THROWS_AS(certified_given_loss(U, U, o), InputError);
  CHECK_THROWS_WITH(certified_given_loss(U, U, o), Catch::Contains("t must be > 0"));
  o.t = 1, o.normalize = true;
  FloatMatrix Z = U;
  for (std::size_t k = 0; k < 3; ++k) Z.set(2, k, 0);
  CHECK_THROWS_WITH(certified_given_loss(U, Z, o), Catch::Contains("V row 2 is zero"));
  o.normalize = false;
  o.stop = [] { return true; };
  CHECK_THROWS_AS(certified_given_loss(U, U, o), Cancelled);
}

TEST_CASE("1325: one pair has no negatives: no margin, sandwich or optimal b, and the JSON says so", "[quick][loss]") {
  FloatMatrix U(1, 2, FloatDType::F64, "U");
  U.set(0, 0, 0.6), U.set(0, 1, 0.8);
  GivenLossOptions o;
  o.t = 2, o.b = 1;
  const GivenLossReport r = certified_given_loss(U, U, o);
  CHECK(!r.has_negatives());
  CHECK(!r.has_optimal_b);
  // <U, U> = 0.6^2 + 0.8^2 in doubles (not exactly 1); the term is softplus(1 - 2 <U,U>)
  const HP g = HP(0.6) * HP(0.6) + HP(0.8) * HP(0.8);
  CHECK(inside(r.loss, boost::multiprecision::log(HP(1) + boost::multiprecision::exp(HP(1) - 2 * g))));
  const Json j = to_json(r);
  CHECK(j["margin"].is_null());
  CHECK(j["sandwich"].is_null());
  CHECK(j["optimal_b"].is_null());
  CHECK(j["loss_form"] == "softplus");
  CHECK(j["norm"] == "sum");
  CHECK(j["loss"]["lo"].get<double>() <= j["loss"]["hi"].get<double>());
}

TEST_CASE("1326: the loss's JSON has every documented key, and the threads give the same enclosure",
          "[quick][loss]") {
  std::mt19937_64 rng(1326);
  const FloatMatrix U = random_rows(40, 5, FloatDType::F32, rng, 1);
  const FloatMatrix V = random_rows(40, 5, FloatDType::F32, rng, 0.5, &U);
  GivenLossOptions o;
  o.t = 7, o.b = 1;
  o.threads = 1;
  const GivenLossReport one = certified_given_loss(U, V, o);
  o.threads = 3;
  const GivenLossReport three = certified_given_loss(U, V, o);
  CHECK(std::abs(one.loss.mid() - three.loss.mid()) <= one.loss.hi - one.loss.lo);
  CHECK(one.optimal_b.lo == three.optimal_b.lo);  // the histograms do not depend on the threads
  const Json j = to_json(three);
  for (const char* key : {"N_u", "N_v", "d", "dtype_u", "dtype_v", "labels", "normalized", "positives", "negatives",
                          "loss_form", "norm", "t", "b", "b_rel", "t_relative_error", "loss", "logit_error",
                          "min_positive", "max_negative", "margin", "relative_bias", "sandwich", "optimal_b"})
    CHECK(j.contains(key));
  for (const char* key : {"b", "b_value", "b_accuracy", "b_rel_value", "loss_at_b", "inf_loss", "histogram_bins"})
    CHECK(j["optimal_b"].contains(key));
  CHECK(j["loss"]["relative_accuracy"].get<double>() < 1e-12);
}

TEST_CASE("1336: a constellation at large t (loss near 1e-20): the optimal b is still bracketed to the bins' width",
          "[quick][loss]") {
  FloatMatrix U(10, 10, FloatDType::F64, "U");
  for (std::size_t i = 0; i < 10; ++i) U.set(i, i, 1);  // U = V = the standard basis: m* = 1/2
  GivenLossOptions o;
  o.t = 100, o.b = 50, o.norm = LossNorm::Sum;
  const GivenLossReport r = certified_given_loss(U, U, o);
  REQUIRE(r.has_optimal_b);
  // L(b) = 10 softplus(b - 100) + 90 softplus(-b): the minimiser solves sigmoid(b - 100) = 9 sigmoid(-b).
  using boost::multiprecision::exp, boost::multiprecision::log;
  HP lo = 0, hi = 100;
  for (int it = 0; it < 70; ++it) {
    const HP mid = (lo + hi) / 2;
    const HP D = HP(10) / (HP(1) + exp(HP(100) - mid)) - HP(90) / (HP(1) + exp(mid));
    (D < 0 ? lo : hi) = mid;
  }
  const HP inf = HP(10) * log(HP(1) + exp(lo - HP(100))) + HP(90) * log(HP(1) + exp(-lo));
  CAPTURE(r.optimal_b.lo, r.optimal_b.hi, double(lo), r.inf_loss.lo, r.inf_loss.hi, double(inf));
  CHECK(inside(r.optimal_b, lo));
  CHECK(r.optimal_b.hi - r.optimal_b.lo < 2e-3);
  CHECK(inside(r.inf_loss, inf));
  CHECK(r.inf_loss.relative_accuracy() < 1e-2);
  CHECK(double(inf) < 1e-18);
}
