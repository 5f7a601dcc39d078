// Table calls of the Redis backend (see redis_tables.hh).
#include "redis_tables.hh"

#include <vector>

#include "redis_value_codec.hh"

namespace snf::redis {
namespace {

constexpr auto kIdempotent = RedisSession::Retry::AfterReconnect;

// Reads the SCAN reply ([cursor, [keys...]]) in the session, UNLINKs the keys it names
// and moves `cursor` on.
int32_t unlink_scanned(RedisSession& session, std::string& cursor, std::string& error) {
    std::string_view next_cursor;
    const redisReply* keys = nullptr;
    if (int32_t st = decode_scan(session.reply(0), next_cursor, keys, error)) return st;
    std::string next(next_cursor);
    if (keys->elements > 0) {
        // Encoding only fills the buffer; the SCAN reply stays valid until the round trip.
        RespWriter w = session.start_commands();
        w.begin(1 + keys->elements);
        w.arg("UNLINK");
        for (size_t i = 0; i < keys->elements; ++i) w.arg(reply_text(keys->element[i]));
        if (int32_t st = session.round_trip(1, false, error)) return st;
        if (session.reply(0)->type != REDIS_REPLY_INTEGER)
            return status_of_unexpected_reply(session.reply(0), "UNLINK", error);
    }
    cursor = std::move(next);
    return SNF_OK;
}

// Deletes one dropped table's objects, one SCAN step per session call so other blocking
// calls interleave, then takes its id off snf:dropping. SCAN visits every key that exists
// for the whole scan and no object of a dropped table can be written again, so the loop
// ends once the cursor is back at "0".
int32_t delete_table_objects(RedisSession& session, const std::string& id_text, uint64_t id,
                             std::string& error) {
    const std::string pattern = table_key_pattern(id);
    std::string cursor = "0";
    do {
        int32_t st = session.run(kIdempotent, error, [&](std::string& err) -> int32_t {
            session.start_commands().command(
                {"SCAN", cursor, "MATCH", pattern, "COUNT", kDropScanCount});
            if (int32_t s = session.round_trip(1, false, err)) return s;
            return unlink_scanned(session, cursor, err);
        });
        if (st) return st;
    } while (cursor != "0");
    return session.run(kIdempotent, error, [&](std::string& err) -> int32_t {
        return session.command({"SREM", kDroppingKey, id_text}, err,
                               [](const redisReply* r, std::string& e) -> int32_t {
                                   if (r->type == REDIS_REPLY_INTEGER) return SNF_OK;
                                   return status_of_unexpected_reply(r, "SREM", e);
                               });
    });
}

// Deletes the objects of every table in snf:dropping: the one just dropped and any whose
// deletion an earlier client did not finish.
int32_t delete_dropped_objects(RedisSession& session, std::string& error) {
    std::vector<std::string> ids;
    int32_t st = session.run(kIdempotent, error, [&](std::string& err) -> int32_t {
        return session.command({"SMEMBERS", kDroppingKey}, err,
                               [&](const redisReply* r, std::string& e) {
                                   return decode_dropping_ids(r, ids, e);
                               });
    });
    if (st) return st;
    for (const std::string& id_text : ids) {
        uint64_t id = 0;
        if (!parse_table_id(id_text, id)) continue;  // not written by this client; left alone
        if (int32_t s = delete_table_objects(session, id_text, id, error)) return s;
    }
    return SNF_OK;
}

}  // namespace

int32_t check_table_name(std::string_view name, std::string& error) {
    if (name.empty() || name.size() > SNF_MAX_TABLE_NAME_LENGTH) {
        error = "table name length " + std::to_string(name.size()) + " is outside 1.." +
                std::to_string(SNF_MAX_TABLE_NAME_LENGTH);
        return SNF_ERR_INVALID_ARGUMENT;
    }
    return SNF_OK;
}

int32_t decode_created_table(const redisReply* r, uint64_t& id, std::string& error) {
    if (r->type != REDIS_REPLY_INTEGER || r->integer <= 0)
        return status_of_unexpected_reply(r, "the create-table script", error);
    id = static_cast<uint64_t>(r->integer);
    return SNF_OK;
}

int32_t decode_table_id(const redisReply* r, std::string_view name, uint64_t& id,
                        std::string& error) {
    if (r->type == REDIS_REPLY_NIL) {
        error = "no table named '" + std::string(name) + "'";
        return SNF_ERR_TABLE_DOESNT_EXIST;
    }
    uint64_t parsed = 0;
    if (r->type != REDIS_REPLY_STRING || !parse_table_id(reply_text(r), parsed))
        return status_of_unexpected_reply(r, "HGET of a table id", error);
    id = parsed;
    return SNF_OK;
}

int32_t decode_dropped_table(const redisReply* r, std::string& error) {
    if (r->type == REDIS_REPLY_NIL || r->type == REDIS_REPLY_STRING) return SNF_OK;
    return status_of_unexpected_reply(r, "the drop-table script", error);
}

int32_t decode_dropping_ids(const redisReply* r, std::vector<std::string>& ids,
                            std::string& error) {
    if (r->type != REDIS_REPLY_ARRAY) return status_of_unexpected_reply(r, "SMEMBERS", error);
    ids.clear();
    for (size_t i = 0; i < r->elements; ++i) ids.emplace_back(reply_text(r->element[i]));
    return SNF_OK;
}

int32_t decode_scan(const redisReply* r, std::string_view& cursor, const redisReply*& keys,
                    std::string& error) {
    if (r->type != REDIS_REPLY_ARRAY || r->elements != 2 ||
        r->element[0]->type != REDIS_REPLY_STRING || r->element[1]->type != REDIS_REPLY_ARRAY)
        return status_of_unexpected_reply(r, "SCAN", error);
    cursor = reply_text(r->element[0]);
    keys = r->element[1];
    return SNF_OK;
}

int32_t create_table(RedisSession& session, std::string_view name, uint64_t& id,
                     std::string& error) {
    if (int32_t st = check_table_name(name, error)) return st;
    return session.run(kIdempotent, error, [&](std::string& err) -> int32_t {
        return session.script(
            ScriptId::CreateTable, {kTablesKey, kTableIdsKey, kTableSeqKey}, name, err,
            [&](const redisReply* r, std::string& e) { return decode_created_table(r, id, e); });
    });
}

int32_t get_table_id(RedisSession& session, std::string_view name, uint64_t& id,
                     std::string& error) {
    if (int32_t st = check_table_name(name, error)) return st;
    return session.run(kIdempotent, error, [&](std::string& err) -> int32_t {
        return session.command({"HGET", kTablesKey, name}, err,
                               [&](const redisReply* r, std::string& e) {
                                   return decode_table_id(r, name, id, e);
                               });
    });
}

int32_t drop_table(RedisSession& session, std::string_view name, std::string& error) {
    if (int32_t st = check_table_name(name, error)) return st;
    int32_t st = session.run(kIdempotent, error, [&](std::string& err) -> int32_t {
        return session.script(ScriptId::DropTable, {kTablesKey, kTableIdsKey, kDroppingKey},
                              name, err, decode_dropped_table);
    });
    if (st) return st;
    // The table is gone for every client from here on; its objects follow.
    return delete_dropped_objects(session, error);
}

}  // namespace snf::redis
