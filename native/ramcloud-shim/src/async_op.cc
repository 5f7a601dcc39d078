// AsyncOp implementation. Completion publishes the result with a release store of the
// status, so any thread that observes a final status (poll/wait, acquire) also sees the
// result; the mutex only pairs with the condition variable for blocking waiters.
#include "async_op.hh"

#include "stats.hh"

namespace snf {
namespace {

OpKind op_kind(Request::Kind kind) noexcept {
    switch (kind) {
        case Request::Kind::Read: return OpKind::Read;
        case Request::Kind::Write: return OpKind::Write;
        case Request::Kind::Remove: return OpKind::Remove;
    }
    return OpKind::Read;
}

}  // namespace

AsyncOp::AsyncOp(Request::Kind kind, uint64_t table_id, std::string_view key,
                 std::string_view value, const snf_reject_rules* rules, uint64_t ttl_ms,
                 snf_completion_fn callback, void* user_data, Stats* stats)
    : key_(key),
      value_(value),
      callback_(callback),
      user_data_(user_data),
      stats_(stats),
      submitted_(std::chrono::steady_clock::now()) {
    request_.kind = kind;
    request_.table_id = table_id;
    request_.key = key_;
    request_.value = value_;
    if (rules != nullptr) request_.rules = *rules;
    request_.ttl_ms = ttl_ms;
}

void AsyncOp::complete(Result&& result) {
    const int32_t status = result.status;
    result_ = std::move(result);
    // Statistics first, so whoever sees the op complete also sees it counted.
    if (stats_ != nullptr) {
        const auto elapsed = std::chrono::steady_clock::now() - submitted_;
        const uint64_t latency_ns = static_cast<uint64_t>(
            std::chrono::duration_cast<std::chrono::nanoseconds>(elapsed).count());
        uint64_t bytes = 0;
        if (request_.kind == Request::Kind::Write) bytes = key_.size() + value_.size();
        if (request_.kind == Request::Kind::Read) bytes = result_.value.size();
        stats_->record(op_kind(request_.kind), latency_ns, bytes, status == SNF_OK);
        stats_->record_async_completed();
    }

    // Sequentially consistent with the waiter count: either a waiter sees the status
    // before it sleeps, or this thread sees the waiter and notifies under the mutex, so
    // no notification is lost, and an op nobody waits for costs no lock.
    status_.store(status, std::memory_order_seq_cst);
    if (waiters_.load(std::memory_order_seq_cst) != 0) {
        { std::lock_guard lock(mutex_); }
        done_.notify_all();
    }

    if (callback_ != nullptr) callback_(reinterpret_cast<snf_op*>(this), status, user_data_);
}

int32_t AsyncOp::poll() const noexcept { return status_.load(std::memory_order_acquire); }

int32_t AsyncOp::wait(int64_t timeout_ms) {
    int32_t status = poll();
    if (status != SNF_ERR_PENDING) return status;
    auto completed = [this] { return status_.load(std::memory_order_seq_cst) != SNF_ERR_PENDING; };
    // Timeouts beyond a year are treated as forever, so the deadline cannot overflow.
    constexpr int64_t kForeverMs = int64_t{365} * 24 * 3600 * 1000;
    waiters_.fetch_add(1, std::memory_order_seq_cst);
    bool done = true;
    {
        std::unique_lock lock(mutex_);
        if (timeout_ms < 0 || timeout_ms > kForeverMs)
            done_.wait(lock, completed);
        else
            done = done_.wait_for(lock, std::chrono::milliseconds(timeout_ms), completed);
    }
    waiters_.fetch_sub(1, std::memory_order_seq_cst);
    if (!done) return SNF_ERR_TIMEOUT;
    return status_.load(std::memory_order_acquire);
}

void AsyncOp::release() noexcept {
    if (refs_.fetch_sub(1, std::memory_order_acq_rel) == 1) delete this;
}

}  // namespace snf
