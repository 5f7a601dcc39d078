// TouchTracker implementation.
#include "stateless/touch_tracker.hh"

#include <algorithm>
#include <chrono>

namespace snf::click::stateless {

TouchTracker::TouchTracker(uint32_t ttl_ms, std::size_t capacity)
    : interval_ms_(ttl_ms == 0 ? 0 : std::max<uint64_t>(ttl_ms / 4, 1)),
      capacity_(std::max<std::size_t>(capacity, 1)) {}

uint64_t TouchTracker::now_ms() noexcept {
    return static_cast<uint64_t>(std::chrono::duration_cast<std::chrono::milliseconds>(
                                     std::chrono::steady_clock::now().time_since_epoch())
                                     .count());
}

bool TouchTracker::refresh_due(std::span<const uint8_t> key, uint64_t now_ms) const {
    if (interval_ms_ == 0) return false;
    auto it = by_key_.find(view_of(key));
    if (it == by_key_.end()) return true;
    return now_ms - it->second->written_ms >= interval_ms_;
}

void TouchTracker::drop_stale(uint64_t now_ms) {
    while (!by_time_.empty() && now_ms - by_time_.front().written_ms >= interval_ms_) {
        by_key_.erase(by_time_.front().key);
        by_time_.pop_front();
    }
}

void TouchTracker::wrote(std::span<const uint8_t> key, uint64_t now_ms) {
    if (interval_ms_ == 0) return;
    drop_stale(now_ms);
    auto it = by_key_.find(view_of(key));
    if (it != by_key_.end()) {
        it->second->written_ms = now_ms;
        by_time_.splice(by_time_.end(), by_time_, it->second);
        return;
    }
    if (by_key_.size() >= capacity_) {
        by_key_.erase(by_time_.front().key);
        by_time_.pop_front();
    }
    by_time_.push_back(Entry{std::string(view_of(key)), now_ms});
    auto node = std::prev(by_time_.end());
    by_key_.emplace(std::string_view(node->key), node);
}

void TouchTracker::forget(std::span<const uint8_t> key) {
    auto it = by_key_.find(view_of(key));
    if (it == by_key_.end()) return;
    List::iterator node = it->second;
    by_key_.erase(it);
    by_time_.erase(node);
}

}  // namespace snf::click::stateless
