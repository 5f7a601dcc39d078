// Request <-> Redis command/reply translation for the Redis backend (see
// redis_request_codec.hh).
#include "redis_request_codec.hh"

#include "redis_value_codec.hh"

namespace snf::redis {
namespace {

// The object scripts report these statuses by number.
static_assert(SNF_ERR_TABLE_DOESNT_EXIST == 1 && SNF_ERR_OBJECT_DOESNT_EXIST == 2 &&
              SNF_ERR_OBJECT_EXISTS == 3 && SNF_ERR_WRONG_VERSION == 4 &&
              SNF_ERR_PROTOCOL == 12);

// Redis refuses expiry times that overflow its millisecond clock; anything beyond about
// 30,000 years is a caller's mistake, reported before it reaches the server.
constexpr uint64_t kMaxTtlMs = 1'000'000'000'000'000ULL;

void rule_flags(const snf_reject_rules& r, char out[kRuleFlagCount]) {
    out[0] = r.doesnt_exist ? '1' : '0';
    out[1] = r.exists ? '1' : '0';
    out[2] = r.version_le_given ? '1' : '0';
    out[3] = r.version_ne_given ? '1' : '0';
}

std::string table_gone(uint64_t table_id) {
    return "table " + std::to_string(table_id) + " does not exist";
}

std::string foreign_value() {
    return "the value stored under this key is not in this client's format (it needs a "
           "16-hex-digit version prefix)";
}

// Message for a status an object operation was rejected with.
std::string rejection_message(int32_t status, const Request& request, uint64_t version) {
    switch (status) {
    case SNF_ERR_TABLE_DOESNT_EXIST:
        return table_gone(request.table_id);
    case SNF_ERR_OBJECT_DOESNT_EXIST:
        return "rejected: the object does not exist";
    case SNF_ERR_OBJECT_EXISTS:
        return "rejected: the object exists (version " + std::to_string(version) + ")";
    case SNF_ERR_WRONG_VERSION:
        return "rejected: the object's version " + std::to_string(version) +
               " failed the rule (given version " + std::to_string(request.rules.given_version) +
               ")";
    default:
        return foreign_value();
    }
}

void set_failure(Result& result, int32_t status, std::string error, uint64_t version = 0) {
    result.status = status;
    result.version = version;
    result.value.clear();
    result.error = std::move(error);
}

void set_success(Result& result, uint64_t version) {
    result.status = SNF_OK;
    result.version = version;
    result.error.clear();
}

ReplyOutcome decode_read(const Request& request, const redisReply* reply, Result& result) {
    if (reply->type == REDIS_REPLY_NIL) return ReplyOutcome::NeedsTableCheck;
    if (reply->type != REDIS_REPLY_STRING) {
        std::string error;
        int32_t st = status_of_unexpected_reply(reply, "GET", error);
        set_failure(result, st, std::move(error));
        return ReplyOutcome::Done;
    }
    uint64_t version = 0;
    std::string_view data;
    if (!decode_value(std::string_view(reply->str, reply->len), version, data)) {
        set_failure(result, SNF_ERR_PROTOCOL, foreign_value());
        return ReplyOutcome::Done;
    }
    if (!rules_empty(request.rules)) {
        if (int32_t st = check_rules(request.rules, true, version)) {
            set_failure(result, st, rejection_message(st, request, version), version);
            return ReplyOutcome::Done;
        }
    }
    set_success(result, version);
    result.value.assign(data.data(), data.size());
    return ReplyOutcome::Done;
}

ReplyOutcome decode_script(const Request& request, const redisReply* reply, Result& result) {
    if (is_noscript_error(reply)) return ReplyOutcome::NoScript;
    const char* command = request.kind == Request::Kind::Write ? "the write script"
                                                               : "the remove script";
    if (reply->type != REDIS_REPLY_ARRAY || reply->elements != 2 ||
        reply->element[0]->type != REDIS_REPLY_INTEGER ||
        reply->element[1]->type != REDIS_REPLY_STRING) {
        std::string error;
        int32_t st = status_of_unexpected_reply(reply, command, error);
        set_failure(result, st, std::move(error));
        return ReplyOutcome::Done;
    }
    const long long status = reply->element[0]->integer;
    std::string_view hex(reply->element[1]->str, reply->element[1]->len);
    uint64_t version = 0;
    const bool version_ok = hex.empty() || (parse_version(hex, version) && version != 0);
    const bool known_status = status == SNF_OK || status == SNF_ERR_TABLE_DOESNT_EXIST ||
                              status == SNF_ERR_OBJECT_DOESNT_EXIST ||
                              status == SNF_ERR_OBJECT_EXISTS ||
                              status == SNF_ERR_WRONG_VERSION || status == SNF_ERR_PROTOCOL;
    // A successful write always produces a version; a remove reports 0 for "absent".
    const bool write_without_version =
        status == SNF_OK && request.kind == Request::Kind::Write && version == 0;
    if (!version_ok || !known_status || write_without_version) {
        set_failure(result, SNF_ERR_PROTOCOL,
                    std::string("redis: malformed reply from ") + command + " (status " +
                        std::to_string(status) + ", version '" + std::string(hex) + "')");
        return ReplyOutcome::Done;
    }
    if (status != SNF_OK) {
        const auto st = static_cast<int32_t>(status);
        set_failure(result, st, rejection_message(st, request, version), version);
        return ReplyOutcome::Done;
    }
    set_success(result, version);
    return ReplyOutcome::Done;
}

}  // namespace

int32_t validate_request(const Request& request, std::string& error) {
    if (request.key.empty() || request.key.size() > SNF_MAX_KEY_LENGTH) {
        error = "key length " + std::to_string(request.key.size()) + " is outside 1.." +
                std::to_string(SNF_MAX_KEY_LENGTH);
        return SNF_ERR_KEY_TOO_LARGE;
    }
    if (request.kind == Request::Kind::Write) {
        if (request.value.size() > SNF_MAX_VALUE_LENGTH) {
            error = "value length " + std::to_string(request.value.size()) + " exceeds " +
                    std::to_string(SNF_MAX_VALUE_LENGTH);
            return SNF_ERR_VALUE_TOO_LARGE;
        }
        if (request.ttl_ms > kMaxTtlMs) {
            error = "ttl_ms " + std::to_string(request.ttl_ms) + " exceeds " +
                    std::to_string(kMaxTtlMs);
            return SNF_ERR_INVALID_ARGUMENT;
        }
    }
    return SNF_OK;
}

namespace {

// Arguments after the script reference: numkeys, KEYS, ARGV (see redis_scripts.hh).
void encode_script_arguments(RespWriter& w, const Request& request, const KeyLayout& layout) {
    char flags[kRuleFlagCount];
    rule_flags(request.rules, flags);
    if (layout.scripts_check_table) {
        w.arg("2");
        w.arg(layout.table_ids);
    } else {
        w.arg("1");
    }
    w.arg_object_key(request.table_id, request.key);
    w.arg_u64(request.table_id);
    w.arg(std::string_view(flags, kRuleFlagCount));
    w.arg_version(request.rules.given_version);
    if (request.kind == Request::Kind::Write) {
        w.arg(request.value);
        w.arg_u64(request.ttl_ms);
    }
}

size_t script_argc(const Request& request, const KeyLayout& layout) {
    // EVALSHA sha numkeys [table-ids] object table-id rules given [data ttl]
    const size_t keys = layout.scripts_check_table ? 2 : 1;
    return (request.kind == Request::Kind::Write ? 8 : 6) + keys;
}

ScriptId script_of(const Request& request) {
    return request.kind == Request::Kind::Write ? ScriptId::Write : ScriptId::Remove;
}

}  // namespace

void encode_request(RespWriter& w, const Request& request, const ScriptShas& scripts,
                    const KeyLayout& layout) {
    if (request.kind == Request::Kind::Read) {
        w.begin(2);
        w.arg("GET");
        w.arg_object_key(request.table_id, request.key);
        return;
    }
    w.begin(script_argc(request, layout));
    w.arg("EVALSHA");
    w.arg(scripts[static_cast<size_t>(script_of(request))]);
    encode_script_arguments(w, request, layout);
}

void encode_request_with_body(RespWriter& w, const Request& request, const KeyLayout& layout) {
    if (request.kind == Request::Kind::Read) {
        encode_request(w, request, ScriptShas{}, layout);
        return;
    }
    w.begin(script_argc(request, layout));
    w.arg("EVAL");
    w.arg(script_source(script_of(request)));
    encode_script_arguments(w, request, layout);
}

ReplyOutcome decode_request_reply(const Request& request, const redisReply* reply,
                                  Result& result) {
    if (!reply) {
        set_failure(result, SNF_ERR_PROTOCOL, "redis: missing reply");
        return ReplyOutcome::Done;
    }
    return request.kind == Request::Kind::Read ? decode_read(request, reply, result)
                                               : decode_script(request, reply, result);
}

void encode_table_check(RespWriter& w, uint64_t table_id, const KeyLayout& layout) {
    w.begin(3);
    w.arg("SISMEMBER");
    w.arg(layout.table_ids);
    w.arg_u64(table_id);
}

void decode_table_check(const Request& request, const redisReply* reply, Result& result) {
    if (!reply || reply->type != REDIS_REPLY_INTEGER) {
        std::string error;
        int32_t st = status_of_unexpected_reply(reply, "SISMEMBER", error);
        set_failure(result, st, std::move(error));
        return;
    }
    if (reply->integer == 0)
        set_failure(result, SNF_ERR_TABLE_DOESNT_EXIST, table_gone(request.table_id));
    else
        set_failure(result, SNF_ERR_OBJECT_DOESNT_EXIST,
                    "no object with that key in table " + std::to_string(request.table_id));
}

void encode_wait(RespWriter& w, const RedisOptions& options) {
    w.begin(3);
    w.arg("WAIT");
    w.arg_u64(options.wait_replicas);
    w.arg_u64(options.wait_timeout_ms);
}

int32_t decode_wait(const redisReply* reply, const RedisOptions& options, std::string& error) {
    if (!reply || reply->type != REDIS_REPLY_INTEGER)
        return status_of_unexpected_reply(reply, "WAIT", error);
    if (reply->integer >= static_cast<long long>(options.wait_replicas)) return SNF_OK;
    error = "written on master but only " + std::to_string(reply->integer) + " of " +
            std::to_string(options.wait_replicas) + " replicas acknowledged within " +
            std::to_string(options.wait_timeout_ms) + " ms";
    return SNF_ERR_REPLICATION;
}

}  // namespace snf::redis
