// Table calls and ping of the redis-cluster backend (see redis_cluster_tables.hh).
#include "redis_cluster_tables.hh"

#include <initializer_list>
#include <vector>

#include "redis_cluster_router.hh"
#include "redis_cluster_slots.hh"
#include "redis_tables.hh"
#include "redis_value_codec.hh"
#include "snf/snf_client.h"

namespace snf::redis {
namespace {

const uint16_t kRegistrySlot = key_slot(kClusterLayout.tables);

// Runs one command on the registry's slot; `reply` is its final reply on SNF_OK.
int32_t run_on_registry(ClusterNodes& nodes, std::initializer_list<std::string_view> args,
                        ClusterCommand& out, std::string& error) {
    std::vector<ClusterCommand> commands(1);
    RespWriter(commands[0].encoded).command(args);
    commands[0].slot = kRegistrySlot;
    run_cluster_commands(nodes, commands);
    out = std::move(commands[0]);
    if (out.status != SNF_OK) error = out.error;
    return out.status;
}

// A table script by digest, and again with its body if the node lost it.
int32_t run_table_script(ClusterNodes& nodes, ScriptId id, std::string_view name,
                         ClusterCommand& out, std::string& error) {
    const KeyLayout& k = kClusterLayout;
    const std::string_view third = id == ScriptId::CreateTable ? k.table_seq : k.dropping;
    for (bool with_body : {false, true}) {
        std::string_view script = with_body ? script_source(id)
                                            : std::string_view(nodes.scripts()[static_cast<size_t>(id)]);
        if (int32_t st = run_on_registry(nodes,
                                         {with_body ? "EVAL" : "EVALSHA", script, "3", k.tables,
                                          k.table_ids, third, name},
                                         out, error))
            return st;
        if (!is_noscript_error(out.reply.get())) return SNF_OK;
    }
    error = std::string("redis answered NOSCRIPT to the ") + script_name(id) +
            " script sent with its body";
    return SNF_ERR_PROTOCOL;
}

// Deletes one dropped table's objects on every master, then takes its id off the
// dropping set.
int32_t delete_table_objects(ClusterNodes& nodes, const std::string& id_text, uint64_t id,
                             std::string& error) {
    if (int32_t st = nodes.refresh(error)) return st;
    const std::string pattern = table_key_pattern(id);
    for (const NodeAddress& master : nodes.topology().masters()) {
        std::string cursor = "0";
        do {
            std::vector<ClusterCommand> scan(1);
            RespWriter(scan[0].encoded)
                .command({"SCAN", cursor, "MATCH", pattern, "COUNT", kDropScanCount});
            scan[0].node = master;
            run_cluster_commands(nodes, scan);
            if (scan[0].status != SNF_OK) {
                error = scan[0].error;
                return scan[0].status;
            }
            std::string_view next_cursor;
            const redisReply* keys = nullptr;
            if (int32_t st = decode_scan(scan[0].reply.get(), next_cursor, keys, error)) return st;
            // One UNLINK per key: keys of different slots cannot share a command.
            std::vector<ClusterCommand> unlinks(keys->elements);
            for (size_t i = 0; i < keys->elements; ++i) {
                std::string_view key = reply_text(keys->element[i]);
                RespWriter(unlinks[i].encoded).command({"UNLINK", key});
                unlinks[i].slot = key_slot(key);
                unlinks[i].is_write = true;
            }
            run_cluster_commands(nodes, unlinks);
            for (const ClusterCommand& u : unlinks) {
                if (u.status != SNF_OK) {
                    error = u.error;
                    return u.status;
                }
            }
            cursor = std::string(next_cursor);
        } while (cursor != "0");
    }
    ClusterCommand done;
    if (int32_t st = run_on_registry(nodes, {"SREM", kClusterLayout.dropping, id_text}, done, error))
        return st;
    if (done.reply->type != REDIS_REPLY_INTEGER)
        return status_of_unexpected_reply(done.reply.get(), "SREM", error);
    return SNF_OK;
}

}  // namespace

int32_t cluster_create_table(ClusterNodes& nodes, std::string_view name, uint64_t& id,
                             std::string& error) {
    if (int32_t st = check_table_name(name, error)) return st;
    if (int32_t st = nodes.prepare(error)) return st;
    ClusterCommand c;
    if (int32_t st = run_table_script(nodes, ScriptId::CreateTable, name, c, error)) return st;
    return decode_created_table(c.reply.get(), id, error);
}

int32_t cluster_get_table_id(ClusterNodes& nodes, std::string_view name, uint64_t& id,
                             std::string& error) {
    if (int32_t st = check_table_name(name, error)) return st;
    if (int32_t st = nodes.prepare(error)) return st;
    ClusterCommand c;
    if (int32_t st = run_on_registry(nodes, {"HGET", kClusterLayout.tables, name}, c, error))
        return st;
    return decode_table_id(c.reply.get(), name, id, error);
}

int32_t cluster_drop_table(ClusterNodes& nodes, std::string_view name, std::string& error) {
    if (int32_t st = check_table_name(name, error)) return st;
    if (int32_t st = nodes.prepare(error)) return st;
    ClusterCommand c;
    if (int32_t st = run_table_script(nodes, ScriptId::DropTable, name, c, error)) return st;
    if (int32_t st = decode_dropped_table(c.reply.get(), error)) return st;
    // The table is gone for every client from here on; its objects follow, with those of
    // any table whose drop an earlier client did not finish.
    ClusterCommand members;
    if (int32_t st = run_on_registry(nodes, {"SMEMBERS", kClusterLayout.dropping}, members, error))
        return st;
    std::vector<std::string> ids;
    if (int32_t st = decode_dropping_ids(members.reply.get(), ids, error)) return st;
    for (const std::string& id_text : ids) {
        uint64_t id = 0;
        if (!parse_table_id(id_text, id)) continue;  // not written by this client; left alone
        if (int32_t st = delete_table_objects(nodes, id_text, id, error)) return st;
    }
    return SNF_OK;
}

int32_t cluster_ping(ClusterNodes& nodes, std::string& error) {
    if (int32_t st = nodes.prepare(error)) return st;
    std::vector<ClusterCommand> pings;
    for (const NodeAddress& master : nodes.topology().masters()) {
        ClusterCommand& c = pings.emplace_back();
        RespWriter(c.encoded).command({"PING"});
        c.node = master;
    }
    run_cluster_commands(nodes, pings);
    for (const ClusterCommand& c : pings) {
        if (c.status != SNF_OK) {
            error = c.error;
            return c.status;
        }
        if (c.reply->type != REDIS_REPLY_STATUS || reply_text(c.reply.get()) != "PONG")
            return status_of_unexpected_reply(c.reply.get(), "PING", error);
    }
    return SNF_OK;
}

}  // namespace snf::redis
