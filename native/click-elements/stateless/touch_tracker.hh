// TouchTracker: when this tier last wrote each flow key, so touch() refreshes a key's TTL
// at most once per ttl/4 instead of on every packet.
//
// Why a write-ordered map with a hard cap (and not a time wheel or an unbounded map):
// entries only ever move to the back with the newest time, so the list is sorted by
// write time and everything older than ttl/4 sits at the front. Those entries carry no
// information (a touch would refresh such a key anyway), so each write first drops them:
// the map never holds more than the keys written in the last ttl/4. With millions of
// new flows in that window the hard cap drops the oldest entries too; forgetting a key
// costs only one early refresh write, never a missed one. A time wheel would bound
// memory the same way but needs a tick and per-slot lists for what this list already
// gives in order; a plain LRU without the age pruning would keep dead flows until the
// cap pushes them out.
#pragma once

#include <cstddef>
#include <cstdint>
#include <list>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>

namespace snf::click::stateless {

class TouchTracker {
public:
    // ttl_ms 0: objects never expire and no refresh is ever due. capacity >= 1.
    TouchTracker(uint32_t ttl_ms, std::size_t capacity);
    TouchTracker(const TouchTracker&) = delete;
    TouchTracker& operator=(const TouchTracker&) = delete;

    // True if `key` should be rewritten now: never written by this tier (or forgotten),
    // or written at least ttl/4 ago.
    bool refresh_due(std::span<const uint8_t> key, uint64_t now_ms) const;
    // The store acknowledged a write of `key` with the tier's TTL at `now_ms`.
    void wrote(std::span<const uint8_t> key, uint64_t now_ms);
    // The key was removed.
    void forget(std::span<const uint8_t> key);

    std::size_t size() const noexcept { return by_key_.size(); }
    std::size_t capacity() const noexcept { return capacity_; }
    uint64_t refresh_interval_ms() const noexcept { return interval_ms_; }

    // Milliseconds on the steady clock, the time base of every call above.
    static uint64_t now_ms() noexcept;

private:
    struct Entry {
        std::string key;
        uint64_t written_ms;
    };
    using List = std::list<Entry>;

    static std::string_view view_of(std::span<const uint8_t> key) noexcept {
        return {reinterpret_cast<const char*>(key.data()), key.size()};
    }
    void drop_stale(uint64_t now_ms);

    const uint64_t interval_ms_;  // 0: refreshing is off
    const std::size_t capacity_;
    List by_time_;  // oldest write first
    // Views into the list's own strings, which never move while their node lives.
    std::unordered_map<std::string_view, List::iterator> by_key_;
};

}  // namespace snf::click::stateless
