// The certified three-point bound for kissing configurations (s = 1/2) in R^n at a degree, re-proved by
// check_three_point from its certificate, shared by the SDP target tests (test_three_point_basis.cpp,
// test_three_point_targets.cpp).
#pragma once

#include <catch2/catch.hpp>

#include <cstddef>
#include <string>

#include "constel/bounds/three_point.hpp"

namespace constel::test {

inline Rational certified_kissing_bound(std::size_t n, std::size_t degree, bool scale_rows = false) {
  bounds::ThreePointOptions o;
  o.degree = degree;
  o.scale_rows = scale_rows;
  auto r = bounds::three_point_bound(n, Rational(1, 2), o);
  INFO(r.solver_status << " " << r.note << " margin " << r.margin);
  REQUIRE(r.certified);
  std::string why;
  auto again = bounds::check_three_point(r.certificate, why);
  REQUIRE(again);
  CHECK(*again == r.certificate.bound);
  return r.certificate.bound;
}

}  // namespace constel::test
