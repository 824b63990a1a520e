# Every dependency is a Debian 12 package; scripts/install-deps installs them.
find_package(MPI REQUIRED COMPONENTS CXX)
find_package(Boost 1.74 REQUIRED COMPONENTS serialization)
find_package(HDF5 REQUIRED COMPONENTS C)
find_package(spdlog REQUIRED)
find_package(CLI11 REQUIRED)
find_package(tomlplusplus REQUIRED)
find_package(nlohmann_json 3.10 REQUIRED)  # the external-command protocol (optimizer/run/command_protocol.cpp)
find_package(Eigen3 3.4 REQUIRED NO_MODULE)
if(L2L_BUILD_TESTS)
  find_package(doctest REQUIRED)  # the unit tests only
endif()
find_package(Threads REQUIRED)

# HDF5 as one imported target (FindHDF5 of CMake 3.25 gives variables).
if(NOT TARGET l2l::hdf5)
  add_library(l2l::hdf5 INTERFACE IMPORTED)
  target_include_directories(l2l::hdf5 SYSTEM INTERFACE ${HDF5_C_INCLUDE_DIRS})
  target_link_libraries(l2l::hdf5 INTERFACE ${HDF5_C_LIBRARIES})
  target_compile_definitions(l2l::hdf5 INTERFACE ${HDF5_C_DEFINITIONS})
endif()
