#!/usr/bin/env bash
# Copyright (c) 2026 The gchat authors. Distributed under the Boost Software License, Version 1.0.
#
# Compile-time budget (issue 8). Compiles, one after another with the same flags, header-only as a user
# builds (no GCHAT/ASIO/BEAST separate compilation), for each compiler and -O0 / -O2:
#   (a) compile_budget/gchat_client_tu.cpp     <gchat.hpp> + one co_await chat.async_create_message over TLS
#   (b) compile_budget/event_parse_tu.cpp      <gchat/event/parse.hpp> only
#   (c) compile_budget/beast_tls_client_tu.cpp Beast's awaitable TLS client flow (the reference)
# and prints wall seconds, CPU seconds (user+sys) and peak RSS (/usr/bin/time -f '%e %U %S %M') of each
# `-c` compile, the ratios (a)/(c) (CPU time is the less noisy one on a shared machine),
# and the targets: (a) <= 1.5 x (c); (b) <= 8 s at -O2. Then, at -O2, the same (b) built the other way
# gchat offers, with GCHAT_SEPARATE_COMPILATION:
#   (b') compile_budget/event_parse_tu.cpp     each TU that parses events (parse_event is declared there)
#   (s)  compile_budget/gchat_src_tu.cpp       <gchat/src.hpp>: compiled once per program, not per TU
# Then it links each object once (untimed) to show the TUs are complete programs.
#
# Not part of ctest. Compiles run serially; on a shared machine absolute times are noisy, the ratios within
# one run are what matter.
#
# Usage: test/bench/compile_budget.sh [compiler...]     (default: g++ clang++)
#   CXXFLAGS_EXTRA="..." adds flags to every compile (e.g. -g).
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
src=$here/compile_budget
compilers=("$@")
[ ${#compilers[@]} -eq 0 ] && compilers=(g++ clang++)
levels=(-O0 -O2)
tus=(beast_tls_client_tu event_parse_tu gchat_client_tu)
flags=(-std=c++20 -Wall -Wextra -I"$root/include" ${CXXFLAGS_EXTRA:-})
libs=(-lboost_json -lboost_url -lssl -lcrypto -pthread)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

if [ ! -x /usr/bin/time ]; then
    echo "compile_budget.sh: needs /usr/bin/time (Debian package 'time')" >&2
    exit 2
fi

declare -A secs cpus mem
printf '%-8s %-4s %-22s %9s %9s %9s\n' compiler opt tu seconds cpu_s peak_MB
for cxx in "${compilers[@]}"; do
    command -v "$cxx" >/dev/null || { echo "skipping $cxx (not found)"; continue; }
    for opt in "${levels[@]}"; do
        for tu in "${tus[@]}"; do
            obj=$work/$cxx$opt-$tu.o
            if ! /usr/bin/time -f '%e %U %S %M' -o "$work/time" "$cxx" "${flags[@]}" "$opt" -c "$src/$tu.cpp" \
                -o "$obj" 2>"$work/err"; then
                echo "compile failed: $cxx $opt $tu" >&2
                head -30 "$work/err" >&2
                exit 1
            fi
            read -r s us ss kb <"$work/time"
            cpu=$(awk -v u="$us" -v s="$ss" 'BEGIN{printf "%.2f", u+s}')
            secs[$cxx$opt$tu]=$s
            cpus[$cxx$opt$tu]=$cpu
            mem[$cxx$opt$tu]=$((kb / 1024))
            printf '%-8s %-4s %-22s %9s %9s %9s\n' "$cxx" "$opt" "$tu" "$s" "$cpu" "$((kb / 1024))"
        done
    done
done

echo
echo "ratios (same compiler and level):"
printf '%-8s %-4s %12s %12s %12s %14s %14s\n' compiler opt 'a/c time' 'a/c cpu' 'a/c memory' 'a<=1.5c' 'b<=8s(-O2)'
for cxx in "${compilers[@]}"; do
    command -v "$cxx" >/dev/null || continue
    for opt in "${levels[@]}"; do
        a=${secs[${cxx}${opt}gchat_client_tu]}
        b=${secs[${cxx}${opt}event_parse_tu]}
        c=${secs[${cxx}${opt}beast_tls_client_tu]}
        ca=${cpus[${cxx}${opt}gchat_client_tu]}
        cc=${cpus[${cxx}${opt}beast_tls_client_tu]}
        ma=${mem[${cxx}${opt}gchat_client_tu]}
        mc=${mem[${cxx}${opt}beast_tls_client_tu]}
        rt=$(awk -v a="$a" -v c="$c" 'BEGIN{printf "%.2f", a/c}')
        rcpu=$(awk -v a="$ca" -v c="$cc" 'BEGIN{printf "%.2f", a/c}')
        rm=$(awk -v a="$ma" -v c="$mc" 'BEGIN{printf "%.2f", a/c}')
        ok_a=$(awk -v r="$rt" 'BEGIN{print (r<=1.5)?"yes":"NO"}')
        ok_b=-
        [ "$opt" = -O2 ] && ok_b=$(awk -v b="$b" 'BEGIN{print (b<=8)?"yes":"NO"}')
        printf '%-8s %-4s %12s %12s %12s %14s %14s\n' "$cxx" "$opt" "$rt" "$rcpu" "$rm" "$ok_a" "$ok_b"
    done
done

echo
echo "separate compilation (-DGCHAT_SEPARATE_COMPILATION, -O2): (b') per TU that parses, (s) once per program:"
printf '%-8s %-4s %-22s %9s %9s %9s %14s\n' compiler opt tu seconds cpu_s peak_MB "b'<=8s"
for cxx in "${compilers[@]}"; do
    command -v "$cxx" >/dev/null || continue
    for tu in event_parse_tu gchat_src_tu; do
        obj=$work/$cxx-sep-$tu.o
        if ! /usr/bin/time -f '%e %U %S %M' -o "$work/time" "$cxx" "${flags[@]}" -O2 -DGCHAT_SEPARATE_COMPILATION \
            -c "$src/$tu.cpp" -o "$obj" 2>"$work/err"; then
            echo "compile failed: $cxx -O2 separate $tu" >&2
            head -30 "$work/err" >&2
            exit 1
        fi
        read -r s us ss kb <"$work/time"
        cpu=$(awk -v u="$us" -v s="$ss" 'BEGIN{printf "%.2f", u+s}')
        ok=-
        [ "$tu" = event_parse_tu ] && ok=$(awk -v b="$s" 'BEGIN{print (b<=8)?"yes":"NO"}')
        printf '%-8s %-4s %-22s %9s %9s %9s %14s\n' "$cxx" -O2 "$tu" "$s" "$cpu" "$((kb / 1024))" "$ok"
    done
done

echo
echo "link check (untimed; -O0 objects, and the separate-compilation pair):"
for cxx in "${compilers[@]}"; do
    command -v "$cxx" >/dev/null || continue
    for tu in "${tus[@]}"; do
        if "$cxx" "$work/$cxx-O0-$tu.o" -o "$work/$tu" "${libs[@]}" 2>"$work/err"; then
            echo "  $cxx $tu: links"
        else
            echo "  $cxx $tu: LINK FAILED"
            head -5 "$work/err"
        fi
    done
    if "$cxx" "$work/$cxx-sep-event_parse_tu.o" "$work/$cxx-sep-gchat_src_tu.o" -o "$work/sep" "${libs[@]}" \
        2>"$work/err" && "$work/sep" '{"type":"ADDED_TO_SPACE"}' >/dev/null; then
        echo "  $cxx event_parse_tu + gchat_src_tu (separate compilation): links and parses"
    else
        echo "  $cxx event_parse_tu + gchat_src_tu (separate compilation): FAILED"
        head -5 "$work/err"
    fi
done
