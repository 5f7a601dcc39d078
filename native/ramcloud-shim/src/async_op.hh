// AsyncOp: one in-flight asynchronous operation, exposed to C as snf_op. It owns copies
// of its key and value, is reference-counted (the caller's handle and the backend each
// hold one), and completes exactly once: result stored, waiters woken, callback run.
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <mutex>
#include <string>

#include "backend.hh"

namespace snf {

class Stats;

class AsyncOp {
public:
    AsyncOp(Request::Kind kind, uint64_t table_id, std::string_view key, std::string_view value,
            const snf_reject_rules* rules, uint64_t ttl_ms, snf_completion_fn callback,
            void* user_data, Stats* stats);

    // The request, with views into this op's own copies.
    const Request& request() const noexcept { return request_; }

    // Stores the result, wakes waiters, records statistics, runs the callback. Exactly once.
    void complete(Result&& result);

    int32_t poll() const noexcept;             // SNF_ERR_PENDING until complete
    int32_t wait(int64_t timeout_ms);          // final status or SNF_ERR_TIMEOUT
    const Result& result() const noexcept { return result_; }  // only after completion

    void retain() noexcept { refs_.fetch_add(1, std::memory_order_relaxed); }
    void release() noexcept;                   // deletes at zero

private:
    ~AsyncOp() = default;

    std::string key_;
    std::string value_;
    Request request_;
    snf_completion_fn callback_;
    void* user_data_;
    Stats* stats_;
    std::chrono::steady_clock::time_point submitted_;
    Result result_;
    std::atomic<int32_t> status_{SNF_ERR_PENDING};
    std::atomic<int32_t> refs_{1};
    // Threads blocked in wait(): completion takes the mutex and notifies only if any.
    std::atomic<int32_t> waiters_{0};
    std::mutex mutex_;
    std::condition_variable done_;
};

}  // namespace snf
