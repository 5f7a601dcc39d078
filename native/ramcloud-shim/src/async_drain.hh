// AsyncDrain: the submitted/completed counts of a backend's async I/O thread and the
// wait for them that Backend::drain() is. Submitters count each op in, the I/O thread
// counts completions out; drain() waits until every op counted in before it has been
// counted out. A completion takes the drain mutex only while someone is draining, so an
// op nobody drains for costs two atomic increments.
#pragma once

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <mutex>
#include <thread>

namespace snf {

class AsyncDrain {
public:
    void note_submitted() noexcept { submitted_.fetch_add(1, std::memory_order_seq_cst); }
    void note_completed(uint64_t count);

    // Called once by the I/O thread, so drain() can refuse to wait on it.
    void set_io_thread() noexcept { io_thread_.store(std::this_thread::get_id()); }

    // Waits until every op submitted before the call has completed. SNF_ERR_TIMEOUT after
    // timeout_ms (< 0: no limit); SNF_ERR_INVALID_ARGUMENT on the I/O thread (from a
    // completion callback), where waiting would never end.
    int32_t drain(int64_t timeout_ms);

private:
    std::atomic<uint64_t> submitted_{0};
    std::atomic<uint64_t> completed_{0};
    std::atomic<uint32_t> waiters_{0};
    std::atomic<std::thread::id> io_thread_{};
    std::mutex mutex_;
    std::condition_variable done_;
};

}  // namespace snf
