// CompletionQueue implementation.
#include "stateless/completion_queue.hh"

#include <utility>

namespace snf::click::stateless {

void CompletionQueue::push(std::unique_ptr<PendingCompletion> entry) {
    entries_.push_back(std::move(entry));
}

void CompletionQueue::complete(PendingCompletion& entry, TierResult&& result) {
    entry.result = std::move(result);
    publish(entry);
}

void CompletionQueue::publish(PendingCompletion& entry) {
    // Sequentially consistent with the waiter count below: either a waiter sees the flag
    // before it sleeps, or this thread sees the waiter and notifies under the mutex.
    entry.done.store(true, std::memory_order_seq_cst);
    if (waiters_.load(std::memory_order_seq_cst) != 0) {
        { std::lock_guard lock(wake_mutex_); }
        wake_.notify_all();
    }
}

std::unique_ptr<PendingCompletion> CompletionQueue::pop_done() {
    if (entries_.empty() || !entries_.front()->is_done()) return nullptr;
    std::unique_ptr<PendingCompletion> entry = std::move(entries_.front());
    entries_.pop_front();
    return entry;
}

bool CompletionQueue::wait_done(const PendingCompletion& entry, Clock::time_point deadline) {
    if (entry.is_done()) return true;
    waiters_.fetch_add(1, std::memory_order_seq_cst);
    bool done = false;
    {
        std::unique_lock lock(wake_mutex_);
        done = wake_.wait_until(lock, deadline, [&] {
            return entry.done.load(std::memory_order_seq_cst);
        });
    }
    waiters_.fetch_sub(1, std::memory_order_seq_cst);
    return done;
}

bool CompletionQueue::wait_front(Clock::time_point deadline) {
    if (entries_.empty()) return true;
    return wait_done(*entries_.front(), deadline);
}

}  // namespace snf::click::stateless
