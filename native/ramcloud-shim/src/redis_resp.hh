// The Redis wire protocol as this backend uses it: commands are encoded straight into a
// caller-owned buffer (binary-safe, no allocation per argument), replies are parsed by
// hiredis and owned through ReplyPtr, and Redis error replies map to snf_status codes in
// exactly one place.
#pragma once

#include <hiredis/hiredis.h>

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

namespace snf::redis {

struct ReplyDeleter {
    void operator()(redisReply* reply) const noexcept { freeReplyObject(reply); }
};
using ReplyPtr = std::unique_ptr<redisReply, ReplyDeleter>;

// Appends RESP-encoded commands to a string: begin(argc) then exactly argc arguments.
class RespWriter {
public:
    explicit RespWriter(std::string& out) noexcept : out_(out) {}

    void begin(size_t argc);
    void arg(std::string_view value);
    void arg_u64(uint64_t value);
    void arg_object_key(uint64_t table_id, std::string_view key);
    // The 16 hex digits of a version, as used for reject-rule arguments.
    void arg_version(uint64_t version);

    // A whole command from string arguments, for the rarely used ones.
    void command(std::initializer_list<std::string_view> args);

private:
    void header(char type, uint64_t length);

    std::string& out_;
};

// The text of a string, status or error reply; empty for other types.
std::string_view reply_text(const redisReply* reply) noexcept;

// "a string", "an integer", "nil", ... for messages about unexpected replies.
const char* reply_type_name(const redisReply* reply) noexcept;

// True for the error reply Redis sends to EVALSHA when the script is not cached.
bool is_noscript_error(const redisReply* reply) noexcept;

// Maps a Redis error reply to a status: NOAUTH/WRONGPASS/NOPERM -> SNF_ERR_AUTH; a server
// that is loading its data, without its master or reconfiguring -> SNF_ERR_CONNECTION
// (try again later); anything else -> SNF_ERR_PROTOCOL. `error` gets the server's message.
int32_t status_of_error_reply(const redisReply* reply, std::string& error);

// Status and message for a reply of a type the caller did not expect (an error reply is
// mapped as above; anything else is SNF_ERR_PROTOCOL naming what arrived instead).
int32_t status_of_unexpected_reply(const redisReply* reply, std::string_view command,
                                   std::string& error);

}  // namespace snf::redis
