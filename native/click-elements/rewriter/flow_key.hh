// FlowKey: what a rewriter looks a packet up by, Click's IPFlowID plus the protocol:
// source and destination address and port, as they appear on the wire (network byte
// order), and the IP protocol. Address-only rewriters leave the fields they ignore zero;
// ICMPPingRewriter keeps the echo identifier in the port fields.
#pragma once

#include <cstdint>
#include <cstring>
#include <string>

namespace snf::click::rewriter {

struct FlowKey {
    uint32_t saddr = 0;  // network byte order
    uint32_t daddr = 0;
    uint16_t sport = 0;  // network byte order
    uint16_t dport = 0;
    uint8_t proto = 0;
    uint8_t padding[3] = {0, 0, 0};  // always zero, so keys compare and hash as bytes

    FlowKey() = default;
    FlowKey(uint32_t s, uint16_t sp, uint32_t d, uint16_t dp, uint8_t p) noexcept
        : saddr(s), daddr(d), sport(sp), dport(dp), proto(p) {}

    // The key of the packets flowing the other way.
    FlowKey reverse() const noexcept { return FlowKey(daddr, dport, saddr, sport, proto); }

    uint64_t hash() const noexcept {
        uint64_t a, b;
        std::memcpy(&a, this, 8);
        std::memcpy(&b, reinterpret_cast<const char*>(this) + 8, 8);
        uint64_t h = a * 0x9E3779B97F4A7C15ull ^ (b + 0x632BE59BD9B4E019ull) * 0xC2B2AE3D27D4EB4Full;
        return h ^ (h >> 29);
    }

    friend bool operator==(const FlowKey& x, const FlowKey& y) noexcept {
        return std::memcmp(&x, &y, sizeof(FlowKey)) == 0;
    }

    // Click's IPFlowID text: "(1.0.0.1, 1024, 10.0.0.4, 40)".
    std::string unparse() const;
};
static_assert(sizeof(FlowKey) == 16);

// Host-order helpers for the network-order fields.
inline uint16_t host16(uint16_t network) noexcept { return uint16_t((network >> 8) | (network << 8)); }
inline uint16_t net16(uint16_t host) noexcept { return host16(host); }
inline uint32_t host32(uint32_t network) noexcept { return __builtin_bswap32(network); }
inline uint32_t net32(uint32_t host) noexcept { return __builtin_bswap32(host); }

// Dotted quad of a network-order address.
std::string unparse_ip(uint32_t network_order);

}  // namespace snf::click::rewriter
