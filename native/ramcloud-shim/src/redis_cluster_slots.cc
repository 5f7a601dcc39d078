// Key-to-slot mapping of Redis Cluster (see redis_cluster_slots.hh).
#include "redis_cluster_slots.hh"

#include <array>
#include <charconv>

namespace snf::redis {
namespace {

constexpr std::array<uint16_t, 256> make_crc_table() {
    std::array<uint16_t, 256> table{};
    for (unsigned byte = 0; byte < 256; ++byte) {
        uint16_t crc = static_cast<uint16_t>(byte << 8);
        for (int bit = 0; bit < 8; ++bit)
            crc = static_cast<uint16_t>((crc & 0x8000) ? (crc << 1) ^ 0x1021 : crc << 1);
        table[byte] = crc;
    }
    return table;
}

constexpr std::array<uint16_t, 256> kCrcTable = make_crc_table();

uint16_t crc16_update(uint16_t crc, std::string_view bytes) noexcept {
    for (char c : bytes)
        crc = static_cast<uint16_t>((crc << 8) ^
                                    kCrcTable[((crc >> 8) ^ static_cast<uint8_t>(c)) & 0xff]);
    return crc;
}

// The tag of `key` when it has a non-empty one; otherwise an empty view.
std::string_view hash_tag(std::string_view key) noexcept {
    const size_t open = key.find('{');
    if (open == std::string_view::npos) return {};
    const size_t close = key.find('}', open + 1);
    if (close == std::string_view::npos || close == open + 1) return {};
    return key.substr(open + 1, close - open - 1);
}

}  // namespace

uint16_t crc16(std::string_view bytes) noexcept { return crc16_update(0, bytes); }

uint16_t key_slot(std::string_view key) noexcept {
    std::string_view tag = hash_tag(key);
    return static_cast<uint16_t>(crc16(tag.empty() ? key : tag) % kClusterSlots);
}

uint16_t object_slot(uint64_t table_id, std::string_view key) noexcept {
    // The prefix holds no '{', so a tag can only come from the caller's key; and a key
    // whose first '{' has no usable tag leaves the whole object key hashed.
    if (std::string_view tag = hash_tag(key); !tag.empty())
        return static_cast<uint16_t>(crc16(tag) % kClusterSlots);
    char digits[24];
    auto [end, ec] = std::to_chars(digits, digits + sizeof digits, table_id);
    uint16_t crc = crc16_update(0, "snf:");
    crc = crc16_update(crc, std::string_view(digits, static_cast<size_t>(end - digits)));
    crc = crc16_update(crc, ":");
    crc = crc16_update(crc, key);
    return static_cast<uint16_t>(crc % kClusterSlots);
}

}  // namespace snf::redis
