// Blocking snf_write/snf_read with std::string keys and values, for the tests that drive a
// client against a real store.
#pragma once

#include <cstdint>
#include <string>

#include "snf/snf_client.h"

namespace snf::test {

inline int32_t write(snf_client* c, uint64_t table, const std::string& key, const std::string& value,
                     uint64_t* version = nullptr, const snf_reject_rules* rules = nullptr) {
    return snf_write(c, table, key.data(), static_cast<uint32_t>(key.size()), value.data(),
                     static_cast<uint32_t>(value.size()), rules, 0, version);
}

// Values up to 4 KiB.
inline int32_t read(snf_client* c, uint64_t table, const std::string& key, std::string* value = nullptr,
                    uint64_t* version = nullptr) {
    std::string buffer(4096, '\0');
    uint32_t length = 0;
    int32_t st = snf_read(c, table, key.data(), static_cast<uint32_t>(key.size()), nullptr,
                          buffer.data(), static_cast<uint32_t>(buffer.size()), &length, version);
    if (st == SNF_OK && value) *value = buffer.substr(0, length);
    return st;
}

}  // namespace snf::test
