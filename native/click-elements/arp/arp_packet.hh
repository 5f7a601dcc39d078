// Ethernet/ARP wire layout shared by the ARP elements: offsets into an Ethernet frame
// carrying an IPv4-over-Ethernet ARP message (RFC 826), and a builder for such frames.
#pragma once

#include <cstdint>
#include <cstring>

#include "snf/click/net_address.hh"
#include "snf/click/packet.hh"

namespace snf::click::arp {

constexpr uint32_t ether_header_length = 14;
constexpr uint32_t arp_message_length = 28;
constexpr uint32_t frame_length = ether_header_length + arp_message_length;  // 42

constexpr uint16_t ethertype_ip = 0x0800;
constexpr uint16_t ethertype_arp = 0x0806;
constexpr uint16_t hardware_ethernet = 1;
constexpr uint16_t opcode_request = 1;
constexpr uint16_t opcode_reply = 2;

// Byte offsets within the frame.
enum : uint32_t {
    off_ether_dst = 0,
    off_ether_src = 6,
    off_ether_type = 12,
    off_hardware = 14,
    off_protocol = 16,
    off_hardware_length = 18,
    off_protocol_length = 19,
    off_opcode = 20,
    off_sender_ether = 22,
    off_sender_ip = 28,
    off_target_ether = 32,
    off_target_ip = 38,
};

inline uint16_t read16(const unsigned char* p) {
    return uint16_t((p[0] << 8) | p[1]);
}
inline void write16(unsigned char* p, uint16_t v) {
    p[0] = uint8_t(v >> 8);
    p[1] = uint8_t(v);
}
inline IPAddress read_ip(const unsigned char* p) {
    IPAddress a;
    std::memcpy(&a.addr, p, 4);
    return a;
}
inline EtherAddress read_ether(const unsigned char* p) {
    EtherAddress e;
    std::memcpy(e.bytes.data(), p, 6);
    return e;
}
inline bool is_group(const EtherAddress& e) {
    return (e.bytes[0] & 1) != 0;
}

// The opcode of a well-formed IPv4-over-Ethernet ARP frame, or 0 when `p` is not one
// (too short, another ethertype, hardware or protocol).
inline uint16_t arp_opcode(const Packet* p) {
    if (p->length() < frame_length)
        return 0;
    const unsigned char* d = p->data();
    if (read16(d + off_ether_type) != ethertype_arp || read16(d + off_hardware) != hardware_ethernet ||
        read16(d + off_protocol) != ethertype_ip || d[off_hardware_length] != 6 || d[off_protocol_length] != 4)
        return 0;
    return read16(d + off_opcode);
}

// A new 42-byte ARP frame; null when memory runs out.
inline WritablePacket* make_frame(uint16_t opcode, const EtherAddress& ether_dst, const EtherAddress& sender_ether,
                                  IPAddress sender_ip, const EtherAddress& target_ether, IPAddress target_ip) {
    WritablePacket* q = Packet::make(frame_length);
    if (!q)
        return nullptr;
    unsigned char* d = q->data();
    std::memcpy(d + off_ether_dst, ether_dst.bytes.data(), 6);
    std::memcpy(d + off_ether_src, sender_ether.bytes.data(), 6);
    write16(d + off_ether_type, ethertype_arp);
    write16(d + off_hardware, hardware_ethernet);
    write16(d + off_protocol, ethertype_ip);
    d[off_hardware_length] = 6;
    d[off_protocol_length] = 4;
    write16(d + off_opcode, opcode);
    std::memcpy(d + off_sender_ether, sender_ether.bytes.data(), 6);
    std::memcpy(d + off_sender_ip, &sender_ip.addr, 4);
    std::memcpy(d + off_target_ether, target_ether.bytes.data(), 6);
    std::memcpy(d + off_target_ip, &target_ip.addr, 4);
    q->set_mac_header(d);
    q->set_network_header(d + ether_header_length, arp_message_length);
    return q;
}

}  // namespace snf::click::arp
