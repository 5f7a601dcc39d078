// RedisAsyncPipeline: the Redis backend's asynchronous path. One I/O thread owns a second
// connection. submit() only appends the op to a short mutex-guarded queue and wakes the
// thread (one eventfd write) if, and only if, it is asleep with nothing in flight. The
// thread takes everything queued at once, encodes it into one buffer, sends it with one
// write, and reads replies as they arrive while the next ops are already being sent, so
// many ops share each round trip. Replies arrive in command order; ops complete in
// submission order even when a read needs a follow-up command (a miss is checked
// against the live table ids) or a script must be resent (NOSCRIPT).
//
// Failures: a lost connection or a stalled one (no reply within command_timeout_ms, plus
// wait_timeout_ms while a WAIT is pending) completes every op in flight with
// SNF_ERR_CONNECTION or SNF_ERR_TIMEOUT; writes among them may or may not have been
// applied. Queued ops then reconnect through RedisConnection's backoff, or fail fast with
// SNF_ERR_CONNECTION while it lasts. shutdown() completes everything left with
// SNF_ERR_CLOSED.
//
// The thread keeps the pipeline alive through a shared_ptr, so shutdown() called from a
// completion callback (on the I/O thread itself) is safe.
#pragma once

#include <atomic>
#include <cstdint>
#include <deque>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "async_drain.hh"
#include "backend.hh"
#include "redis_connection.hh"
#include "redis_options.hh"

namespace snf {
class AsyncOp;
}

namespace snf::redis {

class RedisAsyncPipeline : public std::enable_shared_from_this<RedisAsyncPipeline> {
public:
    // Creates the pipeline and starts its thread; it connects when the first op arrives.
    static int32_t start(const RedisOptions& options,
                         std::shared_ptr<std::atomic<uint64_t>> reconnects,
                         std::shared_ptr<RedisAsyncPipeline>& out, std::string& error);

    RedisAsyncPipeline(const RedisOptions& options,
                       std::shared_ptr<std::atomic<uint64_t>> reconnects, int wake_fd);
    ~RedisAsyncPipeline();
    RedisAsyncPipeline(const RedisAsyncPipeline&) = delete;
    RedisAsyncPipeline& operator=(const RedisAsyncPipeline&) = delete;

    // Takes over the backend's reference to `op`. Thread-safe.
    void submit(AsyncOp* op);

    // Waits until every op submitted before the call has completed. SNF_ERR_TIMEOUT after
    // timeout_ms (< 0: no limit); SNF_ERR_INVALID_ARGUMENT from a completion callback,
    // where waiting would never end.
    int32_t drain(int64_t timeout_ms);

    // Completes queued and in-flight ops with SNF_ERR_CLOSED and stops the thread.
    void shutdown();

private:
    enum class OpState : uint8_t { Sent, AwaitingTableCheck, AwaitingWait, Done };

    struct PendingOp {
        AsyncOp* op = nullptr;
        Result result;
        OpState state = OpState::Sent;
        bool covered_by_wait = false;  // a write whose round ends with WAIT
        bool resent = false;           // already resent with its script body
    };

    // What the next reply in the connection's order answers.
    struct Expected {
        enum class Kind : uint8_t { OpReply, TableCheck, Wait } kind;
        uint64_t seq;       // the op (first op of the range for Wait)
        uint64_t seq_end;   // Wait: one past the last op it covers
    };

    void run();
    // Takes each op in (setting its slot to nullptr), so after an exception the ops
    // still in `ops` are those nobody owns yet.
    void start_ops(std::vector<AsyncOp*>& ops);
    void pump();
    bool flush_output();
    void read_replies();
    // Handles every complete reply the reader holds; false if the connection failed.
    bool take_replies(redisReader* reader);
    void handle_reply(const Expected& expected, const redisReply* reply);
    void complete_ready();
    void fail_in_flight(int32_t status, const std::string& error);
    void complete_now(AsyncOp* op, int32_t status, const std::string& error);
    void note_completed(uint64_t count) { drain_.note_completed(count); }
    void sleep_until_woken();
    void drain_wake_fd();
    PendingOp& pending_at(uint64_t seq) { return pending_[static_cast<size_t>(seq - first_seq_)]; }

    const RedisOptions options_;
    const int wake_fd_;  // eventfd that wakes the sleeping I/O thread

    // Shared with submitters.
    std::mutex queue_mutex_;
    std::vector<AsyncOp*> queue_;
    bool sleeping_ = false;
    bool stopping_ = false;
    AsyncDrain drain_;
    std::thread thread_;
    std::mutex shutdown_mutex_;

    // Owned by the I/O thread.
    RedisConnection connection_;
    std::string out_;             // encoded commands not yet fully sent
    size_t out_sent_ = 0;
    std::deque<PendingOp> pending_;   // in submission order
    uint64_t first_seq_ = 0;          // seq of pending_.front()
    uint64_t next_seq_ = 0;
    std::deque<Expected> expected_;   // one per command sent, in order
    std::chrono::steady_clock::time_point last_progress_{};
    std::vector<char> read_buffer_;
};

}  // namespace snf::redis
