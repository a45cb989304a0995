#!/usr/bin/env bash
# Builds the benchmarks in a Release tree (build/bench) and runs them. Figures go in notes, never in tests.
# Usage: test/bench/run.sh [benchmark-name...]   (default: all)
set -euo pipefail
src=$(cd "$(dirname "$0")/../.." && pwd)
bash "$src/.ci/install-deps" --bench
build="$src/build/bench"
cmake -S "$src" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Release -DGCHAT_BUILD_BENCHMARKS=ON \
  -DGCHAT_BUILD_TESTS=OFF -DGCHAT_BUILD_EXAMPLES=OFF -DGCHAT_CONSUMER_TESTS=OFF >/dev/null
benches=("$@")
[ ${#benches[@]} -gt 0 ] || benches=(gchat_bench_event_parse)
cmake --build "$build" -j2 --target "${benches[@]}"
for b in "${benches[@]}"; do
  echo "== $b"
  "$build/test/bench/$b"
done
