#!/usr/bin/env bash
# Verified events per second, end to end: wrk POSTs a MESSAGE event with a bearer token signed by the
# embedded emulator (Google's role) to gchat's event server, which verifies the token, parses the event,
# routes it and writes the reply. One core each side (server on CPU 0, wrk on CPU 1), 64 connections.
# Runs three times: with the verifier's cache of verified tokens (the default: Chat reuses a token for many
# events), without it (--verified-cache 0: one RSA-2048 signature check per request), both on the default
# event_server (any_io_executor), then cached on basic_event_server<io_context::executor_type>.
# Target (issue "event endpoint"): >= 20,000 events/s. Figures go in notes, never in tests.
#
# Usage: test/bench/event_server_bench.sh [seconds]      (default 5)
set -euo pipefail
src=$(cd "$(dirname "$0")/../.." && pwd)
duration=${1:-5}

bash "$src/.ci/install-deps" --bench
build="$src/build/bench"
cmake -S "$src" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Release -DGCHAT_BUILD_BENCHMARKS=ON \
  -DGCHAT_BUILD_TESTS=OFF -DGCHAT_CONSUMER_TESTS=OFF >/dev/null
cmake --build "$build" -j2 --target gchat_bench_event_server
bench="$build/test/bench/gchat_bench_event_server"
event="$src/test/data/events/message_mention.json"

ncpu=$(nproc)
server_cpu=0
client_cpu=$((ncpu > 1 ? 1 : 0))
work=$(mktemp -d)
trap 'kill -INT "${pid:-}" 2>/dev/null || true; rm -rf "$work"' EXIT

run() { # label verified-cache executor
  taskset -c "$server_cpu" "$bench" "$event" --verified-cache "$2" --executor "$3" >"$work/out" 2>"$work/err" &
  pid=$!
  for _ in $(seq 200); do grep -q '^body=' "$work/out" 2>/dev/null && break; sleep 0.05; done
  local url token
  url=$(sed -n 's/^url=//p' "$work/out")
  token=$(sed -n 's/^token=//p' "$work/out")
  [ -n "$url" ] || { cat "$work/err" >&2; exit 1; }
  cat >"$work/post.lua" <<LUA
wrk.method = "POST"
local f = io.open("$event", "rb"); wrk.body = f:read("*a"); f:close()
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Authorization"] = "Bearer $token"
LUA
  local out
  out=$(taskset -c "$client_cpu" wrk -t1 -c64 -d"${duration}s" --latency -s "$work/post.lua" "$url")
  kill -INT "$pid"
  wait "$pid" || true
  local rps p50 p99 non2xx
  rps=$(echo "$out" | awk '/Requests\/sec/ {printf "%.0f", $2}')
  p50=$(echo "$out" | awk '$1 == "50%" {print $2}')
  p99=$(echo "$out" | awk '$1 == "99%" {print $2}')
  non2xx=$(echo "$out" | awk '/Non-2xx/ {print $NF}')
  printf "%-34s %8s events/s  p50 %-9s p99 %-9s non-2xx %-5s %s\n" "$1" "$rps" "$p50" "$p99" \
    "${non2xx:-0}" "$(sed -n 's/^requests=[0-9]* //p' "$work/out")"
  echo "$rps" >"$work/rps_$2_$3"
}

echo "== event server (cpu $server_cpu) under wrk -c64 (cpu $client_cpu), ${duration}s per run"
run "verify+parse+route+reply (cached)" 256 any
run "the same, RSA check per request" 0 any
run "cached, io_context::executor_type" 256 io_context
cached=$(cat "$work/rps_256_any")
echo "target >= 20000 events/s: $cached ($(awk -v r="$cached" 'BEGIN { printf "%.2f", r / 20000 }')x the target)"
