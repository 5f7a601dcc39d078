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

#include "redis_session.hh"

namespace snf::redis {

int32_t create_table(RedisSession& session, std::string_view name, uint64_t& id,
                     std::string& error);
int32_t get_table_id(RedisSession& session, std::string_view name, uint64_t& id,
                     std::string& error);
int32_t drop_table(RedisSession& session, std::string_view name, std::string& error);

}  // namespace snf::redis
