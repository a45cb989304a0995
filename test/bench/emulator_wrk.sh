#!/usr/bin/env bash
# Requests/s that gchat-emulator serves to wrk for a create-message POST, at 1 and 64 connections,
# one core each side (taskset). Figures go in notes, never in tests.
#
# Usage: test/bench/emulator_wrk.sh [seconds]     (default 5 per run)
#   GCHAT_EMULATOR=/path/to/gchat-emulator  use that binary instead of building one (Release) in build/bench
set -euo pipefail
src=$(cd "$(dirname "$0")/../.." && pwd)
duration=${1:-5}
command -v wrk >/dev/null || { echo "wrk is not installed (Debian package: wrk)" >&2; exit 1; }

emulator=${GCHAT_EMULATOR:-}
if [ -z "$emulator" ]; then
  build="$src/build/bench"
  cmake -S "$src" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Release -DGCHAT_BUILD_EXAMPLES=ON \
    -DGCHAT_BUILD_TESTS=OFF -DGCHAT_CONSUMER_TESTS=OFF >/dev/null
  cmake --build "$build" -j2 --target gchat-emulator
  emulator=$(find "$build" -type f -name gchat-emulator -perm -u+x | head -n1)
fi

ncpu=$(nproc)
server_cpu=0
client_cpu=$((ncpu > 1 ? 1 : 0))

work=$(mktemp -d)
cleanup() {
  [ -n "${pid:-}" ] && kill "$pid" 2>/dev/null && wait "$pid" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

cat >"$work/create.lua" <<'LUA'
wrk.method = "POST"
wrk.body = '{"text":"Hello, world!"}'
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Authorization"] = "Bearer bench-token"
LUA

for conns in 1 64; do
  # A fresh emulator per run, so that both start from an empty space.
  taskset -c "$server_cpu" "$emulator" --port 0 --quiet >"$work/url" 2>"$work/err" &
  pid=$!
  for _ in $(seq 100); do [ -s "$work/url" ] && break; sleep 0.05; done
  url=$(head -n1 "$work/url")
  [ -n "$url" ] || { cat "$work/err" >&2; exit 1; }
  echo "== gchat-emulator $url: POST v1/spaces/BENCH/messages, $conns connection(s), ${duration}s, server cpu $server_cpu, wrk cpu $client_cpu"
  taskset -c "$client_cpu" wrk -t1 -c"$conns" -d"${duration}s" --latency -s "$work/create.lua" \
    "${url}v1/spaces/BENCH/messages" | grep -E "Requests/sec|Latency|50%|99%|Non-2xx|Socket errors" || true
  kill -INT "$pid"
  wait "$pid" || true
  pid=
done
