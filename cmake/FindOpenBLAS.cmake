# Finds OpenBLAS with its cblas.h and defines OpenBLAS::OpenBLAS. pkg-config is asked first (the
# distribution's openblas.pc knows its own layout); otherwise the usual prefixes are searched, with the
# subdirectories distributions put the threaded variant in. Optional for constel: without it the
# products run through Eigen. Installed next to constelConfig.cmake (see FindGMP.cmake).
include(FindPackageHandleStandardArgs)
find_package(PkgConfig QUIET)
if(PKG_CONFIG_FOUND)
  pkg_check_modules(PC_OPENBLAS QUIET openblas)
endif()
find_library(OPENBLAS_LIBRARY NAMES openblas HINTS ${PC_OPENBLAS_LIBRARY_DIRS}
  PATH_SUFFIXES openblas-pthread openblas-openmp openblas)
find_path(OPENBLAS_INCLUDE_DIR cblas.h HINTS ${PC_OPENBLAS_INCLUDE_DIRS}
  PATH_SUFFIXES openblas-pthread openblas-openmp openblas)
find_package_handle_standard_args(OpenBLAS REQUIRED_VARS OPENBLAS_LIBRARY OPENBLAS_INCLUDE_DIR)
if(OpenBLAS_FOUND AND NOT TARGET OpenBLAS::OpenBLAS)
  add_library(OpenBLAS::OpenBLAS UNKNOWN IMPORTED)
  set_target_properties(OpenBLAS::OpenBLAS PROPERTIES IMPORTED_LOCATION "${OPENBLAS_LIBRARY}"
    INTERFACE_INCLUDE_DIRECTORIES "${OPENBLAS_INCLUDE_DIR}")
endif()
mark_as_advanced(OPENBLAS_INCLUDE_DIR OPENBLAS_LIBRARY)
