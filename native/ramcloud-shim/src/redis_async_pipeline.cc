// The Redis backend's I/O thread and its pipelining (see redis_async_pipeline.hh).
#include "redis_async_pipeline.hh"

#include <poll.h>
#include <sys/eventfd.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <system_error>
#include <utility>

#include "async_op.hh"
#include "redis_request_codec.hh"

namespace snf::redis {
namespace {

// Replies are read in chunks of this size; a chunk that comes back full is followed by
// another read at once instead of a poll.
constexpr size_t kReadChunk = 256 * 1024;
constexpr size_t kFeedSlice = 4 * 1024;

const char* kClosedMessage = "the client is shutting down";
const char* kNoMemoryMessage = "out of memory in the async I/O thread";

std::string with_write_caveat(const std::string& error, const Request& request) {
    if (!is_write(request)) return error;
    return error + "; the " + (request.kind == Request::Kind::Write ? "write" : "remove") +
           " may or may not have been applied";
}

}  // namespace

int32_t RedisAsyncPipeline::start(const RedisOptions& options,
                                  std::shared_ptr<std::atomic<uint64_t>> reconnects,
                                  std::shared_ptr<RedisAsyncPipeline>& out, std::string& error) {
    int fd = eventfd(0, EFD_CLOEXEC);
    if (fd < 0) {
        error = "cannot create the async wake-up eventfd: " + std::system_category().message(errno);
        return SNF_ERR_INTERNAL;
    }
    std::shared_ptr<RedisAsyncPipeline> pipeline;
    try {
        pipeline = std::make_shared<RedisAsyncPipeline>(options, std::move(reconnects), fd);
    } catch (const std::bad_alloc&) {
        close(fd);
        error = "out of memory starting the async pipeline";
        return SNF_ERR_NO_MEMORY;
    }
    try {
        // The thread holds its own reference until it ends.
        pipeline->thread_ = std::thread([self = pipeline] { self->run(); });
    } catch (const std::system_error& e) {
        error = std::string("cannot start the async I/O thread: ") + e.what();
        return SNF_ERR_INTERNAL;
    }
    out = std::move(pipeline);
    return SNF_OK;
}

RedisAsyncPipeline::RedisAsyncPipeline(const RedisOptions& options,
                                       std::shared_ptr<std::atomic<uint64_t>> reconnects,
                                       int wake_fd)
    : options_(options), wake_fd_(wake_fd), connection_(options, std::move(reconnects)) {
    read_buffer_.resize(kReadChunk);
}

RedisAsyncPipeline::~RedisAsyncPipeline() {
    if (thread_.joinable()) {
        // Only reached when the last reference went away without shutdown(): the thread
        // has already left run() (it held a reference until then).
        if (thread_.get_id() == std::this_thread::get_id())
            thread_.detach();
        else
            thread_.join();
    }
    close(wake_fd_);
}

// ---- submitters ------------------------------------------------------------------------

void RedisAsyncPipeline::submit(AsyncOp* op) {
    bool wake = false;
    {
        std::lock_guard<std::mutex> lock(queue_mutex_);
        if (!stopping_) {
            queue_.push_back(op);
            drain_.note_submitted();
            wake = sleeping_;
            sleeping_ = false;
            op = nullptr;
        }
    }
    if (op) {
        drain_.note_submitted();
        complete_now(op, SNF_ERR_CLOSED, kClosedMessage);
        note_completed(1);
        return;
    }
    if (wake) {
        uint64_t one = 1;
        // An eventfd write cannot fail short of overflow, which one pending wake-up
        // per sleep never reaches.
        ssize_t n = write(wake_fd_, &one, sizeof one);
        (void)n;
    }
}

int32_t RedisAsyncPipeline::drain(int64_t timeout_ms) { return drain_.drain(timeout_ms); }

void RedisAsyncPipeline::shutdown() {
    std::lock_guard<std::mutex> once(shutdown_mutex_);
    {
        std::lock_guard<std::mutex> lock(queue_mutex_);
        stopping_ = true;
        sleeping_ = false;
    }
    uint64_t one = 1;
    ssize_t n = write(wake_fd_, &one, sizeof one);
    (void)n;
    if (!thread_.joinable()) return;
    if (thread_.get_id() == std::this_thread::get_id())
        thread_.detach();  // called from a completion callback; the thread ends by itself
    else
        thread_.join();
}

void RedisAsyncPipeline::complete_now(AsyncOp* op, int32_t status, const std::string& error) {
    Result result;
    result.status = status;
    result.error = error;
    op->complete(std::move(result));
    op->release();
}

// ---- I/O thread --------------------------------------------------------------------------

void RedisAsyncPipeline::run() {
    drain_.set_io_thread();
    std::vector<AsyncOp*> incoming;
    for (;;) {
        bool idle = false;
        {
            std::lock_guard<std::mutex> lock(queue_mutex_);
            if (stopping_) break;
            incoming.swap(queue_);
            if (incoming.empty() && pending_.empty()) {
                sleeping_ = true;
                idle = true;
            }
        }
        if (idle) {
            sleep_until_woken();
            continue;
        }
        try {
            if (!incoming.empty()) start_ops(incoming);
            if (!pending_.empty()) pump();
        } catch (const std::bad_alloc&) {
            // Ops not yet taken in are failed with the rest; the connection starts over.
            for (AsyncOp* op : incoming) {
                if (!op) continue;  // already taken in
                complete_now(op, SNF_ERR_NO_MEMORY, kNoMemoryMessage);
                note_completed(1);
            }
            fail_in_flight(SNF_ERR_NO_MEMORY, kNoMemoryMessage);
            connection_.mark_broken();
        }
        incoming.clear();
    }
    fail_in_flight(SNF_ERR_CLOSED, kClosedMessage);
    std::vector<AsyncOp*> rest;
    {
        std::lock_guard<std::mutex> lock(queue_mutex_);
        rest.swap(queue_);
    }
    for (AsyncOp* op : rest) complete_now(op, SNF_ERR_CLOSED, kClosedMessage);
    if (!rest.empty()) note_completed(rest.size());
    connection_.mark_broken();
}

void RedisAsyncPipeline::sleep_until_woken() {
    uint64_t value = 0;
    // Blocks until a submitter or shutdown() writes; EINTR just loops back to the queue.
    ssize_t n = read(wake_fd_, &value, sizeof value);
    (void)n;
}

void RedisAsyncPipeline::drain_wake_fd() {
    uint64_t value = 0;
    ssize_t n = read(wake_fd_, &value, sizeof value);
    (void)n;
}

void RedisAsyncPipeline::start_ops(std::vector<AsyncOp*>& ops) {
    if (!connection_.connected()) {
        // Nothing is in flight on a broken connection: everything before was completed.
        std::string error;
        if (int32_t st = connection_.ensure(error)) {
            for (AsyncOp*& op : ops) {
                AsyncOp* failed = std::exchange(op, nullptr);
                complete_now(failed, st, error);
                note_completed(1);
            }
            return;
        }
        out_.clear();
        out_sent_ = 0;
    }
    const bool was_waiting = !expected_.empty();
    const uint64_t round_first = next_seq_;
    bool round_has_writes = false;
    RespWriter w(out_);
    for (AsyncOp*& op : ops) {
        const Request& request = op->request();
        PendingOp& p = pending_.emplace_back();
        p.op = std::exchange(op, nullptr);  // owned by pending_ from here on
        const uint64_t seq = next_seq_++;
        std::string error;
        if (int32_t st = validate_request(request, error)) {
            p.result.status = st;
            p.result.error = std::move(error);
            p.state = OpState::Done;
            continue;
        }
        encode_request(w, request, connection_.scripts());
        expected_.push_back({Expected::Kind::OpReply, seq, seq + 1});
        if (is_write(request) && options_.wait_replicas > 0) {
            p.covered_by_wait = true;
            round_has_writes = true;
        }
    }
    if (round_has_writes) {
        // One WAIT covers every write of the round: it waits for this connection's
        // replication offset, which includes them all.
        encode_wait(w, options_);
        expected_.push_back({Expected::Kind::Wait, round_first, next_seq_});
    }
    if (!was_waiting) last_progress_ = std::chrono::steady_clock::now();
    complete_ready();
}

void RedisAsyncPipeline::pump() {
    if (!flush_output()) return;
    if (expected_.empty()) return;
    using namespace std::chrono;
    uint32_t allowed_ms = options_.command_timeout_ms;
    if (expected_.front().kind == Expected::Kind::Wait) allowed_ms += options_.wait_timeout_ms;
    const auto deadline = last_progress_ + milliseconds(allowed_ms);
    const auto now = steady_clock::now();
    if (now >= deadline) {
        fail_in_flight(SNF_ERR_TIMEOUT, "no reply from redis at " + options_.endpoint() +
                                            " within " + std::to_string(allowed_ms) + " ms");
        connection_.mark_broken();
        return;
    }
    const auto wait_ms = ceil<milliseconds>(deadline - now).count();
    pollfd fds[2];
    fds[0].fd = connection_.fd();
    fds[0].events = static_cast<short>(POLLIN | (out_sent_ < out_.size() ? POLLOUT : 0));
    fds[0].revents = 0;
    fds[1].fd = wake_fd_;
    fds[1].events = POLLIN;
    fds[1].revents = 0;
    int ready = poll(fds, 2, static_cast<int>(wait_ms));
    if (ready <= 0) return;  // EINTR or timeout: the loop re-checks the deadline
    if (fds[1].revents & POLLIN) drain_wake_fd();
    if (fds[0].revents & (POLLIN | POLLERR | POLLHUP)) read_replies();
}

bool RedisAsyncPipeline::flush_output() {
    while (out_sent_ < out_.size()) {
        ssize_t n = send(connection_.fd(), out_.data() + out_sent_, out_.size() - out_sent_,
                         MSG_NOSIGNAL | MSG_DONTWAIT);
        if (n > 0) {
            out_sent_ += static_cast<size_t>(n);
            continue;
        }
        if (n < 0 && errno == EINTR) continue;
        if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) return true;  // poll for POLLOUT
        std::string error;
        int32_t st = connection_.fail_io(n < 0 ? errno : EPIPE, "sending to", error);
        fail_in_flight(st, error);
        return false;
    }
    out_.clear();
    out_sent_ = 0;
    return true;
}

void RedisAsyncPipeline::read_replies() {
    redisReader* reader = connection_.reader();
    for (;;) {
        ssize_t n = recv(connection_.fd(), read_buffer_.data(), read_buffer_.size(), MSG_DONTWAIT);
        if (n > 0) {
            // hiredis's reader moves its unread bytes down after every kilobyte consumed,
            // so it is fed small slices: each move is then short, whatever was received.
            for (size_t offset = 0; offset < static_cast<size_t>(n); offset += kFeedSlice) {
                const size_t length = std::min(kFeedSlice, static_cast<size_t>(n) - offset);
                if (redisReaderFeed(reader, read_buffer_.data() + offset, length) != REDIS_OK) {
                    fail_in_flight(SNF_ERR_NO_MEMORY, "out of memory buffering redis replies");
                    connection_.mark_broken();
                    return;
                }
                if (!take_replies(reader)) return;
            }
            last_progress_ = std::chrono::steady_clock::now();
            complete_ready();
            if (static_cast<size_t>(n) < read_buffer_.size()) return;
            continue;
        }
        if (n < 0 && errno == EINTR) continue;
        if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) return;
        std::string error;
        int32_t st = connection_.fail_io(n < 0 ? errno : 0, "reading from", error);
        fail_in_flight(st, error);
        return;
    }
}

bool RedisAsyncPipeline::take_replies(redisReader* reader) {
    for (;;) {
        void* raw = nullptr;
        if (redisReaderGetReply(reader, &raw) != REDIS_OK) {
            fail_in_flight(SNF_ERR_PROTOCOL, "malformed reply from redis at " +
                                                 options_.endpoint() + ": " + reader->errstr);
            connection_.mark_broken();
            return false;
        }
        if (!raw) return true;
        ReplyPtr reply(static_cast<redisReply*>(raw));
        if (expected_.empty()) {
            fail_in_flight(SNF_ERR_PROTOCOL,
                           "redis at " + options_.endpoint() + " sent a reply nobody asked for");
            connection_.mark_broken();
            return false;
        }
        const Expected expected = expected_.front();
        expected_.pop_front();
        handle_reply(expected, reply.get());
    }
}

void RedisAsyncPipeline::handle_reply(const Expected& expected, const redisReply* reply) {
    RespWriter w(out_);
    switch (expected.kind) {
    case Expected::Kind::OpReply: {
        PendingOp& p = pending_at(expected.seq);
        const Request& request = p.op->request();
        switch (decode_request_reply(request, reply, p.result)) {
        case ReplyOutcome::NeedsTableCheck:
            // Queued behind everything already sent; later ops wait for it to complete
            // in order, which only costs them time when a read misses.
            encode_table_check(w, request.table_id);
            expected_.push_back({Expected::Kind::TableCheck, expected.seq, expected.seq + 1});
            p.state = OpState::AwaitingTableCheck;
            break;
        case ReplyOutcome::NoScript:
            if (p.resent) {
                p.result.status = SNF_ERR_PROTOCOL;
                p.result.error = "redis at " + options_.endpoint() +
                                 " answered NOSCRIPT to a script sent with its body";
                p.state = OpState::Done;
                break;
            }
            p.resent = true;
            encode_request_with_body(w, request);
            expected_.push_back({Expected::Kind::OpReply, expected.seq, expected.seq + 1});
            if (p.covered_by_wait) {
                encode_wait(w, options_);
                expected_.push_back({Expected::Kind::Wait, expected.seq, expected.seq + 1});
            }
            break;
        case ReplyOutcome::Done:
            p.state = p.covered_by_wait && p.result.status == SNF_OK ? OpState::AwaitingWait
                                                                     : OpState::Done;
            break;
        }
        break;
    }
    case Expected::Kind::TableCheck: {
        PendingOp& p = pending_at(expected.seq);
        decode_table_check(p.op->request(), reply, p.result);
        p.state = OpState::Done;
        break;
    }
    case Expected::Kind::Wait: {
        std::string error;
        const int32_t st = decode_wait(reply, options_, error);
        for (uint64_t seq = std::max(expected.seq, first_seq_); seq < expected.seq_end; ++seq) {
            PendingOp& p = pending_at(seq);
            if (p.state != OpState::AwaitingWait) continue;  // rejected, or resent later
            if (st != SNF_OK) {
                p.result.status = st;  // the version stays: the master has the write
                p.result.error = error;
            }
            p.state = OpState::Done;
        }
        break;
    }
    }
}

void RedisAsyncPipeline::complete_ready() {
    uint64_t count = 0;
    while (!pending_.empty() && pending_.front().state == OpState::Done) {
        AsyncOp* op = pending_.front().op;
        Result result = std::move(pending_.front().result);
        pending_.pop_front();
        ++first_seq_;
        op->complete(std::move(result));
        op->release();
        ++count;
    }
    if (count) note_completed(count);
}

void RedisAsyncPipeline::fail_in_flight(int32_t status, const std::string& error) {
    for (PendingOp& p : pending_) {
        if (p.state == OpState::Done) continue;  // finished, only waiting for its turn
        p.result.status = status;
        p.result.value.clear();
        p.result.error = with_write_caveat(error, p.op->request());
        p.state = OpState::Done;
    }
    expected_.clear();
    out_.clear();
    out_sent_ = 0;
    complete_ready();
}

}  // namespace snf::redis
