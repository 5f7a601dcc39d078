// Steady-clock time for TTLs: the current time in nanoseconds, a deadline after a TTL,
// and OperationClock, the time of the operation in progress on this thread. The client
// stamps that when it starts timing an operation, so a store uses the same reading
// instead of asking the clock again; unstamped callers read the clock.
#pragma once

#include <chrono>
#include <cstdint>
#include <limits>

namespace snf {

inline int64_t steady_clock_ns() noexcept {
    return std::chrono::duration_cast<std::chrono::nanoseconds>(
               std::chrono::steady_clock::now().time_since_epoch())
        .count();
}

// now + ttl, saturating instead of overflowing for absurd TTLs.
inline int64_t deadline_after(int64_t now_ns, uint64_t ttl_ms) noexcept {
    constexpr int64_t kMax = std::numeric_limits<int64_t>::max();
    const uint64_t room_ms = static_cast<uint64_t>(kMax - now_ns) / 1000000u;
    if (ttl_ms >= room_ms) return kMax;
    return now_ns + static_cast<int64_t>(ttl_ms) * 1000000;
}

class OperationClock {
public:
    // Stamps this thread's current operation with a reading of the steady clock; the
    // previous stamp comes back on destruction, so a nested operation (a completion
    // callback run inside another call) does not leave the outer one without its time.
    explicit OperationClock(std::chrono::steady_clock::time_point start) noexcept
        : previous_(stamp_) {
        stamp_ = std::chrono::duration_cast<std::chrono::nanoseconds>(start.time_since_epoch()).count();
    }
    ~OperationClock() { stamp_ = previous_; }
    OperationClock(const OperationClock&) = delete;
    OperationClock& operator=(const OperationClock&) = delete;

    // The stamped time, or the clock when no operation on this thread stamped one.
    static int64_t now_ns() noexcept { return stamp_ != 0 ? stamp_ : steady_clock_ns(); }
    static bool stamped() noexcept { return stamp_ != 0; }

private:
    static inline thread_local int64_t stamp_ = 0;
    int64_t previous_;
};

}  // namespace snf
