// Table calls of the Redis backend: create (atomic, returns the existing id if present),
// look up, and drop (atomic removal of name and id, then deletion of the table's objects
// with SCAN MATCH + UNLINK in bounded steps). All three are idempotent, so they are
// retried after a reconnect like reads.
//
// Names are looked up on the server every time: caching them could make a table another
// client dropped look alive here, and callers resolve a name once and then work with ids.
// While a drop is still deleting objects a read may find one of them; no write can add
// one (the write script checks the table), and a drop left unfinished by a client that
// died is completed by the next drop of any table (ids wait in snf:dropping until then).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "redis_resp.hh"
#include "redis_session.hh"

namespace snf::redis {

int32_t create_table(RedisSession& session, std::string_view name, uint64_t& id,
                     std::string& error);
int32_t get_table_id(RedisSession& session, std::string_view name, uint64_t& id,
                     std::string& error);
int32_t drop_table(RedisSession& session, std::string_view name, std::string& error);

// The parts of the table calls that do not depend on where the commands run, shared with
// the redis-cluster backend (redis_cluster_tables.cc).

// Keys visited per SCAN step when a dropped table's objects are deleted.
inline constexpr std::string_view kDropScanCount = "1000";

// SNF_ERR_INVALID_ARGUMENT unless the name is 1..SNF_MAX_TABLE_NAME_LENGTH bytes.
int32_t check_table_name(std::string_view name, std::string& error);

// The create-table script's reply: the table's id.
int32_t decode_created_table(const redisReply* reply, uint64_t& id, std::string& error);
// HGET of the tables hash: the id, or SNF_ERR_TABLE_DOESNT_EXIST naming `name`.
int32_t decode_table_id(const redisReply* reply, std::string_view name, uint64_t& id,
                        std::string& error);
// The drop-table script's reply: the dropped id, or nil when there was no such table.
int32_t decode_dropped_table(const redisReply* reply, std::string& error);
// SMEMBERS of the dropping set: the ids as stored (not all need be this client's).
int32_t decode_dropping_ids(const redisReply* reply, std::vector<std::string>& ids,
                            std::string& error);
// A SCAN reply ([cursor, [keys...]]): the next cursor and the keys, inside the reply.
int32_t decode_scan(const redisReply* reply, std::string_view& cursor, const redisReply*& keys,
                    std::string& error);

}  // namespace snf::redis
