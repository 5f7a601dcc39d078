// Turns object requests (Request) into Redis commands and Redis replies into results
// (Result). The blocking path and the async I/O thread share it, so a request means
// exactly the same thing on both:
//   read         GET snf:<id>:<key>; a nil reply is followed by SISMEMBER snf:tableids <id>
//                to tell a missing object from a missing table; reject rules are checked
//                here with check_rules()
//   write/remove EVALSHA of the write/remove script (EVAL with the body after NOSCRIPT)
//   replication  WAIT <replicas> <timeout> after the writes of a pipeline
// The redis-cluster backend uses the same commands with the cluster's KeyLayout: the table
// ids under "{snf}:tableids", and the scripts given the object key alone.
#pragma once

#include <cstdint>
#include <string>

#include "backend.hh"
#include "redis_options.hh"
#include "redis_resp.hh"
#include "redis_scripts.hh"
#include "redis_value_codec.hh"

namespace snf::redis {

// What a reply left to do for its request.
enum class ReplyOutcome : uint8_t {
    Done,             // result holds the request's outcome
    NeedsTableCheck,  // a read found nothing: send encode_table_check() next
    NoScript,         // the server lost its script cache: send encode_request_with_body()
};

inline bool is_write(const Request& request) noexcept {
    return request.kind != Request::Kind::Read;
}

// SNF_OK when the request can be sent; otherwise its status (SNF_ERR_KEY_TOO_LARGE,
// SNF_ERR_VALUE_TOO_LARGE, SNF_ERR_INVALID_ARGUMENT) and a message.
int32_t validate_request(const Request& request, std::string& error);

// One command per request: GET, or EVALSHA of its script.
// `layout` says whether the scripts are given the table ids to check.
void encode_request(RespWriter& w, const Request& request, const ScriptShas& scripts,
                    const KeyLayout& layout = kStandaloneLayout);
// The same operation with the script body (EVAL), which also caches the script again.
void encode_request_with_body(RespWriter& w, const Request& request,
                              const KeyLayout& layout = kStandaloneLayout);
ReplyOutcome decode_request_reply(const Request& request, const redisReply* reply,
                                  Result& result);

// SISMEMBER snf:tableids <id>, and turning its reply into the read's final result.
void encode_table_check(RespWriter& w, uint64_t table_id,
                        const KeyLayout& layout = kStandaloneLayout);
void decode_table_check(const Request& request, const redisReply* reply, Result& result);

// WAIT <wait_replicas> <wait_timeout_ms>.
void encode_wait(RespWriter& w, const RedisOptions& options);
// SNF_OK when enough replicas acknowledged; otherwise the status and message every
// successful write covered by the WAIT gets (SNF_ERR_REPLICATION, or the error reply's).
int32_t decode_wait(const redisReply* reply, const RedisOptions& options, std::string& error);

}  // namespace snf::redis
