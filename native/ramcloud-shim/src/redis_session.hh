// RedisSession: the blocking half of the Redis backend. One connection shared by every
// calling thread under a mutex, a reusable encode buffer and reply list, and the retry
// policy: an attempt that lost the connection is retried, after the session reconnected,
// up to read_retries times when the caller says it is safe (reads and idempotent table
// calls), never otherwise (writes: their outcome is unknown). Table calls and object
// batches are written against it (redis_tables.cc, redis_batch.cc).
#pragma once

#include <atomic>
#include <cstdint>
#include <initializer_list>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

#include "redis_connection.hh"
#include "redis_options.hh"
#include "redis_resp.hh"
#include "redis_scripts.hh"
#include "snf/snf_client.h"

namespace snf::redis {

class RedisSession {
public:
    enum class Retry : uint8_t { Never, AfterReconnect };

    RedisSession(const RedisOptions& options, std::shared_ptr<std::atomic<uint64_t>> reconnects)
        : options_(options), connection_(options, std::move(reconnects)) {}

    // Connects now (used once, at open).
    int32_t connect(std::string& error) {
        std::lock_guard<std::mutex> lock(mutex_);
        return connection_.ensure(error);
    }

    // Drops the connection; the next call reconnects.
    void close() {
        std::lock_guard<std::mutex> lock(mutex_);
        connection_.mark_broken();
    }

    // Runs attempt(std::string& error) -> int32_t holding the session, connected first.
    // Everything below is for use inside an attempt only.
    template <class Attempt>
    int32_t run(Retry retry, std::string& error, Attempt&& attempt) {
        std::lock_guard<std::mutex> lock(mutex_);
        const uint32_t retries = retry == Retry::AfterReconnect ? options_.read_retries : 0;
        for (uint32_t tries = 0;; ++tries) {
            if (int32_t st = connection_.ensure(error)) return st;
            int32_t st = attempt(error);
            if (st != SNF_ERR_CONNECTION || connection_.connected() || tries >= retries) return st;
        }
    }

    // A fresh encode buffer; round_trip() sends what was written to it.
    RespWriter start_commands() {
        buffer_.clear();
        return RespWriter(buffer_);
    }

    // Sends the buffer (`commands` commands) and reads as many replies into replies();
    // replies may take wait_timeout_ms longer when the pipeline ends with WAIT.
    int32_t round_trip(size_t commands, bool ends_with_wait, std::string& error) {
        return connection_.round_trip(buffer_, commands, replies_,
                                      ends_with_wait ? options_.wait_timeout_ms : 0, error);
    }

    const redisReply* reply(size_t index) const { return replies_[index].get(); }

    // One command and its reply, judged by check(const redisReply*, std::string&) -> int32_t.
    template <class Check>
    int32_t command(std::initializer_list<std::string_view> args, std::string& error,
                    Check&& check) {
        start_commands().command(args);
        if (int32_t st = round_trip(1, false, error)) return st;
        return check(reply(0), error);
    }

    // EVALSHA of a table script with `keys` and one argument; sent again with its body
    // (EVAL, which caches it again) if the server lost its script cache.
    template <class Check>
    int32_t script(ScriptId id, std::initializer_list<std::string_view> keys, std::string_view arg,
                   std::string& error, Check&& check) {
        for (bool with_body : {false, true}) {
            RespWriter w = start_commands();
            w.begin(3 + keys.size() + 1);
            w.arg(with_body ? "EVAL" : "EVALSHA");
            w.arg(with_body ? script_source(id) : std::string_view(scripts()[static_cast<size_t>(id)]));
            w.arg_u64(keys.size());
            for (std::string_view k : keys) w.arg(k);
            w.arg(arg);
            if (int32_t st = round_trip(1, false, error)) return st;
            if (!is_noscript_error(reply(0))) return check(reply(0), error);
        }
        error = std::string("redis answered NOSCRIPT to the ") + script_name(id) +
                " script sent with its body";
        return SNF_ERR_PROTOCOL;
    }

    const ScriptShas& scripts() const noexcept { return connection_.scripts(); }
    const RedisOptions& options() const noexcept { return options_; }

private:
    const RedisOptions options_;
    std::mutex mutex_;
    RedisConnection connection_;
    std::string buffer_;
    std::vector<ReplyPtr> replies_;
};

}  // namespace snf::redis
