// RESP encoding and reply classification for the Redis backend (see redis_resp.hh).
#include "redis_resp.hh"

#include <charconv>

#include "redis_value_codec.hh"
#include "snf/snf_client.h"

namespace snf::redis {

void RespWriter::header(char type, uint64_t length) {
    char buf[32];
    buf[0] = type;
    auto [end, ec] = std::to_chars(buf + 1, buf + sizeof buf - 2, length);
    *end++ = '\r';
    *end++ = '\n';
    out_.append(buf, static_cast<size_t>(end - buf));
}

void RespWriter::begin(size_t argc) { header('*', argc); }

void RespWriter::arg(std::string_view value) {
    header('$', value.size());
    out_.append(value);
    out_.append("\r\n", 2);
}

void RespWriter::arg_u64(uint64_t value) {
    char buf[24];
    auto [end, ec] = std::to_chars(buf, buf + sizeof buf, value);
    arg(std::string_view(buf, static_cast<size_t>(end - buf)));
}

void RespWriter::arg_object_key(uint64_t table_id, std::string_view key) {
    header('$', object_key_length(table_id, key));
    append_object_key(out_, table_id, key);
    out_.append("\r\n", 2);
}

void RespWriter::arg_version(uint64_t version) {
    char hex[kVersionDigits];
    format_version(version, hex);
    arg(std::string_view(hex, kVersionDigits));
}

void RespWriter::command(std::initializer_list<std::string_view> args) {
    begin(args.size());
    for (std::string_view a : args) arg(a);
}

std::string_view reply_text(const redisReply* reply) noexcept {
    if (!reply || !reply->str) return {};
    switch (reply->type) {
    case REDIS_REPLY_STRING:
    case REDIS_REPLY_STATUS:
    case REDIS_REPLY_ERROR:
        return std::string_view(reply->str, reply->len);
    default:
        return {};
    }
}

const char* reply_type_name(const redisReply* reply) noexcept {
    if (!reply) return "no reply";
    switch (reply->type) {
    case REDIS_REPLY_STRING: return "a bulk string";
    case REDIS_REPLY_ARRAY: return "an array";
    case REDIS_REPLY_INTEGER: return "an integer";
    case REDIS_REPLY_NIL: return "nil";
    case REDIS_REPLY_STATUS: return "a status";
    case REDIS_REPLY_ERROR: return "an error";
    default: return "a reply of unknown type";
    }
}

bool is_noscript_error(const redisReply* reply) noexcept {
    return reply && reply->type == REDIS_REPLY_ERROR && reply_text(reply).starts_with("NOSCRIPT");
}

namespace {

bool has_code(std::string_view message, std::string_view code) {
    // Redis error replies start with an upper-case code followed by a space.
    return message.starts_with(code) &&
           (message.size() == code.size() || message[code.size()] == ' ');
}

}  // namespace

int32_t status_of_error_reply(const redisReply* reply, std::string& error) {
    std::string_view message = reply_text(reply);
    error = "redis: ";
    error.append(message.empty() ? std::string_view("error reply without a message") : message);
    if (has_code(message, "NOAUTH") || has_code(message, "WRONGPASS") ||
        has_code(message, "NOPERM"))
        return SNF_ERR_AUTH;
    if (has_code(message, "LOADING") || has_code(message, "MASTERDOWN") ||
        has_code(message, "TRYAGAIN") || has_code(message, "CLUSTERDOWN"))
        return SNF_ERR_CONNECTION;
    return SNF_ERR_PROTOCOL;
}

int32_t status_of_unexpected_reply(const redisReply* reply, std::string_view command,
                                   std::string& error) {
    if (reply && reply->type == REDIS_REPLY_ERROR) return status_of_error_reply(reply, error);
    error = "redis: unexpected reply to ";
    error.append(command);
    error.append(": ");
    error.append(reply_type_name(reply));
    return SNF_ERR_PROTOCOL;
}

}  // namespace snf::redis
