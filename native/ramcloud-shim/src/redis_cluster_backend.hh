// The redis-cluster backend: the Redis backend's data model (tables, binary keys,
// versions, conditional writes, TTL; same keys, values and scripts) on a Redis Cluster,
// every object on the master of its key's slot. Opened for redis-cluster:// store URIs.
#pragma once

#include <cstdint>
#include <memory>
#include <string>

#include "backend.hh"
#include "uri.hh"

namespace snf {

// Learns the slot map from the first seed that answers CLUSTER SLOTS (options in
// snf_client.h). SNF_ERR_BAD_URI for an unknown option or bad value, SNF_ERR_CONNECTION
// when no seed can be reached, SNF_ERR_AUTH when the cluster refuses the password.
int32_t open_redis_cluster_backend(const StoreUri& uri, std::unique_ptr<Backend>& out,
                                   std::string& error);

}  // namespace snf
