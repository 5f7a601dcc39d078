// Connection setup, handshake, blocking round trips and reconnect backoff for the Redis
// backend (see redis_connection.hh).
#include "redis_connection.hh"

#include <sched.h>

#include <fcntl.h>
#include <sys/socket.h>
#include <sys/time.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

#include "snf/snf_client.h"

namespace snf::redis {
namespace {

constexpr std::chrono::milliseconds kFirstBackoff{10};
constexpr std::chrono::milliseconds kMaxBackoff{1000};
constexpr size_t kSha1HexLength = 40;

timeval to_timeval(uint32_t ms) {
    timeval tv{};
    tv.tv_sec = static_cast<time_t>(ms / 1000);
    tv.tv_usec = static_cast<suseconds_t>((ms % 1000) * 1000);
    return tv;
}

std::string errno_text(int errno_value) {
    char buf[128];
    // GNU strerror_r returns the message, which may or may not live in buf.
    return std::string(strerror_r(errno_value, buf, sizeof buf));
}

}  // namespace

RedisConnection::RedisConnection(RedisOptions options,
                                 std::shared_ptr<std::atomic<uint64_t>> reconnects)
    : options_(std::move(options)),
      endpoint_(options_.endpoint()),
      reconnects_(std::move(reconnects)) {}

RedisConnection::~RedisConnection() { mark_broken(); }

void RedisConnection::mark_broken() noexcept {
    if (context_) {
        redisFree(context_);
        context_ = nullptr;
    }
}

int32_t RedisConnection::ensure(std::string& error) {
    if (context_) return SNF_OK;
    auto now = std::chrono::steady_clock::now();
    if (now < next_attempt_) {
        auto wait = std::chrono::ceil<std::chrono::milliseconds>(next_attempt_ - now);
        error = last_failure_ + "; next connection attempt in " + std::to_string(wait.count()) +
                " ms";
        // Refused credentials stay an authentication failure; anything else means the
        // store cannot be reached right now.
        return last_status_ == SNF_ERR_AUTH ? SNF_ERR_AUTH : SNF_ERR_CONNECTION;
    }
    int32_t st = connect_and_handshake(error);
    if (st == SNF_OK) {
        if (ever_connected_) reconnects_->fetch_add(1, std::memory_order_relaxed);
        ever_connected_ = true;
        backoff_ = std::chrono::milliseconds(0);
        next_attempt_ = {};
        last_failure_.clear();
        return SNF_OK;
    }
    backoff_ = backoff_.count() == 0 ? kFirstBackoff : std::min(backoff_ * 2, kMaxBackoff);
    next_attempt_ = std::chrono::steady_clock::now() + backoff_;
    last_failure_ = error;
    last_status_ = st;
    return st;
}

int32_t RedisConnection::connect_and_handshake(std::string& error) {
    const timeval connect_timeout = to_timeval(options_.connect_timeout_ms);
    redisContext* c =
        options_.unix_socket.empty()
            ? redisConnectWithTimeout(options_.host.c_str(), options_.port, connect_timeout)
            : redisConnectUnixWithTimeout(options_.unix_socket.c_str(), connect_timeout);
    if (!c) {
        error = "cannot allocate a connection to redis at " + endpoint_;
        return SNF_ERR_NO_MEMORY;
    }
    if (c->err) {
        error = "cannot connect to redis at " + endpoint_ + ": " + c->errstr;
        redisFree(c);
        return SNF_ERR_CONNECTION;
    }
    context_ = c;
    timeout_ms_ = 0;
    // Child processes the host starts must not inherit the connection.
    int fd_flags = fcntl(c->fd, F_GETFD);
    if (fd_flags >= 0) fcntl(c->fd, F_SETFD, fd_flags | FD_CLOEXEC);
    if (int32_t st = set_timeout(options_.command_timeout_ms, error)) return st;
    return handshake(error);
}

int32_t RedisConnection::handshake(std::string& error) {
    std::string commands;
    RespWriter w(commands);
    size_t count = 0;
    const bool auth = !options_.password.empty();
    const std::string db = std::to_string(options_.db);
    if (auth) {
        w.command({"AUTH", options_.password});
        ++count;
    }
    if (options_.db != 0) {
        w.command({"SELECT", db});
        ++count;
    }
    for (size_t i = 0; i < kScriptCount; ++i) {
        w.command({"SCRIPT", "LOAD", script_source(static_cast<ScriptId>(i))});
        ++count;
    }
    // All in one round trip; replies come back in the same order.
    std::vector<ReplyPtr> replies;
    if (int32_t st = round_trip(commands, count, replies, 0, error)) {
        error = "handshake with redis at " + endpoint_ + " failed: " + error;
        // Nothing of the caller's was sent yet, so a slow handshake is an unreachable
        // store, not an operation with an unknown outcome.
        return st == SNF_ERR_TIMEOUT ? SNF_ERR_CONNECTION : st;
    }
    size_t next = 0;
    if (auth) {
        const redisReply* r = replies[next++].get();
        if (r->type == REDIS_REPLY_ERROR) {
            std::string detail;
            status_of_error_reply(r, detail);
            error = "redis at " + endpoint_ + " refused the password (" + detail + ")";
            mark_broken();
            return SNF_ERR_AUTH;
        }
    }
    if (options_.db != 0) {
        const redisReply* r = replies[next++].get();
        if (r->type == REDIS_REPLY_ERROR) {
            int32_t st = status_of_error_reply(r, error);
            error = "cannot select database " + db + " on redis at " + endpoint_ + ": " + error;
            mark_broken();
            return st;
        }
    }
    for (size_t i = 0; i < kScriptCount; ++i) {
        const redisReply* r = replies[next++].get();
        if (r->type != REDIS_REPLY_STRING || r->len != kSha1HexLength) {
            int32_t st = status_of_unexpected_reply(r, "SCRIPT LOAD", error);
            error = "cannot load the " + std::string(script_name(static_cast<ScriptId>(i))) +
                    " script into redis at " + endpoint_ + ": " + error;
            mark_broken();
            return st;
        }
        scripts_[i].assign(r->str, r->len);
    }
    return SNF_OK;
}

int32_t RedisConnection::set_timeout(uint32_t timeout_ms, std::string& error) {
    if (timeout_ms == timeout_ms_) return SNF_OK;
    if (redisSetTimeout(context_, to_timeval(timeout_ms)) != REDIS_OK) {
        error = "cannot set the socket timeout for redis at " + endpoint_ + ": " + context_->errstr;
        mark_broken();
        return SNF_ERR_CONNECTION;
    }
    timeout_ms_ = timeout_ms;
    return SNF_OK;
}

int32_t RedisConnection::round_trip(std::string_view commands, size_t count,
                                    std::vector<ReplyPtr>& replies, uint32_t extra_timeout_ms,
                                    std::string& error) {
    replies.clear();
    if (int32_t st = send(commands, extra_timeout_ms, error)) return st;
    return receive(count, replies, error);
}

int32_t RedisConnection::send(std::string_view commands, uint32_t extra_timeout_ms,
                              std::string& error) {
    if (!context_) {
        error = "not connected to redis at " + endpoint_;
        return SNF_ERR_CONNECTION;
    }
    if (int32_t st = set_timeout(options_.command_timeout_ms + extra_timeout_ms, error)) return st;
    return send_all(commands, error);
}

int32_t RedisConnection::receive(size_t count, std::vector<ReplyPtr>& replies,
                                 std::string& error) {
    if (!context_) {
        error = "not connected to redis at " + endpoint_;
        return SNF_ERR_CONNECTION;
    }
    replies.reserve(replies.size() + count);
    for (size_t i = 0; i < count; ++i) {
        ReplyPtr reply;
        if (int32_t st = read_reply(reply, error)) return st;
        replies.push_back(std::move(reply));
    }
    return SNF_OK;
}

int32_t RedisConnection::send_all(std::string_view data, std::string& error) {
    const char* p = data.data();
    size_t left = data.size();
    while (left > 0) {
        ssize_t n = ::send(context_->fd, p, left, MSG_NOSIGNAL);
        if (n > 0) {
            p += n;
            left -= static_cast<size_t>(n);
        } else if (n < 0 && errno == EINTR) {
            continue;
        } else {
            return fail_io(n < 0 ? errno : EPIPE, "sending to", error);
        }
    }
    return SNF_OK;
}

// Polls the socket without sleeping for up to spin_us, feeding what arrives to hiredis's
// reader; true with `raw` set when a whole reply came in that time. Anything unusual
// (EOF, an error, a malformed reply) is left to the blocking read, which reports it.
bool RedisConnection::poll_for_reply(void*& raw) {
    if (options_.spin_us == 0) return false;
    if (redisReaderGetReply(context_->reader, &raw) != REDIS_OK) return false;
    if (raw) return true;
    using clock = std::chrono::steady_clock;
    const auto until = clock::now() + std::chrono::microseconds(options_.spin_us);
    char buffer[16 * 1024];
    do {
        ssize_t n = ::recv(context_->fd, buffer, sizeof buffer, MSG_DONTWAIT);
        if (n > 0) {
            if (redisReaderFeed(context_->reader, buffer, static_cast<size_t>(n)) != REDIS_OK) return false;
            if (redisReaderGetReply(context_->reader, &raw) != REDIS_OK) return false;
            if (raw) return true;
            continue;
        }
        if (n == 0 || (errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR)) return false;
        // Yield rather than burn the core: when the server (or the thread that feeds it)
        // is waiting for this CPU, as on a small or loaded machine, spinning here would
        // delay the very reply we poll for; with an idle CPU the call returns at once.
        sched_yield();
    } while (clock::now() < until);
    return false;
}

int32_t RedisConnection::read_reply(ReplyPtr& reply, std::string& error) {
    void* raw = nullptr;
    if (poll_for_reply(raw) || (redisGetReply(context_, &raw) == REDIS_OK && raw)) {
        reply.reset(static_cast<redisReply*>(raw));
        return SNF_OK;
    }
    const int saved_errno = errno;
    switch (context_->err) {
    case REDIS_ERR_IO:
        return fail_io(saved_errno, "reading from", error);
    case REDIS_ERR_EOF:
        return fail_io(0, "reading from", error);
    case REDIS_ERR_PROTOCOL:
        error = "malformed reply from redis at " + endpoint_ + ": " + context_->errstr;
        mark_broken();
        return SNF_ERR_PROTOCOL;
    case REDIS_ERR_OOM:
        error = "out of memory reading a reply from redis at " + endpoint_;
        mark_broken();
        return SNF_ERR_NO_MEMORY;
    default:
        error = "connection to redis at " + endpoint_ + " failed: " + context_->errstr;
        mark_broken();
        return SNF_ERR_CONNECTION;
    }
}

int32_t RedisConnection::fail_io(int errno_value, std::string_view what, std::string& error) {
    int32_t st;
    if (errno_value == EAGAIN || errno_value == EWOULDBLOCK) {
        // The socket timeout expired: nothing moved for command_timeout_ms (+ WAIT time).
        error = "timed out " + std::string(what) + " redis at " + endpoint_ + " after " +
                std::to_string(timeout_ms_) + " ms";
        st = SNF_ERR_TIMEOUT;
    } else if (errno_value == 0) {
        error = "redis at " + endpoint_ + " closed the connection";
        st = SNF_ERR_CONNECTION;
    } else {
        error = "connection to redis at " + endpoint_ + " lost while " + std::string(what) +
                " it: " + errno_text(errno_value);
        st = SNF_ERR_CONNECTION;
    }
    mark_broken();
    return st;
}

}  // namespace snf::redis
