#!/usr/bin/env bash
# gchat::client against wrk and the official Node client (@googleapis/chat), in one run against ONE
# gchat-emulator process: create-message POSTs to spaces/BENCH, 1 and 64 in flight, one core each side
# (emulator on CPU 0, the client under test on CPU 1); wrk runs before and after gchat. Then 10,000 gchat calls in flight (64 connections,
# the rest queued in the client) for peak RSS. Prints a table and the ratios against the targets.
#
# Two wrk requests: "wrk" is a minimal create (no query, three headers), and "wrk same-request" sends what
# gchat_bench_client sends: the same headers and a fresh ?requestId= UUID per request (the client makes every
# create idempotent with one, and the emulator then looks it up and records it: more work per request on
# the emulator's core, which is the bottleneck at 64 in flight). The client/wrk throughput ratio is printed
# against both.
#
# gchat_bench_client is one object file linked four ways (test/bench/CMakeLists.txt): "dynamic" (the
# default: libstdc++, OpenSSL, Boost.JSON/URL shared), "static-libstdc++" (-static-libstdc++
# -static-libgcc), "static deps" (also OpenSSL and Boost from their .a; glibc shared) and "static" (-static).
# Each runs at 1 and 64 in flight; the table says which build each gchat row is. Most of a small client's
# RSS is the pages its shared libraries touch (relocations, initialisers, code), so the build decides it.
# Figures go in notes, never in tests. Needs the npm registry (installs @googleapis/chat into
# build/bench/node); not part of the default test command.
#
# Usage: test/bench/client_bench.sh [seconds]     (default 5 per run, after a 0.5 s warm-up for the clients)
#   GCHAT_EMULATOR=/path/to/gchat-emulator  use that binary instead of the one built in build/bench
set -euo pipefail
src=$(cd "$(dirname "$0")/../.." && pwd)
duration=${1:-5}
queued=10000

bash "$src/.ci/install-deps" --bench
if ! command -v node >/dev/null || ! command -v npm >/dev/null; then
  sudo_cmd=""
  [ "$(id -u)" -eq 0 ] || sudo_cmd="sudo"
  $sudo_cmd apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq --no-install-recommends nodejs npm >/dev/null
fi

build="$src/build/bench"
cmake -S "$src" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Release -DGCHAT_BUILD_BENCHMARKS=ON \
  -DGCHAT_BUILD_EXAMPLES=ON -DGCHAT_BUILD_TESTS=OFF -DGCHAT_CONSUMER_TESTS=OFF >/dev/null
# The link variants: "suffix:label" (the static ones exist where Debian's static archives are installed).
variants=(":dynamic" "_static_cxx:static-libstdc++")
if cmake --build "$build" --target help | grep -q gchat_bench_client_static_deps; then
  variants+=("_static_deps:static deps" "_static:static")
fi
targets=()
for v in "${variants[@]}"; do targets+=("gchat_bench_client${v%%:*}"); done
[ -n "${GCHAT_EMULATOR:-}" ] || targets+=(gchat-emulator)
cmake --build "$build" -j2 --target "${targets[@]}"
emulator=${GCHAT_EMULATOR:-$(find "$build" -type f -name gchat-emulator -perm -u+x | head -n1)}
bench="$build/test/bench/gchat_bench_client"

node_dir="$build/node"
mkdir -p "$node_dir"
[ -f "$node_dir/package.json" ] || echo '{"name": "gchat-bench-node", "private": true}' >"$node_dir/package.json"
[ -d "$node_dir/node_modules/@googleapis/chat" ] ||
  (cd "$node_dir" && npm install --no-audit --no-fund --loglevel=error @googleapis/chat >/dev/null)
cp "$src/test/bench/node_client_bench.mjs" "$node_dir/"

ncpu=$(nproc)
server_cpu=0
client_cpu=$((ncpu > 1 ? 1 : 0))

work=$(mktemp -d)
cleanup() {
  [ -n "${pid:-}" ] && kill -INT "$pid" 2>/dev/null && wait "$pid" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

cat >"$work/create.lua" <<'LUA'
wrk.method = "POST"
wrk.body = '{"text":"Hello, world!"}'
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Authorization"] = "Bearer bench-token"
LUA
# What gchat_bench_client sends (see the header comment): its headers, body and a fresh requestId each time.
cat >"$work/create_same.lua" <<'LUA'
math.randomseed(os.time())
local prefix = string.format("%08x", math.random(0, 0x7fffffff))
local n = 0
local headers = {
  ["User-Agent"] = "gchat/0.1.0",
  ["Authorization"] = "Bearer bench-token",
  ["Content-Type"] = "application/json; charset=utf-8",
}
local body = '{"text":"Hello, world!"}'
request = function()
  n = n + 1
  return wrk.format("POST", string.format("/v1/spaces/BENCH/messages?requestId=%s-0000-4000-8000-%012x",
    prefix, n), headers, body)
end
LUA

taskset -c "$server_cpu" "$emulator" --port 0 --quiet >"$work/url" 2>"$work/err" &
pid=$!
for _ in $(seq 100); do [ -s "$work/url" ] && break; sleep 0.05; done
url=$(head -n1 "$work/url")
[ -n "$url" ] || { cat "$work/err" >&2; exit 1; }
echo "== gchat-emulator $url (pid $pid, cpu $server_cpu); clients on cpu $client_cpu; ${duration}s per run"

# Results: name -> "rps p50_us p99_us rss_kib"
declare -A res

# wrk's latency lines ("50%  123.00us", "1.20ms", "2.00s") in microseconds.
to_us() {
  awk -v v="$1" 'BEGIN { n = v + 0; u = v; sub(/^[0-9.]+/, "", u);
    if (u == "ms") n *= 1000; else if (u == "s") n *= 1000000; else if (u == "m") n *= 60000000;
    printf "%.0f", n }'
}

run_wrk() { # connections [key suffix] [lua script]
  local out
  out=$(taskset -c "$client_cpu" wrk -t1 -c"$1" -d"${duration}s" --latency -s "$work/${3:-create.lua}" \
    "${url}v1/spaces/BENCH/messages")
  echo "$out" | grep -E "Requests/sec|Non-2xx|Socket errors" | sed 's/^/   /'
  local rps p50 p99
  rps=$(echo "$out" | awk '/Requests\/sec/ { printf "%.0f", $2 }')
  p50=$(to_us "$(echo "$out" | awk '$1 == "50%" { print $2 }')")
  p99=$(to_us "$(echo "$out" | awk '$1 == "99%" { print $2 }')")
  res[wrk-$1${2:-}]="$rps $p50 $p99 -"
}

# key=value line of gchat_bench_client / node_client_bench.mjs -> "rps p50 p99 rss"
parse_kv() {
  echo "$1" | tr ' ' '\n' | awk -F= '{ v[$1] = $2 } END { print v["rps"], v["p50_us"], v["p99_us"], v["rss_kib"] }'
}

run_gchat() { # in-flight [variant suffix]
  local out
  out=$(taskset -c "$client_cpu" "$bench${2:-}" "$url" --seconds "$duration" --inflight "$1")
  echo "   $out"
  res[gchat${2:-}-$1]=$(parse_kv "$out")
}

run_node() { # in-flight
  local out
  out=$(cd "$node_dir" && taskset -c "$client_cpu" node node_client_bench.mjs "$url" --seconds "$duration" \
    --inflight "$1")
  echo "   $out"
  res[node-$1]=$(parse_kv "$out")
}

# wrk before and after gchat (the emulator keeps every message, so it grows during the run): the ratios
# use the mean of the two, which brackets gchat's runs.
for c in 1 64; do echo "== wrk -c$c"; run_wrk "$c"; done
for c in 1 64; do echo "== wrk -c$c same-request"; run_wrk "$c" s create_same.lua; done
for n in 1 64; do echo "== gchat_bench_client --inflight $n"; run_gchat "$n"; done
for c in 1 64; do echo "== wrk -c$c same-request (again)"; run_wrk "$c" sb create_same.lua; done
for c in 1 64; do echo "== wrk -c$c (again)"; run_wrk "$c" b; done
for c in 1 64; do
  for k in "" s; do
    read -r r1 p1 q1 _ <<<"${res[wrk-$c$k]}"
    read -r r2 p2 q2 _ <<<"${res[wrk-$c${k}b]}"
    res[wrk-$c${k}m]=$(awk -v a="$r1" -v b="$r2" -v c="$p1" -v d="$p2" -v e="$q1" -v f="$q2" \
      'BEGIN { printf "%.0f %.0f %.0f -", (a + b) / 2, (c + d) / 2, (e + f) / 2 }')
  done
done
for v in "${variants[@]:1}"; do
  for n in 1 64; do echo "== gchat_bench_client${v%%:*} --inflight $n"; run_gchat "$n" "${v%%:*}"; done
done
for n in 1 64; do echo "== node node_client_bench.mjs --inflight $n"; run_node "$n"; done
echo "== gchat_bench_client --queued $queued (max_connections 64)"
out=$(taskset -c "$client_cpu" "$bench" "$url" --queued "$queued" --rounds 3)
echo "   $out"
res[gchat-queued]=$(parse_kv "$out")
emu_rss=$(awk '/VmHWM/ { print $2 }' "/proc/$pid/status")

echo
printf '%-40s %10s %10s %10s %12s\n' "client (same emulator)" "req/s" "p50 us" "p99 us" "peak RSS MiB"
row() { # label key
  local rps p50 p99 rss rss_mib
  read -r rps p50 p99 rss <<<"${res[$2]}"
  rss_mib=$([ "$rss" = "-" ] && echo "-" || awk -v r="$rss" 'BEGIN { printf "%.1f", r / 1024 }')
  printf '%-40s %10s %10s %10s %12s\n' "$1" "$rps" "$p50" "$p99" "$rss_mib"
}
for c in 1 64; do
  row "wrk -c$c" "wrk-$c"
  row "wrk -c$c (again)" "wrk-${c}b"
  row "wrk -c$c (mean)" "wrk-${c}m"
  row "wrk -c$c same-request" "wrk-${c}s"
  row "wrk -c$c same-request (again)" "wrk-${c}sb"
  row "wrk -c$c same-request (mean)" "wrk-${c}sm"
done
for v in "${variants[@]}"; do
  for n in 1 64; do row "gchat in-flight $n [${v#*:}]" "gchat${v%%:*}-$n"; done
done
row "gchat $queued queued (x3) [dynamic]" gchat-queued
for n in 1 64; do row "node in-flight $n" "node-$n"; done
printf '%-40s %10s %10s %10s %12s\n' "(gchat-emulator)" "" "" "" "$(awk -v r="$emu_rss" 'BEGIN { printf "%.1f", r / 1024 }')"

# ratio NAME VALUE OP TARGET
verdict() { awk -v v="$2" -v t="$4" -v op="$3" -v n="$1" 'BEGIN {
  ok = (op == ">=") ? (v >= t) : (v <= t);
  printf "%-58s %8.3f  target %s %-7s %s\n", n, v, op, t, ok ? "MET" : "MISSED" }'; }
get() { local a; read -r -a a <<<"${res[$1]}"; echo "${a[$2]}"; }
ratio() { awk -v a="$(get "$1" "$3")" -v b="$(get "$2" "$3")" 'BEGIN{print a/b}'; }

echo
verdict "gchat-64 req/s / node-64 req/s" "$(ratio gchat-64 node-64 0)" ">=" 12
verdict "gchat-64 req/s / wrk -c64 same-request (mean) req/s" "$(ratio gchat-64 wrk-64sm 0)" ">=" 0.9
verdict "gchat-64 req/s / wrk -c64 (mean) req/s" "$(ratio gchat-64 wrk-64m 0)" ">=" 0.9
verdict "gchat-1 p50 / wrk -c1 same-request (mean) p50" "$(ratio gchat-1 wrk-1sm 1)" "<=" 1.5
verdict "gchat-1 p50 / wrk -c1 (mean) p50" "$(ratio gchat-1 wrk-1m 1)" "<=" 1.5
for v in "${variants[@]}"; do
  for n in 64 1; do
    verdict "gchat-$n RSS / node-$n RSS [${v#*:}]" "$(ratio "gchat${v%%:*}-$n" "node-$n" 3)" "<=" 0.05
  done
done
verdict "gchat $queued in flight, peak RSS MiB [dynamic]" "$(awk -v a="$(get gchat-queued 3)" 'BEGIN{print a/1024}')" "<=" 64
echo "(also for reference: gchat-1 req/s / wrk -c1 (mean) req/s = $(awk -v a="$(get gchat-1 0)" -v b="$(get wrk-1m 0)" 'BEGIN{printf "%.3f", a/b}'))"
