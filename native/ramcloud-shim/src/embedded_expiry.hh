// Expiry bookkeeping for the embedded store.
//
// - ExpiryQueue: per-shard min-heap of (deadline, object) over the objects that carry a
//   TTL. Each object records its own slot in the heap, so a rewrite moves its one entry
//   to the new deadline and a removal takes it out: the heap holds exactly the objects
//   with a deadline, never a stale entry that could cut a rewritten object's new TTL.
//   Reclaiming the expired objects is popping the top while it is due.
// - OperationClock: the steady-clock time of the operation in progress on this thread.
//   The client stamps it when it starts timing an operation, so the store uses that
//   reading instead of asking the clock again; unstamped callers read the clock.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <utility>
#include <vector>

namespace snf {

// Not in the queue (an object without a deadline).
inline constexpr size_t kNotQueued = static_cast<size_t>(-1);

// Object: what the queue points at; SlotOf(Object&) returns a reference to the size_t
// where the queue keeps that object's heap slot (kNotQueued when absent). Objects must
// not move while queued.
template <class Object, class SlotOf>
class ExpiryQueue {
public:
    struct Item {
        int64_t deadline_ns;
        Object* object;
    };

    bool empty() const noexcept { return heap_.empty(); }
    size_t size() const noexcept { return heap_.size(); }

    // True when the earliest deadline has passed at now_ns.
    bool due(int64_t now_ns) const noexcept {
        return !heap_.empty() && heap_.front().deadline_ns <= now_ns;
    }
    Object& earliest() const noexcept { return *heap_.front().object; }

    // Makes room for one more object, so the next schedule() cannot throw. Growth stays
    // geometric, as push_back's.
    void reserve_one_more() {
        if (heap_.size() == heap_.capacity()) heap_.reserve(heap_.empty() ? 16 : 2 * heap_.capacity());
    }

    // Queues an object that is not queued, or moves a queued one to a new deadline.
    void schedule(Object& object, int64_t deadline_ns) {
        size_t& slot = SlotOf{}(object);
        if (slot == kNotQueued) {
            heap_.push_back(Item{deadline_ns, &object});  // may throw: nothing changed yet
            slot = heap_.size() - 1;
            sift_up(slot);
            return;
        }
        const int64_t old_deadline = heap_[slot].deadline_ns;
        heap_[slot].deadline_ns = deadline_ns;
        if (deadline_ns < old_deadline) sift_up(slot);
        else sift_down(slot);
    }

    // Takes an object out of the queue; nothing if it is not queued.
    void cancel(Object& object) noexcept {
        size_t& slot = SlotOf{}(object);
        if (slot == kNotQueued) return;
        const size_t hole = slot;
        slot = kNotQueued;
        const size_t last = heap_.size() - 1;
        if (hole != last) {
            place(hole, heap_[last]);
            heap_.pop_back();
            // The moved item may belong above or below the hole.
            if (hole > 0 && heap_[hole].deadline_ns < heap_[parent(hole)].deadline_ns) sift_up(hole);
            else sift_down(hole);
        } else {
            heap_.pop_back();
        }
    }

    void clear() noexcept {
        for (Item& item : heap_) SlotOf{}(*item.object) = kNotQueued;
        heap_.clear();
    }

private:
    static size_t parent(size_t i) noexcept { return (i - 1) / 2; }

    void place(size_t i, const Item& item) noexcept {
        heap_[i] = item;
        SlotOf{}(*item.object) = i;
    }

    void sift_up(size_t i) noexcept {
        const Item item = heap_[i];
        while (i > 0 && item.deadline_ns < heap_[parent(i)].deadline_ns) {
            place(i, heap_[parent(i)]);
            i = parent(i);
        }
        place(i, item);
    }

    void sift_down(size_t i) noexcept {
        const Item item = heap_[i];
        const size_t n = heap_.size();
        for (;;) {
            size_t child = 2 * i + 1;
            if (child >= n) break;
            if (child + 1 < n && heap_[child + 1].deadline_ns < heap_[child].deadline_ns) ++child;
            if (heap_[child].deadline_ns >= item.deadline_ns) break;
            place(i, heap_[child]);
            i = child;
        }
        place(i, item);
    }

    std::vector<Item> heap_;
};

inline int64_t steady_clock_ns() noexcept {
    return std::chrono::duration_cast<std::chrono::nanoseconds>(
               std::chrono::steady_clock::now().time_since_epoch())
        .count();
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
