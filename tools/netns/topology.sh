#!/usr/bin/env bash
# Network-namespace topology for running a gateway (mazu-nat.click) on real interfaces.
#
#   tools/netns/topology.sh up|down|status [--prefix NAME] [--kernel-filter]
#   tools/netns/topology.sh kernel-filter on|off [--prefix NAME]
#
#        inside host  PREFIX-in   PREFIX-hi 10.0.0.2/8    default via 10.0.0.1
#        inside server PREFIX-srv PREFIX-sv 10.0.0.10/8   default via 10.0.0.1
#                 |                   |
#            bridge PREFIX-br in namespace PREFIX-lan (ports PREFIX-bh, PREFIX-bs, PREFIX-bg)
#                 |
#        gateway PREFIX-gw:  PREFIX-gi 10.0.0.1/8        (AddressInfo intern)
#                            PREFIX-go 198.51.100.1/24   (AddressInfo extern)
#                 |
#        outside host PREFIX-out: PREFIX-ho 198.51.100.2/24, default via 198.51.100.1
#                                 (its MAC is mazu-nat's extern_next_hop)
#
# The gateway namespace has IP forwarding off (only the router forwards), reverse-path
# filtering off (ToHost delivers frames on a TAP) and IPv6 off everywhere (no stray
# neighbour discovery). Every interface has a fixed, locally administered MAC address.
# `up` prints the names and addresses as KEY=value lines (eval-able), after removing any
# leftovers of an earlier run with the same prefix; on failure it removes what it made.
# `down` removes everything with the prefix and succeeds when nothing is left (also when
# nothing was there).
#
# Kernel filter: a user-level router's FromDevice is a sniffer (Click's default,
# SNIFFER true), so the gateway's own kernel also receives every frame, answers ARP and
# would reset the NATed TCP connections that reach the external address. As Click's
# FromDevice.u manual advises, firewall rules keep the kernel out: `--kernel-filter` (or
# `kernel-filter on` later) installs an nftables netdev ingress chain on both gateway
# interfaces that drops every frame except ARP. Packet sockets (FromDevice, tcpdump)
# still see everything; ARP stays so the kernel can resolve the neighbours it replies to
# (ToHost traffic); the kernel still sends through the interfaces. `kernel-filter off`
# (and `down`) remove it. Needs nft (Debian package nftables). Leave it off for the plain
# Linux forwarding baseline (ip_forward=1 in the gateway namespace).
#
# The prefix (default "snf", at most 11 characters of [A-Za-z0-9_]) starts every
# namespace and interface name, so parallel runs with different prefixes do not collide.
# Needs root and iproute2.
set -u

usage() {
    echo "usage: $0 up|down|status [--prefix NAME] [--kernel-filter]" >&2
    echo "       $0 kernel-filter on|off [--prefix NAME]" >&2
    exit 2
}

[ $# -ge 1 ] || usage
action=$1
shift
filter_state=
if [ "$action" = kernel-filter ]; then
    [ $# -ge 1 ] || usage
    filter_state=$1
    shift
    case $filter_state in on|off) ;; *) usage ;; esac
fi
prefix=snf
kernel_filter=0
while [ $# -gt 0 ]; do
    case $1 in
    --prefix) [ $# -ge 2 ] || usage; prefix=$2; shift 2 ;;
    --prefix=*) prefix=${1#--prefix=}; shift ;;
    --kernel-filter) kernel_filter=1; shift ;;
    *) usage ;;
    esac
done
if ! [[ $prefix =~ ^[A-Za-z0-9_]{1,11}$ ]]; then
    echo "$0: prefix must be 1 to 11 characters of [A-Za-z0-9_]" >&2
    exit 2
fi

P=$prefix
NS_IN=$P-in NS_SRV=$P-srv NS_LAN=$P-lan NS_GW=$P-gw NS_OUT=$P-out
ALL_NS="$NS_IN $NS_SRV $NS_LAN $NS_GW $NS_OUT"
DEV_GW_IN=$P-gi DEV_GW_OUT=$P-go DEV_IN=$P-hi DEV_SRV=$P-sv DEV_OUT=$P-ho
DEV_BR=$P-br DEV_BR_GW=$P-bg DEV_BR_IN=$P-bh DEV_BR_SRV=$P-bs
MAC_GW_IN=02:00:0a:00:00:01 MAC_GW_OUT=02:00:c6:33:64:01
MAC_IN=02:00:0a:00:00:02 MAC_SRV=02:00:0a:00:00:0a MAC_OUT=02:00:c6:33:64:02
IP_GW_IN=10.0.0.1 IP_GW_OUT=198.51.100.1 IP_IN=10.0.0.2 IP_SRV=10.0.0.10 IP_OUT=198.51.100.2

ns_exists() { ip netns list 2>/dev/null | awk '{print $1}' | grep -qx "$1"; }
in_ns() { local ns=$1; shift; ip netns exec "$ns" "$@"; }

down() {
    local ns dev
    for ns in $ALL_NS; do
        if ns_exists "$ns"; then
            ip netns delete "$ns" 2>/dev/null || true
        fi
    done
    # Links left in this namespace by an interrupted `up` (deleting one end of a veth
    # pair removes both).
    for dev in $DEV_GW_IN $DEV_GW_OUT $DEV_IN $DEV_SRV $DEV_OUT $DEV_BR $DEV_BR_GW $DEV_BR_IN $DEV_BR_SRV; do
        ip link show "$dev" >/dev/null 2>&1 && ip link delete "$dev" 2>/dev/null
    done
    local left=0
    for ns in $ALL_NS; do
        if ns_exists "$ns"; then
            echo "$0: namespace $ns could not be removed" >&2
            left=1
        fi
    done
    return $left
}

quiet_namespace() {
    in_ns "$1" ip link set lo up &&
    in_ns "$1" sysctl -qw net.ipv6.conf.all.disable_ipv6=1 net.ipv6.conf.default.disable_ipv6=1
}

# veth NAME NS MAC PEER PEER_NS [PEER_MAC]
veth() {
    ip link add "$1" netns "$2" address "$3" type veth peer name "$4" netns "$5" ${6:+address "$6"} &&
    in_ns "$2" ip link set "$1" up &&
    in_ns "$5" ip link set "$4" up
}

build() {
    local ns
    for ns in $ALL_NS; do
        ip netns add "$ns" || return 1
        quiet_namespace "$ns" || return 1
    done
    # The inside segment: a bridge joining the gateway, the inside host and the server.
    in_ns "$NS_LAN" ip link add "$DEV_BR" type bridge || return 1
    in_ns "$NS_LAN" ip link set "$DEV_BR" up || return 1
    veth "$DEV_GW_IN" "$NS_GW" "$MAC_GW_IN" "$DEV_BR_GW" "$NS_LAN" || return 1
    veth "$DEV_IN" "$NS_IN" "$MAC_IN" "$DEV_BR_IN" "$NS_LAN" || return 1
    veth "$DEV_SRV" "$NS_SRV" "$MAC_SRV" "$DEV_BR_SRV" "$NS_LAN" || return 1
    local port
    for port in "$DEV_BR_GW" "$DEV_BR_IN" "$DEV_BR_SRV"; do
        in_ns "$NS_LAN" ip link set "$port" master "$DEV_BR" || return 1
    done
    # The outside link: gateway to the outside host.
    veth "$DEV_GW_OUT" "$NS_GW" "$MAC_GW_OUT" "$DEV_OUT" "$NS_OUT" "$MAC_OUT" || return 1

    in_ns "$NS_GW" ip addr add "$IP_GW_IN/8" dev "$DEV_GW_IN" || return 1
    in_ns "$NS_GW" ip addr add "$IP_GW_OUT/24" dev "$DEV_GW_OUT" || return 1
    in_ns "$NS_IN" ip addr add "$IP_IN/8" dev "$DEV_IN" || return 1
    in_ns "$NS_SRV" ip addr add "$IP_SRV/8" dev "$DEV_SRV" || return 1
    in_ns "$NS_OUT" ip addr add "$IP_OUT/24" dev "$DEV_OUT" || return 1
    in_ns "$NS_IN" ip route add default via "$IP_GW_IN" || return 1
    in_ns "$NS_SRV" ip route add default via "$IP_GW_IN" || return 1
    in_ns "$NS_OUT" ip route add default via "$IP_GW_OUT" || return 1

    in_ns "$NS_GW" sysctl -qw net.ipv4.ip_forward=0 \
        net.ipv4.conf.all.rp_filter=0 net.ipv4.conf.default.rp_filter=0 || return 1
}

FILTER_TABLE=snf_gateway

kernel_filter_on() {
    command -v nft >/dev/null 2>&1 || { echo "$0: kernel filter needs nft (package nftables)" >&2; return 1; }
    kernel_filter_off
    in_ns "$NS_GW" nft -f - <<EOT
table netdev $FILTER_TABLE {
    chain inside {
        type filter hook ingress device "$DEV_GW_IN" priority 0; policy drop;
        ether type arp accept
    }
    chain outside {
        type filter hook ingress device "$DEV_GW_OUT" priority 0; policy drop;
        ether type arp accept
    }
}
EOT
}

kernel_filter_off() {
    if command -v nft >/dev/null 2>&1 && ns_exists "$NS_GW"; then
        in_ns "$NS_GW" nft delete table netdev "$FILTER_TABLE" 2>/dev/null
    fi
    return 0
}

mac_of() { in_ns "$1" cat "/sys/class/net/$2/address" 2>/dev/null || echo "?"; }

report() {
    cat <<EOT
PREFIX=$P
NS_INSIDE=$NS_IN
NS_SERVER=$NS_SRV
NS_LAN=$NS_LAN
NS_GATEWAY=$NS_GW
NS_OUTSIDE=$NS_OUT
GW_INSIDE_DEV=$DEV_GW_IN
GW_INSIDE_IP=$IP_GW_IN
GW_INSIDE_PREFIX=10.0.0.0/8
GW_INSIDE_MAC=$(mac_of "$NS_GW" "$DEV_GW_IN")
GW_OUTSIDE_DEV=$DEV_GW_OUT
GW_OUTSIDE_IP=$IP_GW_OUT
GW_OUTSIDE_PREFIX=198.51.100.0/24
GW_OUTSIDE_MAC=$(mac_of "$NS_GW" "$DEV_GW_OUT")
INSIDE_DEV=$DEV_IN
INSIDE_IP=$IP_IN
INSIDE_MAC=$(mac_of "$NS_IN" "$DEV_IN")
SERVER_DEV=$DEV_SRV
SERVER_IP=$IP_SRV
SERVER_MAC=$(mac_of "$NS_SRV" "$DEV_SRV")
OUTSIDE_DEV=$DEV_OUT
OUTSIDE_IP=$IP_OUT
OUTSIDE_MAC=$(mac_of "$NS_OUT" "$DEV_OUT")
EOT
}

case $action in
up)
    if [ "$(id -u)" != 0 ]; then
        echo "$0: needs root" >&2
        exit 1
    fi
    down >/dev/null 2>&1
    if ! build || { [ $kernel_filter = 1 ] && ! kernel_filter_on; }; then
        echo "$0: setting up the topology failed; removing it" >&2
        down
        exit 1
    fi
    report
    echo "KERNEL_FILTER=$([ $kernel_filter = 1 ] && echo on || echo off)"
    ;;
kernel-filter)
    ns_exists "$NS_GW" || { echo "$0: no gateway namespace $NS_GW" >&2; exit 1; }
    if [ "$filter_state" = on ]; then
        kernel_filter_on || exit 1
    else
        kernel_filter_off
    fi
    ;;
down)
    down
    ;;
status)
    found=0
    for ns in $ALL_NS; do
        if ns_exists "$ns"; then
            found=1
            echo "== $ns"
            in_ns "$ns" ip -brief link show 2>/dev/null | grep -v '^lo '
            in_ns "$ns" ip -brief -4 addr show 2>/dev/null | grep -v '^lo '
        fi
    done
    if ns_exists "$NS_GW" && command -v nft >/dev/null 2>&1 &&
        in_ns "$NS_GW" nft list table netdev "$FILTER_TABLE" >/dev/null 2>&1; then
        echo "kernel filter: on"
    fi
    if [ $found = 0 ]; then
        echo "no topology with prefix $P"
        exit 1
    fi
    ;;
*)
    usage
    ;;
esac
