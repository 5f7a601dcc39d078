// Incremental Internet checksum updates (RFC 1624: HC' = ~(~HC + ~m + m')). A rewriter
// computes once per mapping the one's-complement difference its field changes make, and
// then fixes every packet's checksums with one addition instead of a recomputation. The
// arithmetic works on 16-bit words in memory order, which one's-complement sums allow.
#pragma once

#include <cstdint>
#include <cstring>

namespace snf::click::rewriter {

// Folds a 32-bit one's-complement sum to 16 bits.
inline uint16_t fold_sum(uint32_t sum) noexcept {
    sum = (sum & 0xffff) + (sum >> 16);
    sum = (sum & 0xffff) + (sum >> 16);
    return uint16_t(sum);
}

// Accumulates the change of one 16-bit word (memory order) into a running delta.
inline void add_word_change(uint32_t& delta, uint16_t old_word, uint16_t new_word) noexcept {
    delta += uint16_t(~old_word) + uint32_t(new_word);
}
// Accumulates the change of a 32-bit field given as raw memory (e.g. an address).
inline void add_u32_change(uint32_t& delta, uint32_t old_raw, uint32_t new_raw) noexcept {
    uint16_t o[2], n[2];
    std::memcpy(o, &old_raw, 4);
    std::memcpy(n, &new_raw, 4);
    add_word_change(delta, o[0], n[0]);
    add_word_change(delta, o[1], n[1]);
}

// The delta undoing `delta`.
inline uint16_t inverse_delta(uint16_t delta) noexcept { return uint16_t(~delta); }

inline uint16_t load_raw16(const unsigned char* at) noexcept {
    uint16_t v;
    std::memcpy(&v, at, 2);
    return v;
}
inline void store_raw16(unsigned char* at, uint16_t v) noexcept { std::memcpy(at, &v, 2); }
inline uint32_t load_raw32(const unsigned char* at) noexcept {
    uint32_t v;
    std::memcpy(&v, at, 4);
    return v;
}
inline void store_raw32(unsigned char* at, uint32_t v) noexcept { std::memcpy(at, &v, 4); }

// Applies a delta to the checksum field at `field`.
inline void apply_checksum_delta(unsigned char* field, uint16_t delta) noexcept {
    uint16_t c = load_raw16(field);
    uint32_t sum = uint32_t(uint16_t(~c)) + delta;
    store_raw16(field, uint16_t(~fold_sum(sum)));
}

// Rewrites a 32-bit field and fixes the checksum at `checksum` for the change.
inline void replace_u32(unsigned char* at, uint32_t new_raw, unsigned char* checksum) noexcept {
    uint32_t delta = 0;
    add_u32_change(delta, load_raw32(at), new_raw);
    store_raw32(at, new_raw);
    apply_checksum_delta(checksum, fold_sum(delta));
}

}  // namespace snf::click::rewriter
