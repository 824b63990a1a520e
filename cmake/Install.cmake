# `cmake --install BUILD --prefix P`: the program, its scripts and data, and a
# CMake package for programs of one's own (find_package(l2l)):
#   P/bin/l2l, l2l-plot, l2l-replay-plot    (the tools are links into share/l2l/tools)
#   P/share/l2l/{jobscripts,examples,tools,python,modulefiles}
#   P/share/doc/l2l/                         README, LICENSE, CITATION.cff, docs/
#   P/include/l2l/                           the headers, by their source paths
#   P/lib/libl2l_*.a, P/lib/cmake/l2l/       static libraries, l2lConfig.cmake
# share/l2l keeps the repository's relative layout, so examples find their
# networks/ (network_file is relative to the config's folder) and the tools
# find python/.
include(CMakePackageConfigHelpers)

set(L2L_DATADIR ${CMAKE_INSTALL_DATADIR}/l2l)
set(L2L_CMAKEDIR ${CMAKE_INSTALL_LIBDIR}/cmake/l2l)

# Libraries, by their names in the package: l2l::simulator, l2l::environments,
# l2l::optimizer (the program: run, inspect, ... and l2l::cli::program), and what they link.
set(l2l_exported
  l2l_common:common l2l_environments:environments l2l_simulator:simulator l2l_algorithms:algorithms
  l2l_farm:farm l2l_mpi_farm:mpi_farm l2l_results:results l2l_run:run l2l_commands:optimizer)
foreach(entry IN LISTS l2l_exported)
  string(REPLACE ":" ";" pair ${entry})
  list(GET pair 0 target)
  list(GET pair 1 name)
  set_target_properties(${target} PROPERTIES EXPORT_NAME ${name})
  add_library(l2l::${name} ALIAS ${target})  # the same names inside this build
  list(APPEND l2l_targets ${target})
endforeach()

install(TARGETS ${l2l_targets} EXPORT l2lTargets
        ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR}
        INCLUDES DESTINATION ${CMAKE_INSTALL_INCLUDEDIR}/l2l)
install(EXPORT l2lTargets NAMESPACE l2l:: DESTINATION ${L2L_CMAKEDIR})
foreach(room common environments simulator optimizer)
  install(DIRECTORY ${CMAKE_SOURCE_DIR}/${room} DESTINATION ${CMAKE_INSTALL_INCLUDEDIR}/l2l
          FILES_MATCHING PATTERN "*.hpp")
endforeach()
configure_package_config_file(${CMAKE_SOURCE_DIR}/cmake/l2lConfig.cmake.in
                              ${CMAKE_BINARY_DIR}/l2lConfig.cmake INSTALL_DESTINATION ${L2L_CMAKEDIR})
write_basic_package_version_file(${CMAKE_BINARY_DIR}/l2lConfigVersion.cmake COMPATIBILITY SameMinorVersion)
install(FILES ${CMAKE_BINARY_DIR}/l2lConfig.cmake ${CMAKE_BINARY_DIR}/l2lConfigVersion.cmake
        DESTINATION ${L2L_CMAKEDIR})

# The program and its scripts.
install(TARGETS l2l RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
install(DIRECTORY ${CMAKE_SOURCE_DIR}/jobscripts ${CMAKE_SOURCE_DIR}/tools ${CMAKE_SOURCE_DIR}/python
                  ${CMAKE_SOURCE_DIR}/examples
        DESTINATION ${L2L_DATADIR} USE_SOURCE_PERMISSIONS
        PATTERN "__pycache__" EXCLUDE PATTERN "build" EXCLUDE)
install(DIRECTORY ${CMAKE_SOURCE_DIR}/docs DESTINATION ${CMAKE_INSTALL_DOCDIR})
install(FILES ${CMAKE_SOURCE_DIR}/README.md ${CMAKE_SOURCE_DIR}/LICENSE ${CMAKE_SOURCE_DIR}/CITATION.cff
        DESTINATION ${CMAKE_INSTALL_DOCDIR})

# At install time (the prefix may be given only then, `--prefix P`): the tools
# on bin/ as relative links, and the modulefile with the prefix filled in.
install(CODE "
  set(L2L_PREFIX \"\${CMAKE_INSTALL_PREFIX}\")
  set(L2L_VERSION \"${PROJECT_VERSION}\")
  set(L2L_BINDIR \"${CMAKE_INSTALL_BINDIR}\")
  set(L2L_LIBDIR \"${CMAKE_INSTALL_LIBDIR}\")
  set(L2L_DATADIR \"${L2L_DATADIR}\")
  set(L2L_DOCDIR \"${CMAKE_INSTALL_DOCDIR}\")
  foreach(tool l2l-plot l2l-replay-plot)
    set(link \"\$ENV{DESTDIR}\${L2L_PREFIX}/${CMAKE_INSTALL_BINDIR}/\${tool}\")
    file(RELATIVE_PATH target \"\${L2L_PREFIX}/${CMAKE_INSTALL_BINDIR}\" \"\${L2L_PREFIX}/${L2L_DATADIR}/tools/\${tool}\")
    message(STATUS \"Installing: \${link} -> \${target}\")
    file(CREATE_LINK \"\${target}\" \"\${link}\" SYMBOLIC)
  endforeach()
  set(modulefile \"\$ENV{DESTDIR}\${L2L_PREFIX}/${L2L_DATADIR}/modulefiles/l2l/${PROJECT_VERSION}\")
  message(STATUS \"Installing: \${modulefile}\")
  configure_file(\"${CMAKE_SOURCE_DIR}/cmake/l2l.modulefile.in\" \"\${modulefile}\" @ONLY)
")
