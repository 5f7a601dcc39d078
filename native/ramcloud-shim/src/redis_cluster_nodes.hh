// ClusterNodes: one connection per cluster node for one path of a client (the blocking
// calls share one set under their mutex; the async thread has its own), made on first
// use and kept across reconnects (RedisConnection reconnects with backoff), plus
// rediscovery of the slot map through CLUSTER SLOTS. Not thread-safe: its owner
// serializes.
#pragma once

#include <atomic>
#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "redis_cluster_options.hh"
#include "redis_cluster_topology.hh"
#include "redis_connection.hh"
#include "redis_scripts.hh"

namespace snf::redis {

class ClusterNodes {
public:
    ClusterNodes(const ClusterOptions& options, std::shared_ptr<ClusterTopology> topology,
                 std::shared_ptr<std::atomic<uint64_t>> reconnects);
    ClusterNodes(const ClusterNodes&) = delete;
    ClusterNodes& operator=(const ClusterNodes&) = delete;

    // The connection to `node` (not necessarily connected: call ensure()).
    RedisConnection& connection(const NodeAddress& node);

    // Loads the slot map if the client has none yet and learns the script digests:
    // SNF_OK when commands can be routed and encoded.
    int32_t prepare(std::string& error);

    // Asks the known nodes, best first, for CLUSTER SLOTS until one answers, and installs
    // its map. SNF_ERR_CONNECTION naming the last failure when none does.
    int32_t refresh(std::string& error);

    // SHA1 digests of the scripts (every node reports the same ones); empty strings until
    // a connection completed its handshake.
    const ScriptShas& scripts() const noexcept { return scripts_; }
    ClusterTopology& topology() noexcept { return *topology_; }
    const RedisOptions& options() const noexcept { return options_.connection; }

    // Drops every connection.
    void close();

    // Keeps the digests of a connection that just completed its handshake.
    void learn_scripts(const RedisConnection& connection);

private:
    const ClusterOptions options_;
    std::shared_ptr<ClusterTopology> topology_;
    std::shared_ptr<std::atomic<uint64_t>> reconnects_;
    std::map<std::string, std::unique_ptr<RedisConnection>> connections_;  // by "host:port"
    ScriptShas scripts_;
};

}  // namespace snf::redis
