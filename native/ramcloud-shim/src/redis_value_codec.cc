// Key and value layout of the Redis backend (see redis_value_codec.hh).
#include "redis_value_codec.hh"

#include <charconv>

namespace snf::redis {

namespace {
constexpr std::string_view kObjectPrefix = "snf:";
constexpr char kHexDigits[] = "0123456789abcdef";
}  // namespace

size_t decimal_length(uint64_t value) noexcept {
    size_t n = 1;
    while (value >= 10) {
        value /= 10;
        ++n;
    }
    return n;
}

void append_decimal(std::string& out, uint64_t value) {
    char buf[24];
    auto [end, ec] = std::to_chars(buf, buf + sizeof buf, value);
    out.append(buf, static_cast<size_t>(end - buf));
}

size_t object_key_length(uint64_t table_id, std::string_view key) noexcept {
    return kObjectPrefix.size() + decimal_length(table_id) + 1 + key.size();
}

void append_object_key(std::string& out, uint64_t table_id, std::string_view key) {
    out.append(kObjectPrefix);
    append_decimal(out, table_id);
    out.push_back(':');
    out.append(key);
}

std::string table_key_pattern(uint64_t table_id) {
    // Only digits and ':' precede the '*', so nothing needs glob escaping.
    std::string pattern(kObjectPrefix);
    append_decimal(pattern, table_id);
    pattern.append(":*");
    return pattern;
}

void format_version(uint64_t version, char out[kVersionDigits]) {
    for (size_t i = kVersionDigits; i-- > 0;) {
        out[i] = kHexDigits[version & 0xf];
        version >>= 4;
    }
}

std::string version_hex(uint64_t version) {
    std::string s(kVersionDigits, '0');
    format_version(version, s.data());
    return s;
}

bool parse_version(std::string_view hex, uint64_t& version) noexcept {
    if (hex.size() != kVersionDigits) return false;
    uint64_t v = 0;
    for (char c : hex) {
        unsigned digit;
        if (c >= '0' && c <= '9')
            digit = static_cast<unsigned>(c - '0');
        else if (c >= 'a' && c <= 'f')
            digit = static_cast<unsigned>(c - 'a' + 10);
        else
            return false;
        v = (v << 4) | digit;
    }
    version = v;
    return true;
}

bool decode_value(std::string_view stored, uint64_t& version, std::string_view& data) noexcept {
    if (stored.size() < kVersionDigits) return false;
    uint64_t v = 0;
    if (!parse_version(stored.substr(0, kVersionDigits), v) || v == 0) return false;
    version = v;
    data = stored.substr(kVersionDigits);
    return true;
}

bool parse_table_id(std::string_view text, uint64_t& id) noexcept {
    if (text.empty() || text.front() == '0') return false;
    uint64_t v = 0;
    auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
    if (ec != std::errc() || end != text.data() + text.size()) return false;
    id = v;
    return true;
}

}  // namespace snf::redis
