#!/usr/bin/env bash
# Throughput through the mazu-nat gateway on real interfaces, next to plain Linux
# forwarding between the same namespaces, in one run.
#
#   benchmarks/netns/gateway-throughput.sh [--iterations N] [--seconds S] [--udp-rate RATE]
#                                          [--modes "native cache async sync"] [--prefix NAME]
#
# Builds the topology of tools/netns/topology.sh (inside host 10.0.0.2, outside host
# 198.51.100.2), then measures iperf (version 2, Debian package iperf) from the inside
# host to the outside host:
#   linux   the gateway namespace forwards by itself (ip_forward=1, no router, no NAT);
#   MODE    snf-click runs mazu-nat.click (addresses set by tools/netns/mazu-nat-config.sh)
#           with the rewriters in MODE; the stateless modes use a redis-server on the
#           gateway namespace's loopback. The kernel filter keeps the gateway's own stack
#           out of the forwarded traffic.
# Each configuration runs N iterations (default 3) of an S-second (default 5) TCP test
# and an S-second UDP test offered at RATE (default 1000M); UDP reports what the outside
# host received and the loss. Prints one line per measurement and a summary table (mean
# of the iterations). snf-click: $SNF_CLICK, else build/native/bin/snf-click. Needs root,
# iproute2, nftables, ethtool, iperf, redis-server; removes everything it made on exit.
set -u

here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
iterations=3
seconds=5
udp_rate=1000M
modes="native cache async sync"
prefix=bench$$
prefix=${prefix:0:11}

while [ $# -gt 0 ]; do
    case $1 in
    --iterations) iterations=$2; shift 2 ;;
    --seconds) seconds=$2; shift 2 ;;
    --udp-rate) udp_rate=$2; shift 2 ;;
    --modes) modes=$2; shift 2 ;;
    --prefix) prefix=$2; shift 2 ;;
    *) sed -n '2,21p' "$0" | sed 's/^# \{0,1\}//' >&2; exit 2 ;;
    esac
done

click=${SNF_CLICK:-$repo/build/native/bin/snf-click}
topology=$repo/tools/netns/topology.sh
config_tool=$repo/tools/netns/mazu-nat-config.sh
[ "$(id -u)" = 0 ] || { echo "$0: needs root" >&2; exit 1; }
for program in iperf ethtool nft redis-server; do
    command -v $program >/dev/null || { echo "$0: $program is not installed" >&2; exit 1; }
done
[ -x "$click" ] || { echo "$0: no snf-click at $click (set SNF_CLICK)" >&2; exit 1; }

work=$(mktemp -d /tmp/gateway-throughput.XXXXXX)
pids=()
cleanup() {
    local pid
    for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null; done
    for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null; done
    "$topology" down --prefix "$prefix" >/dev/null 2>&1
    rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

"$topology" up --prefix "$prefix" >"$work/topology.env" || exit 1
eval "$(grep -E '^[A-Z_]+=' "$work/topology.env")"
in_ns() { local ns=$1; shift; ip netns exec "$ns" "$@"; }
# Hosts compute their own checksums (a packet socket passes on the ones a veth leaves to
# the hardware, and they would be wrong after the rewrite); the bridge does not filter.
for pair in "$NS_INSIDE $INSIDE_DEV" "$NS_SERVER $SERVER_DEV" "$NS_OUTSIDE $OUTSIDE_DEV"; do
    set -- $pair
    in_ns "$1" ethtool -K "$2" tx off >/dev/null || exit 1
done
in_ns "$NS_LAN" sh -c 'for f in /proc/sys/net/bridge/bridge-nf-call-*; do [ -e "$f" ] && echo 0 > "$f"; done; true'

# Background programs start through `ip netns exec` itself (it execs them), so $! is
# their own process id and the cleanup kills them.
ip netns exec "$NS_OUTSIDE" iperf -s -p 5001 -y C >"$work/tcp.csv" 2>/dev/null &
pids+=($!)
ip netns exec "$NS_OUTSIDE" iperf -s -u -p 5002 -y C >"$work/udp.csv" 2>/dev/null &
pids+=($!)
sleep 0.5

results=()
# measure NAME: N iterations of TCP and UDP; appends "NAME tcp udp loss" means.
measure() {
    local name=$1 i tcp udp loss line tcp_sum=0 udp_sum=0 loss_sum=0 before
    for i in $(seq 1 "$iterations"); do
        before=$(wc -l <"$work/tcp.csv")
        in_ns "$NS_INSIDE" timeout $((seconds + 20)) iperf -c "$OUTSIDE_IP" -p 5001 -t "$seconds" -y C >/dev/null 2>&1
        sleep 0.3
        line=$(tail -n +$((before + 1)) "$work/tcp.csv" | tail -1)
        tcp=$(echo "$line" | awk -F, '{ printf "%.1f", $9 / 1e6 }')
        before=$(wc -l <"$work/udp.csv")
        in_ns "$NS_INSIDE" timeout $((seconds + 20)) iperf -c "$OUTSIDE_IP" -u -p 5002 -b "$udp_rate" -t "$seconds" -y C >/dev/null 2>&1
        sleep 0.3
        line=$(tail -n +$((before + 1)) "$work/udp.csv" | tail -1)
        udp=$(echo "$line" | awk -F, '{ printf "%.1f", $9 / 1e6 }')
        loss=$(echo "$line" | awk -F, '{ printf "%.1f", $13 }')
        [ -n "$tcp" ] || tcp=0
        [ -n "$udp" ] || udp=0
        [ -n "$loss" ] || loss=100
        printf '%-8s iteration %d: TCP %8s Mbit/s   UDP received %8s Mbit/s (loss %s%%)\n' "$name" "$i" "$tcp" "$udp" "$loss"
        tcp_sum=$(awk -v a="$tcp_sum" -v b="$tcp" 'BEGIN { print a + b }')
        udp_sum=$(awk -v a="$udp_sum" -v b="$udp" 'BEGIN { print a + b }')
        loss_sum=$(awk -v a="$loss_sum" -v b="$loss" 'BEGIN { print a + b }')
    done
    results+=("$(awk -v n="$name" -v t="$tcp_sum" -v u="$udp_sum" -v l="$loss_sum" -v k="$iterations" \
        'BEGIN { printf "| %-7s | %10.1f | %10.1f | %6.1f |", n, t / k, u / k, l / k }')")
}

# Plain Linux forwarding: no router, the gateway namespace routes.
in_ns "$NS_GATEWAY" sysctl -qw net.ipv4.ip_forward=1
measure linux
in_ns "$NS_GATEWAY" sysctl -qw net.ipv4.ip_forward=0

# The router: the kernel keeps out of the gateway's interfaces (ARP aside).
"$topology" kernel-filter on --prefix "$prefix" || exit 1
ip netns exec "$NS_GATEWAY" redis-server --port 6379 --bind 127.0.0.1 --save "" --appendonly no >"$work/redis.log" 2>&1 &
pids+=($!)
sleep 0.5
for mode in $modes; do
    "$config_tool" --topology "$work/topology.env" --mode "$mode" --store redis://127.0.0.1:6379 \
        --output "$work/$mode.click" || exit 1
    ip netns exec "$NS_GATEWAY" "$click" "$work/$mode.click" >"$work/$mode.log" 2>&1 &
    router=$!
    sleep 1
    pids+=($router)
    kill -0 "$router" 2>/dev/null || { echo "$0: snf-click ($mode) did not start:" >&2; cat "$work/$mode.log" >&2; exit 1; }
    measure "$mode"
    kill "$router"
    wait "$router" 2>/dev/null
done

echo
echo "mean of $iterations iterations, ${seconds} s each; UDP offered at $udp_rate"
echo "| path    | TCP Mbit/s | UDP Mbit/s | loss % |"
echo "|---------|-----------:|-----------:|-------:|"
printf '%s\n' "${results[@]}"
