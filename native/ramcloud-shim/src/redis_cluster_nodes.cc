// Per-node connections and slot map discovery (see redis_cluster_nodes.hh).
#include "redis_cluster_nodes.hh"

#include "redis_resp.hh"
#include "snf/snf_client.h"

namespace snf::redis {

ClusterNodes::ClusterNodes(const ClusterOptions& options,
                           std::shared_ptr<ClusterTopology> topology,
                           std::shared_ptr<std::atomic<uint64_t>> reconnects)
    : options_(options), topology_(std::move(topology)), reconnects_(std::move(reconnects)) {}

RedisConnection& ClusterNodes::connection(const NodeAddress& node) {
    std::unique_ptr<RedisConnection>& slot = connections_[node.text()];
    if (!slot)
        slot = std::make_unique<RedisConnection>(node_options(options_.connection, node),
                                                 reconnects_);
    return *slot;
}

void ClusterNodes::learn_scripts(const RedisConnection& connection) {
    if (scripts_[0].empty() && connection.connected()) scripts_ = connection.scripts();
}

int32_t ClusterNodes::prepare(std::string& error) {
    if (topology_->loaded() && !scripts_[0].empty()) return SNF_OK;
    return refresh(error);
}

int32_t ClusterNodes::refresh(std::string& error) {
    std::string last = "no cluster node is known";
    int32_t last_status = SNF_ERR_CONNECTION;
    std::string commands;
    RespWriter(commands).command({"CLUSTER", "SLOTS"});
    for (const NodeAddress& node : topology_->discovery_candidates()) {
        RedisConnection& c = connection(node);
        std::string why;
        int32_t st = c.ensure(why);
        std::vector<ReplyPtr> replies;
        if (st == SNF_OK) st = c.round_trip(commands, 1, replies, 0, why);
        if (st == SNF_OK) {
            SlotMap map;
            st = parse_cluster_slots(replies[0].get(), node, map, why);
            if (st == SNF_OK) {
                learn_scripts(c);
                topology_->replace(std::move(map));
                return SNF_OK;
            }
        }
        last = node.text() + ": " + why;
        last_status = st;
    }
    error = "cannot learn the slot map of the redis cluster (" + last + ")";
    // An authentication failure stays one; anything else: the cluster cannot be reached.
    return last_status == SNF_ERR_AUTH ? SNF_ERR_AUTH : SNF_ERR_CONNECTION;
}

void ClusterNodes::close() {
    for (auto& [name, c] : connections_) c->mark_broken();
}

}  // namespace snf::redis
