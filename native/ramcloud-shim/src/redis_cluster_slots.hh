// Redis Cluster key placement: the slot (0..16383) of a key is CRC16 (XMODEM) of the key
// modulo 16384, or of its hash tag when it has one: the bytes between the first '{' and
// the next '}', if there is at least one byte between them. Object keys ("snf:<id>:<key>")
// have no '{' before the caller's bytes, so a caller's key with a tag is placed by the
// tag, whatever its table.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>

namespace snf::redis {

inline constexpr uint16_t kClusterSlots = 16384;

// CRC16 with polynomial 0x1021, initial value 0 (the variant Redis Cluster uses).
uint16_t crc16(std::string_view bytes) noexcept;

// The slot of a Redis key.
uint16_t key_slot(std::string_view key) noexcept;

// The slot of the object key of (table_id, key), without building the key.
uint16_t object_slot(uint64_t table_id, std::string_view key) noexcept;

}  // namespace snf::redis
