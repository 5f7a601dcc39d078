// ObjectKey: an object's identity (table id + key bytes) with its hash computed once.
// The embedded store and the cache both index objects by it; the hash picks a shard or
// stripe, and hash maps reuse it instead of hashing the key bytes again. Lookups use
// ObjectKeyView (a view over the caller's bytes), so finding an object never allocates.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>

namespace snf {

inline size_t hash_object_key(uint64_t table_id, std::string_view key) noexcept {
    size_t h = std::hash<std::string_view>{}(key);
    // Mix the table id in with a multiplicative step so equal keys of different tables
    // land apart; the final xor-shift spreads the result into the high bits too, which
    // select shards.
    h ^= static_cast<size_t>(table_id) * 0x9E3779B97F4A7C15ull + 0x7F4A7C159E3779B9ull + (h << 6) + (h >> 2);
    h ^= h >> 29;
    return h;
}

struct ObjectKeyView {
    uint64_t table_id;
    std::string_view key;
    size_t hash;

    ObjectKeyView(uint64_t table, std::string_view bytes) noexcept
        : table_id(table), key(bytes), hash(hash_object_key(table, bytes)) {}
};

struct ObjectKey {
    uint64_t table_id;
    std::string key;
    size_t hash;

    explicit ObjectKey(const ObjectKeyView& view)
        : table_id(view.table_id), key(view.key), hash(view.hash) {}
};

// Transparent hash and equality, so maps keyed by ObjectKey accept ObjectKeyView.
struct ObjectKeyHash {
    using is_transparent = void;
    size_t operator()(const ObjectKey& k) const noexcept { return k.hash; }
    size_t operator()(const ObjectKeyView& k) const noexcept { return k.hash; }
};

struct ObjectKeyEqual {
    using is_transparent = void;
    template <class A, class B>
    bool operator()(const A& a, const B& b) const noexcept {
        return a.hash == b.hash && a.table_id == b.table_id &&
               std::string_view(a.key) == std::string_view(b.key);
    }
};

}  // namespace snf
