# Flags for gchat's own tests and examples, never for the gchat INTERFACE target (users choose their own):
# link `gchat_build_flags` to a target to get them. Included by the top-level CMakeLists.txt only
# when gchat builds tests, examples, benchmarks or fuzzers.

add_library(gchat_build_flags INTERFACE)

if(GCHAT_WARNINGS_AS_ERRORS)
  target_compile_options(gchat_build_flags INTERFACE -Wall -Wextra -Werror)
endif()

# Compressed debug sections, for the builds with -g (presets debug, asan-ubsan, tsan): a -g object of an
# integration test is 150-350 MB (Asio's and Beast's templates); compressing halves that at no
# measurable cost in compile time (executor_test.cpp with g++: 334 MB, 138 s; with -gz: 186 MB, 130 s).
include(CheckCXXCompilerFlag)
check_cxx_compiler_flag(-gz GCHAT_COMPILER_HAS_GZ)
if(GCHAT_COMPILER_HAS_GZ)
  target_compile_options(gchat_build_flags INTERFACE -gz)
  target_link_options(gchat_build_flags INTERFACE -gz)
endif()

if(GCHAT_SANITIZE)
  set(_gchat_sanitize -fsanitize=${GCHAT_SANITIZE} -fno-sanitize-recover=all -fno-omit-frame-pointer)
  if(CMAKE_CXX_COMPILER_ID STREQUAL "Clang" AND GCHAT_SANITIZE MATCHES "undefined")
    # clang 14's UBSan -fsanitize=function rejects calls through coroutine frames.
    list(APPEND _gchat_sanitize -fno-sanitize=function)
  endif()
  if(CMAKE_CXX_COMPILER_ID STREQUAL "GNU" AND GCHAT_SANITIZE MATCHES "thread")
    # Asio's reference counts use std::atomic_thread_fence, which g++ warns ThreadSanitizer cannot model;
    # the tests run anyway, and a report caused by a fence would show up as a race in Asio's refcounting.
    list(APPEND _gchat_sanitize -Wno-tsan)
  endif()
  target_compile_options(gchat_build_flags INTERFACE ${_gchat_sanitize})
  target_link_options(gchat_build_flags INTERFACE -fsanitize=${GCHAT_SANITIZE})
  unset(_gchat_sanitize)
endif()

# ccache for every target created after this point in gchat's directory scope (tests, examples).
if(GCHAT_USE_CCACHE AND NOT CMAKE_CXX_COMPILER_LAUNCHER)
  find_program(GCHAT_CCACHE_PROGRAM ccache)
  if(GCHAT_CCACHE_PROGRAM)
    set(CMAKE_CXX_COMPILER_LAUNCHER ${GCHAT_CCACHE_PROGRAM})
  endif()
endif()
