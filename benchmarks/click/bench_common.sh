# Shared by the benchmark scripts in this folder (source it; it runs nothing by itself):
# argument checks, a scratch folder removed on exit, a generated UDP trace, and one timed,
# counted snf-click run.
#
#   bench_init "$@" DEFAULT_RUNS    sets root, snf_click, runs, packets, work; checks them
#   bench_on_exit "command"         adds a command to the exit cleanup (before the folder goes)
#   bench_udp_trace FILE PACKETS FLOWS FLOWSIZE
#                                   writes PACKETS 64-byte Ethernet/IPv4/UDP frames
#   bench_timed_run CONFIG EXPECTED [snf-click handler options...]
#                                   runs snf-click -e CONFIG once under a timeout; fails
#                                   unless the last number it prints is EXPECTED; prints
#                                   "elapsed-seconds cpu-seconds" (cpu: user + system)

bench_per_run_timeout=600
bench_exit_hooks=()

bench_init() {
    local given_click="$1" given_runs="$2" default_runs="$3"
    root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
    snf_click="${given_click:-${SNF_CLICK:-$root/build/native/bin/snf-click}}"
    runs="${given_runs:-$default_runs}"
    packets="${PACKETS:-1000000}"
    if [[ ! -x "$snf_click" ]]; then
        echo "snf-click not found at $snf_click (build native first)" >&2
        exit 1
    fi
    if ! [[ "$runs" =~ ^[1-9][0-9]*$ && "$runs" -le 100 ]]; then
        echo "RUNS must be between 1 and 100" >&2
        exit 1
    fi
    if ! [[ "$packets" =~ ^[1-9][0-9]*$ && "$packets" -le 20000000 ]]; then
        echo "PACKETS must be between 1 and 20000000" >&2
        exit 1
    fi
    work="$(mktemp -d)"
    trap bench_cleanup EXIT
}

bench_on_exit() { bench_exit_hooks+=("$1"); }

bench_cleanup() {
    local hook
    for hook in "${bench_exit_hooks[@]}"; do
        eval "$hook" || true
    done
    rm -rf "$work"
}

# 64-byte frames: 14 Ethernet + 20 IPv4 + 8 UDP + 22 payload bytes.
bench_udp_trace() {
    local file="$1" count="$2" flows="$3" flowsize="$4"
    timeout "$bench_per_run_timeout" "$snf_click" -e "
        FastUDPFlows(RATE 0, LIMIT $count, LENGTH 64,
                     SRCETH 00:11:22:33:44:55, SRCIP 10.0.0.1,
                     DSTETH 66:77:88:99:aa:bb, DSTIP 10.0.0.2,
                     FLOWS $flows, FLOWSIZE $flowsize, STOP true)
        -> ToDump($file, SNAPLEN 0)"
}

bench_timed_run() {
    local config="$1" expected="$2" times counted
    shift 2
    local TIMEFORMAT="%3R %3U %3S"
    # bash's `time` reports the whole snf-click process on stderr.
    { times=$( { time timeout "$bench_per_run_timeout" "$snf_click" -e "$config" "$@" >"$work/count" 2>"$work/stderr"; } 2>&1 ); } || {
        echo "run failed: $config" >&2
        cat "$work/stderr" >&2
        return 1
    }
    counted="$(grep -Eo '^[0-9]+' "$work/count" | tail -n 1)"
    if [[ "$counted" != "$expected" ]]; then
        echo "counted ${counted:-nothing}, expected $expected: $config" >&2
        cat "$work/count" "$work/stderr" >&2
        return 1
    fi
    awk '{ printf "%.3f %.3f\n", $1, $2 + $3 }' <<<"$times"
}
