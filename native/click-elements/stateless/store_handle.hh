// StoreHandle: the StatelessNF client handle a FlowStateTier works through. It opens the
// client, creates the tier's table and, in cache mode, the LRU write-through cache, and
// offers the three blocking primitives every mode builds on (read, write, remove), each
// answered as a StoreReply so callers never touch raw buffers or thread-local errors.
//
// Reads and writes go through the cache when there is one, else straight to the store.
// A table that vanished (a Redis server restarted without persistence) is created again
// and the operation retried once, so the tier recovers by itself once the store is back.
#pragma once

#include <atomic>
#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "snf/snf_client.h"

namespace snf::click::stateless {

// What the store answered to one primitive operation.
struct StoreReply {
    int32_t status = SNF_OK;       // an snf_status
    uint64_t version = 0;          // version read, written or removed
    std::vector<uint8_t> value;    // reads that succeeded
    std::string error;             // the client's message when status != SNF_OK
};

// Create-if-absent: reject the write when the object exists.
snf_reject_rules create_if_absent_rules() noexcept;
// Remove only the version we wrote: reject when the object holds another version.
snf_reject_rules only_version_rules(uint64_t version) noexcept;

class StoreHandle {
public:
    StoreHandle() = default;
    ~StoreHandle() { close(); }
    StoreHandle(const StoreHandle&) = delete;
    StoreHandle& operator=(const StoreHandle&) = delete;

    // Opens `uri`, creates `table` if absent and, if cache_entries > 0, a cache of that
    // many entries. On failure returns false with `error` set and leaves nothing open.
    bool open(const std::string& uri, const std::string& table, uint32_t cache_entries,
              std::string& error);
    // Frees the cache and the client. Pending async operations complete (with
    // SNF_ERR_CLOSED) and the client's I/O thread has stopped when this returns.
    void close() noexcept;

    snf_client* client() const noexcept { return client_; }
    snf_cache* cache() const noexcept { return cache_; }
    uint64_t table_id() const noexcept { return table_id_.load(std::memory_order_acquire); }

    StoreReply read(std::span<const uint8_t> key);
    StoreReply write(std::span<const uint8_t> key, std::span<const uint8_t> value,
                     const snf_reject_rules* rules, uint64_t ttl_ms);
    StoreReply remove(std::span<const uint8_t> key, const snf_reject_rules* rules);

    // Creates the table again after an operation reported SNF_ERR_TABLE_DOESNT_EXIST.
    // True if the table exists now (its id may have changed).
    bool recover_table();

private:
    StoreReply read_once(std::span<const uint8_t> key);
    StoreReply write_once(std::span<const uint8_t> key, std::span<const uint8_t> value,
                          const snf_reject_rules* rules, uint64_t ttl_ms);
    StoreReply remove_once(std::span<const uint8_t> key, const snf_reject_rules* rules);
    std::string last_error() const;

    snf_client* client_ = nullptr;
    snf_cache* cache_ = nullptr;
    std::string table_;
    // Read by async completions on the client's I/O thread, so it is atomic.
    std::atomic<uint64_t> table_id_{0};
};

// Byte-count conversions for the C ABI; keys and values longer than 4 GiB are cut to a
// length the client then rejects as too large, never wrapped around.
uint32_t length_of(std::span<const uint8_t> bytes) noexcept;

}  // namespace snf::click::stateless
