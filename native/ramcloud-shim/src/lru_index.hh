// LruIndex: a bounded map from object key to cached value, in least-recently-used order.
// Entries sit on an intrusive doubly linked list (most recent at the head) and are found
// through a hash set of entry pointers that accepts ObjectKeyView lookups, so a lookup
// allocates nothing. When full, put() recycles the least recent entry in place: its
// strings keep their capacity and its hash-set node is re-inserted rather than freed,
// so a steady stream of misses allocates only when values outgrow their buffers.
// Not thread-safe: the cache wraps it in its lock.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_set>

#include "object_key.hh"

namespace snf {

class LruIndex {
public:
    struct Entry {
        // Identity; field names match ObjectKey so ObjectKeyEqual compares the two.
        uint64_t table_id = 0;
        std::string key;
        size_t hash = 0;
        // Cached object.
        std::string value;
        uint64_t version = 0;
        int64_t expires_at_ns = 0;  // steady clock; 0: never
        // LRU list.
        Entry* newer = nullptr;
        Entry* older = nullptr;
    };

    explicit LruIndex(size_t capacity) noexcept : capacity_(capacity) {}
    LruIndex(const LruIndex&) = delete;
    LruIndex& operator=(const LruIndex&) = delete;
    ~LruIndex() { clear(); }

    // The entry for `key`, or nullptr. Does not change the order.
    Entry* find(const ObjectKeyView& key) const noexcept;

    // Makes `entry` the most recently used.
    void touch(Entry* entry) noexcept;

    // Inserts or replaces the entry for `key` and makes it the most recent. When the
    // index is full, the least recent entry is evicted first and `evicted` is set.
    Entry* put(const ObjectKeyView& key, std::string_view value, uint64_t version,
               int64_t expires_at_ns, bool& evicted);

    void erase(Entry* entry) noexcept;
    bool erase(const ObjectKeyView& key) noexcept;
    void clear() noexcept;

    size_t size() const noexcept { return entries_.size(); }
    size_t capacity() const noexcept { return capacity_; }
    Entry* most_recent() const noexcept { return newest_; }
    Entry* least_recent() const noexcept { return oldest_; }

private:
    struct EntryHash {
        using is_transparent = void;
        size_t operator()(const Entry* e) const noexcept { return e->hash; }
        size_t operator()(const ObjectKeyView& k) const noexcept { return k.hash; }
    };
    struct EntryEqual {
        using is_transparent = void;
        bool operator()(const Entry* a, const Entry* b) const noexcept { return a == b; }
        bool operator()(const Entry* a, const ObjectKeyView& b) const noexcept {
            return ObjectKeyEqual{}(*a, b);
        }
        bool operator()(const ObjectKeyView& a, const Entry* b) const noexcept {
            return ObjectKeyEqual{}(a, *b);
        }
    };
    using EntrySet = std::unordered_set<Entry*, EntryHash, EntryEqual>;

    void link_newest(Entry* entry) noexcept;
    void unlink(Entry* entry) noexcept;

    size_t capacity_;
    EntrySet entries_;
    Entry* newest_ = nullptr;
    Entry* oldest_ = nullptr;
};

}  // namespace snf
