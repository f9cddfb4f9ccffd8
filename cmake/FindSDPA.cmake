# Finds SDPA (the semidefinite programming solver, Debian libsdpa-dev) and defines SDPA::SDPA. Debian
# ships it as a static library only, built against sequential MUMPS, LAPACK/BLAS and gfortran, so those
# are linked with it (as /usr/share/sdpa/make.inc lists). Only bounds/ uses it, privately.
include(FindPackageHandleStandardArgs)
find_path(SDPA_INCLUDE_DIR sdpa_call.h)
find_library(SDPA_LIBRARY NAMES sdpa)
find_library(SDPA_DMUMPS_LIBRARY NAMES dmumps_seq)
find_library(SDPA_MUMPS_COMMON_LIBRARY NAMES mumps_common_seq)
find_library(SDPA_MPISEQ_LIBRARY NAMES mpiseq_seq mpiseq)
find_library(SDPA_PORD_LIBRARY NAMES pord_seq pord)
find_library(SDPA_LAPACK_LIBRARY NAMES lapack)
find_library(SDPA_BLAS_LIBRARY NAMES blas)
find_library(SDPA_GFORTRAN_LIBRARY NAMES gfortran libgfortran.so.5)
find_package_handle_standard_args(SDPA REQUIRED_VARS SDPA_LIBRARY SDPA_INCLUDE_DIR SDPA_DMUMPS_LIBRARY
  SDPA_MUMPS_COMMON_LIBRARY SDPA_LAPACK_LIBRARY SDPA_BLAS_LIBRARY)
if(SDPA_FOUND AND NOT TARGET SDPA::SDPA)
  add_library(SDPA::SDPA UNKNOWN IMPORTED)
  set(_sdpa_deps ${SDPA_DMUMPS_LIBRARY} ${SDPA_MUMPS_COMMON_LIBRARY})
  foreach(_lib SDPA_MPISEQ_LIBRARY SDPA_PORD_LIBRARY)
    if(${_lib})
      list(APPEND _sdpa_deps ${${_lib}})
    endif()
  endforeach()
  list(APPEND _sdpa_deps ${SDPA_LAPACK_LIBRARY} ${SDPA_BLAS_LIBRARY})
  if(SDPA_GFORTRAN_LIBRARY)
    list(APPEND _sdpa_deps ${SDPA_GFORTRAN_LIBRARY})
  endif()
  set_target_properties(SDPA::SDPA PROPERTIES IMPORTED_LOCATION "${SDPA_LIBRARY}"
    INTERFACE_INCLUDE_DIRECTORIES "${SDPA_INCLUDE_DIR}" INTERFACE_LINK_LIBRARIES "${_sdpa_deps}")
endif()
mark_as_advanced(SDPA_INCLUDE_DIR SDPA_LIBRARY SDPA_DMUMPS_LIBRARY SDPA_MUMPS_COMMON_LIBRARY SDPA_MPISEQ_LIBRARY
  SDPA_PORD_LIBRARY SDPA_LAPACK_LIBRARY SDPA_BLAS_LIBRARY SDPA_GFORTRAN_LIBRARY)
