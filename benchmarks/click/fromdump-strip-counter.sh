#!/usr/bin/env bash
# Benchmarks reading a pcap through the router: FromDump -> Strip(14) -> Counter -> Discard
# over 1,000,000 64-byte Ethernet/IPv4/UDP frames. The trace is generated first with
# FastUDPFlows -> ToDump; each of the RUNS timed runs is the whole snf-click process.
#
# Usage: benchmarks/click/fromdump-strip-counter.sh [SNF_CLICK] [RUNS]
# Environment: SNF_CLICK (default build/native/bin/snf-click), PACKETS (default 1000000).
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
snf_click="${1:-${SNF_CLICK:-$root/build/native/bin/snf-click}}"
runs="${2:-5}"
packets="${PACKETS:-1000000}"
per_run_timeout=120

if [[ ! -x "$snf_click" ]]; then
    echo "snf-click not found at $snf_click (build native first)" >&2
    exit 1
fi
if ! [[ "$runs" =~ ^[1-9][0-9]*$ && "$runs" -le 100 ]]; then
    echo "RUNS must be between 1 and 100" >&2
    exit 1
fi

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
trace="$work/udp64.pcap"

# 64-byte frames: 14 Ethernet + 20 IPv4 + 8 UDP + 22 payload bytes, 100 flows.
timeout "$per_run_timeout" "$snf_click" -e "
    FastUDPFlows(RATE 0, LIMIT $packets, LENGTH 64,
                 SRCETH 00:11:22:33:44:55, SRCIP 10.0.0.1,
                 DSTETH 66:77:88:99:aa:bb, DSTIP 10.0.0.2,
                 FLOWS 100, FLOWSIZE 1000, STOP true)
    -> ToDump($trace, SNAPLEN 0)"
echo "trace: $trace, $(stat -c %s "$trace") bytes, $packets frames of 64 bytes"

config="FromDump($trace, STOP true) -> Strip(14) -> c :: Counter -> Discard"
total=0
TIMEFORMAT=%R
for ((i = 1; i <= runs; i++)); do
    # bash's `time` prints the elapsed seconds of the whole process to stderr.
    { elapsed=$( { time timeout "$per_run_timeout" "$snf_click" -e "$config" -h c.count >"$work/count" 2>"$work/stderr"; } 2>&1 ); } || {
        echo "run $i failed:" >&2
        cat "$work/stderr" >&2
        exit 1
    }
    counted="$(grep -Eo '^[0-9]+' "$work/count" | tail -n 1)"
    if [[ "$counted" != "$packets" ]]; then
        echo "run $i counted ${counted:-nothing}, expected $packets" >&2
        exit 1
    fi
    awk -v i="$i" -v s="$elapsed" -v n="$packets" \
        'BEGIN { printf "run %d: %.3f s, %.0f packets/s, %.3f s per million\n", i, s, n / s, s * 1e6 / n }'
    total="$(awk -v a="$total" -v b="$elapsed" 'BEGIN { print a + b }')"
done
awk -v t="$total" -v r="$runs" -v n="$packets" \
    'BEGIN { m = t / r; printf "mean over %d runs: %.3f s, %.0f packets/s, %.3f s per million\n", r, m, n / m, m * 1e6 / n }'
