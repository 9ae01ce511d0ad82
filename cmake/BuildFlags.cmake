# Compiler flags shared by every whorl target: warnings as errors, sanitizers, fuzzing.
add_library(whorl_build_flags INTERFACE)
target_compile_options(whorl_build_flags INTERFACE -Wall -Wextra -Werror -Wshadow
                       -Wnon-virtual-dtor -Wno-missing-field-initializers
                       # GCC 12's -Wrestrict misfires inside std::string's operator+ once
                       # calls are inlined across a unity batch (GCC bug 105651).
                       $<$<CXX_COMPILER_ID:GNU>:-Wno-restrict>)
# WHORL_INSTALL_DATADIR: where `cmake --install` puts data/ (fp/db/data_paths.cpp).
target_compile_definitions(whorl_build_flags INTERFACE
  WHORL_VERSION="${PROJECT_VERSION}"
  WHORL_SOURCE_DIR="${PROJECT_SOURCE_DIR}"
  WHORL_INSTALL_DATADIR="${CMAKE_INSTALL_FULL_DATADIR}/whorl")

if(WHORL_SANITIZE)
  # GCC 12 reports false "maybe-uninitialized" warnings inside libstdc++ (<regex>,
  # std::function) once the sanitizers change its inlining; the normal build keeps the check.
  # -O1 as the sanitizers' documentation recommends: usable speed, readable stacks, and a
  # much shorter compile than -O2. float-cast-overflow is not part of "undefined": added so
  # that a double cast to an integer it does not fit (a flag value of 1e16 s) aborts.
  target_compile_options(whorl_build_flags INTERFACE
    -O1 -fsanitize=address,undefined,float-cast-overflow -fno-sanitize-recover=all -fno-omit-frame-pointer
    $<$<CXX_COMPILER_ID:GNU>:-Wno-maybe-uninitialized>)
  target_link_options(whorl_build_flags INTERFACE -fsanitize=address,undefined,float-cast-overflow)
endif()

# The tests' own code (the targets tests/CMakeLists.txt marks WHORL_TEST_CODE: harnesses,
# their support libraries, the fuzz corpus replays) is compiled at -O0 in the normal and
# sanitizer builds: the code under test (libraries, tools, benchmarks) keeps its -O2, or -O1
# under the sanitizers, and the tests' instrumentation is the same; their compile takes about
# half the time. The fuzz build optimises everything. Added after the sanitizers' -O1, which
# it overrides. docs/decisions/0028-ci-build-time.md.
if(NOT WHORL_FUZZ)
  target_compile_options(whorl_build_flags INTERFACE $<$<BOOL:$<TARGET_PROPERTY:WHORL_TEST_CODE>>:-O0>)
endif()

# Precompiled headers: the standard and fmt headers most sources include, compiled once per
# build directory by whorl_base and reused by every library and fuzz target (whorl_use_pch); the
# tests add GoogleTest in tests/CMakeLists.txt. Configure with
# -DCMAKE_DISABLE_PRECOMPILE_HEADERS=ON to check that each file includes what it uses.
set(WHORL_PCH_HEADERS
  <algorithm> <array> <chrono> <cstddef> <cstdint> <cstring> <filesystem> <functional> <map>
  <memory> <optional> <set> <span> <string> <string_view> <unordered_map> <utility> <vector>
  <fmt/format.h>)

if(WHORL_FUZZ)
  if(NOT CMAKE_CXX_COMPILER_ID MATCHES "Clang")
    message(FATAL_ERROR "WHORL_FUZZ needs clang (cmake -DCMAKE_CXX_COMPILER=clang++)")
  endif()
  # Instrument every library for coverage; the targets add -fsanitize=fuzzer at link time.
  target_compile_options(whorl_build_flags INTERFACE
    -fsanitize=fuzzer-no-link,address,undefined -fno-omit-frame-pointer)
  target_link_options(whorl_build_flags INTERFACE -fsanitize=address,undefined)
endif()
