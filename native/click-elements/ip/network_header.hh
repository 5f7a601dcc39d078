// Bounds-checked access to the IPv4 header a packet's network header annotation points
// at, for elements that trust annotations set upstream only as far as the bytes go, and
// small IPv4 header predicates.
#pragma once

#include <cstdint>

#include "snf/click/packet.hh"
#include "standard/internet_checksum.hh"

namespace snf::click {

// The annotated network header when it lies inside the packet data, with `available`
// set to the bytes from it to the end of the data; null otherwise.
inline const unsigned char* annotated_network_header(const Packet* p, uint32_t& available) noexcept {
    if (!p->has_network_header())
        return nullptr;
    const unsigned char* nh = p->network_header();
    if (nh < p->data() || nh >= p->end_data())
        return nullptr;
    available = uint32_t(p->end_data() - nh);
    return nh;
}

// The annotated IPv4 header when its fixed 20 bytes and its options (IHL) are all inside
// the packet data; `header_length` is then IHL * 4 and `available` as above.
inline const unsigned char* annotated_ip_header(const Packet* p, uint32_t& header_length,
                                                uint32_t& available) noexcept {
    const unsigned char* ip = annotated_network_header(p, available);
    if (!ip || available < 20)
        return nullptr;
    header_length = uint32_t(ip[0] & 0x0f) * 4;
    if (header_length < 20 || header_length > available)
        return nullptr;
    return ip;
}

// Whether an IPv4 header (at least 20 bytes) describes the first fragment of its
// datagram, the only one that carries the transport header.
inline bool ip_first_fragment(const unsigned char* ip) noexcept { return (load_be16(ip + 6) & 0x1fff) == 0; }

// Whether an IPv4 address (network order bytes) is multicast, 224.0.0.0/4.
inline bool ip_multicast(const unsigned char* address) noexcept { return (address[0] & 0xf0) == 0xe0; }

}  // namespace snf::click
