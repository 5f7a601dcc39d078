#!/usr/bin/env bash
# Writes a copy of Click's mazu-nat.click with the addresses of your gateway, and
# optionally with the rewriters' state in a StatelessNF store. The input file is never
# changed; the copy goes to standard output (or --output FILE).
#
#   tools/netns/mazu-nat-config.sh [OPTIONS] [MAZU_NAT_FILE]
#
# Addresses (each replaces the values of one line of the AddressInfo block; the defaults
# are those of tools/netns/topology.sh):
#   --intern "IP PREFIX MAC"     the inside interface
#   --extern "IP PREFIX MAC"     the outside interface
#   --next-hop MAC               the outside router (mazu-nat's extern_next_hop)
#   --server IP                  the inside server SSH/HTTP/HTTPS go to (intern_server)
#   --topology FILE              take all four from the KEY=value lines that
#                                `tools/netns/topology.sh up` printed ('-': standard input);
#                                options given after it override single entries
# Where the rewriters keep their mappings (added as keywords to every IPRewriter and
# TCPRewriter declaration; nothing is added for native, Click's own behaviour):
#   --mode native|sync|async|cache
#   --store URI                  e.g. redis://127.0.0.1:6379 (default embedded:)
#   --port-slice I/N             new flows take ports from slice I of N (instances that
#                                share a store use different slices)
# Failover (two processes on one gateway; see tools/netns/README.md):
#   --steer                      puts a FlowSteer (OWNED none) on each interface's IP path,
#                                after its Strip(14), named steer_intern and steer_extern,
#                                so an orchestrator decides which process forwards
#   --host-tap NAME              gives ToHost its own TAP, NAME (ToHost -> ToHost(NAME)),
#                                since a TAP interface takes only one process
#   --no-sniffers                uses the configuration's own GatewayDevice instead of
#                                SniffGatewayDevice (no ToHostSniffers TAPs, which also
#                                take only one process)
#   --output FILE                write there instead of standard output
#
# MAZU_NAT_FILE defaults to mazu-nat.click in the shared click-conf folder beside the
# repository ($SNF_SHARED_DIR/click-conf when that is set). Exit status 1 when the file
# does not have the expected AddressInfo entries or rewriter declarations (nothing is
# written then), 2 on bad usage.
set -u

usage() {
    sed -n '2,41p' "$0" | sed 's/^# \{0,1\}//' >&2
    exit 2
}

here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
shared=${SNF_SHARED_DIR:-$(dirname "$repo")/shared}

intern="10.0.0.1 10.0.0.0/8 02:00:0a:00:00:01"
extern="198.51.100.1 198.51.100.0/24 02:00:c6:33:64:01"
next_hop="02:00:c6:33:64:02"
server="10.0.0.10"
mode=native
store=
slice=
steer=0
host_tap=
sniffers=1
output=
input=

from_topology() {
    local file=$1 text key value
    if [ "$file" = - ]; then text=$(cat); else text=$(cat "$file") || exit 1; fi
    declare -A t=()
    while IFS='=' read -r key value; do
        [[ $key =~ ^[A-Z_]+$ ]] && t[$key]=$value
    done <<<"$text"
    for key in GW_INSIDE_IP GW_INSIDE_PREFIX GW_INSIDE_MAC GW_OUTSIDE_IP GW_OUTSIDE_PREFIX GW_OUTSIDE_MAC \
               OUTSIDE_MAC SERVER_IP; do
        if [ -z "${t[$key]:-}" ]; then
            echo "$0: $file has no $key line (is it the output of topology.sh up?)" >&2
            exit 1
        fi
    done
    intern="${t[GW_INSIDE_IP]} ${t[GW_INSIDE_PREFIX]} ${t[GW_INSIDE_MAC]}"
    extern="${t[GW_OUTSIDE_IP]} ${t[GW_OUTSIDE_PREFIX]} ${t[GW_OUTSIDE_MAC]}"
    next_hop=${t[OUTSIDE_MAC]}
    server=${t[SERVER_IP]}
}

while [ $# -gt 0 ]; do
    case $1 in
    --intern) [ $# -ge 2 ] || usage; intern=$2; shift 2 ;;
    --extern) [ $# -ge 2 ] || usage; extern=$2; shift 2 ;;
    --next-hop) [ $# -ge 2 ] || usage; next_hop=$2; shift 2 ;;
    --server) [ $# -ge 2 ] || usage; server=$2; shift 2 ;;
    --topology) [ $# -ge 2 ] || usage; from_topology "$2"; shift 2 ;;
    --mode) [ $# -ge 2 ] || usage; mode=$2; shift 2 ;;
    --store) [ $# -ge 2 ] || usage; store=$2; shift 2 ;;
    --port-slice) [ $# -ge 2 ] || usage; slice=$2; shift 2 ;;
    --steer) steer=1; shift ;;
    --host-tap) [ $# -ge 2 ] || usage; host_tap=$2; shift 2 ;;
    --no-sniffers) sniffers=0; shift ;;
    --output) [ $# -ge 2 ] || usage; output=$2; shift 2 ;;
    -h|--help) usage ;;
    -*) echo "$0: unknown option $1" >&2; usage ;;
    *) [ -z "$input" ] || usage; input=$1; shift ;;
    esac
done
input=${input:-$shared/click-conf/mazu-nat.click}

case $mode in native|sync|async|cache) ;; *) echo "$0: --mode must be native, sync, async or cache" >&2; exit 2 ;; esac
for entry in "$intern" "$extern"; do
    if ! [[ $entry =~ ^[0-9.]+\ +[0-9./]+\ +[0-9A-Fa-f:]+$ ]]; then
        echo "$0: '$entry' is not \"IP PREFIX MAC\"" >&2
        exit 2
    fi
done
[[ $next_hop =~ ^[0-9A-Fa-f:]+$ ]] || { echo "$0: --next-hop '$next_hop' is not an Ethernet address" >&2; exit 2; }
[[ $server =~ ^[0-9.]+$ ]] || { echo "$0: --server '$server' is not an IP address" >&2; exit 2; }
[ -z "$slice" ] || [[ $slice =~ ^[0-9]+/[0-9]+$ ]] || { echo "$0: --port-slice must be I/N" >&2; exit 2; }
[ -z "$host_tap" ] || [[ $host_tap =~ ^[A-Za-z0-9_-]{1,15}$ ]] ||
    { echo "$0: --host-tap takes an interface name of 1 to 15 characters" >&2; exit 2; }
[ -r "$input" ] || { echo "$0: cannot read $input" >&2; exit 1; }

# The store URI is quoted: "//" would start a comment in a Click configuration.
[[ $store != *'"'* ]] || { echo "$0: --store must not contain a double quote" >&2; exit 2; }
keywords=
if [ "$mode" != native ]; then
    keywords="MODE $mode, STORE \"${store:-embedded:}\""
    [ -z "$slice" ] || keywords="$keywords, PORT_SLICE $slice"
elif [ -n "$store$slice" ]; then
    keywords="${store:+STORE \"$store\"}"
    [ -z "$slice" ] || keywords="${keywords:+$keywords, }PORT_SLICE $slice"
fi

# One pass over the file:
#  - inside `AddressInfo(` ... `);`, a line whose first word is one of the four names
#    gets that name's new values (its indentation and trailing comma kept);
#  - a declaration `NAME :: IPRewriter(` or `NAME :: TCPRewriter(` gets the keywords
#    inserted before the parenthesis that closes its argument list (parentheses are
#    counted outside // comments);
#  - with --steer, the IP paths `..._arp_class[2] -> Strip(14)` get a FlowSteer after
#    the Strip; with --host-tap, ToHost gets its TAP name; with --no-sniffers, the
#    device declarations use GatewayDevice.
text=$(awk -v intern="$intern" -v extern="$extern" -v next_hop="$next_hop" -v server="$server" \
           -v keywords="$keywords" -v steer="$steer" -v host_tap="$host_tap" -v sniffers="$sniffers" '
function code_part(line,   i) {
    i = index(line, "//")
    return i ? substr(line, 1, i - 1) : line
}
BEGIN {
    value["intern"] = intern; value["extern"] = extern
    value["extern_next_hop"] = next_hop; value["intern_server"] = server
    in_info = 0; in_rewriter = 0; depth = 0; rewriters = 0; steered = 0
}
{
    line = $0
    if (!in_info && code_part(line) ~ /^[ \t]*AddressInfo[ \t]*\(/) {
        in_info = 1
        print line
        next
    }
    if (in_info) {
        if (code_part(line) ~ /\)[ \t]*;/) in_info = 0
        if (match(line, /^[ \t]*[A-Za-z_][A-Za-z0-9_]*/)) {
            lead = substr(line, 1, RSTART + RLENGTH - 1)
            name = lead; sub(/^[ \t]*/, "", name)
            if (name in value) {
                indent = lead; sub(/[A-Za-z_].*$/, "", indent)
                rest = substr(line, RSTART + RLENGTH)
                tail = ""
                if (match(rest, /[,)].*$/)) tail = substr(rest, RSTART)
                print indent name "\t" value[name] tail
                seen[name] = 1
                next
            }
        }
        print line
        next
    }
    if (!in_rewriter && keywords != "" && code_part(line) ~ /::[ \t]*(IPRewriter|TCPRewriter)[ \t]*\(/) {
        in_rewriter = 1; depth = 0; rewriters++
        start = index(line, "(")
    } else {
        start = 1
    }
    if (in_rewriter) {
        code = code_part(line)
        for (i = 1; i <= length(code); i++) {
            c = substr(code, i, 1)
            if (c == "(") depth++
            else if (c == ")" && --depth == 0 && i >= start) {
                line = substr(line, 1, i - 1) ", " keywords substr(line, i)
                in_rewriter = 0
                break
            }
        }
    }
    if (steer && match(line, /(intern|extern)_arp_class\[2\][ \t]*->[ \t]*Strip\(14\)/)) {
        side = substr(line, RSTART, 6)
        line = substr(line, 1, RSTART + RLENGTH - 1) " -> steer_" side " :: FlowSteer(OWNED none)" \
               substr(line, RSTART + RLENGTH)
        steered++
    }
    if (host_tap != "" && gsub(/->[ \t]*ToHost[ \t]*;/, "-> ToHost(" host_tap ");", line))
        tapped++
    if (!sniffers && sub(/::[ \t]*SniffGatewayDevice[ \t]*\(/, ":: GatewayDevice(", line))
        unsniffed++
    print line
}
END {
    for (name in value)
        if (!(name in seen)) { print "no AddressInfo entry for " name > "/dev/stderr"; failed = 1 }
    if (keywords != "" && rewriters == 0) { print "no IPRewriter or TCPRewriter declaration" > "/dev/stderr"; failed = 1 }
    if (in_rewriter) { print "unbalanced parentheses in a rewriter declaration" > "/dev/stderr"; failed = 1 }
    if (host_tap != "" && tapped == 0) { print "no ToHost to rename" > "/dev/stderr"; failed = 1 }
    if (!sniffers && unsniffed == 0) { print "no SniffGatewayDevice declaration" > "/dev/stderr"; failed = 1 }
    if (steer && steered != 2) { print "expected the two Strip(14) IP paths for --steer, found " steered > "/dev/stderr"; failed = 1 }
    exit failed
}' "$input") || { echo "$0: $input is not the expected mazu-nat configuration" >&2; exit 1; }

if [ -n "$output" ]; then
    printf '%s\n' "$text" >"$output"
else
    printf '%s\n' "$text"
fi
