// Settings of a Redis Cluster store, read from its redis-cluster:// URI: the seed nodes
// the cluster is discovered from and the options every node connection takes (the same
// as redis://, see snf_client.h).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "redis_options.hh"
#include "uri.hh"

namespace snf::redis {

// A cluster node's address as the cluster reports it.
struct NodeAddress {
    std::string host;
    uint16_t port = 0;

    // "host:port" ("[v6]:port"), used for messages and as the node's identity.
    std::string text() const;
    bool operator==(const NodeAddress& other) const {
        return port == other.port && host == other.host;
    }
};

struct ClusterOptions {
    RedisOptions connection;          // host and port unused: each node has its own
    std::vector<NodeAddress> seeds;
};

// SNF_OK, or SNF_ERR_BAD_URI naming the unknown option or the bad value.
int32_t parse_redis_cluster_options(const StoreUri& uri, ClusterOptions& out,
                                    std::string& error);

// The connection settings for one node.
RedisOptions node_options(const RedisOptions& base, const NodeAddress& node);

}  // namespace snf::redis
