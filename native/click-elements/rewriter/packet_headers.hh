// Bounds-checked views of a packet's IPv4 and transport headers for the rewriters. The
// IP header is found through the network header annotation; nothing past the packet's
// data or the IP total length is ever read.
#pragma once

#include <algorithm>
#include <cstdint>

#include "rewriter/checksum_update.hh"
#include "rewriter/flow_key.hh"
#include "snf/click/packet.hh"

namespace snf::click::rewriter {

inline constexpr uint8_t ip_proto_icmp = 1;
inline constexpr uint8_t ip_proto_tcp = 6;
inline constexpr uint8_t ip_proto_udp = 17;

struct IPv4View {
    const unsigned char* ip = nullptr;
    uint32_t header_length = 0;
    uint32_t length = 0;  // min(IP total length, bytes present)
    uint8_t proto = 0;
    bool first_fragment = false;
    const unsigned char* transport = nullptr;  // first fragments only
    uint32_t transport_length = 0;

    uint32_t saddr() const noexcept { return load_raw32(ip + 12); }
    uint32_t daddr() const noexcept { return load_raw32(ip + 16); }
};

// False when the packet has no well-formed IPv4 header.
inline bool read_ipv4(const Packet* p, IPv4View& v) {
    const unsigned char* ip = p->network_header();
    if (!ip || ip < p->data() || ip >= p->end_data())
        return false;
    uint32_t available = uint32_t(p->end_data() - ip);
    if (available < 20 || (ip[0] >> 4) != 4)
        return false;
    uint32_t hl = uint32_t(ip[0] & 0x0f) * 4;
    uint32_t total = host16(load_raw16(ip + 2));
    if (hl < 20 || hl > available || total < hl)
        return false;
    v.ip = ip;
    v.header_length = hl;
    v.length = std::min(available, total);
    v.proto = ip[9];
    v.first_fragment = (load_raw16(ip + 6) & net16(0x1fff)) == 0;
    if (v.first_fragment) {
        v.transport = ip + hl;
        v.transport_length = v.length - hl;
    } else {
        v.transport = nullptr;
        v.transport_length = 0;
    }
    return true;
}

// A TCP (20-byte header) or UDP first fragment: its 5-tuple key. False otherwise.
inline bool read_port_flow(const IPv4View& v, bool accept_tcp, bool accept_udp, FlowKey& key) {
    if (!v.first_fragment)
        return false;
    if (v.proto == ip_proto_tcp) {
        if (!accept_tcp || v.transport_length < 20)
            return false;
    } else if (v.proto == ip_proto_udp) {
        if (!accept_udp || v.transport_length < 8)
            return false;
    } else {
        return false;
    }
    key = FlowKey(v.saddr(), load_raw16(v.transport), v.daddr(), load_raw16(v.transport + 2), v.proto);
    return true;
}

}  // namespace snf::click::rewriter
