// CompletionQueue: the accepted async submissions of one tier, in submission order, from
// submit until poll() delivers their result.
//
// The element thread alone adds, scans and removes entries. A submission is completed
// from wherever its result becomes known (the client's I/O thread for Redis, the
// submitting thread for the embedded store): complete() stores the result and then sets
// the entry's `done` flag with release ordering; the element thread reads the result only
// after seeing the flag (acquire). No lock sits on that path. Results are delivered from
// the front only, so a submission that completes early waits for those before it:
// callbacks run in submission order whatever order the store answers in.
//
// Waiting (drain, blocking calls that must follow earlier submissions of their key) uses
// a mutex and condition variable that completers touch only while someone waits.
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <deque>
#include <memory>
#include <mutex>
#include <span>

#include "stateless/flow_state_tier.hh"

namespace snf::click::stateless {

// One accepted submission. Tiers derive from it to carry what their operation needs.
struct PendingCompletion {
    PendingCompletion(TierCallback callback, void* context, uint64_t cookie)
        : callback(callback), context(context), cookie(cookie) {}
    virtual ~PendingCompletion() = default;
    PendingCompletion(const PendingCompletion&) = delete;
    PendingCompletion& operator=(const PendingCompletion&) = delete;

    // True if the submission reads or writes `key` (for per-key ordering).
    virtual bool uses_key(std::span<const uint8_t> key) const { return false; }

    bool is_done() const noexcept { return done.load(std::memory_order_acquire); }

    // Element thread, after delivery: makes the entry ready for another submission
    // (tiers reuse entries so a submission costs no allocation once they are warm).
    void rearm(TierCallback next_callback, void* next_context, uint64_t next_cookie) noexcept {
        callback = next_callback;
        context = next_context;
        cookie = next_cookie;
        result.status = TierStatus::unavailable;
        result.value.clear();  // keeps its capacity for the next value
        result.version = 0;
        result.error.clear();
        done.store(false, std::memory_order_relaxed);
    }

    TierCallback callback;
    void* context;
    uint64_t cookie;
    TierResult result;  // written once before `done`, read by the element thread after it
    std::atomic<bool> done{false};
};

class CompletionQueue {
public:
    using Clock = std::chrono::steady_clock;

    std::size_t size() const noexcept { return entries_.size(); }
    bool empty() const noexcept { return entries_.empty(); }

    // Element thread: appends an accepted submission.
    void push(std::unique_ptr<PendingCompletion> entry);
    // Any thread, once per entry: publishes its result and wakes anyone waiting.
    void complete(PendingCompletion& entry, TierResult&& result);
    // Same, for a result the completer wrote into entry.result itself (no move, so the
    // entry's value buffer keeps its capacity).
    void publish(PendingCompletion& entry);
    // Element thread: removes and returns the front entry if it is done, else null.
    std::unique_ptr<PendingCompletion> pop_done();
    // Element thread: waits until `entry` is done; false if `deadline` passed first.
    bool wait_done(const PendingCompletion& entry, Clock::time_point deadline);
    // Element thread: waits until the front entry is done (true at once if empty).
    bool wait_front(Clock::time_point deadline);

    // Element thread: visits entries in submission order.
    template <typename Visit>
    void for_each(Visit&& visit) const {
        for (const auto& entry : entries_) visit(*entry);
    }

private:
    std::deque<std::unique_ptr<PendingCompletion>> entries_;
    std::mutex wake_mutex_;
    std::condition_variable wake_;
    std::atomic<uint32_t> waiters_{0};
};

}  // namespace snf::click::stateless
