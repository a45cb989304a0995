#!/usr/bin/env bash
# Builds and runs tiny projects that use gchat the ways its users do:
#   find_package after `cmake --install`, add_subdirectory, and a Meson subproject.
# Usage: consumer_tests.sh SOURCE_DIR WORK_DIR
set -euo pipefail
src=$(cd "$1" && pwd)
work=$2
rm -rf "$work"
mkdir -p "$work"
failed=0
run() { # name, command...
  local name=$1
  shift
  if "$@" >"$work/$name.log" 2>&1; then
    echo "PASS $name"
  else
    echo "FAIL $name (log: $work/$name.log)"
    tail -30 "$work/$name.log"
    failed=1
  fi
}

find_package_consumer() {
  cmake -S "$src" -B "$work/gchat-build" -G Ninja -DGCHAT_BUILD_TESTS=OFF -DGCHAT_BUILD_EXAMPLES=OFF \
    -DCMAKE_INSTALL_PREFIX="$work/prefix"
  cmake --install "$work/gchat-build"
  cmake -S "$src/test/cmake_test/find_package" -B "$work/find_package" -G Ninja \
    -DCMAKE_PREFIX_PATH="$work/prefix"
  cmake --build "$work/find_package"
  "$work/find_package/consumer"
}

add_subdirectory_consumer() {
  cmake -S "$src/test/cmake_test/add_subdirectory" -B "$work/add_subdirectory" -G Ninja \
    -DGCHAT_SOURCE_DIR="$src"
  cmake --build "$work/add_subdirectory"
  "$work/add_subdirectory/consumer"
}

meson_consumer() {
  local proj="$work/meson_project"
  mkdir -p "$proj/subprojects"
  cp "$src/test/meson_test/meson.build" "$src/test/cmake_test/consumer_main.cpp" "$proj/"
  ln -s "$src" "$proj/subprojects/gchat"
  meson setup "$work/meson_build" "$proj"
  meson test -C "$work/meson_build" --print-errorlogs
}

run find_package find_package_consumer
run add_subdirectory add_subdirectory_consumer
run meson_subproject meson_consumer
exit $failed
