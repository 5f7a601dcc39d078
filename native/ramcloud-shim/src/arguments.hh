// Checks of caller-supplied arguments against the data model's limits. The client and the
// cache run every argument through these before anything reaches a store, so backends
// may assume valid keys, values, rules and table names.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "snf/snf_client.h"

namespace snf {

// key: 1..SNF_MAX_KEY_LENGTH bytes; NULL only with length 0 (which is then too small).
int32_t check_key(const void* key, uint32_t key_length, std::string& error);

// value: 0..SNF_MAX_VALUE_LENGTH bytes; NULL only with length 0.
int32_t check_value(const void* value, uint32_t value_length, std::string& error);

// Reserved bytes must be zero, so they can gain a meaning later without surprising
// callers that filled them with garbage. NULL is fine (no rules).
int32_t check_reject_rules(const snf_reject_rules* rules, std::string& error);

// A read buffer: NULL only with capacity 0 (a size query).
int32_t check_buffer(const void* buffer, uint32_t capacity, std::string& error);

// A table name: 1..SNF_MAX_TABLE_NAME_LENGTH bytes, no NUL.
int32_t check_table_name(std::string_view name, std::string& error);

// A C table name: not NULL, then as above. On SNF_OK `out` views `name`.
int32_t check_table_name(const char* name, std::string_view& out, std::string& error);

// A view of `length` bytes at `data` (NULL allowed for length 0).
inline std::string_view bytes_view(const void* data, uint32_t length) noexcept {
    return length == 0 ? std::string_view() : std::string_view(static_cast<const char*>(data), length);
}

}  // namespace snf
