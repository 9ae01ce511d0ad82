# whorl_add_layer(NAME DEPS ...): a static library whorl_NAME from every .cpp under
# src/NAME (recursively), with src/ as the include root and PUBLIC links to DEPS.
function(whorl_add_layer name)
  cmake_parse_arguments(ARG "" "" "DEPS" ${ARGN})
  file(GLOB_RECURSE sources CONFIGURE_DEPENDS "${CMAKE_CURRENT_SOURCE_DIR}/${name}/*.cpp")
  if(NOT sources)  # a layer not written yet: a header-only placeholder target
    add_library(whorl_${name} INTERFACE)
    target_include_directories(whorl_${name} INTERFACE "${PROJECT_SOURCE_DIR}/src")
    target_link_libraries(whorl_${name} INTERFACE whorl_build_flags ${ARG_DEPS})
    return()
  endif()
  add_library(whorl_${name} STATIC ${sources})
  target_include_directories(whorl_${name} PUBLIC "${PROJECT_SOURCE_DIR}/src")
  target_link_libraries(whorl_${name} PUBLIC whorl_build_flags ${ARG_DEPS})
  if(name STREQUAL "base")
    target_precompile_headers(whorl_base PRIVATE ${WHORL_PCH_HEADERS})
  else()
    whorl_use_pch(whorl_${name})
  endif()
endfunction()

# whorl_use_pch(TARGET ...): the targets compile with whorl_base's precompiled headers
# (cmake/BuildFlags.cmake); they must share its compile flags.
function(whorl_use_pch)
  foreach(target ${ARGN})
    target_precompile_headers(${target} REUSE_FROM whorl_base)
  endforeach()
endfunction()

# whorl_add_unit_test(LAYER DEPS ...): one GoogleTest binary per layer from every
# tests/unit/LAYER/**/*.cpp, each test registered with CTest under the label "unit".
function(whorl_add_unit_test layer)
  cmake_parse_arguments(ARG "" "" "DEPS" ${ARGN})
  file(GLOB_RECURSE sources CONFIGURE_DEPENDS "${CMAKE_CURRENT_SOURCE_DIR}/${layer}/*.cpp")
  if(NOT sources)
    return()
  endif()
  add_executable(unit_${layer} ${sources})
  target_link_libraries(unit_${layer} PRIVATE ${ARG_DEPS} whorl_test_support GTest::gtest_main
                        GTest::gmock)
  target_precompile_headers(unit_${layer} REUSE_FROM whorl_test_support)
  gtest_discover_tests(unit_${layer} PROPERTIES LABELS unit DISCOVERY_TIMEOUT 60)
endfunction()
