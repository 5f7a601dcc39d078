// Internet checksum (RFC 1071) helpers shared by the elements that synthesize IPv4,
// UDP and TCP headers, so every generator computes checksums the same way.
#pragma once

#include <cstddef>
#include <cstdint>

namespace snf::click {

// One's-complement sum of `length` bytes (big-endian 16-bit words) added to `sum`,
// not yet folded.
inline uint32_t checksum_add(const unsigned char* data, std::size_t length, uint32_t sum = 0) noexcept {
    std::size_t i = 0;
    for (; i + 1 < length; i += 2)
        sum += uint32_t(data[i]) << 8 | data[i + 1];
    if (i < length)
        sum += uint32_t(data[i]) << 8;
    return sum;
}

// Folds a running sum into the 16-bit complemented checksum (host order).
inline uint16_t checksum_finish(uint32_t sum) noexcept {
    while (sum >> 16)
        sum = (sum & 0xffff) + (sum >> 16);
    return uint16_t(~sum & 0xffff);
}

// Sum of the IPv4 pseudo-header for a transport checksum; addresses point at the
// source and destination in the IP header.
inline uint32_t pseudo_header_sum(const unsigned char* ip_header, uint8_t protocol, uint32_t transport_length) noexcept {
    uint32_t sum = checksum_add(ip_header + 12, 8);
    return sum + protocol + (transport_length & 0xffff) + (transport_length >> 16);
}

// Writes a 16-bit value in network byte order.
inline void store_be16(unsigned char* at, uint16_t v) noexcept {
    at[0] = uint8_t(v >> 8);
    at[1] = uint8_t(v);
}

inline void store_be32(unsigned char* at, uint32_t v) noexcept {
    at[0] = uint8_t(v >> 24);
    at[1] = uint8_t(v >> 16);
    at[2] = uint8_t(v >> 8);
    at[3] = uint8_t(v);
}

inline uint16_t load_be16(const unsigned char* at) noexcept { return uint16_t(at[0] << 8 | at[1]); }
inline uint32_t load_be32(const unsigned char* at) noexcept {
    return uint32_t(at[0]) << 24 | uint32_t(at[1]) << 16 | uint32_t(at[2]) << 8 | at[3];
}

}  // namespace snf::click
