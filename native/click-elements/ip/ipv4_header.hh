// Writing a fresh 20-byte IPv4 header (no options), for the elements that prepend one
// (IPEncap, UDPIPEncap): every field in one place, the checksum computed last.
#pragma once

#include <cstdint>
#include <cstring>

#include "standard/internet_checksum.hh"

namespace snf::click {

// Fills the 20 bytes at `ip`. `total_length`, `id` and `fragment` (flags and offset) are
// host order; `src` and `dst` are addresses as stored (network order).
inline void write_ipv4_header(unsigned char* ip, uint8_t tos, uint16_t total_length, uint16_t id, uint16_t fragment,
                              uint8_t ttl, uint8_t protocol, uint32_t src, uint32_t dst) noexcept {
    ip[0] = 0x45;
    ip[1] = tos;
    store_be16(ip + 2, total_length);
    store_be16(ip + 4, id);
    store_be16(ip + 6, fragment);
    ip[8] = ttl;
    ip[9] = protocol;
    store_be16(ip + 10, 0);
    std::memcpy(ip + 12, &src, 4);
    std::memcpy(ip + 16, &dst, 4);
    store_be16(ip + 10, checksum_finish(checksum_add(ip, 20)));
}

}  // namespace snf::click
