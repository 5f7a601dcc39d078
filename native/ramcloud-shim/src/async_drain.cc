// Counting async ops in and out, and waiting for them (see async_drain.hh).
#include "async_drain.hh"

#include <chrono>

#include "snf/snf_client.h"

namespace snf {

void AsyncDrain::note_completed(uint64_t count) {
    completed_.fetch_add(count, std::memory_order_seq_cst);
    if (waiters_.load(std::memory_order_seq_cst) != 0) {
        // Taking the mutex orders this notify after a drainer's predicate check.
        std::lock_guard<std::mutex> lock(mutex_);
        done_.notify_all();
    }
}

int32_t AsyncDrain::drain(int64_t timeout_ms) {
    const uint64_t target = submitted_.load(std::memory_order_seq_cst);
    if (completed_.load(std::memory_order_seq_cst) >= target) return SNF_OK;
    if (io_thread_.load() == std::this_thread::get_id()) return SNF_ERR_INVALID_ARGUMENT;
    waiters_.fetch_add(1, std::memory_order_seq_cst);
    int32_t status = SNF_OK;
    {
        std::unique_lock<std::mutex> lock(mutex_);
        auto done = [&] { return completed_.load(std::memory_order_seq_cst) >= target; };
        // Beyond a year is forever; it also keeps the deadline from overflowing.
        constexpr int64_t kForeverMs = int64_t{365} * 24 * 3600 * 1000;
        if (timeout_ms < 0 || timeout_ms > kForeverMs)
            done_.wait(lock, done);
        else if (!done_.wait_for(lock, std::chrono::milliseconds(timeout_ms), done))
            status = SNF_ERR_TIMEOUT;
    }
    waiters_.fetch_sub(1, std::memory_order_seq_cst);
    return status;
}

}  // namespace snf
