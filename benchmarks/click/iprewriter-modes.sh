#!/usr/bin/env bash
# Benchmarks the IPRewriter in every mode against the same pipeline without it:
#   FromDump -> Strip(14) -> CheckIPHeader -> [IPRewriter(...)] -> Counter -> Discard
# over 1,000,000 64-byte Ethernet/IPv4/UDP frames of 10,000 flows (generated first with
# FastUDPFlows -> ToDump). Modes: native; sync, async and cache with the embedded store;
# sync, async and cache with a local redis-server this script starts on a free loopback
# port and kills on exit. Each of the RUNS timed runs is the whole snf-click process; a
# second, 10,000-packet trace (one packet per flow) measures start-up and mapping
# creation, so the table also shows the warm per-packet cost and packets/s (flows already
# mapped). The summary takes each mode's median run and compares its packets/s to native's.
#
# Usage: benchmarks/click/iprewriter-modes.sh [SNF_CLICK] [RUNS]
# Environment: SNF_CLICK (default build/native/bin/snf-click), PACKETS (default 1000000),
#   REDIS_SERVER (default /usr/bin/redis-server), MODES (default all:
#   "baseline native sync async cache redis-sync redis-async redis-cache"),
#   INSTRUCTIONS=1: also run every mode once under valgrind's callgrind and add a table
#   of instructions per packet (all threads of snf-click; the store's own work in
#   redis-server is not included). Instruction counts barely move with the machine's
#   load, so they show a change in cost where elapsed and cpu times are too noisy; use a
#   smaller PACKETS (e.g. 100000), callgrind runs some 50 times slower.
set -euo pipefail

source "$(dirname "$0")/bench_common.sh"
bench_init "${1:-}" "${2:-}" 3
flows=10000
redis_server="${REDIS_SERVER:-/usr/bin/redis-server}"
modes="${MODES:-baseline native sync async cache redis-sync redis-async redis-cache}"
per_run_timeout=$bench_per_run_timeout
if ! [[ "$packets" -gt "$flows" ]]; then
    echo "PACKETS must be a number above $flows" >&2
    exit 1
fi
redis_pid=""
bench_on_exit 'if [[ -n "$redis_pid" ]]; then kill -9 "$redis_pid" 2>/dev/null; wait "$redis_pid" 2>/dev/null; fi'

# Every flow keeps its ports for the whole trace.
trace="$work/udp64.pcap"
warmup="$work/udp64-warmup.pcap"
bench_udp_trace "$trace" "$packets" "$flows" "$packets"
bench_udp_trace "$warmup" "$flows" "$flows" "$flows"
echo "trace: $packets frames of 64 bytes, $flows flows; warm-up trace: $flows frames (one per flow)"

redis_uri=""
start_redis() {
    [[ -n "$redis_uri" ]] && return 0
    if [[ ! -x "$redis_server" ]]; then
        echo "redis-server not found at $redis_server" >&2
        return 1
    fi
    local port
    port="$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()')"
    "$redis_server" --port "$port" --bind 127.0.0.1 --save '' --appendonly no --daemonize no \
        --logfile /dev/null &
    redis_pid=$!
    for ((i = 0; i < 100; i++)); do
        if (exec 3<>"/dev/tcp/127.0.0.1/$port" && printf 'PING\r\n' >&3 && read -r -t 1 reply <&3 &&
            [[ "$reply" == +PONG* ]]) 2>/dev/null; then
            redis_uri="redis://127.0.0.1:$port"
            echo "redis-server $("$redis_server" --version | grep -Eo 'v=[0-9.]+') on 127.0.0.1:$port"
            return 0
        fi
        sleep 0.1
    done
    echo "redis-server did not start" >&2
    return 1
}

# The element between CheckIPHeader and Counter for a mode; each run uses its own table so
# every run starts with no mappings in the store.
rewriter_for() {
    local mode="$1" table="$2" store="embedded:"
    case "$mode" in
    baseline) echo "" ; return ;;
    native) echo "-> IPRewriter(pattern 1.0.0.1 1024-65535# - - 0 0)" ; return ;;
    redis-*) store="$redis_uri"; mode="${mode#redis-}" ;;
    esac
    echo "-> rw :: IPRewriter(pattern 1.0.0.1 1024-65535# - - 0 0, MODE $mode, STORE \"$store\", TABLE $table, MAX_PARKED 2000000)"
}

# Runs one configuration through bench_timed_run and prints "elapsed-seconds cpu-seconds"
# (cpu: user + system time of snf-click, what the router itself spent, steadier than
# elapsed time on a loaded machine; elapsed time includes waiting for the store). A
# stateless rewriter's drop counters are read too, to say why packets went missing; c.count
# comes last, so the last number printed is the count.
time_run() {
    local file="$1" expected="$2" element="$3"
    local config="FromDump($file, STOP true) -> Strip(14) -> CheckIPHeader $element -> c :: Counter -> Discard"
    local handlers=(-h c.count)
    [[ "$element" == *"rw :: "* ]] && handlers=(-h rw.store_failures -h rw.parked_drops -h c.count)
    bench_timed_run "$config" "$expected" "${handlers[@]}"
}

# Started here, not inside the $(...) that builds each configuration, so this shell
# knows the server and kills it on exit.
if [[ " $modes " == *" redis-"* ]]; then
    start_redis
fi

# Instructions snf-click executes for one configuration (all threads), under callgrind.
count_instructions() {
    local file="$1" expected="$2" element="$3" out="$work/callgrind.out"
    local config="FromDump($file, STOP true) -> Strip(14) -> CheckIPHeader $element -> c :: Counter -> Discard"
    timeout $((per_run_timeout * 10)) valgrind --tool=callgrind --callgrind-out-file="$out" \
        "$snf_click" -e "$config" -h c.count >"$work/count" 2>"$work/stderr" || {
        echo "callgrind run failed: $config" >&2
        cat "$work/stderr" >&2
        return 1
    }
    local counted
    counted="$(grep -Eo '^[0-9]+' "$work/count" | tail -n 1)"
    if [[ "$counted" != "$expected" ]]; then
        echo "counted ${counted:-nothing}, expected $expected under callgrind: $config" >&2
        return 1
    fi
    grep -Eo '^summary: [0-9]+' "$out" | grep -Eo '[0-9]+$'
}

# The middle value of its numbers (the mean of the two middle ones for an even count): one
# run slowed by another process on a shared machine does not move it.
median() {
    tr ' ' '\n' <<<"$*" | grep -v '^$' | sort -g | awk '{ v[NR] = $1 } END {
        if (NR % 2) print v[(NR + 1) / 2]; else print (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}

declare -A full warm full_cpu warm_cpu
run_id=0
for mode in $modes; do
    t_fulls="" c_fulls="" t_warms="" c_warms=""
    for ((i = 1; i <= runs; i++)); do
        run_id=$((run_id + 1))
        element="$(rewriter_for "$mode" "bench$run_id")"
        read -r t_full c_full < <(time_run "$trace" "$packets" "$element")
        run_id=$((run_id + 1))
        element="$(rewriter_for "$mode" "bench$run_id")"
        read -r t_warm c_warm < <(time_run "$warmup" "$flows" "$element")
        printf '%-12s run %d: %.3f s (cpu %.3f s) for %d packets, %.0f packets/s; warm-up trace %.3f s (cpu %.3f s)\n' \
            "$mode" "$i" "$t_full" "$c_full" "$packets" "$(awk -v s="$t_full" -v n="$packets" 'BEGIN { print n / s }')" \
            "$t_warm" "$c_warm"
        t_fulls+=" $t_full" c_fulls+=" $c_full" t_warms+=" $t_warm" c_warms+=" $c_warm"
    done
    full[$mode]="$(median $t_fulls)"
    full_cpu[$mode]="$(median $c_fulls)"
    warm[$mode]="$(median $t_warms)"
    warm_cpu[$mode]="$(median $c_warms)"
done

echo
echo "Medians over $runs runs of $packets packets. 'over' = the rewriter step's cost per packet"
echo "against the baseline (no rewriter) in microseconds, from elapsed and from cpu time; 'warm'"
echo "leaves out start-up, the $flows mapping creations and exit (full run minus warm-up run):"
echo "'warm pkt/s' is the packets after the warm-up trace's over the time they added. 'x native'"
echo "= packets/s against native mode's (full run / warm)."
printf '%-12s %9s %11s %9s %9s %9s %10s %10s %11s %13s\n' mode "elapsed" "packets/s" "us/pkt" "over" "over-cpu" \
    "warm-over" "warm-cpu" "warm pkt/s" "x native"
for mode in $modes; do
    awk -v m="$mode" -v t="${full[$mode]}" -v c="${full_cpu[$mode]}" -v w="${warm[$mode]}" -v wc="${warm_cpu[$mode]}" \
        -v n="$packets" -v f="$flows" -v bt="${full[baseline]:-}" -v bc="${full_cpu[baseline]:-}" \
        -v bw="${warm[baseline]:-}" -v bwc="${warm_cpu[baseline]:-}" \
        -v nt="${full[native]:-}" -v nw="${warm[native]:-}" 'BEGIN {
            if (bt == "") { o = oc = wo = woc = "-" } else {
                o = sprintf("%.3f", (t - bt) * 1e6 / n)
                oc = sprintf("%.3f", (c - bc) * 1e6 / n)
                wo = sprintf("%.3f", ((t - w) - (bt - bw)) * 1e6 / (n - f))
                woc = sprintf("%.3f", ((c - wc) - (bc - bwc)) * 1e6 / (n - f))
            }
            wp = t > w ? sprintf("%.0f", (n - f) / (t - w)) : "-"
            if (nt == "" || t <= w || nt <= nw) { x = "-" } else {
                x = sprintf("%.2f / %.2f", nt / t, (nt - nw) / (t - w))
            }
            printf "%-12s %9.3f %11.0f %9.3f %9s %9s %10s %10s %11s %13s\n", m, t, n / t, t * 1e6 / n, o, oc, wo, woc, wp, x
        }'
done

if [[ "${INSTRUCTIONS:-0}" == 1 ]]; then
    if ! command -v valgrind >/dev/null; then
        echo "INSTRUCTIONS=1 needs valgrind" >&2
        exit 1
    fi
    echo
    echo "Instructions per packet under callgrind (one run each; 'warm' = full run minus warm-up"
    echo "run, per packet after the first $flows; 'over' = against the baseline)."
    printf '%-12s %14s %10s %10s %10s\n' mode instructions "per-pkt" "warm" "warm-over"
    declare -A warm_ins
    for mode in $modes; do
        run_id=$((run_id + 1))
        i_full="$(count_instructions "$trace" "$packets" "$(rewriter_for "$mode" "bench$run_id")")"
        run_id=$((run_id + 1))
        i_warm="$(count_instructions "$warmup" "$flows" "$(rewriter_for "$mode" "bench$run_id")")"
        warm_ins[$mode]="$(awk -v a="$i_full" -v b="$i_warm" -v n="$packets" -v f="$flows" 'BEGIN { printf "%.1f", (a - b) / (n - f) }')"
        awk -v m="$mode" -v a="$i_full" -v n="$packets" -v w="${warm_ins[$mode]}" -v bw="${warm_ins[baseline]:-}" 'BEGIN {
            printf "%-12s %14d %10.1f %10.1f %10s\n", m, a, a / n, w, bw == "" ? "-" : sprintf("%.1f", w - bw)
        }'
    done
fi
