#!/usr/bin/env bash
# Builds the libFuzzer targets with clang++ (ASan + UBSan) and runs each for SECONDS (default 600),
# seeded with the JSON fixtures under test/data. Usage: test/fuzz/run.sh [SECONDS] [TARGET...]
set -euo pipefail
src=$(cd "$(dirname "$0")/../.." && pwd)
seconds=${1:-600}
shift || true
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(fuzz_parse_event fuzz_parse_message)
build="$src/build/fuzz"
cmake -S "$src" -B "$build" -G Ninja -DCMAKE_CXX_COMPILER=clang++ -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DGCHAT_BUILD_TESTS=OFF -DGCHAT_BUILD_EXAMPLES=OFF -DGCHAT_BUILD_FUZZERS=ON -DGCHAT_CONSUMER_TESTS=OFF >/dev/null
cmake --build "$build" -j2 --target "${targets[@]}"
for t in "${targets[@]}"; do
  corpus="$build/corpus-$t"
  mkdir -p "$corpus"
  find "$src/test/data/events" "$src/test/data/models" "$src/test/data/json" -name '*.json' -exec cp {} "$corpus/" \; 2>/dev/null || true
  echo "== $t for ${seconds}s"
  log="$build/$t.log"
  rc=0
  "$build/test/fuzz/$t" "$corpus" -max_total_time="$seconds" -max_len=65536 -timeout=10 -rss_limit_mb=2048 \
    -print_final_stats=1 >"$log" 2>&1 || rc=$?
  grep -E 'stat::number_of_executed_units|stat::peak_rss_mb|ERROR|SUMMARY' "$log" || true
  if [ "$rc" -ne 0 ]; then
    echo "$t FAILED (exit $rc); see $log and the crash-* file it names" >&2
    exit "$rc"
  fi
done
