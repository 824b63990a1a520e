# Regenerates build_info.cpp at every build (only rewritten when the revision
# changes), so `l2l --version` never reports a stale revision.
set(L2L_BUILD_INFO_CPP "${CMAKE_BINARY_DIR}/generated/build_info.cpp")
add_custom_target(l2l_git_revision
  COMMAND ${CMAKE_COMMAND}
          -DSOURCE_DIR=${CMAKE_SOURCE_DIR}
          -DOUTPUT=${L2L_BUILD_INFO_CPP}
          -DVERSION=${PROJECT_VERSION}
          -P ${CMAKE_SOURCE_DIR}/cmake/WriteBuildInfo.cmake
  BYPRODUCTS ${L2L_BUILD_INFO_CPP}
  COMMENT "Checking git revision")
