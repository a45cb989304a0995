#!/usr/bin/env bash
# Builds and runs tiny projects that use gchat the ways its users do, each one building and running
# test/cmake_test/consumer_main.cpp:
#   find_package     after `cmake --install` of gchat into a scratch prefix  (test/cmake_test/find_package)
#   add_subdirectory of the source tree, header-only and with GCHAT_SEPARATE_COMPILATION, and
#                    test/cmake_test/optimized_main.cpp at -O2 -Werror       (test/cmake_test/add_subdirectory)
#   fetch_content    FetchContent, pointed at the source tree                (test/cmake_test/fetch_content)
#   meson_subproject dependency('gchat', fallback: ...) with subprojects/gchat -> the source tree
#                                                                            (test/meson_test)
# Prints PASS/FAIL per consumer; exits non-zero if any failed.
# Usage: consumer_tests.sh SOURCE_DIR WORK_DIR   (WORK_DIR is wiped). $CXX picks the compiler.
set -euo pipefail
if [ $# -ne 2 ]; then
  echo "usage: $0 SOURCE_DIR WORK_DIR" >&2
  exit 2
fi
src=$(cd "$1" && pwd)
work=$2
rm -rf "$work"
mkdir -p "$work"
work=$(cd "$work" && pwd)

cxx=${CXX:-c++}
cmake_args=(-G Ninja -DCMAKE_BUILD_TYPE=Debug "-DCMAKE_CXX_COMPILER=$cxx")
meson_cxx=$cxx
if command -v ccache >/dev/null; then
  cmake_args+=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache)
  meson_cxx="ccache $cxx"
fi

find_package_consumer() {
  cmake -S "$src" -B "$work/gchat-build" "${cmake_args[@]}" -DGCHAT_BUILD_TESTS=OFF \
    -DGCHAT_BUILD_EXAMPLES=OFF -DCMAKE_INSTALL_PREFIX="$work/prefix"
  cmake --install "$work/gchat-build"
  cmake -S "$src/test/cmake_test/find_package" -B "$work/find_package" "${cmake_args[@]}" \
    -DCMAKE_PREFIX_PATH="$work/prefix"
  cmake --build "$work/find_package"
  "$work/find_package/consumer"
}

add_subdirectory_consumer() {
  cmake -S "$src/test/cmake_test/add_subdirectory" -B "$work/add_subdirectory" "${cmake_args[@]}" \
    -DGCHAT_SOURCE_DIR="$src"
  cmake --build "$work/add_subdirectory"
  "$work/add_subdirectory/consumer"
  "$work/add_subdirectory/consumer_separate"
  "$work/add_subdirectory/consumer_optimized"
}

fetch_content_consumer() {
  cmake -S "$src/test/cmake_test/fetch_content" -B "$work/fetch_content" "${cmake_args[@]}" \
    -DFETCHCONTENT_SOURCE_DIR_GCHAT="$src" -DFETCHCONTENT_FULLY_DISCONNECTED=ON
  cmake --build "$work/fetch_content"
  "$work/fetch_content/consumer"
}

meson_consumer() {
  local proj="$work/meson_project"
  mkdir -p "$proj/subprojects"
  cp "$src/test/meson_test/meson.build" "$src/test/cmake_test/consumer_main.cpp" "$proj/"
  ln -s "$src" "$proj/subprojects/gchat"
  CXX=$meson_cxx meson setup "$work/meson_build" "$proj"
  meson test -C "$work/meson_build" --print-errorlogs
}

failed=0
run() { # name function
  local name=$1 start=$SECONDS
  if "$2" >"$work/$name.log" 2>&1; then
    echo "PASS $name ($((SECONDS - start)) s)"
  else
    echo "FAIL $name (log: $work/$name.log)"
    tail -40 "$work/$name.log"
    failed=1
  fi
}
run find_package find_package_consumer
run add_subdirectory add_subdirectory_consumer
run fetch_content fetch_content_consumer
run meson_subproject meson_consumer
exit $failed
