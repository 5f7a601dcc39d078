// StoreHandle implementation: client and cache lifetime, the blocking primitives, and
// the one-shot table recovery.
#include "stateless/store_handle.hh"

#include <limits>

namespace snf::click::stateless {
namespace {

// First guess for a read's buffer: flow mappings are a few dozen bytes.
constexpr uint32_t kInitialReadCapacity = 256;

}  // namespace

snf_reject_rules create_if_absent_rules() noexcept {
    snf_reject_rules rules{};
    rules.exists = 1;
    return rules;
}

snf_reject_rules only_version_rules(uint64_t version) noexcept {
    snf_reject_rules rules{};
    rules.version_ne_given = 1;
    rules.given_version = version;
    return rules;
}

uint32_t length_of(std::span<const uint8_t> bytes) noexcept {
    constexpr size_t kMax = std::numeric_limits<uint32_t>::max();
    return static_cast<uint32_t>(bytes.size() > kMax ? kMax : bytes.size());
}

bool StoreHandle::open(const std::string& uri, const std::string& table, uint32_t cache_entries,
                       std::string& error) {
    close();
    char message[512] = {0};
    if (int32_t status = snf_client_open(uri.c_str(), &client_, message, sizeof message)) {
        error = message[0] != '\0' ? std::string(message) : snf_status_message(status);
        client_ = nullptr;
        return false;
    }
    table_ = table;
    uint64_t id = 0;
    if (snf_table_create(client_, table_.c_str(), &id) != SNF_OK) {
        error = "cannot create table '" + table_ + "': " + snf_client_last_error(client_);
        close();
        return false;
    }
    table_id_.store(id, std::memory_order_release);
    if (cache_entries > 0) {
        if (snf_cache_create(client_, cache_entries, &cache_) != SNF_OK) {
            error = std::string("cannot create the cache: ") + snf_client_last_error(client_);
            close();
            return false;
        }
    }
    return true;
}

void StoreHandle::close() noexcept {
    if (cache_ != nullptr) snf_cache_free(cache_);
    cache_ = nullptr;
    if (client_ != nullptr) snf_client_free(client_);
    client_ = nullptr;
}

std::string StoreHandle::last_error() const {
    const char* message = cache_ != nullptr ? snf_cache_last_error(cache_)
                                            : snf_client_last_error(client_);
    return message != nullptr ? std::string(message) : std::string();
}

bool StoreHandle::recover_table() {
    uint64_t id = 0;
    if (snf_table_create(client_, table_.c_str(), &id) != SNF_OK) return false;
    table_id_.store(id, std::memory_order_release);
    // Cached entries belonged to the old table id and can never be hit again.
    if (cache_ != nullptr) snf_cache_clear(cache_);
    return true;
}

StoreReply StoreHandle::read(std::span<const uint8_t> key) {
    StoreReply reply = read_once(key);
    if (reply.status == SNF_ERR_TABLE_DOESNT_EXIST && recover_table()) reply = read_once(key);
    return reply;
}

StoreReply StoreHandle::write(std::span<const uint8_t> key, std::span<const uint8_t> value,
                              const snf_reject_rules* rules, uint64_t ttl_ms) {
    StoreReply reply = write_once(key, value, rules, ttl_ms);
    if (reply.status == SNF_ERR_TABLE_DOESNT_EXIST && recover_table())
        reply = write_once(key, value, rules, ttl_ms);
    return reply;
}

StoreReply StoreHandle::remove(std::span<const uint8_t> key, const snf_reject_rules* rules) {
    StoreReply reply = remove_once(key, rules);
    if (reply.status == SNF_ERR_TABLE_DOESNT_EXIST && recover_table()) reply = remove_once(key, rules);
    return reply;
}

StoreReply StoreHandle::read_once(std::span<const uint8_t> key) {
    StoreReply reply;
    reply.value.resize(kInitialReadCapacity);
    // The value may grow between a too-small answer and the retry; a few rounds settle it.
    for (int attempt = 0; attempt < 4; ++attempt) {
        uint32_t length = 0;
        const uint32_t capacity = static_cast<uint32_t>(reply.value.size());
        const uint64_t table = table_id();
        reply.status = cache_ != nullptr
                           ? snf_cache_read(cache_, table, key.data(), length_of(key),
                                            reply.value.data(), capacity, &length, &reply.version)
                           : snf_read(client_, table, key.data(), length_of(key), nullptr,
                                      reply.value.data(), capacity, &length, &reply.version);
        if (reply.status == SNF_OK) {
            reply.value.resize(length);
            return reply;
        }
        if (reply.status != SNF_ERR_BUFFER_TOO_SMALL) break;
        reply.value.resize(length);
    }
    reply.error = last_error();
    reply.value.clear();
    reply.version = 0;
    return reply;
}

StoreReply StoreHandle::write_once(std::span<const uint8_t> key, std::span<const uint8_t> value,
                                   const snf_reject_rules* rules, uint64_t ttl_ms) {
    StoreReply reply;
    const uint64_t table = table_id();
    reply.status = cache_ != nullptr
                       ? snf_cache_write(cache_, table, key.data(), length_of(key), value.data(),
                                         length_of(value), rules, ttl_ms, &reply.version)
                       : snf_write(client_, table, key.data(), length_of(key), value.data(),
                                   length_of(value), rules, ttl_ms, &reply.version);
    if (reply.status != SNF_OK) {
        reply.error = last_error();
        reply.version = 0;
    }
    return reply;
}

StoreReply StoreHandle::remove_once(std::span<const uint8_t> key, const snf_reject_rules* rules) {
    StoreReply reply;
    const uint64_t table = table_id();
    reply.status = cache_ != nullptr
                       ? snf_cache_remove(cache_, table, key.data(), length_of(key), rules,
                                          &reply.version)
                       : snf_remove(client_, table, key.data(), length_of(key), rules,
                                    &reply.version);
    if (reply.status != SNF_OK) {
        reply.error = last_error();
        reply.version = 0;
    }
    return reply;
}

}  // namespace snf::click::stateless
