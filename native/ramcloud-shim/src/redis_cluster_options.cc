// Reads a redis-cluster:// URI into ClusterOptions (see redis_cluster_options.hh).
#include "redis_cluster_options.hh"

#include "snf/snf_client.h"

namespace snf::redis {
std::string NodeAddress::text() const {
    if (host.find(':') != std::string::npos) return "[" + host + "]:" + std::to_string(port);
    return host + ":" + std::to_string(port);
}

int32_t parse_redis_cluster_options(const StoreUri& uri, ClusterOptions& out,
                                    std::string& error) {
    if (uri.scheme != "redis-cluster") {
        error = "not a redis-cluster URI (scheme '" + uri.scheme + "')";
        return SNF_ERR_BAD_URI;
    }
    if (int32_t st = uri_reject_unknown_options(uri, kRedisOptionNames, error)) return st;
    if (uri.seeds.empty()) {
        error = "redis-cluster URI names no node";
        return SNF_ERR_BAD_URI;
    }
    ClusterOptions o;
    if (int32_t st = parse_redis_connection_options(uri, o.connection, error)) return st;
    for (const UriEndpoint& seed : uri.seeds) o.seeds.push_back(NodeAddress{seed.host, seed.port});
    o.connection.host = o.seeds.front().host;
    o.connection.port = o.seeds.front().port;
    out = std::move(o);
    return SNF_OK;
}

RedisOptions node_options(const RedisOptions& base, const NodeAddress& node) {
    RedisOptions o = base;
    o.host = node.host;
    o.port = node.port;
    o.db = 0;
    return o;
}

}  // namespace snf::redis
