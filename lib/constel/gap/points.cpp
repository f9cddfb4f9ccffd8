// GapPoints: the exact point sets of a modality-gap question (see points.hpp).
#include "constel/gap/points.hpp"

#include "constel/error.hpp"

namespace constel {

GapPoints GapPoints::from_configuration(Configuration c, std::size_t u_modality, std::size_t v_modality) {
  if (u_modality >= c.k() || v_modality >= c.k())
    throw InputError("gap: the configuration has " + std::to_string(c.k()) + " modalities, modality " +
                     std::to_string(std::max(u_modality, v_modality)) + " does not exist");
  if (u_modality == v_modality) throw InputError("gap: U and V must be different modalities");
  GapPoints p;
  p.d_ = c.d();
  p.n_u_ = p.n_v_ = c.N();
  p.mu_ = u_modality;
  p.mv_ = v_modality;
  p.description_ = c.names()[u_modality] + " / " + c.names()[v_modality];
  p.config_ = std::make_shared<const Configuration>(std::move(c));
  return p;
}

GapPoints GapPoints::from_floats(FloatMatrix U, FloatMatrix V) {
  U.throw_if_empty();
  V.throw_if_empty();
  U.throw_if_not_finite();
  V.throw_if_not_finite();
  if (U.cols() != V.cols())
    throw InputError("gap: U (" + U.source() + ") has " + std::to_string(U.cols()) + " columns but V (" +
                     V.source() + ") has " + std::to_string(V.cols()) + ": the dimensions must agree");
  GapPoints p;
  p.d_ = U.cols();
  p.n_u_ = U.rows();
  p.n_v_ = V.rows();
  p.description_ = U.source() + " / " + V.source();
  p.fu_ = std::make_shared<const FloatMatrix>(std::move(U));
  p.fv_ = std::make_shared<const FloatMatrix>(std::move(V));
  return p;
}

const Rational& GapPoints::scale(std::size_t k) const { return config_ ? config_->scale(k) : one_; }

Rational GapPoints::exact_entry(GapSide s, std::size_t i, std::size_t k) const {
  if (config_) return config_->entry(modality(s), i, k);
  return from_double(floats(s)->value(i, k));
}

double GapPoints::approx_coefficient(GapSide s, std::size_t i, std::size_t k) const {
  if (config_) return to_double(config_->scale(k) * config_->entry(modality(s), i, k));
  return floats(s)->value(i, k);
}

double GapPoints::float_entry(GapSide s, std::size_t i, std::size_t k) const { return floats(s)->value(i, k); }

}  // namespace constel
