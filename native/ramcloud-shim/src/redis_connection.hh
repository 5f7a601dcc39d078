// RedisConnection: one connection to a Redis server (TCP, or a Unix-domain socket when
// the options name one) and everything about keeping it usable: connecting with a
// timeout, the handshake (AUTH, SELECT, SCRIPT LOAD), marking it broken on any I/O
// error, EOF or timeout, and reconnecting with exponential backoff
// (10 ms doubling to 1 s; inside the backoff window ensure() fails fast and says when
// the next attempt is). Both the blocking path and the async I/O thread use it, so
// failures are handled the same way everywhere. Not thread-safe: its owner serializes.
//
// Commands are written with send(MSG_NOSIGNAL) rather than through hiredis's output
// buffer so a server that went away can never raise SIGPIPE in the host process;
// replies are read and parsed by hiredis.
#pragma once

#include <hiredis/hiredis.h>

#include <atomic>
#include <chrono>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "redis_options.hh"
#include "redis_resp.hh"
#include "redis_scripts.hh"

namespace snf::redis {

class RedisConnection {
public:
    // `reconnects` counts successful connections after this connection's first one.
    RedisConnection(RedisOptions options, std::shared_ptr<std::atomic<uint64_t>> reconnects);
    ~RedisConnection();
    RedisConnection(const RedisConnection&) = delete;
    RedisConnection& operator=(const RedisConnection&) = delete;

    // SNF_OK when connected (connecting first if needed and allowed). Otherwise
    // SNF_ERR_CONNECTION (unreachable, or still inside the backoff window), SNF_ERR_AUTH
    // (credentials refused) or another status from the handshake.
    int32_t ensure(std::string& error);

    bool connected() const noexcept { return context_ != nullptr; }

    // Closes the connection; the next ensure() reconnects.
    void mark_broken() noexcept;

    // Blocking round trip: sends `commands` (`count` encoded commands) and reads `count`
    // replies, each within command_timeout_ms + extra_timeout_ms. On failure the
    // connection is marked broken and the status is SNF_ERR_CONNECTION (lost: a write's
    // outcome is unknown), SNF_ERR_TIMEOUT or SNF_ERR_PROTOCOL (unparseable data).
    int32_t round_trip(std::string_view commands, size_t count, std::vector<ReplyPtr>& replies,
                       uint32_t extra_timeout_ms, std::string& error);

    // round_trip() in two halves, so one thread can have commands in flight on several
    // connections at once: send() writes them (replies may take extra_timeout_ms longer
    // than command_timeout_ms), receive() appends `count` replies. Same failure rules.
    int32_t send(std::string_view commands, uint32_t extra_timeout_ms, std::string& error);
    int32_t receive(size_t count, std::vector<ReplyPtr>& replies, std::string& error);

    // For the async I/O thread, which does its own non-blocking I/O once connected.
    int fd() const noexcept { return context_ ? context_->fd : -1; }
    redisReader* reader() noexcept { return context_ ? context_->reader : nullptr; }

    const ScriptShas& scripts() const noexcept { return scripts_; }
    const RedisOptions& options() const noexcept { return options_; }

    // Status and message for a failed I/O call on fd(); marks the connection broken.
    int32_t fail_io(int errno_value, std::string_view what, std::string& error);

private:
    int32_t connect_and_handshake(std::string& error);
    int32_t handshake(std::string& error);
    int32_t set_timeout(uint32_t timeout_ms, std::string& error);
    int32_t send_all(std::string_view data, std::string& error);
    int32_t read_reply(ReplyPtr& reply, std::string& error);
    bool poll_for_reply(void*& raw);

    RedisOptions options_;
    std::string endpoint_;
    std::shared_ptr<std::atomic<uint64_t>> reconnects_;
    redisContext* context_ = nullptr;
    ScriptShas scripts_;
    uint32_t timeout_ms_ = 0;  // the socket timeout currently set
    bool ever_connected_ = false;
    std::chrono::milliseconds backoff_{0};
    std::chrono::steady_clock::time_point next_attempt_{};
    std::string last_failure_;
    int32_t last_status_ = 0;
};

}  // namespace snf::redis
