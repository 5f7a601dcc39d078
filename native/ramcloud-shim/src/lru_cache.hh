// Cache: the LRU write-through cache behind snf_cache, in front of one Client.
//
// Reads that hit are served from memory under one short lock (lookup, move to front,
// copy). Misses read the store without holding the lock and fill the cache afterwards;
// a miss on an absent object is not cached. Writes and removes go to the store first
// and change the cache only after the store answered: an acknowledged write installs
// the new value, anything else (rejected, failed, a remove) drops the entry so the next
// read goes to the store.
//
// Races between a store call in flight and other calls on the same key are settled with
// per-stripe epochs: every change of an entry bumps its stripe's epoch, and a fill or
// write-through installs its result only if the epoch it saw before going to the store
// is unchanged. Losing that check drops the entry instead, so the cache never holds a
// value older than one it has been told about.
//
// The cache is coherent with the writes that pass through it, not with other clients'
// writes or table drops (as in StatelessNF's cache mode, where a flow's packets reach one
// instance). Entries honour the TTL they were written with through this cache. An entry filled by
// a miss has no known expiry (the backend reports none), so it stays until evicted,
// overwritten or invalidated.
#pragma once

#include <array>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>

#include "client.hh"
#include "lru_index.hh"

namespace snf {

class Cache {
public:
    // max_entries must be at least 1 (checked by create()).
    static int32_t create(std::shared_ptr<Client> client, uint32_t max_entries,
                          std::unique_ptr<Cache>& out, std::string& error);

    Cache(std::shared_ptr<Client> client, uint32_t max_entries);
    Cache(const Cache&) = delete;
    Cache& operator=(const Cache&) = delete;

    int32_t read(uint64_t table_id, const void* key, uint32_t key_length, void* buffer,
                 uint32_t capacity, uint32_t* out_length, uint64_t* out_version,
                 std::string& error);
    int32_t write(uint64_t table_id, const void* key, uint32_t key_length, const void* value,
                  uint32_t value_length, const snf_reject_rules* rules, uint64_t ttl_ms,
                  uint64_t* out_version, std::string& error);
    int32_t remove(uint64_t table_id, const void* key, uint32_t key_length,
                   const snf_reject_rules* rules, uint64_t* out_version, std::string& error);
    int32_t invalidate(uint64_t table_id, const void* key, uint32_t key_length,
                       std::string& error);
    void clear() noexcept;
    void stats(snf_cache_stats& out) const noexcept;

    Client& client() noexcept { return *client_; }

    // True if `key` of `table_id` is cached (expired or not); no effect on the order.
    bool contains(uint64_t table_id, std::string_view key) const;

private:
    static constexpr size_t kStripes = 256;
    static size_t stripe_of(const ObjectKeyView& key) noexcept { return key.hash & (kStripes - 1); }

    // Applies the store's answer to a write or remove: installs `value` when `install`
    // and nothing touched the stripe since `epoch`, otherwise drops the entry.
    void settle(const ObjectKeyView& key, uint64_t epoch, bool install, std::string_view value,
                uint64_t version, int64_t expires_at_ns);

    std::shared_ptr<Client> client_;
    mutable std::mutex mutex_;
    LruIndex index_;
    std::array<uint64_t, kStripes> stripe_epochs_{};
    uint64_t hits_ = 0;
    uint64_t misses_ = 0;
    uint64_t evictions_ = 0;
    uint64_t write_throughs_ = 0;
};

}  // namespace snf
