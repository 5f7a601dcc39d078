// TTL for RAMCloud, which has none: every value stored through the RAMCloud backend starts
// with an 8-byte little-endian deadline (milliseconds since the Unix epoch, wall clock so
// that every client agrees; 0 = never), and an object past its deadline is treated as
// absent (and removed, guarded by its version, when a client meets it).
#pragma once

#include <chrono>
#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>

namespace snf::ramcloud {

constexpr size_t kExpiryHeaderLength = 8;

inline uint64_t now_epoch_ms() {
    using namespace std::chrono;
    return static_cast<uint64_t>(
        duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count());
}

// The stored form of `value` written with `ttl_ms` (0: never expires).
inline void encode_expiring_value(std::string_view value, uint64_t ttl_ms, std::string& out) {
    uint64_t deadline = ttl_ms ? now_epoch_ms() + ttl_ms : 0;
    out.resize(kExpiryHeaderLength + value.size());
    for (size_t i = 0; i < kExpiryHeaderLength; ++i)
        out[i] = static_cast<char>((deadline >> (8 * i)) & 0xff);
    if (!value.empty()) std::memcpy(out.data() + kExpiryHeaderLength, value.data(), value.size());
}

// Splits a stored value; false if it is too short to carry the header (not written by us).
inline bool decode_expiring_value(std::string_view stored, uint64_t& deadline,
                                  std::string_view& value) {
    if (stored.size() < kExpiryHeaderLength) return false;
    deadline = 0;
    for (size_t i = 0; i < kExpiryHeaderLength; ++i)
        deadline |= static_cast<uint64_t>(static_cast<uint8_t>(stored[i])) << (8 * i);
    value = stored.substr(kExpiryHeaderLength);
    return true;
}

inline bool expired(uint64_t deadline, uint64_t now_ms) { return deadline != 0 && now_ms >= deadline; }

}  // namespace snf::ramcloud
