// Incremental Internet checksum updates (RFC 1624, eqn. 3: HC' = ~(~HC + ~m + m')),
// for elements that change a few header bytes and must keep the IP, TCP and UDP
// checksums right without summing the whole packet again.
#pragma once

#include <cstdint>

#include "standard/internet_checksum.hh"

namespace snf::click {

// Adjusts the checksum stored (network order) at `checksum_field` for one 16-bit word
// of the covered data changing from `old_word` to `new_word` (both host order).
inline void update_checksum16(unsigned char* checksum_field, uint16_t old_word, uint16_t new_word) noexcept {
    uint32_t sum = uint32_t(~load_be16(checksum_field) & 0xffff) + uint32_t(~old_word & 0xffff) + new_word;
    store_be16(checksum_field, checksum_finish(sum));
}

// The same for a 32-bit value (an IPv4 address) at an even offset of the covered data.
inline void update_checksum32(unsigned char* checksum_field, uint32_t old_value, uint32_t new_value) noexcept {
    update_checksum16(checksum_field, uint16_t(old_value >> 16), uint16_t(new_value >> 16));
    update_checksum16(checksum_field, uint16_t(old_value), uint16_t(new_value));
}

}  // namespace snf::click
