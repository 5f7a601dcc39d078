// ExpiryQueue: the embedded store's per-shard min-heap of (deadline, object) over the objects that carry a
//   TTL. Each object records its own slot in the heap, so a rewrite moves its one entry
//   to the new deadline and a removal takes it out: the heap holds exactly the objects
//   with a deadline, never a stale entry that could cut a rewritten object's new TTL.
//   Reclaiming the expired objects is popping the top while it is due.
// The deadlines are steady-clock times (steady_time.hh).
#pragma once

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

}  // namespace snf
