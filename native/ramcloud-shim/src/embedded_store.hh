// EmbeddedStore: the in-process key-value store behind `embedded:` URIs, with RAMCloud's
// data model (named tables, binary keys, per-object versions, reject rules) plus TTLs.
//
// Layout, chosen so that object operations share no lock and no written cache line:
// - Objects of every table live in kShards shards picked by the key hash; a shard is a
//   mutex, a hash map keyed by (table id, key) and the shard's version counter. Every
//   write of a key happens in its shard, so a per-shard counter gives each key versions
//   that only grow, even across remove and re-create, without a store-wide atomic.
// - Table names are mapped to ids under one mutex, which only table operations take.
//   Whether a table id is live is one byte in TableLiveness, read without locking; ids
//   start at 1 and are never reused, so a stale id can never reach a newer table.
// - A TTL is a steady-clock deadline. Expired objects are absent: they are erased when
//   touched, and each shard keeps its objects with a deadline in an ExpiryQueue ordered
//   by deadline. Every write or remove on a shard whose earliest deadline has passed,
//   and every read there that the client timed, takes a few expired objects off the
//   queue's front, so expired objects nobody touches go in bounded time without
//   scanning the hash map. The time comes from OperationClock: the reading the client
//   took for the operation's latency, so the store reads no clock of its own for it.
#pragma once

#include <array>
#include <atomic>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>

#include "backend.hh"
#include "embedded_expiry.hh"
#include "steady_time.hh"
#include "object_key.hh"

namespace snf {

// One byte per table id ever issued, in chunks allocated on first use; lookups are a
// pair of acquire loads. Mutated only under the store's table mutex.
class TableLiveness {
public:
    static constexpr uint64_t kChunkSize = 4096;
    static constexpr uint64_t kChunks = 4096;
    static constexpr uint64_t kMaxTableId = kChunkSize * kChunks - 1;

    TableLiveness() = default;
    TableLiveness(const TableLiveness&) = delete;
    TableLiveness& operator=(const TableLiveness&) = delete;
    ~TableLiveness();

    bool alive(uint64_t id) const noexcept;
    void set(uint64_t id, bool alive);  // may allocate a chunk; id <= kMaxTableId

private:
    using Chunk = std::array<std::atomic<uint8_t>, kChunkSize>;
    std::array<std::atomic<Chunk*>, kChunks> chunks_{};
};

class EmbeddedStore {
public:
    static constexpr size_t kShards = 64;

    EmbeddedStore() = default;
    EmbeddedStore(const EmbeddedStore&) = delete;
    EmbeddedStore& operator=(const EmbeddedStore&) = delete;

    int32_t create_table(std::string_view name, uint64_t& id, std::string& error);
    int32_t get_table_id(std::string_view name, uint64_t& id, std::string& error);
    int32_t drop_table(std::string_view name, std::string& error);

    // Runs one object operation. Sets result.status and result.version, and for a
    // successful read assigns result.value (reusing its capacity). Leaves result.error
    // alone: every status this store returns is fully described by its standard message.
    void execute(const Request& request, Result& result);

    // Live and not-yet-reclaimed objects of every table (expired ones may be included
    // until touched or reclaimed).
    size_t object_count() const;

private:
    struct Entry {
        std::string value;
        uint64_t version = 0;
        int64_t expires_at_ns = 0;        // steady clock; 0: never
        size_t expiry_slot = kNotQueued;  // kept by the shard's ExpiryQueue
    };
    using ObjectMap = std::unordered_map<ObjectKey, Entry, ObjectKeyHash, ObjectKeyEqual>;
    using Object = ObjectMap::value_type;  // map nodes never move, so the queue may point at them
    struct ExpirySlotOf {
        size_t& operator()(Object& object) const noexcept { return object.second.expiry_slot; }
    };

    struct alignas(64) Shard {
        mutable std::mutex mutex;
        ObjectMap objects;
        ExpiryQueue<Object, ExpirySlotOf> expiring;  // exactly the objects with a deadline
        uint64_t last_version = 0;                   // the last version handed out here
    };

    Shard& shard_of(const ObjectKeyView& key) noexcept {
        return shards_[key.hash >> (8 * sizeof(size_t) - 6)];
    }
    void erase(Shard& shard, ObjectMap::iterator it);
    void reclaim_expired(Shard& shard, int64_t now_ns);

    std::array<Shard, kShards> shards_;

    std::mutex tables_mutex_;  // guards table_ids_, next_table_id_ and liveness writes
    std::unordered_map<std::string, uint64_t> table_ids_;
    uint64_t next_table_id_ = 1;
    TableLiveness liveness_;
};

static_assert(EmbeddedStore::kShards == 64, "shard_of takes the top 6 bits of the hash");

}  // namespace snf
