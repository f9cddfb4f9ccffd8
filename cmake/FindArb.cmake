# Finds Arb (ball arithmetic with rigorous error bounds, by Fredrik Johansson; Debian libflint-arb-dev,
# which ships it as libflint-arb beside FLINT 2) and defines Arb::Arb, which links FLINT, MPFR::MPFR and
# GMP::GMP. Only bounds/ uses it, privately (the rigorous cap measure and the analytic bounds); a static
# constel's exported target still names it, hence this file is installed too.
include(FindPackageHandleStandardArgs)
include(CMakeFindDependencyMacro)
find_dependency(MPFR)
find_path(Arb_INCLUDE_DIR arb_hypgeom.h PATH_SUFFIXES flint arb)
find_library(Arb_LIBRARY NAMES flint-arb arb)
find_library(Arb_FLINT_LIBRARY NAMES flint)
find_package_handle_standard_args(Arb REQUIRED_VARS Arb_LIBRARY Arb_FLINT_LIBRARY Arb_INCLUDE_DIR)
if(Arb_FOUND AND NOT TARGET Arb::Arb)
  add_library(Arb::Arb UNKNOWN IMPORTED)
  set_target_properties(Arb::Arb PROPERTIES IMPORTED_LOCATION "${Arb_LIBRARY}"
    INTERFACE_INCLUDE_DIRECTORIES "${Arb_INCLUDE_DIR}"
    INTERFACE_LINK_LIBRARIES "${Arb_FLINT_LIBRARY};MPFR::MPFR;GMP::GMP")
endif()
mark_as_advanced(Arb_INCLUDE_DIR Arb_LIBRARY Arb_FLINT_LIBRARY)
