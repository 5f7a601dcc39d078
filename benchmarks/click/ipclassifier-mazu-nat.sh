#!/usr/bin/env bash
# Benchmarks IPClassifier with the rules of mazu-nat.click's inside path:
#   FromDump -> Strip(14) -> ip_from_intern :: IPClassifier(dst host intern, dst net intern,
#   dst tcp port ftp, -), whose output 0 feeds my_ip_from_intern :: IPClassifier(dst tcp ssh,
#   dst tcp www or https, src or dst port dns, dst tcp port auth, tcp or udp, -), a Counter
#   on every final output, Discard
# against the same trace through FromDump -> Strip(14) -> Counter -> Discard, alternating
# the two configurations in one run. The trace (PACKETS frames, default 1,000,000) mixes
# TCP to ports 22, 80, 443, 21, 113 and others, UDP (DNS and other), ICMP and ARP, in both
# directions between 10.0.0.0/8 and 198.51.100.0/24; python3 writes it as a pcap file.
# Each timed run is the whole snf-click process; the script checks that every packet was
# counted.
#
# Usage: benchmarks/click/ipclassifier-mazu-nat.sh [SNF_CLICK] [RUNS]
# Environment: SNF_CLICK (default build/native/bin/snf-click), PACKETS (default 1000000).
set -euo pipefail

source "$(dirname "$0")/bench_common.sh"
bench_init "${1:-}" "${2:-}" 5
per_run_timeout=120
trace="$work/mixed.pcap"

python3 - "$trace" "$packets" <<'PY'
import random, struct, sys

path, count = sys.argv[1], int(sys.argv[2])
rng = random.Random(1)
inside_mac, outside_mac = bytes.fromhex("0050ba8584a9"), bytes.fromhex("02000a11221f")

def checksum(data):
    if len(data) % 2:
        data += b"\0"
    s = sum(struct.unpack("!%dH" % (len(data) // 2), data))
    while s >> 16:
        s = (s & 0xFFFF) + (s >> 16)
    return ~s & 0xFFFF

def ip_frame(src, dst, proto, transport, outbound):
    header = struct.pack("!BBHHHBBH4s4s", 0x45, 0, 20 + len(transport), rng.randrange(65536), 0, 64, proto, 0,
                         bytes(src), bytes(dst))
    header = header[:10] + struct.pack("!H", checksum(header)) + header[12:]
    macs = outside_mac + inside_mac if outbound else inside_mac + outside_mac
    return macs + b"\x08\x00" + header + transport

def tcp(sport, dport, flags=0x10):
    return struct.pack("!HHIIBBHHH", sport, dport, rng.randrange(1 << 32), 0, 0x50, flags, 65535, 0, 0) + b"x" * 6

def udp(sport, dport):
    return struct.pack("!HHHH", sport, dport, 8 + 18, 0) + b"y" * 18

def inside():
    return [10, 0, rng.randrange(4), rng.randrange(1, 255)]

def outside():
    return [198, 51, 100, rng.randrange(1, 255)]

gateway = [10, 0, 0, 1]
frames = []
for _ in range(4096):
    kind = rng.randrange(100)
    if kind < 45:    # from the outside world to the gateway: TCP by service, UDP, ICMP
        port = rng.choice([22, 80, 443, 21, 113, 8080, 25, 53])
        if port == 53 or rng.randrange(10) == 0:
            frames.append(ip_frame(outside(), gateway, 17, udp(rng.randrange(1024, 65536), port), False))
        else:
            frames.append(ip_frame(outside(), gateway, 6, tcp(rng.randrange(1024, 65536), port), False))
    elif kind < 80:  # from the inside network to the outside world (and its replies)
        port = rng.choice([22, 80, 443, 21, 5000, 53])
        proto, transport = (17, udp(rng.randrange(1024, 65536), port)) if port == 53 else \
            (6, tcp(rng.randrange(1024, 65536), port))
        if rng.randrange(2):
            frames.append(ip_frame(inside(), outside(), proto, transport, True))
        else:
            frames.append(ip_frame(outside(), inside(), proto, transport, False))
    elif kind < 90:  # ICMP echo both ways
        icmp = struct.pack("!BBHHH", 8, 0, 0, 1, 1) + b"p" * 20
        frames.append(ip_frame(inside(), outside(), 1, icmp, True) if rng.randrange(2)
                      else ip_frame(outside(), gateway, 1, icmp, False))
    else:            # ARP requests
        arp = struct.pack("!HHBBH6s4s6s4s", 1, 0x0800, 6, 4, 1, outside_mac, bytes(outside()), b"\0" * 6,
                          bytes(gateway))
        frames.append(b"\xff" * 6 + outside_mac + b"\x08\x06" + arp)

with open(path, "wb") as f:
    f.write(struct.pack("<IHHiIII", 0xA1B2C3D4, 2, 4, 0, 0, 65535, 1))
    records = [struct.pack("<IIII", 0, 0, len(fr), len(fr)) + fr for fr in frames]
    for i in range(count):
        f.write(records[i % len(records)])
PY
echo "trace: $trace, $(stat -c %s "$trace") bytes, $packets frames (TCP/UDP/ICMP/ARP, 10.0.0.0/8 <-> 198.51.100.0/24)"

classify_config="
AddressInfo(intern 10.0.0.1 10.0.0.0/8);
FromDump($trace, STOP true) -> Strip(14)
  -> ip_from_intern :: IPClassifier(dst host intern, dst net intern, dst tcp port ftp, -);
ip_from_intern[0] -> my_ip_from_intern :: IPClassifier(dst tcp ssh, dst tcp www or https,
    src or dst port dns, dst tcp port auth, tcp or udp, -);
ip_from_intern[1] -> c1 :: Counter -> Discard;
ip_from_intern[2] -> c2 :: Counter -> Discard;
ip_from_intern[3] -> c3 :: Counter -> Discard;
my_ip_from_intern[0] -> m0 :: Counter -> Discard;
my_ip_from_intern[1] -> m1 :: Counter -> Discard;
my_ip_from_intern[2] -> m2 :: Counter -> Discard;
my_ip_from_intern[3] -> m3 :: Counter -> Discard;
my_ip_from_intern[4] -> m4 :: Counter -> Discard;
my_ip_from_intern[5] -> m5 :: Counter -> Discard;"
classify_handlers=(-h c1.count -h c2.count -h c3.count -h m0.count -h m1.count -h m2.count -h m3.count -h m4.count
                   -h m5.count)
baseline_config="FromDump($trace, STOP true) -> Strip(14) -> c :: Counter -> Discard"

# Runs one configuration; prints the elapsed seconds; checks the counters add up.
timed_run() {
    local name="$1" config="$2"
    shift 2
    local elapsed
    TIMEFORMAT=%R
    { elapsed=$( { time timeout "$per_run_timeout" "$snf_click" -e "$config" "$@" >"$work/counts" 2>"$work/stderr"; } 2>&1 ); } || {
        echo "$name run failed:" >&2
        cat "$work/stderr" >&2
        exit 1
    }
    local counted
    counted="$(grep -Eo '^[0-9]+$' "$work/counts" | awk '{ s += $1 } END { print s + 0 }')"
    if [[ "$counted" != "$packets" ]]; then
        echo "$name run counted $counted packets, expected $packets" >&2
        exit 1
    fi
    echo "$elapsed"
}

classify_total=0
baseline_total=0
baseline_times=()
classify_times=()
for ((i = 1; i <= runs; i++)); do
    b="$(timed_run baseline "$baseline_config" -h c.count)"
    c="$(timed_run ipclassifier "$classify_config" "${classify_handlers[@]}")"
    awk -v i="$i" -v b="$b" -v c="$c" -v n="$packets" 'BEGIN {
        printf "run %d: baseline %.3f s (%.0f packets/s), IPClassifier %.3f s (%.0f packets/s)\n", i, b, n / b, c, n / c }'
    baseline_times+=("$b")
    classify_times+=("$c")
    baseline_total="$(awk -v a="$baseline_total" -v b="$b" 'BEGIN { print a + b }')"
    classify_total="$(awk -v a="$classify_total" -v b="$c" 'BEGIN { print a + b }')"
done

# Where the packets went (from the last run).
echo "outputs: $(paste -sd' ' <(grep -Eo '^[0-9]+$' "$work/counts")) (ip_from_intern 1-3, my_ip_from_intern 0-5)"
awk -v b="$baseline_total" -v c="$classify_total" -v r="$runs" -v n="$packets" 'BEGIN {
    mb = b / r; mc = c / r
    printf "mean over %d runs: baseline %.3f s, %.0f packets/s\n", r, mb, n / mb
    printf "mean over %d runs: IPClassifier %.3f s, %.0f packets/s\n", r, mc, n / mc
    printf "classification cost: %.1f ns per packet (two IPClassifiers on the packets for the gateway)\n", (mc - mb) * 1e9 / n
}'
# Medians resist the odd run slowed down by other work on the machine.
median() { printf '%s\n' "$@" | sort -g | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
awk -v b="$(median "${baseline_times[@]}")" -v c="$(median "${classify_times[@]}")" -v n="$packets" 'BEGIN {
    printf "medians: baseline %.3f s (%.0f packets/s), IPClassifier %.3f s (%.0f packets/s), %.1f ns per packet\n", b, n / b, c, n / c, (c - b) * 1e9 / n
}'
