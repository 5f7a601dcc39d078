#!/usr/bin/env bash
# Benchmarks reading a pcap through the router: FromDump -> Strip(14) -> Counter -> Discard
# over 1,000,000 64-byte Ethernet/IPv4/UDP frames. The trace is generated first with
# FastUDPFlows -> ToDump; each of the RUNS timed runs is the whole snf-click process.
#
# Usage: benchmarks/click/fromdump-strip-counter.sh [SNF_CLICK] [RUNS]
# Environment: SNF_CLICK (default build/native/bin/snf-click), PACKETS (default 1000000).
set -euo pipefail
source "$(dirname "$0")/bench_common.sh"
bench_init "${1:-}" "${2:-}" 5

trace="$work/udp64.pcap"
bench_udp_trace "$trace" "$packets" 100 1000
echo "trace: $trace, $(stat -c %s "$trace") bytes, $packets frames of 64 bytes"

config="FromDump($trace, STOP true) -> Strip(14) -> c :: Counter -> Discard"
total=0
for ((i = 1; i <= runs; i++)); do
    read -r elapsed cpu < <(bench_timed_run "$config" "$packets" -h c.count) || exit 1
    awk -v i="$i" -v s="$elapsed" -v n="$packets" \
        'BEGIN { printf "run %d: %.3f s, %.0f packets/s, %.3f s per million\n", i, s, n / s, s * 1e6 / n }'
    total="$(awk -v a="$total" -v b="$elapsed" 'BEGIN { print a + b }')"
done
awk -v t="$total" -v r="$runs" -v n="$packets" \
    'BEGIN { m = t / r; printf "mean over %d runs: %.3f s, %.0f packets/s, %.3f s per million\n", r, m, n / m, m * 1e6 / n }'
