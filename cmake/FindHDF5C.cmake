# Finds the HDF5 C library (Debian's libhdf5-dev, the serial build) and defines HDF5C::HDF5C. CMake's
# own FindHDF5 test-compiles a C program, which a C++-only project cannot do; this module only looks
# for the header and the library. Only io/hdf5.cpp uses it, privately; a static constel's exported
# target still names it, hence this file is installed too.
include(FindPackageHandleStandardArgs)
find_path(HDF5C_INCLUDE_DIR hdf5.h PATH_SUFFIXES hdf5/serial)
find_library(HDF5C_LIBRARY NAMES hdf5_serial hdf5 PATH_SUFFIXES hdf5/serial)
find_package_handle_standard_args(HDF5C REQUIRED_VARS HDF5C_LIBRARY HDF5C_INCLUDE_DIR)
if(HDF5C_FOUND AND NOT TARGET HDF5C::HDF5C)
  add_library(HDF5C::HDF5C UNKNOWN IMPORTED)
  set_target_properties(HDF5C::HDF5C PROPERTIES IMPORTED_LOCATION "${HDF5C_LIBRARY}"
    INTERFACE_INCLUDE_DIRECTORIES "${HDF5C_INCLUDE_DIR}")
endif()
mark_as_advanced(HDF5C_INCLUDE_DIR HDF5C_LIBRARY)
