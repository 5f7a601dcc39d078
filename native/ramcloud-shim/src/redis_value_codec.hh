// How the Redis backend lays out RAMCloud's data model in Redis keys and values.
//
//   snf:tables        hash: table name -> decimal table id
//   snf:tableids      set of the ids of live tables
//   snf:table_seq     counter that hands out table ids (never reused)
//   snf:dropping      set of ids of dropped tables whose objects are still being deleted
//   snf:<id>:<key>    one object: <key> is the raw binary key; the value is the object's
//                     version as 16 lowercase hex digits followed by the data bytes
//
// Keeping the version inside the value makes a plain GET return both in one reply.
//
// On a Redis Cluster the four table keys carry the hash tag {snf} ("{snf}:tables", ...),
// so they share one slot and the table scripts can run there. Object keys are the same
// as above; their prefix holds no '{', so an object whose key bytes contain "{tag}" (the
// first '{' and the next '}', with something between) is placed by the tag alone: keys
// sharing a tag share a slot, in every table.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace snf::redis {

inline constexpr std::string_view kTablesKey = "snf:tables";
inline constexpr std::string_view kTableIdsKey = "snf:tableids";
inline constexpr std::string_view kTableSeqKey = "snf:table_seq";
inline constexpr std::string_view kDroppingKey = "snf:dropping";

// The registry keys a store uses, and whether the object scripts check the table
// themselves (they can only where the registry and the object share a server).
struct KeyLayout {
    std::string_view tables;
    std::string_view table_ids;
    std::string_view table_seq;
    std::string_view dropping;
    bool scripts_check_table;
};
inline constexpr KeyLayout kStandaloneLayout{kTablesKey, kTableIdsKey, kTableSeqKey,
                                             kDroppingKey, true};
inline constexpr KeyLayout kClusterLayout{"{snf}:tables", "{snf}:tableids", "{snf}:table_seq",
                                          "{snf}:dropping", false};

// Length of the version prefix of every stored value.
inline constexpr size_t kVersionDigits = 16;

// Number of decimal digits of `value` (1 for 0).
size_t decimal_length(uint64_t value) noexcept;

// Appends the decimal form of `value`.
void append_decimal(std::string& out, uint64_t value);

// Length of the object key of (table_id, key), and appending it.
size_t object_key_length(uint64_t table_id, std::string_view key) noexcept;
void append_object_key(std::string& out, uint64_t table_id, std::string_view key);

// SCAN MATCH pattern that covers every object of a table: "snf:<id>:*".
std::string table_key_pattern(uint64_t table_id);

// Writes `version` as exactly 16 lowercase hex digits.
void format_version(uint64_t version, char out[kVersionDigits]);
std::string version_hex(uint64_t version);

// Parses exactly 16 lowercase hex digits; false for anything else.
bool parse_version(std::string_view hex, uint64_t& version) noexcept;

// Splits a stored value into its version and data. False when the value is not in this
// client's format (shorter than the prefix, a prefix that is not 16 lowercase hex
// digits, or version 0, which no write ever produces).
bool decode_value(std::string_view stored, uint64_t& version, std::string_view& data) noexcept;

// Parses a decimal table id as Redis returns it ("1".."18446744073709551615").
bool parse_table_id(std::string_view text, uint64_t& id) noexcept;

}  // namespace snf::redis
