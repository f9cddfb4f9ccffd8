// The two point sets of a modality-gap question (docs/math.md section 6), held exactly as the input stores them:
// either two modalities of a .cst Configuration (coordinate k of a row is sqrt(q_k) r_k with rational
// q_k and r_k) or two float matrices (the stored floats, exact binary rationals; q_k = 1). A direction
// is given in the same scaled coordinates: h_k = sqrt(q_k) g_k with rational g_k, so that
// <h, x> = sum_k q_k g_k r_k is rational and its sign can be decided exactly (gap/direction.hpp).
// The class also hands out the double approximation q_k r_k that the LP search works with.
#pragma once

#include <cstddef>
#include <memory>
#include <string>
#include <vector>

#include "constel/config/configuration.hpp"
#include "constel/io/float_matrix.hpp"
#include "constel/number/rational.hpp"

namespace constel {

enum class GapSide { U, V };

class GapPoints {
 public:
  // Modalities u_modality and v_modality of c (U and V by default). Throws InputError when a modality
  // does not exist or they are the same.
  static GapPoints from_configuration(Configuration c, std::size_t u_modality = 0, std::size_t v_modality = 1);
  // Two float matrices with the same number of columns (InputError otherwise, naming both sources, and
  // for NaN/Inf or an empty matrix).
  static GapPoints from_floats(FloatMatrix U, FloatMatrix V);

  std::size_t d() const noexcept { return d_; }
  std::size_t rows(GapSide s) const noexcept { return s == GapSide::U ? n_u_ : n_v_; }
  bool is_exact_rational() const noexcept { return static_cast<bool>(config_); }
  const Configuration* configuration() const noexcept { return config_.get(); }
  const FloatMatrix* floats(GapSide s) const noexcept { return s == GapSide::U ? fu_.get() : fv_.get(); }
  std::size_t modality(GapSide s) const noexcept { return s == GapSide::U ? mu_ : mv_; }

  // Squared scale q_k (1 for float input).
  const Rational& scale(std::size_t k) const;
  // The stored entry r_k of a row, exactly (for float input the stored float as a rational).
  Rational exact_entry(GapSide s, std::size_t i, std::size_t k) const;
  // q_k r_k rounded to double: the LP coefficient of g_k for this row.
  double approx_coefficient(GapSide s, std::size_t i, std::size_t k) const;
  // Stored float value (float input only; exact).
  double float_entry(GapSide s, std::size_t i, std::size_t k) const;

  // Short description for messages: "file.cst (U, V)" or "u.npy, v.npy".
  const std::string& description() const noexcept { return description_; }

 private:
  std::size_t d_ = 0, n_u_ = 0, n_v_ = 0, mu_ = 0, mv_ = 1;
  std::shared_ptr<const Configuration> config_;
  std::shared_ptr<const FloatMatrix> fu_, fv_;
  std::string description_;
  Rational one_ = 1;
};

}  // namespace constel
